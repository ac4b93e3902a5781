"""A tourist scans a printed sign: the QR (decoded by OpenCV from the API's PNG) leads to the live
server, and headless Chromium shows the attraction in the phone's language; the language
switcher works; the clip is playable; a visited page still opens offline (service worker)."""

import numpy as np
import pytest

from browser_session import wait_until

cv2 = pytest.importorskip("cv2")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scanned_url(settings, live_server, api, make_sign):
    from phangnga.travel.demo import ensure_media

    settings.PUBLIC_BASE_URL = live_server.url
    sign = make_sign("james-bond-island")
    ensure_media([sign.attraction])
    png = api().get(f"/api/v1/travel/signs/{sign.code}/qr.png").content
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    url, points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    assert url == f"{live_server.url}/s/{sign.code}"
    return url


def test_scan_opens_the_page_in_the_phones_language(browser, scanned_url):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="de-DE", service_workers="block"
    )
    page = context.new_page()
    page.goto(scanned_url)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1#name").inner_text() == "Khao Phing Kan (James-Bond-Insel)"
    assert "Kalksteinhügel" in page.locator(".desc").inner_text()
    page.click("a[data-lang=zh-hans]")
    page.wait_for_load_state("load")
    assert page.locator("h1#name").inner_text() == "詹姆斯·邦德岛（平安岛）"
    # The clip is a real, decodable video (or the animated stand-in when no encoder exists).
    clip = page.locator("#clip")
    if clip.evaluate("el => el.tagName") == "VIDEO":
        clip.evaluate("el => { el.preload = 'auto'; el.load(); }")
        wait_until(page, "document.getElementById('clip').readyState >= 1", timeout=10000)
        assert clip.evaluate("el => el.duration") > 1
    context.close()


def test_a_visited_page_opens_offline(browser, scanned_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.goto(scanned_url)
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # installed and active
    page.reload()  # now controlled by the worker, which stores the page
    wait_until(page, "navigator.serviceWorker.controller !== null", timeout=10000)
    page.wait_for_timeout(300)
    context.set_offline(True)
    page.reload()
    assert page.locator("h1#name").inner_text() == "Khao Phing Kan (James Bond Island)"
    context.close()
