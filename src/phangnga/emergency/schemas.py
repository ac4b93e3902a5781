"""Output schemas of the incident API: what `serialize.py` and `board.py` return, key for key.

Each class lists the keys of one serializer function in its order (core/schemas.py explains why
a missing key would vanish from the JSON, and the strict mode of the tests that catches it)."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from phangnga.core.schemas import FreeForm, Label, Moment, Num, OutSchema, Sparse


class PlaceBrief(OutSchema):
    code: str
    name_en: str
    name_th: str
    lat: float
    lon: float


class PatientOut(OutSchema):
    """serialize.patient_dict."""

    seq: int
    age: float | None
    sex: str
    nationality: str
    vitals: FreeForm = Field(description="The vital signs as entered (name -> value)")
    symptoms: list[str]
    triage: int = Field(description="Triage level in force (1 most urgent)")
    computed_triage: int = Field(description="The level the triage kernel computed")
    triage_reasons: list[str]
    incomplete: bool
    missing: list[str]
    override_reason: str | None
    outcome: str | None
    disposition: str | None
    definitive_care_at: Moment | None


class EventOut(OutSchema):
    """serialize.event_dict: one step of the incident's timeline."""

    id: int
    kind: str
    label: Label
    at: Moment
    by: str | None
    resource: str | None = Field(description="The unit's code")
    place: str | None = Field(description="The place's code")
    lat: float | None
    lon: float | None
    note: str | None


class EventPosted(OutSchema):
    event: EventOut
    incident_status: str


class Intervals(OutSchema):
    """Minutes between the first occurrence of two timeline steps (null until both happened)."""

    call_to_dispatch: float | None
    dispatch_to_scene: float | None
    on_scene: float | None
    scene_to_hospital: float | None
    call_to_hospital: float | None
    call_to_handover: float | None


class PlanPlace(Sparse):
    model_config = ConfigDict(extra="allow")

    id: int | None = None
    code: str | None = None
    name_en: str | None = None
    name_th: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None
    capabilities: list[str] | None = None


class PlanUnit(Sparse):
    model_config = ConfigDict(extra="allow")

    code: str | None = None
    name: str | None = None
    name_th: str | None = None
    kind: str | None = None
    base_en: str | None = None
    base_th: str | None = None


class PlanOut(Sparse):
    """serialize.plan_dict: the plan's row and its body as the planner stored it.

    The body is JSON kept with the plan, so a plan made by an older version may lack keys (they
    are then absent, not null) and a newer planner may add some (passed through as they are)."""

    model_config = ConfigDict(extra="allow")

    id: int
    status: str = Field(description="proposed, accepted or superseded")
    changed: bool = Field(description="The recommendation changed since the last plan")
    destination: PlanPlace | None = None
    capability: str | None = None
    why: str | None = None
    resource: PlanUnit | None = None
    pier: PlanPlace | None = None
    ambulance: PlanUnit | None = None
    legs: list[FreeForm] | None = Field(
        None,
        description="The itinerary's legs as the routing kernel gives them (mode, from, to, minutes, geometry)",
    )
    elapsed_min: Num | None = None
    eta_min: Num | None = None
    target_min: Num | None = None
    meets_target: bool | None = None
    alternatives: list[FreeForm] | None = Field(None, description="Other units ranked by ETA")
    scene_on_land: bool | None = None
    routing: str | None = None
    warnings: list[str] | None = None
    no_unit: FreeForm | None = Field(
        None, description="Only when no unit can go: who could, and who else to call"
    )
    computed_at: Moment | None = None


class AssignedUnit(OutSchema):
    code: str
    name: str
    kind: str
    status: str
    released: bool


class IncidentOut(OutSchema):
    """serialize.incident_dict: one incident with its patients, timeline, plan and units."""

    id: int
    kind: str
    status: str
    priority: int | None = Field(description="The most urgent patient's triage level (null: not triaged)")
    lat: float
    lon: float
    place: PlaceBrief | None
    location_text: str | None
    reported_at: Moment
    patient_count: int
    reporter_name: str | None
    reporter_phone: str | None
    boat_name: str | None
    notes: str | None
    sea_state: str
    channel: str
    client_id: str | None
    patients: list[PatientOut]
    events: list[EventOut]
    intervals: Intervals
    plan: PlanOut | None
    resources: list[AssignedUnit]


class QueueItem(OutSchema):
    """board.queue_item: one incident of the queue, small enough to poll."""

    id: int
    kind: str
    kind_label: str
    status: str
    triage: int | None
    lat: float
    lon: float
    place: str = Field(
        description="The place's name in the request's language, else the location text or the fix"
    )
    reported_at: Moment
    patients: int
    call_back: str | None = Field(
        description="Public reports only: the reporter's phone for who calls back, '' for others; null otherwise"
    )


class BoardUnit(OutSchema):
    code: str
    name: str
    kind: str
    status: str
    lat: float
    lon: float
    in_season: bool


class BoardFeed(OutSchema):
    """board.feed: the command board's feed."""

    version: str = Field(description="Changes whenever anything on the board changes")
    now: Moment
    queue: list[QueueItem]
    units: list[BoardUnit]


class NoticeOut(OutSchema):
    """board.notice_item: a pre-arrival notice for the receiving hospital."""

    id: int
    incident: int
    hospital: str
    created_at: Moment
    expected_at: Moment | None
    summary: FreeForm = Field(
        description="The handover summary as the plan wrote it (kind, patients, triage...)"
    )
    handover: str
    acknowledged_at: Moment | None


class HelpStatus(OutSchema):
    """public_help.public_status: what anyone holding the reference may know (no personal data)."""

    reference: int
    status: str = Field(description="received, dispatched, on_the_way... in the public's words")
    reported_at: Moment


class HelpReceipt(HelpStatus):
    """The answer to a public help report: its status, where to poll, the nearest usable AED."""

    status_url: str
    nearest_aed: FreeForm | None = Field(
        description="The nearest usable AED (the AED registry's entry), if any"
    )
