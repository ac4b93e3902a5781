"""A patient's triage record in words for the incident page and its printed report."""

from __future__ import annotations

from . import triage

# Display order, label and unit of each vital sign the intake accepts.
VITALS: tuple[tuple[str, str, str], ...] = (
    ("pr", "PR", "/min"),
    ("rr", "RR", "/min"),
    ("spo2", "SpO₂", "%"),
    ("sbp", "SBP", " mmHg"),
    ("dbp", "DBP", " mmHg"),
    ("gcs", "GCS", ""),
    ("temp", "T", " °C"),
)


def _number(value: float | int) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def vitals_text(vitals: dict) -> str:
    """'PR 130/min · RR 0/min · SpO₂ 80%' in a fixed order; unknown keys after, as given."""
    known = {code for code, _, _ in VITALS}
    parts = [
        f"{label} {_number(vitals[code])}{unit}"
        for code, label, unit in VITALS
        if vitals.get(code) is not None
    ]
    parts += [f"{code} {vitals[code]}" for code in vitals if code not in known and vitals[code] is not None]
    return " · ".join(parts)


def patient_display(patient: dict, lang: str) -> dict:
    """Words for a serialized patient (`serialize.patient_dict`): reasons, symptoms, vitals, age."""
    age = patient.get("age")
    return {
        "age": None if age is None else _number(age),
        "vitals": vitals_text(patient.get("vitals") or {}),
        "symptoms": [triage.symptom_label(s, lang) for s in patient.get("symptoms") or []],
        "reasons": [triage.reason_label(r, lang) for r in patient.get("triage_reasons") or []],
    }


def duration_text(minutes: float | None) -> str:
    """157.4 -> '2 h 37 min'; under two hours in minutes; days for a call a day old or more."""
    if minutes is None:
        return "—"
    m = round(minutes)
    if m < 120:
        return f"{m} min"
    days, m = divmod(m, 24 * 60)
    hours, m = divmod(m, 60)
    return f"{days} d {hours} h" if days else f"{hours} h {m:02d} min"
