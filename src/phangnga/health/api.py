"""Health API: eGFR, CKD registry batches, the CKD indicator, queues and waiting times.

Everything except a patient's own queue status needs a health officer or clinic staff
(hospital_staff) account; every read of a patient record is written to the audit log.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from phangnga.core.audit import Actor, record, record_list
from phangnga.core.auth import require_role, token_or_session
from phangnga.core.errors import FieldError, error_body
from phangnga.core.idempotency import create_once, idempotency_key
from phangnga.core.thai import ThaiValueError, parse_fiscal_year, validate_national_id
from phangnga.core.validation import day, fiscal_year, number, text
from phangnga.geo.models import Place

from . import access, analytics, ckd_services, kpis, queue, schemas
from . import egfr as k
from .access import HEALTH_ROLES, check_facility
from .models import CkdPatient, ServicePoint, Visit

router = Router(tags=["health"])
MAX_BATCH = 50_000
Mode = Literal["all_or_nothing", "keep_good"]


def _user(request):
    return require_role(request, *HEALTH_ROLES)


# ---- eGFR ---------------------------------------------------------------------------------


class EgfrIn(Schema):
    # Wide bounds here (both units); the kernel refuses implausible values by unit (egfr.py cites them).
    # Above 0: the kernel refuses 0 (egfr.creatinine_mg_dl). The API takes the canonical
    # spellings only (the kernel also reads the aliases a spreadsheet import may carry).
    creatinine: Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)]
    unit: Literal["mg/dL", "umol/L"] = "mg/dL"
    age: number(0, 130)
    sex: Literal["M", "F"]
    equation: Literal["2021", "2009"] = "2021"


class EgfrOut(Schema):
    egfr: float
    g_stage: str
    equation: str
    creatinine_mg_dl: float


@router.post(
    "/egfr", response=EgfrOut, auth=token_or_session, summary="eGFR (CKD-EPI 2021 or 2009) and G stage"
)
def egfr_endpoint(request, payload: EgfrIn):
    _user(request)
    try:
        r = k.compute_egfr(payload.creatinine, payload.age, payload.sex, payload.unit, payload.equation)
    except k.EgfrInputError as exc:
        raise FieldError(exc.field, exc.message, exc.code) from None
    return {
        "egfr": r.egfr,
        "g_stage": r.g_stage,
        "equation": r.equation,
        "creatinine_mg_dl": r.creatinine_mg_dl,
    }


# ---- CKD registry batches -----------------------------------------------------------------


class BatchQuery(Schema):
    mode: Mode = "all_or_nothing"


def _batch_response(report, what: str):
    body = report.as_dict()
    if report.rejected and (report.mode == "all_or_nothing" or report.created == 0):
        fields = {f"{e['index']}.{e['field']}": e["message"] for e in report.rejected}
        detail = f"{report.rejected_rows} of {report.received} {what} rejected; " + (
            "nothing was saved" if report.mode == "all_or_nothing" else "no row was good"
        )
        return JsonResponse(error_body("validation_error", detail, fields) | body, status=422)
    return JsonResponse(body, status=201 if report.created else 200)


def _rows(payload: list[dict[str, Any]]) -> list[dict]:
    if len(payload) > MAX_BATCH:
        raise FieldError("__all__", f"at most {MAX_BATCH} rows per request")
    return [row if isinstance(row, dict) else {} for row in payload]


@router.post(
    "/ckd/patients",
    auth=token_or_session,
    response={200: schemas.BatchReport, 201: schemas.BatchReport},
    summary="Register CKD patients (JSON batch)",
)
def post_patients(request, payload: list[dict[str, Any]], q: Query[BatchQuery]):
    """Rows: `{cid, birth_date, sex, nationality, diagnoses: ["N183"]}`. Each failing row is
    reported by index and field; `mode=all_or_nothing` (default) saves nothing if any row
    fails, `mode=keep_good` saves the good rows. A CID already registered is a duplicate."""
    user = _user(request)
    access.require_ckd_keeper(user)
    report = ckd_services.register_batch(Actor.of(request, user), _rows(payload), q.mode, user.facility)
    return _batch_response(report, "patients")


@router.post(
    "/ckd/labs",
    auth=token_or_session,
    response={200: schemas.BatchReport, 201: schemas.BatchReport},
    summary="Add lab results (JSON batch)",
)
def post_labs(request, payload: list[dict[str, Any]], q: Query[BatchQuery]):
    """Rows: `{cid, date, creatinine, unit: "mg/dL"|"umol/L"}`, optionally `egfr`, `uacr`,
    `uacr_unit`. Same row reporting and modes as /ckd/patients; a second result of the same
    kind for the same patient and day is a duplicate."""
    user = _user(request)
    access.require_ckd_keeper(user)
    rows = _rows(payload)
    report = ckd_services.add_lab_batch(Actor.of(request, user), rows, q.mode, access.ckd_patients_for(user))
    return _batch_response(report, "lab rows")


def _patient(user, cid: str) -> CkdPatient:
    try:
        cid = validate_national_id(cid, "cid")
    except ThaiValueError as exc:
        raise FieldError("cid", exc.message) from None
    return access.ckd_patient_for(user, cid)


class TrajectoryQuery(Schema):
    method: Literal["endpoint", "least_squares"] = "least_squares"
    equation: Literal["2021", "2009"] = "2021"


@router.get(
    "/ckd/patients/{cid}",
    auth=token_or_session,
    response=schemas.CkdPatientOut,
    summary="One patient: results, slope, follow-up",
)
def get_patient(request, cid: str, q: Query[TrajectoryQuery]):
    p = _patient(_user(request), cid)
    record(request, "read", p)
    t = ckd_services.trajectory(p, q.method, q.equation)
    return {
        "cid": p.cid, "birth_date": p.birth_date, "sex": p.sex, "nationality": p.nationality,
        "diagnoses": list(p.diagnoses.values_list("code", flat=True)),
        "labs": list(p.labs.order_by("date", "kind").values("date", "kind", "value", "unit")),
        "egfr": [{"date": d, "egfr": round(v, 2), "from": how} for d, v, how in t.points],
        "method": t.method, "decline_per_year": t.decline_per_year, "rapid_decline": t.rapid,
        "g_stage": t.stage, "a_stage": t.a_stage, "next_due": t.next_due, "overdue": t.overdue,
    }  # fmt: skip


# ---- the indicator ------------------------------------------------------------------------


class KpiQuery(Schema):
    fy: fiscal_year()
    method: Literal["endpoint", "least_squares"] = "endpoint"
    equation: Literal["2021", "2009"] = "2021"
    list: Literal["numerator", "denominator", "excluded", "all"] | None = None


@router.get(
    "/ckd/kpi",
    auth=token_or_session,
    response=schemas.CkdIndicator,
    summary="MOPH CKD indicator for a fiscal year (BE or CE)",
)
def get_kpi(request, q: Query[KpiQuery]):
    """`{numerator, denominator, percent, threshold}`; `list=` adds the patients behind a
    figure (the drill-down), which is an audited read of each of them."""
    user = _user(request)
    try:
        fy_ce = parse_fiscal_year(q.fy)
    except ThaiValueError as exc:
        raise FieldError("fy", exc.message, exc.code) from None
    kr = ckd_services.indicator(fy_ce, q.method, q.equation, include_rows=q.list is not None)
    r = kr.result
    body: dict[str, Any] = {
        "fy_ce": r.fiscal_year_ce, "fy_be": r.fiscal_year_be,
        "window": [r.window_start, r.window_end],
        "numerator": r.numerator, "denominator": r.denominator,
        "percent": None if not r.denominator else round(100.0 * r.numerator / r.denominator, 2),
        "threshold": r.threshold, "method": r.method, "target_percent": r.target_percent,
        "exclusions": r.exclusions,
    }  # fmt: skip
    if q.list:
        visible = access.ckd_visible_ids(user)
        rows = [row for row in r.rows if _in_list(row, q.list) and (visible is None or row.cid in visible)]
        body["patients"] = [
            {"cid": kr.cids.get(row.cid), "first_date": row.first_date, "first_egfr": row.first_egfr,
             "last_date": row.last_date, "last_egfr": row.last_egfr, "n_results": row.n_results,
             "decline_per_year": row.decline_per_year, "in_denominator": row.in_denominator,
             "in_numerator": row.in_numerator, "reason": row.reason}
            for row in rows
        ]  # fmt: skip
        # The patients by primary key, as a single read names them (their str() masks the CID).
        record_list(request, "health.ckdpatient", [row.cid for row in rows],
                    f"CKD indicator FY{r.fiscal_year_be} {q.list}")  # fmt: skip
    return body


def _in_list(row, which: str) -> bool:
    return {
        "numerator": row.in_numerator,
        "denominator": row.in_denominator,
        "excluded": not row.in_denominator,
        "all": True,
    }[which]


@router.get(
    "/ckd/overdue",
    auth=token_or_session,
    response=list[schemas.OverdueRow],
    summary="Stage 3-4 patients overdue for their eGFR check",
)
def get_overdue(request):
    visible = access.ckd_visible_ids(_user(request))
    rows = [r for r in ckd_services.follow_up_list() if visible is None or r.patient_id in visible]
    record_list(request, "health.ckdpatient", [r.patient_id for r in rows], "overdue list")
    return [r.__dict__ for r in rows]


@router.get("/kpis", auth=token_or_session, summary="Health figures for the dashboard")
def get_kpis(request, fy: fiscal_year()):
    _user(request)
    try:
        return kpis.indicators(parse_fiscal_year(fy))
    except ThaiValueError as exc:
        raise FieldError("fy", exc.message, exc.code) from None


# ---- queues -------------------------------------------------------------------------------


class TicketIn(Schema):
    extra: list[Literal["lab", "xray"]] = []
    client_id: text(128) | None = None  # core.IdempotencyKey.key holds 128


class TicketOut(Schema):
    number: int
    day: date
    token: str
    route: list[str]
    facility: str
    status_url: str


def _visit_out(v: Visit) -> dict:
    return {"number": v.number, "day": v.day, "token": v.token, "route": v.route,
            "facility": v.facility.code, "status_url": f"/health/q/{v.token}"}  # fmt: skip


@router.post(
    "/queue/{facility}/tickets",
    auth=token_or_session,
    response={200: TicketOut, 201: TicketOut},
    summary="Issue a queue ticket",
)
def post_ticket(request, facility: str, payload: TicketIn):
    """Send an `Idempotency-Key` header (or client_id): a retry returns the same ticket."""
    user = _user(request)
    place = get_object_or_404(Place, code=facility)
    check_facility(user, place)
    queue.ensure_points(place)
    key = idempotency_key(request, payload.client_id)
    visit, created = create_once(
        f"health.ticket.{place.code}", key,
        lambda: queue.issue_ticket(place, extra=list(payload.extra)),
        lambda pk: Visit.objects.get(pk=pk),
        request=request, user=user, body=payload.dict(exclude={"client_id"}),
    )  # fmt: skip
    return 201 if created else 200, _visit_out(visit)


@router.post(
    "/queue/points/{point_id}/next",
    auth=token_or_session,
    response=schemas.Called,
    summary="Call the next patient to a point",
)
def post_next(request, point_id: int):
    user = _user(request)
    point = get_object_or_404(ServicePoint.objects.select_related("facility"), pk=point_id)
    check_facility(user, point.facility)
    step = queue.call_next(point)
    if step is None:
        return {"called": None, "waiting": 0}
    return {"called": step.visit.number, "point": point.name, "kind": step.kind,
            "waiting": queue.waiting_steps(point.facility, point.kind).count()}  # fmt: skip


@router.get(
    "/queue/status/{token}",
    auth=None,
    response=schemas.TicketStatus,
    summary="A ticket's status (public: no personal data)",
)
def get_status(request, token: str):
    visit = get_object_or_404(Visit.objects.select_related("facility"), token=token)
    st = queue.status(visit)
    return {"number": visit.number, "facility": visit.facility.code, "state": st.state,
            "step": st.step.kind if st.step else None, "ahead": st.ahead,
            "expected_wait_min": st.expected_wait_min,
            "point": st.step.point.name if st.step and st.step.point else None}  # fmt: skip


@router.get(
    "/queue/{facility}/now-serving",
    auth=None,
    response=list[schemas.NowServing],
    summary="Numbers now served (public, for displays)",
)
def get_now_serving(request, facility: str):
    place = get_object_or_404(Place, code=facility)
    return queue.now_serving(place)


class WaitingQuery(Schema):
    facility: text(64) | None = None
    start: day(days_ahead=366) | None = None
    end: day(days_ahead=366) | None = None


@router.get(
    "/waiting",
    auth=token_or_session,
    response=list[schemas.WaitingRow],
    summary="Median and p90 waiting times by facility and month",
)
def get_waiting(request, q: Query[WaitingQuery]):
    _user(request)
    place = None
    if q.facility:
        place = Place.objects.filter(code=q.facility).first()
        if place is None:
            raise FieldError("facility", f"unknown facility {q.facility!r}")
    return analytics.summary(place, q.start, q.end)


class CompareQuery(Schema):
    before_start: day(days_ahead=366)
    before_end: day(days_ahead=366)
    after_start: day(days_ahead=366)
    after_end: day(days_ahead=366)
    facility: text(64) | None = None


@router.get(
    "/waiting/compare",
    auth=token_or_session,
    response=schemas.Comparison,
    summary="Before/after comparison of two periods",
)
def get_compare(request, q: Query[CompareQuery]):
    _user(request)
    for a, b in (("before_start", "before_end"), ("after_start", "after_end")):
        if getattr(q, b) < getattr(q, a):
            raise FieldError(b, f"must not be before {a}")
    place = Place.objects.filter(code=q.facility).first() if q.facility else None
    if q.facility and place is None:
        raise FieldError("facility", f"unknown facility {q.facility!r}")
    return analytics.before_after((q.before_start, q.before_end), (q.after_start, q.after_end), place)
