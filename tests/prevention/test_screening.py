"""Pre-boarding screening: kernel rules, the public page in four languages, the API and counts."""

from __future__ import annotations

import pytest
from django.test import Client

from phangnga.prevention import screening
from phangnga.prevention.models import Screening

NO = {q: False for q in screening.YES_NO_QUESTIONS}


def test_healthy_good_swimmer_is_low_risk():
    r = screening.assess({**NO, "swimming": "good"}, "dive")
    assert r.level == "low" and "enjoy" in r.advice


@pytest.mark.parametrize(
    "condition", ["heart_disease", "epilepsy", "asthma", "recent_surgery", "pregnancy", "alcohol"]
)
def test_conditions_rule_out_diving(condition):
    r = screening.assess({**NO, condition: True, "swimming": "good"}, "dive")
    assert r.level == "high" and condition in r.reasons


def test_snorkel_asthma_is_moderate_and_non_swimmer_high():
    assert screening.assess({**NO, "asthma": True, "swimming": "good"}, "snorkel").level == "moderate"
    assert screening.assess({**NO, "swimming": "none"}, "snorkel").level == "high"
    assert screening.assess({**NO, "swimming": "weak"}, "boat_trip").level == "low"


def test_unanswered_question_names_it():
    with pytest.raises(screening.ScreeningError) as err:
        screening.assess({**NO, "asthma": None, "swimming": "good"})
    assert err.value.field == "asthma"


def test_every_text_exists_in_four_languages():
    for table in (screening.QUESTIONS, screening.ADVICE, screening.SWIMMING, screening.LEVEL_LABELS):
        for texts in table.values():
            assert set(texts) == set(screening.LANGS) and all(texts.values())


@pytest.mark.parametrize(
    "lang, word", [("th", "ความเสี่ยงสูง"), ("en", "High risk"), ("zh-hans", "高风险"), ("ru", "Высокий риск")]
)
def test_public_page_in_four_languages(db, lang, word):
    c = Client()
    page = c.get(f"/emergency/screening?lang={lang}")
    assert page.status_code == 200 and screening.QUESTIONS["heart_disease"][lang] in page.content.decode()
    form = {
        "lang": lang,
        "operator": "Similan Divers",
        "activity": "dive",
        "swimming": "good",
        **{q: "no" for q in screening.YES_NO_QUESTIONS},
        "epilepsy": "yes",
    }
    result = c.post("/emergency/screening", form).content.decode()
    assert word in result and 'data-level="high"' in result
    assert Screening.objects.get().operator == "Similan Divers"


def test_page_shows_missing_answer(db):
    body = Client().post("/emergency/screening", {"lang": "en", "operator": "X Tours", "swimming": "good"})
    assert "Please answer this question" in body.content.decode()
    assert not Screening.objects.exists()


def test_api_and_counts_per_operator(db, api, make_user):
    client = api()
    answers = {**NO, "swimming": "none"}
    for op in ("A Tours", "A Tours", "B Tours"):
        assert (
            client.post("/api/v1/emergency/screenings", {"operator": op, "answers": answers}).status_code
            == 201
        )
    same = {"operator": "A Tours", "answers": answers, "client_id": "s-1"}
    first, again = (
        client.post("/api/v1/emergency/screenings", same),
        client.post("/api/v1/emergency/screenings", same),
    )
    assert first.json()["id"] == again.json()["id"]
    bad = client.post("/api/v1/emergency/screenings", {"operator": "A", "answers": {"swimming": "good"}})
    assert bad.status_code == 422
    stats = {
        r["operator"]: r
        for r in api(make_user("tourism_officer")).get("/api/v1/emergency/screenings/stats").json()
    }
    assert stats["A Tours"]["high"] == 3 and stats["B Tours"]["total"] == 1


def test_an_anonymous_screening_key_with_other_answers_is_409(api, db):
    answers = {**{q: False for q in screening.YES_NO_QUESTIONS}, "swimming": "good"}
    client = api()
    body = {"operator": "A Tours", "answers": answers, "client_id": "scr-1"}
    first = client.post("/api/v1/emergency/screenings", body)
    assert first.status_code == 201, first.content
    assert client.post("/api/v1/emergency/screenings", body).json()["id"] == first.json()["id"]
    other = client.post("/api/v1/emergency/screenings", {**body, "operator": "B Tours"})
    assert other.status_code == 409 and "scr-1" in other.json()["detail"]
    assert Screening.objects.count() == 1
