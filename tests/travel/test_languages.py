"""Choosing the tourist's language and falling back to English, marked (pure kernel)."""

import pytest

from phangnga.travel.i18n import negotiate, parse_accept_language, pick_text


@pytest.mark.parametrize(
    "header, requested, expected",
    [
        ("th-TH,th;q=0.9,en;q=0.8", None, "th"),
        ("ru-RU,ru;q=0.9", None, "ru"),
        ("zh-CN,zh;q=0.9", None, "zh-hans"),
        ("zh-TW", None, "zh-hans"),
        ("fr-FR,fr;q=0.9,de;q=0.7,en;q=0.5", None, "de"),
        ("en;q=0.2,de;q=0.8", None, "de"),
        ("fr-FR", None, "en"),
        ("", None, "en"),
        (None, None, "en"),
        ("de", "ru", "ru"),
        ("de", "klingon", "de"),
        ("de;q=0, ru", None, "ru"),
    ],
)
def test_negotiate(header, requested, expected):
    assert negotiate(header, requested) == expected


def test_parse_keeps_order_for_equal_quality():
    assert [t for t, _ in parse_accept_language("de, ru, en;q=0.5")] == ["de", "ru", "en"]


def test_missing_translation_falls_back_to_english_and_says_so():
    texts = {"en": "Lam Ru waterfall", "th": "น้ำตกลำรู่", "ru": "  "}
    assert pick_text(texts, "th") == ("น้ำตกลำรู่", False)
    assert pick_text(texts, "ru") == ("Lam Ru waterfall", True)
    assert pick_text(texts, "de") == ("Lam Ru waterfall", True)
    assert pick_text(texts, "en") == ("Lam Ru waterfall", False)
