"""Land readjustment pages: projects, map before/after, the plan with a live recompute,
participation (meetings, consent) and each owner's statement PDF."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from phangnga.core import limits, roles
from phangnga.core.audit import Actor, record
from phangnga.core.decorators import role_required

from . import plans, services, statement
from .models import STEPS, Meeting, Parcel, Project, PublicLand
from .readjust import ReadjustInputError

READERS = (roles.LAND_OFFICER, roles.VIEWER)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["step", "date", "attendees", "resolution"]
        widgets = {
            "date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "step": gettext_lazy("Step"),
            "date": gettext_lazy("Date"),
            "attendees": gettext_lazy("Attendees (one per line)"),
            "resolution": gettext_lazy("Resolution"),
        }
        help_texts = {"attendees": ""}  # the label says "one per line" in the page's language


class ConsentForm(forms.Form):
    parcel = forms.ModelChoiceField(queryset=Parcel.objects.none(), label=gettext_lazy("Parcel"))
    step = forms.ChoiceField(choices=STEPS, label=gettext_lazy("Step"))
    agreed = forms.TypedChoiceField(
        choices=[("1", gettext_lazy("Agrees")), ("0", gettext_lazy("Does not agree"))],
        coerce=lambda v: v == "1",
        label=gettext_lazy("Consent"),
    )
    date = forms.DateField(
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}), label=gettext_lazy("Date")
    )
    note = forms.CharField(required=False, max_length=300, label=gettext_lazy("Note"))

    def __init__(self, project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parcel"].queryset = project.parcels.all()
        self.fields["parcel"].label_from_instance = lambda p: p.deed_no


class ParcelFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Parcels file (GeoJSON or CSV of corners)"))
    replace = forms.BooleanField(required=False, label=gettext_lazy("Replace all parcels of the project"))


class PublicLandForm(forms.Form):
    phase = forms.ChoiceField(
        choices=PublicLand.PHASES, initial="after", label=gettext_lazy("Before or after")
    )
    kind = forms.ChoiceField(choices=PublicLand.KINDS, label=gettext_lazy("Kind"))
    name = forms.CharField(required=False, max_length=100, label=gettext_lazy("Name"))
    geometry = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Outline (tap the corners on the map, or paste a GeoJSON Polygon)"),
    )


class ZoneForm(forms.Form):
    code = forms.CharField(max_length=20, label=gettext_lazy("Zone code"))
    name = forms.CharField(max_length=100, required=False, label=gettext_lazy("Name"))
    value_before = forms.FloatField(min_value=0.01, label=gettext_lazy("Unit value before (baht/m²)"))
    value_after = forms.FloatField(min_value=0.01, label=gettext_lazy("Unit value after (baht/m²)"))


@role_required(roles.LAND_OFFICER)
def import_page(request, pk: int):
    """Parcels from a file, and public land drawn on the map or pasted as GeoJSON."""
    project = get_object_or_404(Project, pk=pk)
    parcel_form, public_form, problems = ParcelFileForm(prefix="f"), PublicLandForm(prefix="p"), {}
    zone_form = ZoneForm(prefix="z")
    which = request.POST.get("form") if request.method == "POST" else None
    if which == "parcels":
        parcel_form = ParcelFileForm(request.POST, request.FILES, prefix="f")
        if parcel_form.is_valid():
            try:
                blob = limits.read_upload(parcel_form.cleaned_data["file"], "file", limits.MAX_PARCEL_BYTES)
                limits.check_text(blob, "file")  # by content: a PNG named .csv is not parsed as corners
                raw = blob.decode("utf-8-sig", errors="replace")
                fmt = "geojson" if raw.lstrip().startswith("{") else "csv"
                data = json.loads(raw) if fmt == "geojson" else raw
                created = services.import_parcels(
                    Actor.of(request), project, fmt, data, parcel_form.cleaned_data["replace"]
                )
            except limits.UploadRefused as exc:
                problems = {exc.field: exc.translated()}
            except (ValueError, RecursionError) as exc:  # ImportProblems or bad JSON
                problems = getattr(exc, "problems", None) or {"file": str(exc)}
            else:
                messages.success(request, _("%(n)d parcels imported.") % {"n": len(created)})
                return redirect("land:project", pk=pk)
    elif which == "zone":
        zone_form = ZoneForm(request.POST, prefix="z")
        if zone_form.is_valid():
            d = zone_form.cleaned_data
            services.set_zone(
                Actor.of(request), project, d["code"], d["name"], d["value_before"], d["value_after"]
            )
            messages.success(request, _("Zone values saved."))
            return redirect("land:import", pk=pk)
    elif which == "public":
        public_form = PublicLandForm(request.POST, prefix="p")
        if public_form.is_valid():
            d = public_form.cleaned_data
            try:
                services.add_public_land(
                    Actor.of(request), project, d["phase"], d["kind"], json.loads(d["geometry"]), d["name"]
                )
            except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
                public_form.add_error(
                    "geometry", getattr(exc, "message", None) or _("not a valid GeoJSON Polygon")
                )
            else:
                messages.success(request, _("Public land added."))
                return redirect("land:import", pk=pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "land/import.html",
        {
            "project": project,
            "parcel_form": parcel_form,
            "public_form": public_form,
            "problems": problems,
            "public": project.public_land.all(),
            "zone_form": zone_form,
            "zones": project.zones.all(),
        },
        status=status,
    )


@role_required(*READERS)
def home(request):
    return render(request, "land/home.html", {"projects": Project.objects.all()})


@role_required(*READERS)
def project_detail(request, pk: int):
    project = get_object_or_404(Project, pk=pk)
    before, after, reserve = plans.sums(project)
    can_edit = request.user.has_role(roles.LAND_OFFICER)
    if can_edit:  # owners' names are shown: personal data, so the read is audited
        record(request, "read", project, summary=f"owners of {project.name}"[:255])
    return render(
        request,
        "land/project.html",
        {
            "project": project,
            "parcels": project.parcels.all(),
            "public": project.public_land.all(),
            "public_before": before,
            "public_after": after,
            "reserve": reserve,
            "can_edit": can_edit,
        },
    )


def _manual_from(request, project) -> tuple[dict[str, float], dict[str, str]]:
    """Hand-set plot areas from the plan form: field manual_<parcel id>, blank = automatic."""
    out = {}
    errors = {}
    for p in project.parcels.all():
        raw = (request.POST.get(f"manual_{p.pk}") or "").strip().replace(",", "")
        if not raw:
            continue
        try:
            value = float(raw)
            if not value > 0:
                raise ValueError
        except ValueError:
            errors[p.deed_no] = _("must be a number of square metres above 0")
            continue
        out[p.deed_no] = value
    return out, errors


def _plan_context(request, project, method=None, manual=None, errors=None):
    ctx = {
        "project": project,
        "method": method or project.method,
        "manual": manual or {},
        "errors": errors or {},
        "can_edit": request.user.has_role(roles.LAND_OFFICER),
    }
    try:
        plan = plans.compute_plan(project, method, manual)
    except (plans.PlanError, ReadjustInputError) as exc:
        ctx["plan_error"] = str(exc)
        return ctx
    ctx.update(plan=plan, rows=plan.rows())
    return ctx


@role_required(*READERS)
def plan(request, pk: int):
    project = get_object_or_404(Project, pk=pk)
    manual = {p.deed_no: p.manual_area_m2 for p in project.parcels.all() if p.manual_area_m2}
    method = request.GET.get("method") if request.GET.get("method") in ("area", "value") else None
    return render(request, "land/plan.html", _plan_context(request, project, method, manual))


@role_required(*READERS)
@require_POST
def plan_recompute(request, pk: int):
    """HTMX: recompute entitlements, plots and settlement as the officer types."""
    project = get_object_or_404(Project, pk=pk)
    method = request.POST.get("method") if request.POST.get("method") in ("area", "value") else None
    manual, errors = _manual_from(request, project)
    return render(request, "land/_plan_table.html", _plan_context(request, project, method, manual, errors))


@role_required(roles.LAND_OFFICER)
@require_POST
def plan_save(request, pk: int):
    project = get_object_or_404(Project, pk=pk)
    method = request.POST.get("method") if request.POST.get("method") in ("area", "value") else None
    manual, errors = _manual_from(request, project)
    ctx = _plan_context(request, project, method, manual, errors)
    if errors or "plan" not in ctx or ctx["plan"].layout is None:
        messages.error(request, _("Not saved: fix the errors shown."))
        return render(request, "land/plan.html", ctx, status=422)
    services.save_layout(Actor.of(request), project, ctx["plan"], manual)
    messages.success(request, _("New layout saved."))
    return redirect("land:plan", pk=project.pk)


@role_required(*READERS)
def participation(request, pk: int):
    project = get_object_or_404(Project, pk=pk)
    can_edit = request.user.has_role(roles.LAND_OFFICER)
    meeting_form = MeetingForm(prefix="m")
    consent_form = ConsentForm(project, prefix="c")
    if request.method == "POST":
        if not can_edit:
            return HttpResponse(status=403)
        if "m-step" in request.POST:
            meeting_form = MeetingForm(request.POST, prefix="m")
            if meeting_form.is_valid():
                d = meeting_form.cleaned_data
                services.add_meeting(
                    Actor.of(request),
                    project,
                    step=d["step"],
                    day=d["date"],
                    attendees=d["attendees"],
                    resolution=d["resolution"],
                )
                messages.success(request, _("Meeting recorded."))
                return redirect("land:participation", pk=pk)
        else:
            consent_form = ConsentForm(project, request.POST, prefix="c")
            if consent_form.is_valid():
                d = consent_form.cleaned_data
                services.set_consent(
                    Actor.of(request),
                    d["parcel"],
                    step=d["step"],
                    agreed=d["agreed"],
                    day=d["date"],
                    note=d["note"],
                )
                messages.success(request, _("Consent recorded."))
                return redirect("land:participation", pk=pk)
    if can_edit and request.method == "GET":
        record(request, "read", project, summary=f"owners and consent of {project.name}"[:255])
    parcels = list(project.parcels.prefetch_related("consents"))
    grid = []
    for p in parcels:
        got = {c.step: c for c in p.consents.all()}
        grid.append((p, [got.get(code) for code, _label in STEPS]))
    return render(
        request,
        "land/participation.html",
        {
            "project": project,
            "meetings": project.meetings.all(),
            "steps": STEPS,
            "grid": grid,
            "meeting_form": meeting_form,
            "consent_form": consent_form,
            "can_edit": can_edit,
        },
        status=422 if request.method == "POST" else 200,
    )


@role_required(roles.LAND_OFFICER)
def statement_pdf(request, pk: int, parcel_id: int):
    project = get_object_or_404(Project, pk=pk)
    parcel = get_object_or_404(Parcel, pk=parcel_id, project=project)
    manual = {p.deed_no: p.manual_area_m2 for p in project.parcels.all() if p.manual_area_m2}
    plan_ = plans.compute_plan(project, None, manual)
    lang = "en" if request.GET.get("lang") == "en" else "th"
    pdf, lang = statement.render(plan_, parcel, list(parcel.consents.all()), lang=lang)
    record(request, "read", parcel, summary=f"statement PDF ({lang}) {parcel.deed_no}")
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="statement-{project.pk}-{parcel.pk}.pdf"'
    resp["Content-Language"] = lang
    return resp


@role_required(*READERS)
def geojson(request, pk: int, which: str):
    if which not in ("before", "after"):
        raise Http404("before or after")
    project = get_object_or_404(Project, pk=pk)
    data = plans.before_geojson(project) if which == "before" else plans.after_geojson(project)
    resp = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    if request.GET.get("download"):
        resp["Content-Disposition"] = f'attachment; filename="land-{project.pk}-{which}.geojson"'
    return resp
