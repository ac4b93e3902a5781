"""CKD clinic pages: registry search, patient trajectory, indicator with drill-down,
overdue list, imports. Every page that shows a patient writes an audit entry."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phangnga.core import exports, jobs, limits
from phangnga.core.audit import Actor, record, record_list
from phangnga.core.decorators import role_required
from phangnga.core.models import Job
from phangnga.core.thai import (
    ThaiValueError,
    be_year,
    fiscal_year,
    fiscal_year_bounds,
    parse_fiscal_year,
    validate_national_id,
)

from . import access, ckd_services, kpis, views_waiting
from . import ckd_import as ckd_import_steps
from .access import HEALTH_ROLES
from .ckd_chart import trajectory_svg
from .ckd_indicator import load_config
from .models import LabResult, Visit

REASONS = {
    "not_thai": gettext_lazy("not Thai nationality"),
    "fewer_than_2_results": gettext_lazy("fewer than 2 results in the year"),
    "results_less_than_min_gap_apart": gettext_lazy("first and last result less than 90 days apart"),
    "baseline_egfr_out_of_range": gettext_lazy("baseline eGFR outside 15-60"),
    "decline_at_or_above_threshold": gettext_lazy("decline at or above the threshold"),
}


def default_fy() -> int:
    last = LabResult.objects.order_by("-date").values_list("date", flat=True).first()
    return fiscal_year(last) if last else fiscal_year(timezone.localdate())


def _fy(request, default=default_fy) -> tuple[int, str | None]:
    raw = request.GET.get("fy")
    if not raw:
        return default(), None
    try:
        return parse_fiscal_year(raw), None
    except ThaiValueError:
        return default(), _("Enter a fiscal year such as 2563.")


def _home_fy() -> int:
    """Where both halves have data: the latest year of visit history if it has CKD
    results too, else the latest CKD year."""
    ckd = default_fy()
    history = views_waiting.default_fy()
    if history and LabResult.objects.filter(date__range=fiscal_year_bounds(history)).exists():
        return history
    return ckd


@role_required(*HEALTH_ROLES)
def home(request):
    fy, error = _fy(request, _home_fy)
    today = timezone.localdate()
    return render(request, "health/home.html", {
        "kpis": kpis.indicators(fy), "fy_be": be_year(fy), "fy_label": f"FY{be_year(fy)}", "error": error, "prev_label": f"FY{be_year(fy) - 1}",
        "visits_today": Visit.objects.filter(day=today).count(),
        "overdue_count": len(_overdue_rows(request.user, today)),
    })  # fmt: skip


@role_required(*HEALTH_ROLES)
def registry(request):
    q = (request.GET.get("cid") or "").strip()
    error = None
    if q:
        try:
            cid = validate_national_id(q, "cid")
        except ThaiValueError as exc:
            error = exc.message
        else:
            if access.ckd_patients_for(request.user).filter(cid=cid).exists():
                return redirect("health:patient", cid=cid)
            error = _("No patient with this national ID.")
    mine = access.ckd_patients_for(request.user)
    stats = {
        "patients": mine.count(),
        "labs": LabResult.objects.filter(patient__in=mine).count(),
        "demo": mine.filter(is_demo=True).count(),
    }
    return render(request, "health/ckd_registry.html", {"q": q, "error": error, "stats": stats})


@role_required(*HEALTH_ROLES)
def patient(request, cid: str):
    p = access.ckd_patient_for(request.user, cid)
    method = (
        request.GET.get("method")
        if request.GET.get("method") in ("endpoint", "least_squares")
        else "least_squares"
    )
    equation = request.GET.get("equation") if request.GET.get("equation") in ("2021", "2009") else "2021"
    record(request, "read", p)
    t = ckd_services.trajectory(p, method, equation)
    svg = trajectory_svg([(d, v) for d, v, _ in t.points], t.fit, title=f"eGFR {p.cid}")
    return render(request, "health/ckd_patient.html", {
        "p": p, "t": t, "svg": svg, "method": method, "equation": equation,
        "diagnoses": list(p.diagnoses.values_list("code", flat=True)),
        "labs": p.labs.order_by("-date", "kind"),
        "age": int((timezone.localdate() - p.birth_date).days / 365.25),
    })  # fmt: skip


@role_required(*HEALTH_ROLES)
def kpi(request):
    fy, error = _fy(request)
    method = (
        request.GET.get("method")
        if request.GET.get("method") in ("endpoint", "least_squares")
        else "endpoint"
    )
    show = (
        request.GET.get("list")
        if request.GET.get("list") in ("numerator", "denominator", "excluded")
        else None
    )
    kr = ckd_services.indicator(fy, method, include_rows=True)
    r = kr.result
    rows = []
    if show:
        visible = access.ckd_visible_ids(request.user)
        for row in r.rows:
            if visible is not None and row.cid not in visible:
                continue
            if (
                (show == "numerator" and row.in_numerator)
                or (show == "denominator" and row.in_denominator)
                or (show == "excluded" and not row.in_denominator)
            ):
                rows.append((kr.cids.get(row.cid), row, REASONS.get(row.reason or "", row.reason)))
        # One entry for the list (page or CSV), the patients by primary key as a single read names them.
        record_list(request, "health.ckdpatient", [row.cid for _, row, _ in rows],
                    f"CKD indicator FY{r.fiscal_year_be} {show}")  # fmt: skip
        if request.GET.get("format") == "csv":
            return _drilldown_csv(rows, f"ckd-FY{r.fiscal_year_be}-{show}.csv")
    years = [(be_year(y), load_config().threshold_for(be_year(y))) for y in range(fy - 3, fy + 2)]
    return render(request, "health/ckd_kpi.html", {
        "r": r, "percent": None if not r.denominator else round(100.0 * r.numerator / r.denominator, 2),
        "show": show, "rows": rows[:DRILLDOWN_PAGE], "total_rows": len(rows), "method": method, "error": error, "years": years,
        "exclusions": [(REASONS.get(k, k), v) for k, v in r.exclusions.items()],
    })  # fmt: skip


DRILLDOWN_PAGE = 1000  # a province-wide list can hold 100,000 patients: the page shows the first


def _drilldown_csv(rows, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    out = exports.csv_writer(response)
    out.writerow(["cid", "first_date", "first_egfr", "last_date", "last_egfr", "n_results", "decline_per_year",
                  "in_denominator", "in_numerator", "reason"])  # fmt: skip
    for cid, row, _why in rows:
        out.writerow([cid, row.first_date, row.first_egfr, row.last_date, row.last_egfr, row.n_results,
                      row.decline_per_year, row.in_denominator, row.in_numerator, row.reason or ""])  # fmt: skip
    return response


@role_required(*HEALTH_ROLES)
def overdue(request):
    today = timezone.localdate()
    rows = _overdue_rows(request.user, today)
    record_list(request, "health.ckdpatient", [r.patient_id for r in rows], "overdue list")
    return render(request, "health/ckd_overdue.html", {"rows": rows, "today": today})


def _overdue_rows(user, today):
    visible = access.ckd_visible_ids(user)
    return [r for r in ckd_services.follow_up_list(today) if visible is None or r.patient_id in visible]


@role_required(*HEALTH_ROLES)
def ckd_import(request):
    access.require_ckd_keeper(request.user)
    result, error = None, None
    fmt = request.POST.get("format", "patients_csv")
    # Nothing half-imported unless the officer asks to keep the good rows.
    mode = request.POST.get("mode", "all_or_nothing")
    if request.method == "POST":
        files = {name: request.FILES.get(name) for name in ("file", *ckd_import_steps.F43_FILES)}
        if mode not in ("keep_good", "all_or_nothing"):
            error = _("Choose how to treat rows with errors.")
        else:
            try:
                texts = ckd_import_steps.read_uploads(fmt, files)
                if sum(len(t.encode()) for t in texts.values()) > jobs.INLINE_MAX_BYTES:
                    job = ckd_import_steps.enqueue(request, fmt, mode, texts)
                    return redirect("health:ckd_import_job", pk=job.pk)
                result = ckd_import_steps.run(Actor.of(request), fmt, mode, texts)
            except limits.UploadRefused as exc:  # size, type, rows: named field, user's language
                error = f"{exc.field}: {exc.translated()}"
            except ValueError as exc:  # a format error, or a file missing
                error = str(exc)
    return render(
        request, "health/ckd_import.html", {"result": result, "error": error, "fmt": fmt, "mode": mode}
    )


@role_required(*HEALTH_ROLES)
def ckd_import_job(request, pk: int):
    """A large import's progress, then its outcome, on the import page; only its author sees it."""
    access.require_ckd_keeper(request.user)
    job = get_object_or_404(Job, pk=pk, created_by=request.user, handler=ckd_import_steps.HANDLER)
    return render(request, "health/ckd_import.html", {
        "job": job, "result": job.result, "error": job.error, "fmt": job.params.get("format"),
        "mode": job.params.get("mode"),
    })  # fmt: skip
