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


# What a patient's record lacks for triage (serialize: `missing`), by name.
MISSING_WORDS = {
    "age": ("age", "อายุ"),
    "pr": ("PR", "ชีพจร"),
    "rr": ("RR", "อัตราการหายใจ"),
    "spo2": ("SpO₂", "SpO₂"),
    "sbp": ("SBP", "ความดันซิสโตลิก"),
    "gcs": ("GCS", "GCS"),
}


def patient_display(patient: dict, lang: str) -> dict:
    """Words for a serialized patient (`serialize.patient_dict`): reasons, symptoms, vitals, age."""
    age = patient.get("age")
    missing = patient.get("missing") or []
    return {
        "missing": [_pick(MISSING_WORDS[m], lang) if m in MISSING_WORDS else m for m in missing],
        "age": None if age is None else _number(age),
        "sex": sex_text(patient.get("sex"), lang),
        "vitals": vitals_text(patient.get("vitals") or {}),
        "symptoms": [triage.symptom_label(s, lang) for s in patient.get("symptoms") or []],
        "reasons": [triage.reason_label(r, lang) for r in patient.get("triage_reasons") or []],
    }


def duration_text(minutes: float | None, lang: str = "en") -> str:
    """157.4 -> '2 h 37 min' ('2 ชม. 37 นาที'); under two hours in minutes; days for a call a day
    old or more."""
    if minutes is None:
        return "—"
    d, h, mins = ("วัน", "ชม.", "นาที") if lang.startswith("th") else ("d", "h", "min")
    m = round(minutes)
    if m < 120:
        return f"{m} {mins}"
    days, m = divmod(m, 24 * 60)
    hours, m = divmod(m, 60)
    return f"{days} {d} {hours} {h}" if days else f"{hours} {h} {m:02d} {mins}"


# ---- the receiving hospital's pre-arrival notice, read as a clinical hand-over ----------------------

# Vital signs as a hand-over names them: (code, English label, Thai label, unit). Blood pressure is
# written once as systolic/diastolic.
HANDOVER_VITALS: tuple[tuple[str, str, str, str], ...] = (
    ("pr", "Pulse", "ชีพจร", "/min"),
    ("rr", "Respiratory rate", "อัตราการหายใจ", "/min"),
    ("spo2", "SpO₂", "SpO₂", "%"),
    ("bp", "Blood pressure", "ความดันโลหิต", "mmHg"),
    ("gcs", "GCS", "GCS (ระดับความรู้สึกตัว)", "/15"),
    ("temp", "Temperature", "อุณหภูมิ", "°C"),
)
UNITS_TH = {"/min": "ครั้ง/นาที"}
SEX_WORDS = {"M": ("male", "ชาย"), "F": ("female", "หญิง"), "U": ("sex unknown", "ไม่ทราบเพศ")}
# What the plan says the patient needs at the hospital (planning.needed_capability), in words.
NEEDS_WORDS = {
    "emergency": ("Emergency department", "ห้องฉุกเฉิน"),
    "hyperbaric": ("Hyperbaric chamber (recompression)", "ห้องปรับบรรยากาศความกดสูง"),
    "surgery": ("Surgery", "ผ่าตัด"),
    "icu": ("Intensive care", "หอผู้ป่วยวิกฤต (ICU)"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang.startswith("th") else pair[0]


def age_text(age: float | int | None, lang: str) -> str:
    """34 -> '34 years' ('34 ปี'); under a year in months ('3 months'); None -> 'age unknown'."""
    thai = lang.startswith("th")
    if age is None:
        return "ไม่ทราบอายุ" if thai else "age unknown"
    if age < 1:
        months = max(1, round(age * 12))
        return f"{months} เดือน" if thai else f"{months} month{'s' if months != 1 else ''}"
    years = int(age)
    return f"{years} ปี" if thai else f"{years} year{'s' if years != 1 else ''}"


def sex_text(sex: str | None, lang: str) -> str:
    return _pick(SEX_WORDS.get(sex or "U", SEX_WORDS["U"]), lang)


def needs_text(capability: str | None, lang: str) -> str:
    """'surgery+icu' -> 'Surgery, Intensive care'; an unknown need is shown as it is."""
    if not capability:
        return _pick(NEEDS_WORDS["emergency"], lang)
    return ", ".join(_pick(NEEDS_WORDS[c], lang) if c in NEEDS_WORDS else c for c in capability.split("+"))


def handover_vitals(vitals: dict, lang: str) -> list[tuple[str, str]]:
    """[(label, 'value unit')] in hand-over order: ('Pulse', '130 /min'), ('Blood pressure', '80/– mmHg')."""
    vitals = {k: v for k, v in (vitals or {}).items() if v is not None}
    rows = []
    for code, en, th, unit in HANDOVER_VITALS:
        if code == "bp":
            if "sbp" not in vitals and "dbp" not in vitals:
                continue
            sbp, dbp = vitals.get("sbp"), vitals.get("dbp")
            value = f"{'–' if sbp is None else _number(sbp)}/{'–' if dbp is None else _number(dbp)}"
        elif code in vitals:
            value = _number(vitals[code])
        else:
            continue
        if lang.startswith("th"):
            rows.append((th, f"{value} {UNITS_TH.get(unit, unit)}"))
        else:
            rows.append((en, f"{value} {unit}"))
    known = {c for c, *_ in HANDOVER_VITALS} | {"sbp", "dbp"}
    rows += [
        (code, _number(v) if isinstance(v, int | float) else str(v))
        for code, v in vitals.items()
        if code not in known
    ]
    return rows


def handover(summary: dict, lang: str, criteria: triage.TriageCriteria | None = None) -> dict:
    """A pre-arrival notice's stored summary (`services.notice_summary`: codes, for machines) in
    words for the receiving hospital: per patient the triage level and its name, age in years, sex,
    symptoms and vital signs with labels and units, and what the patient needs."""
    criteria = criteria or triage.load_criteria()
    thai = lang.startswith("th")
    patients = []
    for p in summary.get("patients") or []:
        level = p.get("triage")
        info = criteria.levels.get(level) if isinstance(level, int) else None
        patients.append(
            {
                "seq": p.get("seq"),
                "triage": level,
                "triage_name": (info.name_th if thai else info.name_en) if info else "",
                "age": age_text(p.get("age"), lang),
                "sex": sex_text(p.get("sex"), lang),
                "symptoms": [triage.symptom_label(s, lang, criteria) for s in p.get("symptoms") or []],
                "vitals": handover_vitals(p.get("vitals") or {}, lang),
            }
        )
    return {"patients": patients, "needs": needs_text(summary.get("capability"), lang)}


def handover_text(summary: dict, lang: str, *, kind: str = "", expected: str = "") -> str:
    """The notice as plain lines (for the API and any message sent on): one line per patient."""
    words = handover(summary, lang)
    thai = lang.startswith("th")
    head = [
        x
        for x in (kind, (f"ถึงประมาณ {expected}" if thai else f"expected {expected}") if expected else "")
        if x
    ]
    lines = [" · ".join(head)] if head else []
    for p in words["patients"]:
        level = f"{'ระดับ' if thai else 'Triage'} {p['triage']}" + (
            f" {p['triage_name']}" if p["triage_name"] else ""
        )
        parts = [f"{'ผู้ป่วย' if thai else 'Patient'} {p['seq']}: {level}", f"{p['age']}, {p['sex']}"]
        if p["symptoms"]:
            parts.append(", ".join(p["symptoms"]))
        if p["vitals"]:
            parts.append(", ".join(f"{label} {value}" for label, value in p["vitals"]))
        lines.append(" · ".join(parts))
    unit = summary.get("unit")
    pier = summary.get("pier")
    tail = [f"{'ต้องการ' if thai else 'Needs'}: {words['needs']}"]
    if unit:
        tail.append(f"{'หน่วย' if thai else 'Unit'}: {unit}")
    if pier:
        tail.append(f"{'ท่าเรือ' if thai else 'Pier'}: {pier}")
    lines.append(" · ".join(tail))
    return "\n".join(lines)
