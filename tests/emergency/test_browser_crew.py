"""The crew's phone page (Chromium): it shows the incident's current step and offers only the next
valid ones; steps pressed without signal wait in the phone's outbox, move the page on, and reach the
server in order when the signal returns; closing asks for confirmation. A land scene's page does not
offer the pier step."""

from __future__ import annotations

import pytest
from django.utils import timezone

from browser_session import login
from phangnga.emergency.models import Incident, IncidentEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
URL = "/api/v1/emergency/incidents"


def offered(page, pk) -> list[str]:
    return page.eval_on_selector_all(
        f"[data-incident='{pk}'] [data-steps] [data-step]", "bs => bs.map(b => b.dataset.step)"
    )


def now(page, pk) -> str:
    """The step the card shows as current (its label is in the page's language)."""
    return page.get_attribute(f"[data-incident='{pk}']", "data-shown")


def sent(page, pk) -> None:
    page.wait_for_selector(f"[data-incident='{pk}'] [data-out][data-state='sent']", timeout=15000)


def test_crew_steps_in_order_offline_and_a_confirmed_close(page, live_server, make_user, api, units):
    crew = make_user("rescue_crew", username="anan")
    units["rb-thaplamu-1"].crew.add(crew)
    dispatcher = api(make_user("dispatcher"))
    body = {"kind": "near_drowning", "lat": 8.60, "lon": 98.20, "reported_at": timezone.now().isoformat(),
            "patients": [{"age": 30}]}  # fmt: skip
    pk = dispatcher.post(URL, body).json()["id"]
    assert dispatcher.post(f"{URL}/{pk}/plan/accept", {"resource": "rb-thaplamu-1"}).status_code == 200
    login(page, live_server.url, "anan")
    page.goto(f"{live_server.url}/emergency/crew")
    card = f"[data-incident='{pk}']"
    page.wait_for_selector(f"{card}[data-shown]", state="attached")
    assert now(page, pk) == "dispatched" and page.inner_text(f"{card} [data-now]") == "สั่งการแล้ว"
    assert offered(page, pk) == ["en_route", "on_scene", "closed"]  # never "at hospital" yet

    page.click(f"{card} [data-step='en_route']")
    sent(page, pk)
    assert now(page, pk) == "en_route"
    assert offered(page, pk) == ["on_scene", "closed"]

    # No signal at sea: the steps wait on the phone, the page moves on, the server sees nothing yet.
    page.context.set_offline(True)
    page.click(f"{card} [data-step='on_scene']")
    page.click(f"{card} [data-step='left_scene']")
    page.wait_for_selector(f"{card} [data-out][data-state='queued']")
    assert now(page, pk) == "left_scene" and page.inner_text(f"{card} [data-now]") == "ผู้ป่วยขึ้นพาหนะแล้ว"
    assert offered(page, pk) == ["at_pier", "at_hospital", "closed"]
    assert not IncidentEvent.objects.filter(incident_id=pk, kind="on_scene").exists()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    sent(page, pk)
    kinds = list(IncidentEvent.objects.filter(incident_id=pk).order_by("id").values_list("kind", flat=True))
    assert kinds[-3:] == ["en_route", "on_scene", "left_scene"]
    assert Incident.objects.get(pk=pk).status == "transporting"

    # The server's view after a reload; closing needs a second, explicit tap.
    page.reload()
    assert page.get_attribute(card, "data-current") == "left_scene"
    page.click(f"{card} [data-step='closed']")
    assert page.is_visible(f"{card} [data-confirm]")
    page.click(f"{card} [data-no]")
    assert not page.is_visible(f"{card} [data-confirm]")
    assert Incident.objects.get(pk=pk).status == "transporting"
    page.click(f"{card} [data-step='closed']")
    page.click(f"{card} [data-yes]")
    sent(page, pk)
    assert Incident.objects.get(pk=pk).status == "closed"
    assert offered(page, pk) == []


def test_a_step_the_server_refuses_is_shown_and_the_page_stays(page, live_server, make_user, api, units):
    crew = make_user("rescue_crew", username="dao")
    units["rb-thaplamu-1"].crew.add(crew)
    dispatcher = api(make_user("dispatcher"))
    body = {"kind": "near_drowning", "lat": 8.60, "lon": 98.20, "patients": [{"age": 30}]}
    pk = dispatcher.post(URL, body).json()["id"]
    dispatcher.post(f"{URL}/{pk}/plan/accept", {"resource": "rb-thaplamu-1"})
    login(page, live_server.url, "dao")
    page.goto(f"{live_server.url}/emergency/crew")
    # Meanwhile the dispatcher closed the incident (a false alarm): the crew's step is refused.
    dispatcher.post(f"{URL}/{pk}/events", {"kind": "closed"})
    card = f"[data-incident='{pk}']"
    page.click(f"{card} [data-step='en_route']")
    page.wait_for_selector(f"{card} [data-out][data-state='error']", timeout=15000)
    assert "'closed'" in page.inner_text(f"{card} [data-out]")
    assert now(page, pk) == "dispatched"


@pytest.mark.django_db
def test_a_land_scene_is_not_offered_the_pier(client, make_user, api, units):
    crew = make_user("rescue_crew", username="somsak")
    units["amb-andamanhub"].crew.add(crew)
    dispatcher = api(make_user("dispatcher"))
    body = {"kind": "trauma", "place": "beach-khaolak", "patients": [{"age": 30}]}
    pk = dispatcher.post(URL, body).json()["id"]
    accepted = dispatcher.post(f"{URL}/{pk}/plan/accept", {"resource": "amb-andamanhub"})
    assert accepted.status_code == 200 and accepted.json()["pier"] is None, accepted.content
    for kind in ("on_scene", "left_scene"):
        assert dispatcher.post(f"{URL}/{pk}/events", {"kind": kind}).status_code == 201
    client.login(username="somsak", password="pw-test-123")
    html = client.get("/emergency/crew").content.decode()
    card = html[html.index(f'data-incident="{pk}"') :]
    assert 'data-step="at_hospital"' in card and 'data-step="at_pier"' not in card
