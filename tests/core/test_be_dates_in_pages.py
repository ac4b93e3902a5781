"""Thai pages show Buddhist-era years wherever a template formats a date (the builtin `date` filter);
English pages and machine formats keep the Common Era."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.utils import translation

from phangnga.core.templatetags.thai_dates import be_format


def render(source: str, lang: str, **context) -> str:
    with translation.override(lang):
        return Template(source).render(Context(context))


def test_thai_pages_show_buddhist_era_years():
    d = date(2026, 1, 5)
    assert render('{{ d|date:"j M Y" }}', "th", d=d) == "5 ม.ค. 2569"
    assert render('{{ d|date:"d/m/Y" }}', "th", d=d) == "05/01/2569"
    assert render('{{ d|date:"y" }}', "th", d=d) == "69"
    assert render("{{ d|date }}", "th", d=d).endswith("2569")
    # 23:30 UTC on 31 Dec 2025 is already 1 Jan 2026 (BE 2569) in Phang Nga
    late = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    assert render('{{ t|date:"j M Y H:i" }}', "th", t=late) == "1 ม.ค. 2569 06:30"


def test_english_pages_and_machine_formats_keep_the_common_era():
    d = date(2026, 1, 5)
    assert render('{{ d|date:"j M Y" }}', "en", d=d) == "5 Jan 2026"
    assert render('{{ d|date:"c" }}', "th", d=d).startswith("2026-01-05")
    assert render('{{ s|date:"Y" }}', "th", s="") == ""
    assert be_format(r"\Y Y", 2026) == r"\Y \2\5\6\9"


def test_iso_times_from_the_serialisers_get_buddhist_era_years_too():
    """The incident timeline and the warnings page format ISO strings (serialised times)."""
    assert render('{{ t|from_iso|date:"H:i (j M Y)" }}', "th", t="2026-01-04T23:30:00+00:00") == (
        "06:30 (5 ม.ค. 2569)"
    )
    assert render('{{ t|from_iso|date:"j M Y" }}', "en", t="2026-01-05T10:00:00+07:00") == "5 Jan 2026"
    assert render("{{ t|from_iso }}", "th", t="not a time") == "not a time"
