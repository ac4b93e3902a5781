"""FHIR R4 (R4B models of fhir.resources 8.x) interop: a referral as a Bundle and back."""

from __future__ import annotations

import uuid

from phangnga.core import limits
from phangnga.core.errors import ApiError, FieldError

from . import workflow
from .fhir_models import Bundle, ValidationError, resource_type
from .models import Referral

NS = uuid.UUID("6b0f6e0a-64a1-4d1c-9f0b-7a2c5e1f3d88")
SYS_CID = "https://terms.sil-th.org/id/th-cid"  # Thai Core: national ID
SYS_PASSPORT = "http://hl7.org/fhir/sid/passport-"
SYS_PLACE = "https://phangnga.go.th/fhir/place"
SYS_STATE = "https://phangnga.go.th/fhir/CodeSystem/referral-state"
SYS_CAPABILITY = "https://phangnga.go.th/fhir/CodeSystem/capability"
SYS_ICD10 = "http://hl7.org/fhir/sid/icd-10"
EXT_TRIAGE = "https://phangnga.go.th/fhir/StructureDefinition/triage-level"
EXT_SCHEME = "https://phangnga.go.th/fhir/StructureDefinition/insurance-scheme"
GENDER = {"M": "male", "F": "female", "U": "unknown"}
TASK_STATUS = {
    workflow.REQUESTED: "requested",
    workflow.ACCEPTED: "accepted",
    workflow.TRANSPORT_ARRANGED: "in-progress",
    workflow.DEPARTED: "in-progress",
    workflow.AT_PIER: "in-progress",
    workflow.ARRIVED: "in-progress",
    workflow.HANDED_OVER: "in-progress",
    workflow.COMPLETED: "completed",
    workflow.DECLINED: "rejected",
    workflow.CANCELLED: "cancelled",
}
ENCOUNTER_STATUS = {
    workflow.ARRIVED: "arrived",
    workflow.HANDED_OVER: "in-progress",
    workflow.COMPLETED: "finished",
    workflow.CANCELLED: "cancelled",
    workflow.DECLINED: "cancelled",
}
PRIORITY = {1: "stat", 2: "asap", 3: "urgent", 4: "routine", 5: "routine"}


def _urn(kind: str, key) -> str:
    return f"urn:uuid:{uuid.uuid5(NS, f'{kind}/{key}')}"


def _org(place) -> dict:
    return {
        "resourceType": "Organization",
        "id": f"org-{place.code}",
        "active": True,
        "name": place.name_en,
        "alias": [place.name_th],
        "identifier": [{"system": SYS_PLACE, "value": place.code}],
    }


def _loc(place) -> dict:
    return {
        "resourceType": "Location",
        "id": f"loc-{place.code}",
        "status": "active",
        "name": place.name_en,
        "identifier": [{"system": SYS_PLACE, "value": place.code}],
        "position": {"latitude": place.lat, "longitude": place.lon},
        "managingOrganization": {"reference": _urn("Organization", place.code)},
    }


def _iso(dt) -> str | None:
    return dt.isoformat() if dt else None


def without_nulls(value):
    """The value with every None and empty string, and every list or object left empty by
    that, removed.

    FHIR JSON has no nulls and no empty elements (FHIR R4 "JSON Representation": null is
    only a placeholder inside arrays of primitives with extensions, which we never send;
    "Elements ... SHALL have a value or children"; a string is never empty). Applied to the
    whole Bundle at the export boundary; the builders also leave out unknown values
    themselves (an open period has no `end`)."""
    if isinstance(value, dict):
        out = {k: without_nulls(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if not _empty(v)}
    if isinstance(value, list):
        return [v for v in (without_nulls(x) for x in value) if not _empty(v)]
    return value


def _empty(value) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


def _period(start, end) -> dict:
    """A FHIR Period; an ongoing one (no end yet) has no `end` element at all."""
    period = {"start": _iso(start)}
    if end:
        period["end"] = _iso(end)
    return period


def bundle_for(r: Referral) -> dict:
    """The referral as a FHIR Bundle (type collection), validated by parsing with fhir.resources."""
    p = r.patient
    identifiers = []
    if p.cid:
        identifiers.append({"system": SYS_CID, "value": p.cid})
    if p.passport:
        identifiers.append(
            {
                "system": SYS_PASSPORT + (p.nationality or "UNK"),
                "value": p.passport,
                "type": {
                    "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "PPN"}]
                },
            }
        )
    patient = {
        "resourceType": "Patient",
        "id": f"patient-{p.id}",
        "identifier": identifiers,
        "name": [{"text": p.name}],
        "gender": GENDER.get(p.sex, "unknown"),
        "birthDate": p.birth_date.isoformat(),
        "extension": [{"url": EXT_SCHEME, "valueCode": p.scheme}],
    }
    pat, sr_ref = _urn("Patient", p.id), _urn("ServiceRequest", r.id)
    ends = [x for x in (r.origin, r.destination) if x is not None]
    service_request = {
        "resourceType": "ServiceRequest",
        "id": f"referral-{r.id}",
        "identifier": [{"system": "https://phangnga.go.th/fhir/referral", "value": str(r.id)}],
        "status": {
            workflow.COMPLETED: "completed",
            workflow.CANCELLED: "revoked",
            workflow.DECLINED: "revoked",
        }.get(r.state, "active"),
        "intent": "order",
        "priority": PRIORITY[r.triage],
        "category": [
            {
                "coding": [
                    {"system": "http://snomed.info/sct", "code": "3457005", "display": "Patient referral"}
                ]
            }
        ],
        "code": {"text": f"Referral for {r.capability or 'care'}"},
        "subject": {"reference": pat},
        "authoredOn": _iso(r.requested_at),
        "requester": {"reference": _urn("Organization", r.origin.code), "display": r.origin.name_en},
        "reasonCode": [{"coding": [{"system": SYS_ICD10, "code": r.icd10}]}],
        "note": [{"text": r.reason}],
        "extension": [{"url": EXT_TRIAGE, "valueInteger": r.triage}],
    }
    if r.capability:
        service_request["orderDetail"] = [{"coding": [{"system": SYS_CAPABILITY, "code": r.capability}]}]
    if r.destination:
        service_request["performer"] = [
            {"reference": _urn("Organization", r.destination.code), "display": r.destination.name_en}
        ]
        service_request["locationReference"] = [{"reference": _urn("Location", r.destination.code)}]
    task = {
        "resourceType": "Task",
        "id": f"task-{r.id}",
        "status": TASK_STATUS[r.state],
        "intent": "order",
        "businessStatus": {
            "coding": [{"system": SYS_STATE, "code": r.state}],
            "text": str(r.get_state_display()),
        },
        "focus": {"reference": sr_ref},
        "for": {"reference": pat},
        "authoredOn": _iso(r.requested_at),
        "lastModified": _iso(
            max((t for t in (r.stamp(s) for s in workflow.STATES) if t), default=r.requested_at)
        ),
        "requester": {"reference": _urn("Organization", r.origin.code)},
    }
    if r.why_chosen:
        task["description"] = r.why_chosen
    if r.destination:
        task["owner"] = {"reference": _urn("Organization", r.destination.code)}
    if r.state == workflow.DECLINED:
        last = r.events.filter(kind=workflow.DECLINED).last()
        task["statusReason"] = {"text": last.note if last and last.note else "declined"}
    if r.departed_at:
        task["executionPeriod"] = _period(r.departed_at, r.arrived_at)
    encounter = {
        "resourceType": "Encounter",
        "id": f"encounter-{r.id}",
        "status": ENCOUNTER_STATUS.get(r.state, "planned"),
        "class": {
            "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
            "code": "EMER" if r.urgency == "emergency" else "AMB",
        },
        "subject": {"reference": pat},
        "basedOn": [{"reference": sr_ref}],
        "reasonCode": [{"coding": [{"system": SYS_ICD10, "code": r.icd10}]}],
        "hospitalization": {"origin": {"reference": _urn("Location", r.origin.code)}},
    }
    if r.destination:
        encounter["serviceProvider"] = {"reference": _urn("Organization", r.destination.code)}
        encounter["hospitalization"]["destination"] = {"reference": _urn("Location", r.destination.code)}
    if r.arrived_at:
        encounter["period"] = _period(r.arrived_at, r.completed_at)
    entries = [
        (pat, patient),
        (sr_ref, service_request),
        (_urn("Task", r.id), task),
        (_urn("Encounter", r.id), encounter),
    ]
    seen = set()
    for place in ends:
        if place.code in seen:
            continue
        seen.add(place.code)
        entries += [
            (_urn("Organization", place.code), _org(place)),
            (_urn("Location", place.code), _loc(place)),
        ]
    bundle = {
        "resourceType": "Bundle",
        "id": f"referral-{r.id}",
        "type": "collection",
        "identifier": {"system": "https://phangnga.go.th/fhir/referral", "value": str(r.id)},
        "timestamp": _iso(r.requested_at),
        "entry": [{"fullUrl": url, "resource": res} for url, res in entries],
    }
    bundle = without_nulls(bundle)
    parse_bundle(bundle)  # refuse to hand out anything fhir.resources would reject
    return bundle


def parse_bundle(data: dict):
    """Parse (and so validate) a Bundle with fhir.resources; ApiError 422 naming the paths."""
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise FieldError("resourceType", "must be Bundle")
    entries = data.get("entry")
    if isinstance(entries, list) and len(entries) > limits.MAX_BUNDLE_ENTRIES:
        # Counted before fhir.resources validates each entry: a referral holds a handful.
        raise FieldError("entry", f"at most {limits.MAX_BUNDLE_ENTRIES} entries, got {len(entries):,}")
    try:
        return Bundle.model_validate(data)
    except ValidationError as exc:
        fields = {".".join(str(p) for p in e["loc"]): e["msg"] for e in exc.errors()}
        raise ApiError(422, "invalid_fhir", "the Bundle does not validate as FHIR", fields) from None


def _find(bundle, kind: str) -> list:
    return [
        e.resource
        for e in (bundle.entry or [])
        if e.resource is not None and resource_type(e.resource) == kind
    ]


def referral_input_from_bundle(data: dict) -> dict:
    """A validated Bundle -> the input of services.create_referral."""
    bundle = parse_bundle(data)
    patients, requests = _find(bundle, "Patient"), _find(bundle, "ServiceRequest")
    if len(patients) != 1:
        raise FieldError("entry.Patient", "the Bundle needs exactly one Patient")
    if len(requests) != 1:
        raise FieldError("entry.ServiceRequest", "the Bundle needs exactly one ServiceRequest")
    patient, sr = patients[0], requests[0]
    by_url = {e.fullUrl: e.resource for e in bundle.entry or [] if e.fullUrl}
    cid = next((i.value for i in patient.identifier or [] if i.system == SYS_CID), None)
    passport = next(
        (
            (i.value, i.system[len(SYS_PASSPORT) :])
            for i in patient.identifier or []
            if (i.system or "").startswith(SYS_PASSPORT)
        ),
        None,
    )
    scheme = next((x.valueCode for x in patient.extension or [] if x.url == EXT_SCHEME), None)
    name = (
        patient.name[0].text
        if patient.name and patient.name[0].text
        else " ".join([*(patient.name[0].given or []), patient.name[0].family or ""]).strip()
        if patient.name
        else ""
    )
    sex = {v: k for k, v in GENDER.items()}.get(patient.gender or "unknown", "U")
    requester = by_url.get(sr.requester.reference) if sr.requester else None
    origin_code = next(
        (i.value for i in (getattr(requester, "identifier", None) or []) if i.system == SYS_PLACE), None
    )
    if origin_code is None:
        raise FieldError("ServiceRequest.requester", "must reference an Organization with a place identifier")
    icd10 = next(
        (c.code for rc in sr.reasonCode or [] for c in rc.coding or [] if c.system == SYS_ICD10), None
    )
    triage = next((x.valueInteger for x in sr.extension or [] if x.url == EXT_TRIAGE), None)
    capability = next(
        (c.code for od in sr.orderDetail or [] for c in od.coding or [] if c.system == SYS_CAPABILITY), None
    )
    reason = " ".join(n.text for n in sr.note or [] if n.text) or (sr.code.text if sr.code else "")
    return {
        "origin_id": origin_code,
        "icd10": icd10 or "",
        "triage": triage
        if triage is not None
        else {"stat": 1, "asap": 2, "urgent": 3}.get(sr.priority or "", 4),
        "capability": capability,
        "reason": reason,
        "urgency": "emergency" if (sr.priority or "") in ("stat", "asap") else "urgent",
        "client_id": bundle.identifier.value if bundle.identifier and bundle.identifier.value else None,
        "patient": {
            "cid": cid,
            "passport": passport[0] if passport else None,
            "nationality": passport[1] if passport else "THA",
            "name": name,
            "birth_date": patient.birthDate,
            "sex": sex,
            "scheme": scheme or ("foreign" if passport and not cid else "UC"),
        },
    }
