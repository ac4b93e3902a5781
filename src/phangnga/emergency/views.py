"""Andaman Hub dispatch pages: command board, intake, mobile report, crew phone, hospital notices,
KPIs, the regional-centre link. Views call services; nothing here computes triage or plans itself.
The prevention pages (screening, warnings, registries, AED checks) are the prevention app's."""

from __future__ import annotations

import io
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from phangnga.core import exports, idempotency, roles
from phangnga.core.audit import Actor, record, record_list
from phangnga.core.decorators import role_required
from phangnga.core.errors import ApiError
from phangnga.core.templatetags.local_names import pick_name, thai_page
from phangnga.core.thai import ThaiValueError, be_year, fiscal_year, parse_fiscal_year
from phangnga.fleet import registry as fleet
from phangnga.geo.models import Place

from . import access, kpis, reports, services, steps
from . import intake as intake_path
from .display import duration_text, handover, patient_display
from .models import (
    EventKind,
    Incident,
    IncidentKind,
    OutboxMessage,
    PlanStatus,
    PreArrivalNotice,
    SeaState,
    Sex,
    label,
)
from .plan_display import plan_words
from .serialize import incident_dict
from .triage import load_criteria

SITE_KINDS = ("dive_site", "beach", "island", "attraction", "pier")


def _sites():
    return Place.objects.filter(kind__in=SITE_KINDS, active=True).order_by("kind", "name_en")


@role_required(*access.BOARD)
def board(request):
    record(request, "read", object_type="emergency.incident", object_id="board", summary="board page")
    return render(request, "emergency/board.html", {"kinds": IncidentKind.choices})


# The timeline's intervals (services.intervals) by name.
INTERVAL_LABELS = {
    "call_to_dispatch": _("Call to dispatch"),
    "dispatch_to_scene": _("Dispatch to scene"),
    "on_scene": _("On scene"),
    "scene_to_hospital": _("Scene to hospital"),
    "call_to_hospital": _("Call to hospital"),
    "call_to_handover": _("Call to hand-over"),
}

# A public report's notes begin with this line (public_help.incident_data); the page says it in
# its own words, with the caller's language by name.
_PUBLIC_LINE = re.compile(r"^Public report, unverified: call back\.(?: Language: ([\w-]+)\.)?\s*")


def public_report_notes(incident: Incident) -> tuple[str, str]:
    """(the notes without the public report's stored first line, the caller's language by name)."""
    notes = incident.notes or ""
    if incident.channel != "public" or not (m := _PUBLIC_LINE.match(notes)):
        return notes, ""
    code = m.group(1) or ""
    try:
        language = str(get_language_info(code)["name_translated"]) if code else ""
    except KeyError:
        language = code
    return notes[m.end() :], language


@login_required
def incident_detail(request, pk: int):
    incident = get_object_or_404(Incident.objects.select_related("place"), pk=pk)
    if not access.can_view_incident(request.user, incident):
        raise Http404("incident")  # hidden objects answer as missing ones, in every app
    record(request, "read", incident)
    data = incident_dict(incident)
    lang = get_language() or "en"
    for p in data["patients"]:
        p["display"] = patient_display(p, lang)
    if data["plan"]:
        data["plan"]["eta_text"] = duration_text(data["plan"].get("eta_min"), lang)
        data["plan"]["status_label"] = label(PlanStatus, data["plan"].get("status") or "")
        data["plan_words"] = plan_words(data["plan"], lang[:2])
    notes, caller_language = public_report_notes(incident)
    units = {r.code: r for r in fleet.units()}
    for e in data["events"]:
        e["resource_name"] = pick_name(units.get(e["resource"]) or e["resource"]) if e["resource"] else ""
    data["interval_rows"] = [
        (INTERVAL_LABELS.get(k, k), v) for k, v in data["intervals"].items() if v is not None
    ]
    hospitals = Place.objects.filter(kind="hospital", active=True).order_by("name_en")
    return render(
        request,
        "emergency/incident.html",
        {
            "incident": incident,
            "data": data,
            "notes": notes,
            "caller_language": caller_language,
            # Only the steps that may follow the current one (emergency/steps.py).
            "events": [
                (k, label(EventKind, k))
                for k in steps.next_steps(steps.current_step(e["kind"] for e in data["events"]))
            ],
            "resources": fleet.units().exclude(status="out_of_service").order_by("kind", "name"),
            "hospitals": hospitals,
            "can_dispatch": request.user.has_role(roles.DISPATCHER),
            "can_event": access.can_post_event(request.user, incident),
            "print": request.GET.get("print") == "1",
        },
    )


@require_POST
@role_required(roles.DISPATCHER)
def accept_plan(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    try:
        plan = services.accept_plan(
            incident,
            actor=Actor.of(request),
            resource_code=request.POST.get("resource") or None,
            destination_code=request.POST.get("destination") or None,
            ambulance_code=request.POST.get("ambulance") or None,
            note=request.POST.get("note", "")[:500],
        )
        # Say "notified" only for a notice that exists: it is what the ER's screen shows.
        notice = plan.notices.select_related("hospital").first()
        if notice is not None:
            hospital = notice.hospital
            name = hospital.name_th if (get_language() or "").startswith("th") and hospital.name_th else None
            messages.success(
                request,
                _("%(unit)s dispatched; pre-arrival notice posted to %(hospital)s.")
                % {"unit": plan.resource.name, "hospital": name or hospital.name_en},
            )
        else:
            messages.success(request, _("%(unit)s dispatched.") % {"unit": plan.resource.name})
    except ApiError as exc:
        if exc.code == "no_unit":
            messages.error(request, _("No unit dispatched: no available unit can reach the scene."))
        else:
            messages.error(request, exc.detail)
    return redirect("emergency:incident", pk=pk)


@require_POST
@login_required
def add_event(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    if not access.can_view_incident(request.user, incident):
        raise Http404("incident")
    if not access.can_post_event(request.user, incident):
        raise PermissionDenied("event")
    kind = request.POST.get("kind")
    if kind not in EventKind.values:
        messages.error(request, _("Unknown step."))
    else:
        try:
            services.add_event(
                incident,
                {
                    "kind": kind,
                    "note": request.POST.get("note", "")[:500],
                    "place": request.POST.get("place") or None,
                },
                actor=Actor.of(request),
            )
        except ApiError as exc:
            messages.error(request, exc.detail)
    nxt = request.POST.get("next", "")
    return redirect(nxt) if nxt.startswith("/emergency/") else redirect("emergency:incident", pk=pk)


# ---- dispatcher intake (1669 call) ---------------------------------------------------


class IntakeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    place = forms.ModelChoiceField(
        label=_("Site"), queryset=Place.objects.none(), required=False, to_field_name="code"
    )
    lat = forms.FloatField(label=_("Latitude"), required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False)
    location_text = forms.CharField(label=_("Location description"), max_length=200, required=False)
    patient_count = forms.IntegerField(label=_("Number of patients"), min_value=1, max_value=500, initial=1)
    reporter_name = forms.CharField(label=_("Caller name"), max_length=120, required=False)
    reporter_phone = forms.CharField(label=_("Caller phone"), max_length=32, required=False)
    boat_name = forms.CharField(label=_("Boat name"), max_length=120, required=False)
    sea_state = forms.ChoiceField(label=_("Sea state"), choices=SeaState.choices, initial="calm")
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    age = forms.FloatField(label=_("Age"), required=False, min_value=0, max_value=120)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial="U")
    nationality = forms.CharField(label=_("Nationality (2 letters)"), max_length=2, required=False)
    pr = forms.FloatField(label="PR", required=False)
    rr = forms.FloatField(label="RR", required=False)
    spo2 = forms.FloatField(label="SpO2", required=False)
    sbp = forms.FloatField(label="SBP", required=False)
    gcs = forms.FloatField(label="GCS", required=False)
    symptoms = forms.MultipleChoiceField(
        label=_("Symptoms"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = _sites()
        # Sites and symptoms in the dispatcher's language (Thai staff read Thai names only).
        self.fields["place"].label_from_instance = pick_name
        crit = load_criteria()
        thai = thai_page()
        self.fields["symptoms"].choices = [
            (c, (s.label_th if thai else "") or s.label_en) for c, s in crit.symptoms.items()
        ]


@role_required(roles.DISPATCHER)
def intake(request):
    form = IntakeForm(request.POST or None)
    # The form carries a client id made when it was rendered: a second submit (a double click,
    # a resend on a slow line) lands on the incident the first one made (the id is the user's own:
    # the incident page it lands on checks access and audits the read).
    sent = request.POST.get("client_id") or None
    client_id = idempotency.scoped(idempotency.caller_of(request.user), sent[:128]) if sent else None
    if client_id and (done := Incident.objects.filter(client_id=client_id).first()):
        return redirect("emergency:incident", pk=done.pk)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        vitals = {k: d[k] for k in ("pr", "rr", "spo2", "sbp", "gcs") if d[k] is not None}
        data = {
            "kind": d["kind"],
            "place": d["place"].code if d["place"] else None,
            "lat": d["lat"],
            "lon": d["lon"],
            "location_text": d["location_text"],
            "patient_count": d["patient_count"],
            "reporter_name": d["reporter_name"],
            "reporter_phone": d["reporter_phone"],
            "boat_name": d["boat_name"],
            "notes": d["notes"],
            "sea_state": d["sea_state"],
            "patients": [
                {
                    "age": d["age"],
                    "sex": d["sex"],
                    "nationality": d["nationality"] or None,
                    "vitals": vitals,
                    "symptoms": d["symptoms"],
                }
            ],
        }
        try:
            # The same path as the API's reports: prepared (validated, triaged, planned) first,
            # then written with its audit entry in the intake's one transaction. A second submit
            # racing the first lands on the incident the first one made.
            written = intake_path.submit_report(
                request, reports.prepare_incident(data), request.user, "dispatcher", client_id,
                key=sent, body=data,
            )  # fmt: skip
        except ApiError as exc:
            for field, msg in exc.fields.items():
                name = field.rsplit(".", 1)[-1]
                form.add_error(name if name in form.fields else None, msg)
            if not exc.fields:
                form.add_error(None, exc.detail)
        else:
            return redirect("emergency:incident", pk=written.incident.pk)
    return render(request, "emergency/intake.html", {"form": form})


# ---- phone pages ---------------------------------------------------------------------


@role_required(*access.REPORTERS)
def mobile_report(request):
    groups: dict[str, list[dict]] = {}
    for p in _sites():
        groups.setdefault(str(p.get_kind_display()), []).append(
            {"code": p.code, "name": p.name_en, "th": p.name_th}
        )
    return render(
        request, "emergency/report.html", {"site_groups": groups.items(), "kinds": IncidentKind.choices}
    )


@role_required(roles.RESCUE_CREW, roles.DISPATCHER)
def crew(request):
    """The crew's phone: each incident of their units at its current step, with only the next valid
    steps to press (emergency/steps.py); steps and positions go through the phone's outbox."""
    units = fleet.crewed_by(request.user)
    ids = access.crew_incident_ids(request.user)
    incidents = (
        Incident.objects.filter(pk__in=ids)
        .exclude(status="closed")
        .select_related("place")
        .prefetch_related("events", "plans")
    )
    # The cards are the unit's incidents (kind, triage, place): a read of each, in one entry.
    record_list(request, "emergency.incident", [i.pk for i in incidents], "crew page")
    cards = []
    for incident in incidents:
        events = sorted(incident.events.all(), key=lambda e: (e.at, e.pk))
        current = steps.current_step(e.kind for e in events)
        plan = services.current_plan(incident)
        boat_leg = plan is None or plan.pier_id is not None
        cards.append(
            {
                "incident": incident,
                "current": current,
                "current_label": label(EventKind, current),
                "since": next((e.at for e in reversed(events) if e.kind == current), None),
                "next": [(k, label(EventKind, k)) for k in steps.next_steps(current, boat_leg=boat_leg)],
                "boat_leg": boat_leg,
            }
        )
    flow = {
        "order": list(steps.ORDER),
        "next": {k: list(v) for k, v in steps.NEXT_STEPS.items()},
        "boat": sorted(steps.BOAT_STEPS),
        "labels": {k: str(v) for k, v in EventKind.choices},
    }
    return render(request, "emergency/crew.html", {"units": units, "cards": cards, "flow": flow})


@role_required(roles.HOSPITAL_STAFF)
def hospital(request):
    qs = PreArrivalNotice.objects.select_related("incident", "hospital")
    if not request.user.has_role(roles.ADMIN):
        qs = qs.filter(hospital_id=request.user.facility_id)
    rows = list(qs[:50])
    record_list(request, "emergency.prearrivalnotice", [n.pk for n in rows], "hospital pre-arrival page")
    lang = get_language() or "en"
    notices = [(n, handover(n.summary, lang)) for n in rows]
    # The notice names its unit in English (summary "unit"; "unit_th" since Thai names were kept).
    thai_units = {r.name: r.name_th for r in fleet.units() if r.name_th} if lang.startswith("th") else {}
    for n, h in notices:
        unit = n.summary.get("unit") or ""
        h["unit"] = (n.summary.get("unit_th") or thai_units.get(unit) or unit) if thai_units else unit
    return render(request, "emergency/hospital.html", {"notices": notices, "facility": request.user.facility})


@require_POST
@role_required(roles.HOSPITAL_STAFF)
def hospital_ack(request, pk: int):
    notice = get_object_or_404(PreArrivalNotice, pk=pk)
    if not (request.user.has_role(roles.ADMIN) or notice.hospital_id == request.user.facility_id):
        raise Http404("notice")  # another hospital's notice
    services.acknowledge_notice(Actor.of(request), notice)
    return redirect("emergency:hospital")


# ---- KPIs ----------------------------------------------------------------------------


def _kpi_args(request) -> tuple[int, str | None, str | None]:
    try:
        fy = parse_fiscal_year(request.GET.get("fy") or fiscal_year(timezone.localdate()))
    except ThaiValueError as exc:
        raise Http404(exc.message) from None
    kind = request.GET.get("kind") or None
    if kind and kind not in IncidentKind.values:
        kind = None
    place = request.GET.get("place") or None
    return fy, kind, place


@role_required(roles.DISPATCHER, roles.HEALTH_OFFICER, roles.VIEWER)
def kpi_page(request):
    fy, kind, place = _kpi_args(request)
    data = kpis.indicators(fy, kind=kind, place=place)
    years = [be_year(y) for y in range(2018, fiscal_year(timezone.localdate()) + 1)]
    return render(
        request,
        "emergency/kpis.html",
        {
            "k": data,
            "years": years,
            "kinds": IncidentKind.choices,
            "sites": _sites(),
            "query": request.GET.urlencode(),
        },
    )


def _kpi_rows(data: dict) -> list[list]:
    rows = [
        ["indicator", "value"],
        ["fiscal_year_be", data["fy_be"]],
        ["incidents", data["incidents"]],
        ["patients", data["patients"]],
        ["triage_1_2_patients", data["triage_1_2"]["patients"]],
        ["triage_1_2_reached_definitive_care", data["triage_1_2"]["reached_definitive_care"]],
        ["triage_1_2_access_pct", data["triage_1_2"]["share_pct"]],
        ["call_to_hospital_median_min", data["call_to_hospital"]["median_min"]],
        ["call_to_hospital_p90_min", data["call_to_hospital"]["p90_min"]],
        ["within_80_min_pct", data["call_to_hospital"]["within_target_pct"]],
        ["deaths", data["deaths"]],
        ["mortality_per_1000", data["mortality_per_1000"]],
        ["mortality_change_pct_vs_previous_fy", data["mortality_change_pct"]],
    ]
    rows += [[f"kind:{k}", v] for k, v in data["by_kind"].items()]
    rows += [[f"month:{m['month']}", m["incidents"]] for m in data["by_month"]]
    rows += [[f"site:{s['code']}", s["incidents"]] for s in data["by_site"]]
    return rows


@role_required(roles.DISPATCHER, roles.HEALTH_OFFICER, roles.VIEWER)
def kpi_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404(fmt)
    fy, kind, place = _kpi_args(request)
    data = kpis.indicators(fy, kind=kind, place=place)
    rows = _kpi_rows(data)
    name = f"emergency-kpis-fy{data['fy_be']}" + (f"-{kind}" if kind else "") + (f"-{place}" if place else "")
    if fmt == "csv":
        buf = io.StringIO()
        exports.csv_writer(buf).writerows(rows)
        response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = f"FY{data['fy_be']}"
        for row in rows:
            exports.append(ws, row)
        ws.column_dimensions["A"].width = 40
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(
            buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        fmt = "xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# ---- the regional centre link --------------------------------------------------------


@role_required(roles.DISPATCHER)
def outbox(request):
    """The incident snapshots still waiting for the regional command centre, and how many went.
    (/emergency/registry/outbox: beside the prevention registries in the nav, where it always was.)"""
    ctx = {
        "rows": OutboxMessage.objects.exclude(status="sent").order_by("created_at")[:200],
        "sent": OutboxMessage.objects.filter(status="sent").count(),
    }
    return render(request, "emergency/outbox.html", ctx)
