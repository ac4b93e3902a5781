"""Waiting-time analytics page and the import of historical visit timestamps."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from phangnga.core import jobs, limits
from phangnga.core.decorators import role_required
from phangnga.core.models import Job
from phangnga.core.templatetags.local_names import pick_name
from phangnga.core.thai import ThaiValueError, be_year, fiscal_year, fiscal_year_bounds, parse_fiscal_year
from phangnga.geo.models import Place

from . import analytics, visit_jobs
from .access import HEALTH_ROLES
from .models import STEP_ORDER, StepKind, Visit
from .tables import check_table_file, read_table
from .visit_import import MODES, import_visits

MAX_UPLOAD = 20 * 1024 * 1024


def _date(value: str | None, errors: dict, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = _("Enter a date as YYYY-MM-DD.")
        return None


def default_fy() -> int | None:
    """The latest fiscal year with recorded history (imported or demo visits; today's live
    queue alone has no finished visits to compare), or the latest with any visit."""
    history = (
        Visit.objects.exclude(source=Visit.Source.LIVE).order_by("-day").values_list("day", flat=True).first()
    )
    last = history or Visit.objects.order_by("-day").values_list("day", flat=True).first()
    return fiscal_year(last) if last else None


@role_required(*HEALTH_ROLES)
def waiting(request):
    errors: dict[str, str] = {}
    facilities = Place.objects.filter(visits__isnull=False).distinct().order_by("name_en")
    code = request.GET.get("facility") or ""
    facility = facilities.filter(code=code).first() if code else None
    if code and facility is None:
        errors["facility"] = _("Unknown facility.")
    try:
        fy = parse_fiscal_year(request.GET["fy"]) if request.GET.get("fy") else None
    except ThaiValueError:
        errors["fy"] = _("Enter a fiscal year such as 2563.")
        fy = None
    fy = fy or default_fy() or fiscal_year(date.today())
    after = fiscal_year_bounds(fy)
    before = fiscal_year_bounds(fy - 1)
    b1, b2 = (
        _date(request.GET.get("before_from"), errors, "before_from"),
        _date(request.GET.get("before_to"), errors, "before_to"),
    )
    a1, a2 = (
        _date(request.GET.get("after_from"), errors, "after_from"),
        _date(request.GET.get("after_to"), errors, "after_to"),
    )
    if b1 and b2:
        before = (b1, b2)
    if a1 and a2:
        after = (a1, a2)
    rows = analytics.summary(facility=facility, start=before[0], end=after[1])
    names = {f.code: pick_name(f) for f in facilities.only("code", "name_en", "name_th")}
    for row in rows:
        row["name"] = names.get(row["facility"], row["facility"])
        year, month = (int(x) for x in str(row["month"]).split("-")[:2])
        row["month_date"] = date(year, month, 1)  # shown "ม.ค. 2562" on a Thai page
        row["step_list"] = [(StepKind(k).label, row["steps"][k]) for k in STEP_ORDER if k in row["steps"]]
    comparison = analytics.before_after(before, after, facility=facility)
    comp_rows = [(names.get(k, k), v) for k, v in comparison["facilities"].items()]
    return render(
        request,
        "health/waiting.html",
        {
            "rows": rows, "facilities": facilities, "facility": facility, "errors": errors,
            "fy_be": be_year(fy), "before": before, "after": after,
            "comparison": comparison, "comp_rows": comp_rows,
        },
    )  # fmt: skip


@role_required(*HEALTH_ROLES)
def waiting_import(request):
    report, error = None, None
    # Nothing half-imported unless the officer asks to keep the good rows.
    mode = request.POST.get("mode", "all_or_nothing")
    if request.method == "POST":
        upload = request.FILES.get("file")
        if mode not in MODES:
            error = _("Choose how to treat rows with errors.")
        elif upload is None:
            error = _("Choose a CSV or Excel file.")
        elif upload.size > MAX_UPLOAD:
            error = _("The file is larger than 20 MB.")
        else:
            try:
                data = limits.read_upload(upload, "file", MAX_UPLOAD)
                if len(data) > jobs.INLINE_MAX_BYTES:  # read and imported by a worker
                    check_table_file(data, upload.name)  # a wrong file is refused here, at once
                    job = visit_jobs.enqueue(request, data, upload.name, mode)
                    return redirect("health:waiting_import_job", pk=job.pk)
                report = import_visits(read_table(data, upload.name), mode=mode)
            except limits.UploadRefused as exc:  # TableError too
                error = exc.translated()
    return render(request, "health/waiting_import.html", {"report": report, "error": error, "mode": mode})


@role_required(*HEALTH_ROLES)
def waiting_import_job(request, pk: int):
    """A large visit-history import's progress, then its report; only its author sees it."""
    job = get_object_or_404(Job, pk=pk, created_by=request.user, handler=visit_jobs.HANDLER)
    return render(request, "health/waiting_import.html", {
        "job": job, "report": job.result, "error": job.error, "mode": job.params.get("mode"),
    })  # fmt: skip
