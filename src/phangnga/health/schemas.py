"""Output schemas of the health API: queues, waiting times, the CKD registry and indicator, key
for key as `api.py`, `queue.py`, `waiting.py` and `ckd_registry.py` return them (core/schemas.py:
a key left out here would vanish). EgfrOut and TicketOut stay in api.py beside their inputs."""

from __future__ import annotations

from datetime import date

from pydantic import Field, create_model

from phangnga.core.schemas import FreeForm, Label, Num, OutSchema, Sparse


class Called(Sparse):
    """POST /queue/points/{id}/next: the number called, or `called: null` when nobody waits."""

    called: int | None
    point: str | None = None
    kind: str | None = None
    waiting: int


class TicketStatus(OutSchema):
    """A ticket's status for the patient's phone (no personal data)."""

    number: int
    facility: str
    state: str
    step: str | None
    ahead: int
    expected_wait_min: Num | None
    point: str | None


class Serving(OutSchema):
    number: int
    point: str


class NowServing(OutSchema):
    """queue.now_serving: one step kind on the waiting room's display."""

    kind: str
    label: Label
    serving: list[Serving]
    waiting: int


class Stats(OutSchema):
    n: int
    median: Num | None = Field(description="Minutes")
    p90: Num | None = Field(description="Minutes")


class StepStats(OutSchema):
    wait: Stats
    service: Stats


class WaitingRow(OutSchema):
    """waiting.summarise: one facility (and month) of waiting and service times."""

    facility: str
    month: str | None = Field(description="YYYY-MM, null when not by month")
    visits: int
    total: Stats
    steps: dict[str, StepStats] = Field(description="Step kind -> its waiting and service times")


class Change(OutSchema):
    before: Stats
    after: Stats
    median_change_percent: Num | None


class Comparison(OutSchema):
    """analytics.before_after: two periods compared, by facility and overall."""

    facilities: dict[str, Change]
    overall: Change
    before_period: list[str] = Field(description="[start, end] as ISO dates")
    after_period: list[str]


class BatchReport(OutSchema):
    """ckd_registry's report of a JSON batch of patients or lab rows."""

    mode: str = Field(description="all_or_nothing or keep_good")
    received: int
    created: int
    rejected_rows: int
    errors: list[FreeForm] = Field(description="The refused rows: {index, field, message}")


class LabOut(OutSchema):
    date: date
    kind: str
    value: Num
    unit: str


# "from" is a Python word: made with create_model so that the field is named "from".
EgfrPoint = create_model(
    "EgfrPoint",
    __base__=OutSchema,
    __doc__="One eGFR value of the trajectory and where it came from",
    date=(date, ...),
    egfr=(Num, ...),
    **{"from": (str, Field(description="creatinine (computed) or egfr (reported)"))},
)


class CkdPatientOut(OutSchema):
    """GET /ckd/patients/{cid}: results, eGFR trajectory and follow-up."""

    cid: str
    birth_date: date
    sex: str
    nationality: str
    diagnoses: list[str] = Field(description="ICD-10 codes")
    labs: list[LabOut]
    egfr: list[EgfrPoint]  # type: ignore[valid-type]
    method: str
    decline_per_year: Num | None
    rapid_decline: bool | None
    g_stage: str | None
    a_stage: str | None
    next_due: date | None
    overdue: bool


class IndicatorPatient(OutSchema):
    cid: str | None
    first_date: date | None
    first_egfr: Num | None
    last_date: date | None
    last_egfr: Num | None
    n_results: int
    decline_per_year: Num | None
    in_denominator: bool
    in_numerator: bool
    reason: str | None


class CkdIndicator(Sparse):
    """GET /ckd/kpi: the MOPH CKD indicator; `patients` only with `list=`."""

    fy_ce: int
    fy_be: int
    window: list[date] = Field(description="[start, end] of the fiscal year")
    numerator: int
    denominator: int
    percent: Num | None
    threshold: Num
    method: str
    target_percent: Num | None
    exclusions: dict[str, int]
    patients: list[IndicatorPatient] | None = None


class OverdueRow(OutSchema):
    patient_id: int
    cid: str
    last_date: date
    last_egfr: Num
    stage: str
    next_due: date
    days_overdue: int
