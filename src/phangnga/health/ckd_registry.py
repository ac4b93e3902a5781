"""CKD registry writes: validate batches of patients and lab results row by row, reject
duplicates, and save either the good rows or none ("keep_good" / "all_or_nothing").

Every importer (JSON API, CSV, 43-file, FHIR) ends here, so the rules are the same
whichever door the data came in by. A row is a plain dict:
  patient: {cid, birth_date, sex, nationality, diagnoses: [...], hospcode?, pid?}
  lab:     {cid, date, creatinine?, unit?, egfr?, uacr?, uacr_unit?}
Each report entry names the row (its index in the batch, or the file line) and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from phangnga.core.thai import ThaiValueError, validate_national_id

from . import egfr as k
from .models import CkdPatient, Diagnosis, LabKind, LabResult

MODES = ("all_or_nothing", "keep_good")
ICD10 = re.compile(r"^[A-Z][0-9]{2}[0-9A-Z]{0,4}$")
EGFR_UNIT = "ml/min/1.73m2"


@dataclass
class BatchReport:
    mode: str
    received: int = 0
    created: int = 0
    rejected: list[dict] = field(default_factory=list)  # {"index", "field", "message"}
    created_ids: list[str] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({r["index"] for r in self.rejected})

    def as_dict(self) -> dict:
        return {
            "mode": self.mode,
            "received": self.received,
            "created": self.created,
            "rejected_rows": self.rejected_rows,
            "errors": self.rejected,
        }


class RowErrors(Exception):
    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors


def _as_date(value: Any, name: str, errs: list) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if re.fullmatch(r"\d{8}", text):  # 43-file YYYYMMDD
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        d = date.fromisoformat(text[:10])
    except ValueError:
        errs.append((name, "must be a date (YYYY-MM-DD)" if text else "required"))
        return None
    if d.year > 2400:
        errs.append((name, "looks like a Buddhist-era year; give the date in CE (BE - 543)"))
        return None
    return d


def _number(value: Any, name: str, errs: list) -> float | None:
    if isinstance(value, bool):
        errs.append((name, "must be a number"))
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        errs.append((name, "must be a number"))
        return None


def normalise_icd10(code: str) -> str:
    return str(code).replace(".", "").replace(" ", "").strip().upper()


def normalise_nationality(value: Any) -> str:
    text = str(value or "").strip().upper()
    return text.zfill(3) if text.isdigit() and len(text) <= 3 else text


def clean_patient(row: dict, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    errs: list[tuple[str, str]] = []
    cid = None
    try:
        cid = validate_national_id(str(row.get("cid") or ""), "cid")
    except ThaiValueError as exc:
        errs.append(("cid", exc.message))
    birth = _as_date(row.get("birth_date"), "birth_date", errs)
    if birth is not None:
        if birth > today:
            errs.append(("birth_date", "is in the future"))
        elif k.age_on(birth, today) < k.MIN_AGE:
            errs.append(
                ("birth_date", f"patient is under {k.MIN_AGE}; CKD-EPI and this clinic are for adults")
            )
        elif k.age_on(birth, today) > k.MAX_AGE:
            errs.append(("birth_date", f"gives an age above {k.MAX_AGE}"))
    sex = None
    try:
        sex = k.normalise_sex(row.get("sex"))
    except k.EgfrInputError as exc:
        errs.append(("sex", exc.message))
    nationality = normalise_nationality(row.get("nationality"))
    if not nationality or len(nationality) > 8:
        errs.append(("nationality", "required: a 43-file NATION code (099 = Thai) or TH"))
    dx = row.get("diagnoses") or []
    if isinstance(dx, str):
        dx = [d for d in re.split(r"[;, ]+", dx) if d]
    codes = []
    for i, d in enumerate(dx):
        code = normalise_icd10(d)
        if not ICD10.match(code):
            errs.append((f"diagnoses[{i}]", f"{d!r} is not an ICD-10 code (e.g. N18.3)"))
        elif code not in codes:
            codes.append(code)
    if errs:
        raise RowErrors(errs)
    return {
        "cid": cid, "birth_date": birth, "sex": sex, "nationality": nationality, "diagnoses": codes,
        "hospcode": str(row.get("hospcode") or "")[:9], "pid": str(row.get("pid") or "")[:15],
    }  # fmt: skip


def _in_row_order(report: BatchReport, indexes: list) -> None:
    order = {idx: i for i, idx in enumerate(indexes)}
    report.rejected.sort(key=lambda e: order.get(e["index"], 0))


def _report_errors(report: BatchReport, index, errors: list[tuple[str, str]]) -> None:
    report.rejected += [{"index": index, "field": f, "message": m} for f, m in errors]


def register_patients(
    rows: list[dict],
    mode: str = "all_or_nothing",
    source: str = "api",
    indexes: list | None = None,
    facility=None,
    is_demo: bool = False,
) -> BatchReport:
    """Validate and save patients. `indexes` lets file importers report line numbers."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    indexes = indexes or list(range(len(rows)))
    report = BatchReport(mode=mode, received=len(rows))
    good: list[tuple[Any, dict]] = []
    seen: dict[str, Any] = {}
    for idx, row in zip(indexes, rows, strict=True):
        try:
            clean = clean_patient(row)
        except RowErrors as exc:
            _report_errors(report, idx, exc.errors)
            continue
        if clean["cid"] in seen:
            _report_errors(report, idx, [("cid", f"duplicate of row {seen[clean['cid']]} in this batch")])
            continue
        seen[clean["cid"]] = idx
        good.append((idx, clean))
    existing = set(_chunked_existing(CkdPatient.objects, "cid", [c["cid"] for _, c in good]))
    kept = []
    for idx, clean in good:
        if clean["cid"] in existing:
            _report_errors(report, idx, [("cid", "already registered (duplicate patient)")])
        else:
            kept.append(clean)
    _in_row_order(report, indexes)
    if mode == "all_or_nothing" and report.rejected:
        return report
    with transaction.atomic():
        CkdPatient.objects.bulk_create(
            [CkdPatient(cid=c["cid"], birth_date=c["birth_date"], sex=c["sex"], nationality=c["nationality"],
                        hospcode=c["hospcode"], pid=c["pid"], facility=facility, source=source, is_demo=is_demo)
             for c in kept], batch_size=2000,
        )  # fmt: skip
        ids = dict(_chunked_pairs(CkdPatient.objects, "cid", [c["cid"] for c in kept]))
        Diagnosis.objects.bulk_create(
            [Diagnosis(patient_id=ids[c["cid"]], code=code) for c in kept for code in c["diagnoses"]],
            batch_size=5000,
        )
    report.created = len(kept)
    report.created_ids = [c["cid"] for c in kept]
    return report


def _chunked_existing(manager, field_name: str, values: list, size: int = 900):
    for i in range(0, len(values), size):
        yield from manager.filter(**{f"{field_name}__in": values[i : i + size]}).values_list(
            field_name, flat=True
        )


def _chunked_pairs(manager, field_name: str, values: list, size: int = 900):
    for i in range(0, len(values), size):
        yield from manager.filter(**{f"{field_name}__in": values[i : i + size]}).values_list(field_name, "pk")


def clean_lab(row: dict, patient: CkdPatient | None, today: date | None = None) -> list[dict]:
    """One input row -> one result per measured kind (creatinine, egfr, uacr)."""
    today = today or timezone.localdate()
    errs: list[tuple[str, str]] = []
    if patient is None:
        errs.append(("cid", "no such patient in the CKD registry; register the patient first"))
    d = _as_date(row.get("date"), "date", errs)
    if d is not None:
        if d > today:
            errs.append(("date", "is in the future"))
        elif patient is not None and d < patient.birth_date:
            errs.append(("date", "is before the patient's birth date"))
        elif patient is not None and k.age_on(patient.birth_date, d) < k.MIN_AGE:
            errs.append(("date", f"patient was under {k.MIN_AGE} on this date; CKD-EPI is for adults"))
    out: list[dict] = []
    if row.get("creatinine") not in (None, ""):
        value = _number(row["creatinine"], "creatinine", errs)
        if value is not None:
            try:
                unit = k.normalise_unit(row.get("unit") or "mg/dL")
                k.creatinine_mg_dl(value, unit)
                out.append({"kind": LabKind.CREATININE, "value": value, "unit": unit})
            except k.EgfrInputError as exc:
                errs.append((exc.field, exc.message))
    if row.get("egfr") not in (None, ""):
        value = _number(row["egfr"], "egfr", errs)
        if value is not None and not 0 < value < 250:
            errs.append(("egfr", "must be above 0 and below 250 ml/min/1.73m2"))
        elif value is not None:
            out.append({"kind": LabKind.EGFR, "value": value, "unit": EGFR_UNIT})
    if row.get("uacr") not in (None, ""):
        value = _number(row["uacr"], "uacr", errs)
        if value is not None:
            unit = (row.get("uacr_unit") or "mg/g").strip()
            try:
                k.a_stage(value, unit)
                out.append({"kind": LabKind.UACR, "value": value, "unit": unit.lower()})
            except k.EgfrInputError as exc:
                errs.append((exc.field, exc.message))
    if not out and not errs:
        errs.append(("creatinine", "give creatinine (with unit), egfr or uacr"))
    if errs:
        raise RowErrors(errs)
    return [{"date": d, **o} for o in out]


def add_labs(
    rows: list[dict],
    mode: str = "all_or_nothing",
    source: str = "api",
    indexes: list | None = None,
    patients: dict[str, CkdPatient] | None = None,
    is_demo: bool = False,
    scope=None,
) -> BatchReport:
    """Validate and save results. `scope` (a CkdPatient queryset, health.access) limits the
    patients a row may name: one outside it is unknown, as if not registered."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    indexes = indexes or list(range(len(rows)))
    report = BatchReport(mode=mode, received=len(rows))
    cids = set()
    for row in rows:
        try:
            cids.add(validate_national_id(str(row.get("cid") or ""), "cid"))
        except ThaiValueError:
            pass
    if patients is None:
        patients = {}
        cid_list = list(cids)
        qs = CkdPatient.objects.all() if scope is None else scope
        for i in range(0, len(cid_list), 900):
            patients.update({p.cid: p for p in qs.filter(cid__in=cid_list[i : i + 900])})
    good: list[tuple[Any, CkdPatient, dict]] = []
    seen: dict[tuple, Any] = {}
    for idx, row in zip(indexes, rows, strict=True):
        try:
            cid = validate_national_id(str(row.get("cid") or ""), "cid")
        except ThaiValueError as exc:
            _report_errors(report, idx, [("cid", exc.message)])
            continue
        patient = patients.get(cid)
        try:
            results = clean_lab(row, patient)
        except RowErrors as exc:
            _report_errors(report, idx, exc.errors)
            continue
        dupe = None
        for r in results:
            key = (cid, r["date"], r["kind"])
            if key in seen:
                dupe = (r["kind"], f"duplicate of row {seen[key]} in this batch ({r['kind']} on {r['date']})")
                break
        if dupe:
            _report_errors(report, idx, [dupe])
            continue
        for r in results:
            seen[(cid, r["date"], r["kind"])] = idx
        good.append((idx, patient, results))
    existing = _existing_labs({p.pk for _, p, _ in good}, {r["date"] for _, _, rs in good for r in rs})
    kept = []
    for idx, patient, results in good:
        clash = [r for r in results if (patient.pk, r["date"], r["kind"]) in existing]
        if clash:
            r = clash[0]
            _report_errors(
                report, idx, [(r["kind"], f"already recorded for this patient on {r['date']} (duplicate)")]
            )
        else:
            kept += [(patient, r) for r in results]
    _in_row_order(report, indexes)
    if mode == "all_or_nothing" and report.rejected:
        return report
    with transaction.atomic():
        LabResult.objects.bulk_create(
            [LabResult(patient=p, date=r["date"], kind=r["kind"], value=r["value"], unit=r["unit"], source=source,
                       is_demo=is_demo) for p, r in kept], batch_size=5000,
        )  # fmt: skip
    report.created = len(kept)
    return report


def _existing_labs(patient_ids: set[int], dates: set[date]) -> set[tuple]:
    if not patient_ids:
        return set()
    ids = list(patient_ids)
    out: set[tuple] = set()
    for i in range(0, len(ids), 900):
        out.update(
            LabResult.objects.filter(
                patient_id__in=ids[i : i + 900], date__gte=min(dates), date__lte=max(dates)
            ).values_list("patient_id", "date", "kind")
        )
    return out
