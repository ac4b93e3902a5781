"""CKD clinic services: lab code map, file imports, trajectories, follow-up and the MOPH
indicator computed from the database through the pure kernels."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from phangnga.core.audit import Actor, record
from phangnga.core.thai import parse_fiscal_year

from . import ckd_indicator as kpi
from . import egfr as k
from .ckd_formats import Parsed
from .ckd_registry import BatchReport, add_labs, register_patients
from .models import CkdPatient, Diagnosis, LabKind, LabResult, LabTestCode

LAB_CODES_FILE = Path(__file__).parent / "data" / "labfu_codes.json"


# ---- 43-file LABTEST map ----------------------------------------------------------------


def ensure_lab_codes() -> None:
    """Seed the editable table from the shipped file when it is empty."""
    if LabTestCode.objects.exists():
        return
    data = json.loads(LAB_CODES_FILE.read_text(encoding="utf-8"))
    LabTestCode.objects.bulk_create(
        [
            LabTestCode(code=c["code"], kind=c["kind"], unit=c["unit"], note=c.get("note", ""))
            for c in data["codes"]
        ],
        ignore_conflicts=True,
    )


def labtest_map() -> dict[str, tuple[str, str]]:
    ensure_lab_codes()
    return {c.code: (c.kind, c.unit) for c in LabTestCode.objects.all()}


def known_pids(hospcodes: set[str]) -> dict[tuple[str, str], str]:
    rows = (
        CkdPatient.objects.filter(hospcode__in=hospcodes)
        .exclude(pid="")
        .values_list("hospcode", "pid", "cid")
    )
    return {(h, p): c for h, p, c in rows}


# ---- imports ------------------------------------------------------------------------------


@dataclass
class ImportResult:
    mode: str
    patients: BatchReport
    labs: BatchReport
    format_errors: list[dict]
    ignored: dict[str, int]
    saved: bool

    @property
    def errors(self) -> list[dict]:
        return self.format_errors + self.patients.rejected + self.labs.rejected


def import_parsed(
    actor: Actor, parsed: Parsed, mode: str, source: str, facility=None, scope=None, what: str = ""
) -> ImportResult:
    """Patients first (labs may refer to them), then labs; all_or_nothing rolls both back
    if anything at all was wrong. What was saved is audited in the same transaction."""
    inner = "keep_good"
    with transaction.atomic():
        pr = register_patients(parsed.patients, inner, source, parsed.patient_refs or None, facility=facility)
        # Results may name the patients just registered (at `facility`, so inside `scope`).
        lr = add_labs(parsed.labs, inner, source, parsed.lab_refs or None, scope=scope)
        failed = bool(parsed.errors or pr.rejected or lr.rejected)
        saved = not (mode == "all_or_nothing" and failed)
        if not saved:
            transaction.set_rollback(True)
        elif pr.created or lr.created:
            record(actor, "create", object_type="health.ckdpatient",
                   summary=f"import {what or source}: {pr.created} patients, {lr.created} labs",
                   changes={"cids": pr.created_ids})  # fmt: skip
    if not saved:
        pr.created = lr.created = 0
        pr.created_ids = []
    pr.mode = lr.mode = mode
    return ImportResult(mode, pr, lr, parsed.errors, parsed.ignored, saved)


@transaction.atomic
def register_batch(actor: Actor, rows: list[dict], mode: str, facility=None) -> BatchReport:
    """CKD patients sent as JSON rows (the API), audited with the CIDs registered."""
    report = register_patients(rows, mode, source="api", facility=facility)
    if report.created:
        record(actor, "create", object_type="health.ckdpatient", summary=f"{report.created} CKD patients",
               changes={"cids": report.created_ids})  # fmt: skip
    return report


@transaction.atomic
def add_lab_batch(actor: Actor, rows: list[dict], mode: str, scope=None) -> BatchReport:
    """Lab results sent as JSON rows (the API), audited with the patients they belong to."""
    report = add_labs(rows, mode, source="api", scope=scope)
    if report.created:
        record(actor, "create", object_type="health.labresult", summary=f"{report.created} lab results",
               changes={"cids": sorted({str(r.get("cid")) for r in rows})[:1000]})  # fmt: skip
    return report


# ---- per-patient trajectory ---------------------------------------------------------------


def egfr_points(patient: CkdPatient, equation: str = "2021") -> list[tuple[date, float, str]]:
    """(date, eGFR, how) for each day with a result: creatinine is recomputed with the
    chosen equation; a reported eGFR is used only on days without a creatinine."""
    by_day: dict[date, tuple[float, str]] = {}
    female = patient.sex == "F"
    for lab in patient.labs.filter(kind__in=[LabKind.CREATININE, LabKind.EGFR]).order_by("date", "kind"):
        if lab.kind == LabKind.CREATININE:
            age = k.age_on(patient.birth_date, lab.date)
            if age < k.MIN_AGE:
                continue
            scr = k.creatinine_mg_dl(lab.value, lab.unit)
            by_day[lab.date] = (k.egfr_from_mg_dl(scr, age, female, equation), "creatinine")
        elif lab.date not in by_day:
            by_day[lab.date] = (lab.value, "reported")
    return [(d, v, how) for d, (v, how) in sorted(by_day.items())]


@dataclass
class Trajectory:
    points: list[tuple[date, float, str]]
    method: str
    decline_per_year: float | None
    rapid: bool | None
    stage: str | None
    a_stage: str | None
    last_date: date | None
    next_due: date | None
    overdue: bool
    fit: tuple[date, float, date, float] | None


def trajectory(patient: CkdPatient, method: str = "least_squares", equation: str = "2021",
               today: date | None = None) -> Trajectory:  # fmt: skip
    today = today or timezone.localdate()
    pts = egfr_points(patient, equation)
    simple = [(d, v) for d, v, _ in pts]
    decline = fit = None
    if len({d for d, _ in simple}) >= 2:
        decline = k.decline_per_year(simple, method)
        d0, d1 = simple[0][0], simple[-1][0]
        if method == "endpoint":
            fit = (d0, simple[0][1], d1, simple[-1][1])
        else:
            mean_x = sum(d.toordinal() for d, _ in simple) / len(simple)
            mean_y = sum(v for _, v in simple) / len(simple)
            slope = -decline / k.DAYS_PER_YEAR
            fit = (
                d0,
                mean_y + slope * (d0.toordinal() - mean_x),
                d1,
                mean_y + slope * (d1.toordinal() - mean_x),
            )
    stage = k.g_stage(simple[-1][1]) if simple else None
    last = simple[-1][0] if simple else None
    due = k.next_due(last, stage) if last else None
    uacr = patient.labs.filter(kind=LabKind.UACR).order_by("-date").first()
    return Trajectory(
        points=pts, method=method, decline_per_year=None if decline is None else round(decline, 2),
        rapid=k.is_rapid_decline(simple, method) if simple else None, stage=stage,
        a_stage=k.a_stage(uacr.value, uacr.unit) if uacr else None, last_date=last, next_due=due,
        overdue=bool(due and today > due), fit=fit,
    )  # fmt: skip


@dataclass
class DueRow:
    patient_id: int
    cid: str
    last_date: date
    last_egfr: float
    stage: str
    next_due: date
    days_overdue: int


def follow_up_list(today: date | None = None, stages=("G3a", "G3b", "G4"), only_overdue: bool = True,
                   equation: str = "2021") -> list[DueRow]:  # fmt: skip
    """Stage 3-4 patients by their latest eGFR, with the due date of the next check
    (stage 3 every 6 months, stage 4 every 4 months) - overdue first."""
    today = today or timezone.localdate()
    latest: dict[int, tuple[date, float, str]] = {}
    rows = (
        LabResult.objects.filter(kind__in=[LabKind.CREATININE, LabKind.EGFR])
        .order_by("patient_id", "date", "kind")
        .values_list("patient_id", "date", "kind", "value", "unit")
    )
    for pid, d, kind, value, unit in rows.iterator(chunk_size=10000):
        prev = latest.get(pid)
        if prev and prev[0] == d and prev[2] == "creatinine":
            continue  # a creatinine that day wins over a reported eGFR
        latest[pid] = (d, value, kind + "|" + unit)
    patients = {
        p.pk: p for p in CkdPatient.objects.filter(pk__in=list(latest)).only("pk", "cid", "birth_date", "sex")
    }
    out = []
    for pid, (d, value, how) in latest.items():
        p = patients[pid]
        kind, unit = how.split("|")
        if kind == "creatinine":
            age = k.age_on(p.birth_date, d)
            if age < k.MIN_AGE:
                continue
            value = k.egfr_from_mg_dl(k.creatinine_mg_dl(value, unit), age, p.sex == "F", equation)
        stage = k.g_stage(value)
        if stage not in stages:
            continue
        due = k.next_due(d, stage)
        late = (today - due).days
        if only_overdue and late <= 0:
            continue
        out.append(DueRow(pid, p.cid, d, round(value, 1), stage, due, late))
    out.sort(key=lambda r: (-r.days_overdue, r.cid))
    return out


# ---- the MOPH indicator from the database --------------------------------------------------


def _patients_for_kpi(config: kpi.CkdKpiConfig):
    """Kernel patients keyed by primary key (not CID: the drill-down maps back), only
    those with a code the indicator looks at - selected in SQL by code prefix, in one
    pass over diagnoses joined to patients."""
    prefixes = config.stage_codes + config.egfr_qualified_codes
    p_table, d_table = CkdPatient._meta.db_table, Diagnosis._meta.db_table
    birth = "CAST(p.birth_date AS TEXT)" if connection.vendor == "sqlite" else "p.birth_date::text"
    like = " OR ".join(["d.code LIKE %s"] * len(prefixes))
    sql = (
        f"SELECT p.id, {birth}, p.nationality, p.sex, d.code FROM {d_table} d "
        f"JOIN {p_table} p ON p.id = d.patient_id WHERE {like} ORDER BY p.id"
    )
    make, fromiso = kpi.CkdPatient, date.fromisoformat
    current, codes, row0 = None, [], None
    with connection.cursor() as cur:
        cur.execute(sql, [f"{code}%" for code in prefixes])
        while rows := cur.fetchmany(20000):
            for pid, born, nat, sex, code in rows:
                if pid != current:
                    if current is not None:
                        yield make(
                            cid=current,
                            nationality=row0[1],
                            diagnoses=tuple(codes),
                            birth_date=row0[0],
                            sex=row0[2],
                        )
                    current, codes, row0 = pid, [], (fromiso(born), nat, sex)
                codes.append(code)
    if current is not None:
        yield make(cid=current, nationality=row0[1], diagnoses=tuple(codes), birth_date=row0[0], sex=row0[2])


def _labs_for_kpi(start: date, end: date):
    """Creatinine results in the window, then reported eGFRs on days with no creatinine.
    Streamed from a cursor, so a million rows never sit in memory together. Plain SQL
    because Django's per-row converters would cost more than the indicator itself; the
    date is read as text and parsed once per distinct day (a year has 365 of them)."""
    make = kpi.LabResult
    table = LabResult._meta.db_table
    as_text = "CAST(l.date AS TEXT)" if connection.vendor == "sqlite" else "l.date::text"
    window = "l.date >= %s AND l.date <= %s"
    creat_sql = (
        f"SELECT l.patient_id, {as_text}, l.value, l.unit FROM {table} l WHERE l.kind = %s AND {window}"
    )
    egfr_sql = (
        f"SELECT l.patient_id, {as_text}, l.value FROM {table} l WHERE l.kind = %s AND {window} AND NOT EXISTS "
        f"(SELECT 1 FROM {table} c WHERE c.patient_id = l.patient_id AND c.date = l.date AND c.kind = %s)"
    )
    for pid, d, value, unit in _stream(creat_sql, [LabKind.CREATININE.value, start, end]):
        yield make(pid, d, None, value, unit)
    for pid, d, value in _stream(egfr_sql, [LabKind.EGFR.value, start, end, LabKind.CREATININE.value]):
        yield make(pid, d, value)


def _endpoint_labs_for_kpi(start: date, end: date):
    """Only each patient's first and last result day in the window (creatinine winning
    over a reported eGFR on the same day). The endpoint rate, the >= 90-day gap and the
    baseline-eGFR rule read nothing else, so the kernel gives the same figures from
    these rows as from every row, while the database does the scanning. Rows saved
    through the registry are all computable (it refuses creatinine <= 0 and results
    before 18), which this equivalence relies on."""
    make = kpi.LabResult
    table = LabResult._meta.db_table
    as_text = "CAST(l.date AS TEXT)" if connection.vendor == "sqlite" else "l.date::text"
    kinds = "l.kind IN ('creatinine', 'egfr')"
    ends = (
        f"SELECT l.patient_id, MIN(l.date) AS d0, MAX(l.date) AS d1 FROM {table} l "
        f"WHERE {kinds} AND l.date >= %s AND l.date <= %s GROUP BY l.patient_id"
    )
    pick = f"SELECT l.patient_id, {as_text}, l.kind, l.value, l.unit FROM {table} l JOIN ends e ON l.patient_id = e.patient_id"
    sql = f"WITH ends AS ({ends}) {pick} AND l.date = e.d0 WHERE {kinds} UNION ALL {pick} AND l.date = e.d1 WHERE {kinds} AND e.d1 <> e.d0"
    chosen: dict[tuple[int, date], tuple] = {}
    for pid, d, kind, value, unit in _stream(sql, [start, end]):
        if kind == "creatinine" or (pid, d) not in chosen:
            chosen[(pid, d)] = (kind, value, unit)
    for (pid, d), (kind, value, unit) in chosen.items():
        yield make(pid, d, None, value, unit) if kind == "creatinine" else make(pid, d, value)


def _stream(sql: str, params: list, chunk: int = 20000):
    days: dict[str, date] = {}
    with connection.cursor() as cur:
        cur.execute(sql, [p.isoformat() if isinstance(p, date) else p for p in params])
        while rows := cur.fetchmany(chunk):
            for row in rows:
                d = days.get(row[1])
                if d is None:
                    d = days[row[1]] = date.fromisoformat(row[1])
                yield (row[0], d, *row[2:])


@dataclass
class KpiResult:
    result: kpi.CkdIndicatorResult
    cids: dict[int, str]  # primary key -> CID, for the drill-down


def indicator(fy, method: str = "endpoint", equation: str = "2021", include_rows: bool = True) -> KpiResult:
    config = kpi.load_config()
    fy_ce = parse_fiscal_year(fy)  # BE or CE; raises ThaiValueError naming "fy"
    start, end = kpi.fiscal_year_bounds(fy_ce)
    # The plain figures by the endpoint rule need only the ends of each series; the
    # drill-down (result counts) and least squares need every result.
    fast = method == "endpoint" and not include_rows
    labs = _endpoint_labs_for_kpi(start, end) if fast else _labs_for_kpi(start, end)
    result = kpi.compute_indicator(
        _patients_for_kpi(config), labs, fy_ce, method=method, equation=equation,
        config=config, include_rows=include_rows,
    )  # fmt: skip
    cids: dict[int, str] = {}
    if include_rows:
        ids = [r.cid for r in result.rows]
        for i in range(0, len(ids), 5000):
            cids.update(CkdPatient.objects.filter(pk__in=ids[i : i + 5000]).values_list("pk", "cid"))
    return KpiResult(result, cids)
