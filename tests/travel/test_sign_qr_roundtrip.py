"""A sign's QR, rendered as PNG by the API, decodes (OpenCV) to <PUBLIC_BASE_URL>/s/<code>, and
following that URL gives the attraction's page in the requested language."""

from urllib.parse import urlparse

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

pytestmark = pytest.mark.django_db


def decode_png(png: bytes) -> str:
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    assert points is not None, "no QR code found"
    return text


def test_qr_png_decodes_to_the_public_url_and_the_page_answers(settings, api, client, make_sign):
    settings.PUBLIC_BASE_URL = "https://travel.phangnga.example"
    sign = make_sign("james-bond-island")
    r = api().get(f"/api/v1/travel/signs/{sign.code}/qr.png")
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    url = decode_png(r.content)
    assert url == f"https://travel.phangnga.example/s/{sign.code}"
    page = client.get(urlparse(url).path, HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Кхао Пинг Кан (остров Джеймса Бонда)" in html
    assert '<html lang="ru">' in html


def test_qr_svg_and_unknown_code(api, make_sign):
    sign = make_sign()
    svg = api().get(f"/api/v1/travel/signs/{sign.code}/qr.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    missing = api().get("/api/v1/travel/signs/ZZZZZZ/qr.png")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_codes_are_short_stable_and_case_insensitive(client, make_sign):
    from phangnga.travel import codes

    sign = make_sign()
    assert codes.is_valid(sign.code)
    assert client.get(f"/s/{sign.code.lower()}").status_code == 200
