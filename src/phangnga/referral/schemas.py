"""Output schemas of the referral API: what `serializers.referral_out` and the fund, dialysis and
task routes of `api.py` return, key for key (core/schemas.py: a key left out here would vanish)."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import Field, create_model

from phangnga.core.schemas import Day, FreeForm, Moment, Money, Num, OutSchema
from phangnga.core.validation import EARLIEST_BIRTH, column, day

from .models import Patient


class PlaceRef(OutSchema):
    id: int
    code: str
    name_en: str
    name_th: str
    lat: float
    lon: float


class PatientRef(OutSchema):
    id: int
    cid: str | None
    passport: str | None
    name: str
    birth_date: Day
    sex: str
    scheme: str


class ReferralEvent(OutSchema):
    kind: str
    at: Moment
    by: str | None
    note: str
    data: FreeForm = Field(
        description="What the step recorded (destination, ETA, boat, fuel trip...), by kind"
    )


class HeldUnit(OutSchema):
    role: str
    code: str
    name: str
    held_at: Moment
    released_at: Moment | None


class ReferralTask(OutSchema):
    id: int
    kind: str
    facility: str
    due: Day
    done_at: Moment | None
    note: str


class ReferralBrief(OutSchema):
    """serializers.referral_out(events=False): a referral as the list shows it."""

    id: int
    client_id: str | None
    state: str
    next_states: list[str]
    patient: PatientRef
    reported_patient: FreeForm | None = Field(
        description="Details sent with the request that differ from the patient's record"
    )
    origin: PlaceRef | None
    destination: PlaceRef | None
    icd10: str
    triage: int
    reason: str
    capability: str | None
    urgency: str
    sea_state: str
    plan: FreeForm = Field(
        description="The chosen plan as the planner stored it (boat, unit, legs, ETA, why, alternatives; "
        "free-form on purpose: the routing kernel's itinerary), with the referral's destination"
    )
    chain: FreeForm | None = Field(
        description="The administrative chain's plan the planner was compared with"
    )
    why_chosen: str
    routing_engine: str
    predicted_min: float | None
    door_to_door_min: float | None
    breach: bool
    breach_reason: str | None
    declined_by: list[str] = Field(description="Codes of the places that declined, in order")
    timestamps: dict[str, Moment | None] = Field(description="State -> when the referral reached it")


class ReferralOut(ReferralBrief):
    """serializers.referral_out: one referral with its history."""

    events: list[ReferralEvent]
    units: list[HeldUnit]
    tasks: list[ReferralTask]


class Clock(OutSchema):
    running: bool
    departed_at: Moment | None
    elapsed_min: float | None
    guarantee_min: int
    predicted_min: float | None
    over: bool


class ReferralDetail(ReferralOut):
    """GET /referrals/{id}: the referral and its live 80-minute clock."""

    clock: Clock


class ReferralList(OutSchema):
    items: list[ReferralBrief]


class Savings(OutSchema):
    fy: int
    fy_be: int
    referrals: int
    saving_per_case: int
    referral_savings: Num = Field(description="Baht: whole baht as an integer, else to the satang")
    dialysis_savings: Num
    total: Num


class ComplianceMonth(OutSchema):
    month: str = Field(description="YYYY-MM")
    timed: int
    within: int
    within_pct: float | None


class Compliance(OutSchema):
    fy: int
    fy_be: int
    guarantee_min: int
    timed: int
    within: int
    within_pct: float | None
    months: list[ComplianceMonth]


# "in" is a Python word: the totals are made with create_model so that the field is named "in".
StatementTotals = create_model(
    "StatementTotals",
    __base__=OutSchema,
    __doc__="A period's totals of the fuel fund (baht)",
    start=(Day, ...),
    end=(Day, ...),
    opening=(Money, ...),
    **{"in": (Money, Field(description="Money in during the period"))},
    out=(Money, Field(description="Money out during the period")),
    closing=(Money, ...),
)


class MonthStatement(StatementTotals):  # type: ignore[misc,valid-type]
    """The fuel fund's statement of a month."""

    lines: list[FreeForm] = Field(
        description="The ledger's entries of the period (date, text, in, out, balance)"
    )


class YearStatement(MonthStatement):
    """The fuel fund's statement of a fiscal year, with its twelve months."""

    months: list[StatementTotals]


# A year's statement when it has months, else a month's (tried in this order).
Statement = Annotated[YearStatement | MonthStatement, Field(union_mode="left_to_right")]


class Contribution(OutSchema):
    id: int
    date: Day
    contributor: str
    amount: Money
    balance: Money


class FuelTrip(OutSchema):
    id: int
    date: Day
    referral_id: int | None
    boat: str
    distance_km: Money
    litres: Money
    price_per_litre: Money
    cost: Money
    status: str
    overdraft_approved_by: int | None = Field(description="The user who approved going below zero")


class FuelTripPaid(FuelTrip):
    balance: Money


class Enrolment(OutSchema):
    id: int
    patient: FreeForm = Field(description="{id, name}")
    home_facility: str
    centre: str
    weekdays: list[int] = Field(description="0 = Monday")
    boat_fare: Money
    car_fare: Money
    enrolled_on: Day
    ends_on: Day | None
    session_time: str | None = Field(description="HH:MM")
    active: bool


class Rescheduled(OutSchema):
    enrolment: Enrolment
    changes: FreeForm
    removed: list[Day]
    added: list[Day]


class DialysisTrip(OutSchema):
    id: int
    date: Day
    weekday: int
    boat_fare_exempt: Money
    car_fare_exempt: Money
    attended: bool | None


class GeneratedTrips(OutSchema):
    enrolment: Enrolment
    trips: list[DialysisTrip]


class Attendance(OutSchema):
    id: int
    attended: bool | None


class TaskItem(OutSchema):
    id: int
    kind: str
    referral_id: int
    patient: str
    facility: str
    due: Day
    note: str
    done_at: Moment | None


class TaskList(OutSchema):
    items: list[TaskItem]


class TaskDone(OutSchema):
    id: int
    done_at: Moment


# ---- input shared by the referral and dialysis routes ----------------------------------------


class ReferralPatientIn(Schema):
    """Input: the patient of a referral or of a dialysis enrolment."""

    cid: column(Patient, "cid") | None = None
    passport: column(Patient, "passport") | None = None
    nationality: column(Patient, "nationality") | None = None
    name: column(Patient, "name")
    birth_date: day(EARLIEST_BIRTH, days_ahead=0)
    sex: column(Patient, "sex")
    scheme: column(Patient, "scheme")
