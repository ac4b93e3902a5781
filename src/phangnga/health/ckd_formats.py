"""Turn the formats CKD data arrive in into the registry's plain rows. Pure: no Django.

MOPH 43-file standard (pipe-delimited text, one record per line, a header line of
column names is used when present; without one the column order below is assumed):
  PERSON:  HOSPCODE|CID|PID|HID|PRENAME|NAME|LNAME|HN|SEX|BIRTH|MSTATUS|OCCUPATION_OLD|
           OCCUPATION_NEW|RACE|NATION|RELIGION|EDUCATION|FSTATUS|FATHER|MOTHER|COUPLE|
           VSTATUS|MOVEIN|DISCHARGE|DDISCHARGE|ABOGROUP|RHGROUP|LABOR|PASSPORT|TYPEAREA|
           D_UPDATE|TELEPHONE|MOBILE
           used: HOSPCODE, CID, PID, SEX (1 male, 2 female), BIRTH (YYYYMMDD), NATION
           (099 = Thai); names and phone numbers are read past, never stored.
  CHRONIC: HOSPCODE|PID|DATE_DIAG|CHRONIC|HOSP_DX|HOSP_RX|DATE_DISCH|TYPEDISCH|D_UPDATE|CID
           used: HOSPCODE, PID, DATE_DIAG, CHRONIC (ICD-10) -> the patient's diagnoses.
  DIAGNOSIS_OPD: HOSPCODE|PID|SEQ|DATE_SERV|DIAGTYPE|DIAGCODE|CLINIC|PROVIDER|D_UPDATE
           used: HOSPCODE, PID, DIAGCODE -> diagnoses too (codes outside the indicator's
           lists are kept but do not make a person a CKD patient on their own).
  LABFU:   HOSPCODE|PID|SEQ|DATE_SERV|LABTEST|LABRESULT|D_UPDATE
           used: HOSPCODE, PID, DATE_SERV (YYYYMMDD), LABTEST (mapped by an editable
           table), LABRESULT (number); a CID column is used when present.
FHIR R4 Observations (JSON: one Observation, a list, or a Bundle) by LOINC code.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PERSON_COLUMNS = (
    "HOSPCODE CID PID HID PRENAME NAME LNAME HN SEX BIRTH MSTATUS OCCUPATION_OLD OCCUPATION_NEW RACE NATION "
    "RELIGION EDUCATION FSTATUS FATHER MOTHER COUPLE VSTATUS MOVEIN DISCHARGE DDISCHARGE ABOGROUP RHGROUP LABOR "
    "PASSPORT TYPEAREA D_UPDATE TELEPHONE MOBILE"
).split()
CHRONIC_COLUMNS = "HOSPCODE PID DATE_DIAG CHRONIC HOSP_DX HOSP_RX DATE_DISCH TYPEDISCH D_UPDATE CID".split()
LABFU_COLUMNS = "HOSPCODE PID SEQ DATE_SERV LABTEST LABRESULT D_UPDATE".split()
DIAGNOSIS_OPD_COLUMNS = "HOSPCODE PID SEQ DATE_SERV DIAGTYPE DIAGCODE CLINIC PROVIDER D_UPDATE".split()
# An OPD diagnosis makes a person a registry candidate only if it is a kidney-related code.
CKD_RELATED = ("N18", "E102", "E112", "E122", "E132", "E142", "I12", "I13", "I151")
REQUIRED = {
    "PERSON": ("HOSPCODE", "CID", "PID", "SEX", "BIRTH", "NATION"),
    "CHRONIC": ("HOSPCODE", "PID", "CHRONIC"),
    "LABFU": ("HOSPCODE", "PID", "DATE_SERV", "LABTEST", "LABRESULT"),
    "DIAGNOSIS_OPD": ("HOSPCODE", "PID", "DIAGCODE"),
}
DEFAULT_COLUMNS = {
    "PERSON": PERSON_COLUMNS, "CHRONIC": CHRONIC_COLUMNS, "LABFU": LABFU_COLUMNS,
    "DIAGNOSIS_OPD": DIAGNOSIS_OPD_COLUMNS,
}  # fmt: skip

# LOINC codes read from FHIR Observations: kind and the unit the code implies.
LOINC = {
    "2160-0": ("creatinine", "mg/dL"),  # Creatinine [Mass/volume] in Serum or Plasma
    "14682-9": ("creatinine", "umol/L"),  # Creatinine [Moles/volume] in Serum or Plasma
    "33914-3": ("egfr", None),  # eGFR MDRD (older reports)
    "62238-1": ("egfr", None),  # eGFR CKD-EPI
    "98979-8": ("egfr", None),  # eGFR CKD-EPI 2021
    "9318-7": ("uacr", "mg/g"),  # Albumin/Creatinine [Mass Ratio] in Urine
    "14959-1": ("uacr", "mg/g"),  # Microalbumin/Creatinine [Mass ratio] in Urine
}
SKIP_STATUSES = {"entered-in-error", "cancelled", "registered"}


class FormatError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Parsed:
    """Rows for the registry plus errors found while reading (before validation)."""

    patients: list[dict] = field(default_factory=list)
    patient_refs: list[str] = field(default_factory=list)
    labs: list[dict] = field(default_factory=list)
    lab_refs: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"index", "field", "message"}
    ignored: dict[str, int] = field(default_factory=dict)

    def ignore(self, why: str) -> None:
        self.ignored[why] = self.ignored.get(why, 0) + 1


# ---- CSV --------------------------------------------------------------------------------


def csv_records(text: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    out = []
    try:
        if not reader.fieldnames:
            raise FormatError("the CSV file has no header line")
        for row in reader:
            clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            if any(clean.values()):
                out.append((reader.line_num, clean))
    except csv.Error as exc:  # a field past csv's size limit: refused naming the line, not a 500
        raise FormatError(f"line {reader.line_num + 1}: not readable as CSV ({exc})") from None
    return out


def patients_from_csv(text: str) -> Parsed:
    """Columns: cid, birth_date, sex, nationality, diagnoses (separated by ; or spaces)."""
    parsed = Parsed()
    for line, row in csv_records(text):
        parsed.patients.append(row)
        parsed.patient_refs.append(f"line {line}")
    return parsed


def labs_from_csv(text: str) -> Parsed:
    """Columns: cid, date, creatinine, unit, and optionally egfr, uacr, uacr_unit."""
    parsed = Parsed()
    for line, row in csv_records(text):
        parsed.labs.append({k: v for k, v in row.items() if v != ""})
        parsed.lab_refs.append(f"line {line}")
    return parsed


# ---- 43-file ----------------------------------------------------------------------------


def read_43(text: str, kind: str) -> list[tuple[int, dict[str, str]]]:
    """Records of one 43-file as dicts keyed by upper-case column name."""
    kind = kind.upper()
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        return []
    first = [c.strip().upper() for c in lines[0].split("|")]
    if "HOSPCODE" in first:
        columns, start = first, 1
    else:
        columns, start = list(DEFAULT_COLUMNS[kind]), 0
    missing = [c for c in REQUIRED[kind] if c not in columns]
    if missing:
        raise FormatError(f"{kind}: missing column(s) {', '.join(missing)}")
    out = []
    for n, line in enumerate(lines[start:], start=start + 1):
        if not line.strip():
            continue
        values = line.split("|")
        out.append((n, {c: (values[i].strip() if i < len(values) else "") for i, c in enumerate(columns)}))
    return out


def from_43files(
    person: str | None,
    chronic: str | None,
    labfu: str | None,
    labtests: Mapping[str, tuple[str, str]],
    known_pids: Mapping[tuple[str, str], str] | None = None,
    diagnosis_opd: str | None = None,
) -> Parsed:
    """PERSON (+ CHRONIC diagnoses) -> patients; LABFU -> labs for mapped LABTEST codes.

    A PERSON record is registered only if CHRONIC gives it a diagnosis or LABFU has a
    mapped lab for it: PERSON holds the whole catchment, not only CKD patients.
    `labtests` maps LABTEST code -> (kind, unit); `known_pids` maps (HOSPCODE, PID) -> CID
    for patients already in the registry.
    """
    parsed = Parsed()
    dx: dict[tuple[str, str], list[str]] = {}
    for n, r in read_43(chronic, "CHRONIC") if chronic else []:
        code = r.get("CHRONIC", "")
        if not code:
            parsed.errors.append({"index": f"CHRONIC line {n}", "field": "CHRONIC", "message": "required"})
            continue
        dx.setdefault((r["HOSPCODE"], r["PID"]), []).append(code)
    for _n, r in read_43(diagnosis_opd, "DIAGNOSIS_OPD") if diagnosis_opd else []:
        code = r.get("DIAGCODE", "").replace(".", "").upper()
        key = (r["HOSPCODE"], r["PID"])
        if code.startswith(CKD_RELATED) and code not in dx.get(key, []):
            dx.setdefault(key, []).append(code)
    lab_rows: list[tuple[int, dict[str, str]]] = []
    with_labs: set[tuple[str, str]] = set()
    for n, r in read_43(labfu, "LABFU") if labfu else []:
        if r["LABTEST"] not in labtests:
            parsed.ignore(f"LABTEST {r['LABTEST'] or '(blank)'} not mapped")
            continue
        lab_rows.append((n, r))
        with_labs.add((r["HOSPCODE"], r["PID"]))
    pid_to_cid: dict[tuple[str, str], str] = dict(known_pids or {})
    for n, r in read_43(person, "PERSON") if person else []:
        key = (r["HOSPCODE"], r["PID"])
        if key not in dx and key not in with_labs:
            parsed.ignore("PERSON without a chronic diagnosis or mapped lab")
            continue
        pid_to_cid[key] = r["CID"]
        parsed.patients.append(
            {"cid": r["CID"], "birth_date": r["BIRTH"], "sex": r["SEX"], "nationality": r["NATION"],
             "diagnoses": dx.get(key, []), "hospcode": r["HOSPCODE"], "pid": r["PID"]}
        )  # fmt: skip
        parsed.patient_refs.append(f"PERSON line {n}")
    for n, r in lab_rows:
        cid = r.get("CID") or pid_to_cid.get((r["HOSPCODE"], r["PID"]))
        ref = f"LABFU line {n}"
        if not cid:
            parsed.errors.append(
                {
                    "index": ref,
                    "field": "PID",
                    "message": f"no PERSON record for HOSPCODE {r['HOSPCODE']} PID {r['PID']}",
                }
            )
            continue
        kind, unit = labtests[r["LABTEST"]]
        row = {"cid": cid, "date": r["DATE_SERV"], kind: r["LABRESULT"]}
        if kind == "creatinine":
            row["unit"] = unit
        elif kind == "uacr":
            row["uacr_unit"] = unit
        parsed.labs.append(row)
        parsed.lab_refs.append(ref)
    return parsed


# ---- FHIR -------------------------------------------------------------------------------

_CID = re.compile(r"^\d{13}$")


def _patient_cid(resource: Mapping[str, Any]) -> str | None:
    ids = resource.get("identifier") or []
    for ident in ids:
        system = str(ident.get("system", "")).lower()
        if any(s in system for s in ("cid", "dopa", "national", "thai")) and ident.get("value"):
            return str(ident["value"]).replace("-", "").strip()
    for ident in ids:
        value = str(ident.get("value", "")).replace("-", "").strip()
        if _CID.match(value):
            return value
    return None


def from_fhir(text: str) -> Parsed:
    """Observations (creatinine, eGFR, UACR by LOINC) -> lab rows. Patients are resolved
    from subject.identifier, or from subject.reference to a Patient in the same Bundle."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise FormatError("JSON nested too deep") from None
    if isinstance(doc, Mapping) and doc.get("resourceType") == "Bundle":
        resources = [(f"entry[{i}]", e.get("resource") or {}) for i, e in enumerate(doc.get("entry") or [])]
        refs = {e.get("fullUrl"): e.get("resource") for e in doc.get("entry") or [] if e.get("fullUrl")}
    elif isinstance(doc, list):
        resources, refs = [(f"[{i}]", r) for i, r in enumerate(doc)], {}
    elif isinstance(doc, Mapping):
        resources, refs = [("resource", doc)], {}
    else:
        raise FormatError("expected an Observation, a list of them, or a Bundle")
    patients = {}
    for _, r in resources:
        if isinstance(r, Mapping) and r.get("resourceType") == "Patient":
            if r.get("id"):
                patients[f"Patient/{r['id']}"] = r
    for url, r in refs.items():
        if isinstance(r, Mapping) and r.get("resourceType") == "Patient":
            patients[url] = r
    parsed = Parsed()
    for where, r in resources:
        if not isinstance(r, Mapping) or r.get("resourceType") != "Observation":
            parsed.ignore("not an Observation")
            continue
        if r.get("status") in SKIP_STATUSES:
            parsed.ignore(f"status {r.get('status')}")
            continue
        codes = [
            c.get("code")
            for c in (r.get("code") or {}).get("coding") or []
            if "loinc" in str(c.get("system", ""))
        ]
        known = [c for c in codes if c in LOINC]
        if not known:
            parsed.ignore("LOINC code not used by the CKD registry")
            continue
        kind, unit = LOINC[known[0]]

        def err(fld: str, msg: str, where=where) -> None:
            parsed.errors.append({"index": where, "field": fld, "message": msg})

        subject = r.get("subject") or {}
        cid = None
        if subject.get("identifier"):
            cid = _patient_cid({"identifier": [subject["identifier"]]})
        elif subject.get("reference") in patients:
            cid = _patient_cid(patients[subject["reference"]])
        if not cid:
            err("subject", "no national ID: give subject.identifier or a Patient with one in the Bundle")
            continue
        when = r.get("effectiveDateTime") or (r.get("effectivePeriod") or {}).get("start") or r.get("issued")
        if not when:
            err("effectiveDateTime", "required")
            continue
        q = r.get("valueQuantity") or {}
        if q.get("value") is None:
            err("valueQuantity.value", "required")
            continue
        row = {"cid": cid, "date": str(when)[:10], kind: q["value"]}
        given_unit = q.get("code") or q.get("unit")
        if kind == "creatinine":
            row["unit"] = given_unit or unit
        elif kind == "uacr":
            row["uacr_unit"] = given_unit or unit
        parsed.labs.append(row)
        parsed.lab_refs.append(where)
    return parsed
