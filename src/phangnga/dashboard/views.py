"""The provincial KPI board page and its Excel / PDF exports."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.safestring import mark_safe

from phangnga.core.decorators import role_required
from phangnga.core.thai import ThaiValueError, be_year, fiscal_year_label, parse_fiscal_year

from . import export, services

FIRST_FY = 2018  # FY2561: the first year of the seed's results


def _fy(request) -> tuple[int, str]:
    raw = request.GET.get("fy", "")
    if not raw:
        return services.current_fy(), ""
    try:
        return parse_fiscal_year(raw, "fy"), ""
    except ThaiValueError as exc:
        return services.current_fy(), str(exc)


@role_required(*services.READERS)
def home(request):
    fy, error = _fy(request)
    b = services.board(fy)
    cards = [(c, mark_safe(b.chart(c.key, c.label))) for c in b.cards]
    lang = translation.get_language() or "th"
    choices = [
        (be_year(y), fiscal_year_label(y, "th" if lang.startswith("th") else "en"))
        for y in range(max(services.current_fy(), fy), FIRST_FY - 1, -1)
    ]
    return render(
        request,
        "dashboard/home.html",
        {
            "board": b,
            "cards": cards,
            "fy_be": be_year(fy),
            "choices": choices,
            "fy_error": error,
            "label": b.label_th if lang.startswith("th") else b.label_en,
            "years_be": [be_year(y) for y in b.years],
        },
        status=422 if error else 200,
    )


@role_required(*services.READERS)
def export_view(request, fmt: str):
    fy, error = _fy(request)
    if error:
        return HttpResponse(error, status=422, content_type="text/plain; charset=utf-8")
    name = f"phangnga-kpi-fy{be_year(fy)}"
    if fmt == "xlsx":
        data = export.xlsx(services.board(fy))
        resp = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    elif fmt == "pdf":
        data = export.pdf(services.board(fy))
        resp = HttpResponse(data, content_type="application/pdf")
    else:
        return HttpResponse("format must be xlsx or pdf", status=404)
    resp["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp
