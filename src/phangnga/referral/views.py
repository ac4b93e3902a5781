"""Referral pages: list, new-referral form, detail with map and live clock, receiving queue,
follow-ups, fuel fund, dialysis and savings. Views call services; every read is audited."""

from __future__ import annotations

import hashlib
import uuid

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phangnga.core import roles
from phangnga.core.audit import Actor, record, record_list
from phangnga.core.decorators import role_required
from phangnga.core.errors import ApiError
from phangnga.core.idempotency import create_once
from phangnga.core.templatetags.local_names import pick_name
from phangnga.core.thai import ThaiValueError, fiscal_year, fiscal_year_label, parse_fiscal_year
from phangnga.fleet import registry
from phangnga.fleet.models import Holder
from phangnga.geo.itinerary_words import describe
from phangnga.geo.places import local_names

from . import access, fund, kpis, services, workflow
from .forms import ContributionForm, ReasonForm, ReferralForm
from .models import FollowUpTask, FuelTrip, Referral
from .serializers import referral_out

CLINICAL = access.CLINICAL_ROLES
OPEN_STATES = [s for s in workflow.STATES if s not in workflow.FINAL]
FIELD_MAP = {
    "origin_id": "origin",
    "patient.cid": "cid",
    "patient.passport": "passport",
    "patient.name": "name",
    "patient.birth_date": "birth_date",
    "patient.scheme": "scheme",
    "patient.sex": "sex",
}


@role_required(*CLINICAL, roles.HEALTH_OFFICER, roles.VIEWER)
def home(request):
    if not request.user.has_role(*CLINICAL):
        # Health officers and KPI readers see the province's figures (80-minute compliance, savings,
        # fuel fund), not the facility's patient lists.
        return redirect("referral:savings")
    qs = access.visible_referrals(request.user)
    open_refs = list(qs.filter(state__in=OPEN_STATES)[:50])
    recent = list(qs.exclude(state__in=OPEN_STATES)[:20])
    record_list(request, "referral.referral", [r.id for r in open_refs + recent], "referral home page")
    tasks = FollowUpTask.objects.filter(done_at=None)
    if not access.is_admin(request.user):
        tasks = tasks.filter(facility_id=request.user.facility_id)
    return render(
        request, "referral/home.html", {"open_refs": open_refs, "recent": recent, "open_tasks": tasks.count()}
    )


@role_required(*CLINICAL)
def new(request):
    form = ReferralForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.payload()

        def create():
            return services.create_referral(Actor.of(request), data)

        try:
            referral, _created = create_once(
                "referral",
                data["client_id"],
                create,
                lambda pk: Referral.objects.get(pk=pk),
                request=request,
                body=data,
                visible=lambda r: access.visible_referrals(request.user).filter(pk=r.pk).exists(),
            )
        except ApiError as exc:
            for field, message in (exc.fields or {"__all__": exc.detail}).items():
                form.add_error(FIELD_MAP.get(field, field if field in form.fields else None), message)
        else:
            return redirect("referral:detail", referral_id=referral.id)
    return render(request, "referral/new.html", {"form": form})


def _visible_or_404(request, referral_id: int) -> Referral:
    referral = access.visible_referrals(request.user).filter(pk=referral_id).first()
    if referral is None:
        raise Http404("referral")
    return referral


@role_required(*CLINICAL)
def detail(request, referral_id: int):
    referral = _visible_or_404(request, referral_id)
    record(request, "read", referral)
    return render(request, "referral/detail.html", _detail_context(request, referral))


@role_required(*CLINICAL)
def live(request, referral_id: int):
    """The page's live part (state, clock, units, buttons; history out of band), polled every
    5 s. Unchanged since the version the page holds (`?v=`, or an ETag in If-None-Match):
    204/304 with no body, so a weak mobile signal carries almost nothing and nothing is read
    (nor audited) until something changes."""
    referral = _visible_or_404(request, referral_id)
    version = live_version(referral)
    etag = f'"{version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    elif request.GET.get("v") == version:
        response = HttpResponse(status=204)
    else:
        record(request, "read", referral, summary=f"live update of referral {referral.id}")
        response = render(request, "referral/_live.html", {**_detail_context(request, referral), "oob": True})
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def live_version(referral: Referral) -> str:
    """Changes whenever anything the live part shows changes (a new event, units, fuel, tasks)."""
    last_event = referral.events.order_by("-id").values_list("id", flat=True).first()
    parts = (
        referral.state,
        referral.destination_id,
        referral.breach,
        referral.predicted_min,
        last_event,
        [(h.id, h.released_at) for h in registry.holds_of(Holder.REFERRAL, referral.pk)],
        list(FuelTrip.objects.filter(referral=referral).values_list("id", "status")),
        list(referral.tasks.values_list("id", "done_at")),
    )
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def _detail_context(request, referral: Referral) -> dict:
    sides = access.side(request.user, referral)
    actions = [s for s in workflow.allowed_next(referral.state) if workflow.actor_side(s) in sides]
    body = referral_out(referral)
    _unit_names_th(body["plan"])
    return {
        "r": referral,
        "body": body,
        "version": live_version(referral),
        "clock": services.live_clock(referral),
        "actions": actions,
        "reason_form": ReasonForm(),
        "event_token": _page_token(),
        "tasks": referral.tasks.all(),
        "fuel_trip": FuelTrip.objects.filter(referral=referral).first(),
        "can_claim_fuel": referral.state in (workflow.ARRIVED, workflow.HANDED_OVER, workflow.COMPLETED),
        "why": _localised_why(body["plan"].get("why_facts")),
        "plan_words": _plan_words(referral, body["plan"]),
        "map_data": {
            "plan": body["plan"],
            "chain": body["chain"],
            "origin": body["origin"],
            "destination": body["destination"],
        },
    }


def _unit_names_th(plan: dict) -> None:
    """The plan's units (stored by code and English name) get their Thai names, for Thai pages."""
    units = [
        plan.get("unit"),
        plan.get("ambulance"),
        *((plan.get("availability") or {}).get("unavailable") or []),
    ]
    units = [u for u in units if isinstance(u, dict) and u.get("code")]
    if not units:
        return
    names = registry.thai_names(u["code"] for u in units)
    for u in units:
        u.setdefault("name_th", names.get(u["code"]) or "")


def _plan_words(referral: Referral, plan: dict) -> dict | None:
    """The route as the nurse says it: who comes, when the patient is where (Thai or English)."""
    if not plan.get("legs"):
        return None
    lang = (get_language() or "th")[:2]
    replanned = referral.events.filter(kind="replanned").order_by("-at").values_list("at", flat=True).first()
    dest = referral.destination
    return describe(
        plan["legs"],
        start=replanned or referral.requested_at,  # the plan's minute 0: when it was made
        lang=lang,
        unit=pick_name(plan.get("unit") or {}, lang == "th") if plan.get("unit") else "",
        ambulance=pick_name(plan.get("ambulance") or {}, lang == "th") if plan.get("ambulance") else "",
        destination=(
            dest.name_th
            if lang == "th" and dest and dest.name_th
            else (plan.get("destination") or {}).get("name", "")
        ),
        names=local_names(lang),
    ).as_dict()


def _localised_why(facts: dict | None) -> dict | None:
    """The planner's reasons with facility names in the reader's language."""
    if not facts or not (get_language() or "").startswith("th"):
        return facts
    out = {
        **facts,
        "destination": {"name": facts["destination"].get("name_th") or facts["destination"]["name"]},
    }
    if facts.get("runner"):
        out["runner"] = {**facts["runner"], "name": facts["runner"].get("name_th") or facts["runner"]["name"]}
    if facts.get("chain"):
        out["chain"] = {**facts["chain"], "names": facts["chain"].get("names_th") or facts["chain"]["names"]}
    return out


def _page_token() -> str:
    """One token per rendered page; each event button sends `<token>-<state>` as its
    Idempotency-Key, so a double click or a resubmitted form takes the step once."""
    return f"page-{uuid.uuid4().hex}"


def _after_event(request, referral_id: int, state: str):
    if state == workflow.DECLINED:
        messages.info(request, _("Declined. The referral was sent to the next best destination."))
        return redirect("referral:queue")
    return redirect("referral:detail", referral_id=referral_id)


@require_POST
@role_required(*CLINICAL)
def event(request, referral_id: int):
    state = request.POST.get("state", "")
    key = (request.POST.get("idem") or "").strip()[:128] or None
    done = services.recorded_event(key, request.user) if key else None
    if (
        done is not None
        and done.referral_id == referral_id
        and done.kind == state
        and done.by_id == request.user.id
    ):
        # The second click of a step this user just took (after a decline the referral is no
        # longer theirs to see): the same answer as the first, nothing changes.
        return _after_event(request, referral_id, state)
    referral = _visible_or_404(request, referral_id)
    try:
        services.post_event(
            Actor.of(request),
            referral,
            state,
            key=key,
            note=request.POST.get("note", ""),
            reason=request.POST.get("reason", ""),
            sides=access.side(request.user, referral),
        )
    except ApiError as exc:
        if "reason" in exc.fields:
            messages.error(request, _("A reason is required."))
        elif exc.code == "invalid_transition":
            messages.error(
                request,
                _("This step is no longer possible: the referral is %(state)s.")
                % {"state": referral.get_state_display()},
            )
        else:
            messages.error(request, exc.detail)
        return redirect("referral:detail", referral_id=referral.id)
    return _after_event(request, referral_id, state)


@role_required(*CLINICAL)
def queue(request):
    """The receiving hospital's queue: incoming referrals to accept or decline."""
    facility = request.user.facility
    qs = access.visible_referrals(request.user).filter(state__in=OPEN_STATES)
    if facility is not None:
        qs = qs.filter(destination=facility)
    items = list(qs.order_by("triage", "requested_at")[:100])
    record_list(request, "referral.referral", [r.id for r in items], "receiving queue")
    return render(
        request,
        "referral/queue.html",
        {"items": items, "facility": facility, "reason_form": ReasonForm(), "event_token": _page_token()},
    )


@role_required(*CLINICAL)
def follow_up(request):
    """Continuity at the origin facility: back-referrals and home visits after discharge."""
    qs = FollowUpTask.objects.select_related("referral__patient", "referral__destination")
    if not access.is_admin(request.user):
        qs = qs.filter(facility_id=request.user.facility_id)
    open_tasks = list(qs.filter(done_at=None).order_by("due")[:100])
    done = list(qs.exclude(done_at=None).order_by("-done_at")[:20])
    record_list(request, "referral.followuptask", [t.id for t in open_tasks + done], "follow-up page")
    return render(
        request,
        "referral/follow_up.html",
        {"open_tasks": open_tasks, "done": done, "today": timezone.localdate()},
    )


@require_POST
@role_required(*CLINICAL)
def task_done(request, task_id: int):
    task = get_object_or_404(FollowUpTask, pk=task_id)
    if not access.is_admin(request.user) and task.facility_id != request.user.facility_id:
        raise Http404("task")
    services.complete_task(Actor.of(request), task, request.POST.get("note", ""))
    return redirect("referral:follow_up")


def fy_label(fy: int) -> str:
    return fiscal_year_label(fy, "th" if (get_language() or "th").startswith("th") else "en")


def _fy_param(request) -> int:
    try:
        return parse_fiscal_year(request.GET.get("fy") or fiscal_year(timezone.localdate()))
    except ThaiValueError:
        return fiscal_year(timezone.localdate())


@role_required(roles.HEALTH_OFFICER, roles.REFERRAL_NURSE, roles.HOSPITAL_STAFF, roles.VIEWER)
def fuel(request):
    fy = _fy_param(request)
    form = ContributionForm(request.POST or None, initial={"date": timezone.localdate()})
    can_edit = request.user.has_role(roles.HEALTH_OFFICER, roles.REFERRAL_NURSE)
    if request.method == "POST" and can_edit and form.is_valid():
        d = form.cleaned_data
        fund.contribute(Actor.of(request), d["date"], d["contributor"], d["amount"])
        messages.success(request, _("Contribution recorded."))
        return redirect(f"{request.path}?fy={fy}")
    statement = fund.fiscal_year_statement(fy)
    proposed = FuelTrip.objects.filter(status=FuelTrip.PROPOSED).order_by("date")
    if not request.user.has_role(roles.HEALTH_OFFICER):  # the fund's officer approves any trip
        # a nurse sees the trips of her own facility's referrals (and trips without one)
        visible = access.visible_referrals(request.user).values("pk")
        proposed = proposed.filter(Q(referral__isnull=True) | Q(referral__in=visible))
    proposed = proposed[:50]
    return render(
        request,
        "referral/fuel.html",
        {
            "fy": fy,
            "fy_label": fy_label(fy),
            "statement": statement,
            "form": form,
            "can_edit": can_edit,
            "can_approve": request.user.has_role(roles.HEALTH_OFFICER),
            "proposed": proposed,
            "balance": fund.balance(),
            "years": range(fiscal_year(timezone.localdate()), 2017, -1),
        },
    )


@require_POST
@role_required(*CLINICAL)
def fuel_propose(request, referral_id: int):
    """Propose the fuel of this referral's boat trip to the fund (sea km there and back x L/km x price)."""
    referral = _visible_or_404(request, referral_id)
    try:
        fund.propose_from_referral(Actor.of(request), referral)
    except ApiError:
        messages.error(request, _("This referral's route has no boat leg: no fuel to claim."))
    else:
        messages.success(request, _("Fuel trip proposed to the fund."))
    return redirect("referral:detail", referral_id=referral.id)


@require_POST
@role_required(roles.HEALTH_OFFICER)
def fuel_approve(request, trip_id: int):
    trip = get_object_or_404(FuelTrip, pk=trip_id)
    try:
        fund.approve(Actor.of(request), trip, allow_overdraft=request.POST.get("allow_overdraft") == "1")
    except ApiError:
        messages.error(
            request, _("The fund would go below zero: tick the overdraft approval to pay it anyway.")
        )
    return redirect("referral:fuel")


@role_required(roles.HEALTH_OFFICER, roles.REFERRAL_NURSE, roles.HOSPITAL_STAFF, roles.VIEWER)
def savings(request):
    this_fy = fiscal_year(timezone.localdate())
    rows = []
    for fy in range(2018, this_fy + 1):
        s, c = kpis.savings(fy), kpis.compliance(fy)
        if s["referrals"] or s["dialysis_savings"]:
            rows.append(
                {
                    "label": fy_label(fy),
                    "fy": fy,
                    **s,
                    "within_pct": c["within_pct"],
                    "timed": c["timed"],
                }
            )
    fy = _fy_param(request)
    return render(
        request,
        "referral/savings.html",
        {"rows": rows, "compliance": kpis.compliance(fy), "fy": fy, "fy_label": fy_label(fy)},
    )
