"""Importing CKD data from a page: the uploads read as checked text, parsed in their format,
registered, audited. Small uploads run within the request; large ones as a job (core/jobs.py)
with the same steps, so both give the same outcome."""

from __future__ import annotations

from django.utils.translation import gettext as _

from phangnga.core import jobs, limits
from phangnga.core.audit import Actor

from . import access, ckd_formats, ckd_services

F43_FILES = ("person", "chronic", "labfu", "diagnosis_opd")
FORMATS = ("patients_csv", "labs_csv", "f43", "fhir")
HANDLER = "phangnga.health.ckd_import:run_job"


def read_uploads(fmt: str, files: dict) -> dict[str, str]:
    """The uploads this format needs, as text: refused past the size and row limits or when not
    text (limits.UploadRefused naming the field), ValueError when a file is missing."""
    if fmt in ("patients_csv", "labs_csv", "fhir"):
        if files.get("file") is None:
            raise ValueError(_("Choose a file."))
        return {"file": _text(files["file"], "file", table=fmt != "fhir")}
    if fmt == "f43":
        texts = {n: _text(files[n], n) for n in F43_FILES if files.get(n)}
        if not texts:
            raise ValueError(_("Choose at least one 43-file (PERSON, CHRONIC or LABFU)."))
        return texts
    raise ValueError(_("Unknown format."))


def _text(upload, field: str, table: bool = True) -> str:
    """As HOSxP/JHCIS export it: UTF-8 or Thai Windows, checked by content before any parser."""
    data = limits.read_upload(upload, field, limits.MAX_FILE_BYTES)
    limits.check_text(data, field)  # a PNG or a zip named .csv is refused here
    text = limits.decode_text(data)
    if table:
        limits.check_lines(text, field)
    return text


def parse(fmt: str, texts: dict[str, str]) -> ckd_formats.Parsed:
    if fmt == "f43":
        labfu = texts.get("labfu") or ""
        hospcodes = {line.split("|", 1)[0] for line in labfu.splitlines()[:50000] if "|" in line}
        return ckd_formats.from_43files(
            texts.get("person"), texts.get("chronic"), texts.get("labfu"), ckd_services.labtest_map(),
            ckd_services.known_pids(hospcodes), diagnosis_opd=texts.get("diagnosis_opd"),
        )  # fmt: skip
    reader = {"patients_csv": ckd_formats.patients_from_csv, "labs_csv": ckd_formats.labs_from_csv,
              "fhir": ckd_formats.from_fhir}[fmt]  # fmt: skip
    parsed = reader(texts["file"])
    # A FHIR document has no lines to count first: its Observations count as rows.
    if len(parsed.patients) + len(parsed.labs) + len(parsed.errors) > limits.MAX_ROWS:
        raise limits.UploadRefused("file", "too_many_rows", limit=f"{limits.MAX_ROWS:,}")
    return parsed


def run(actor: Actor, fmt: str, mode: str, texts: dict[str, str]) -> ckd_services.ImportResult:
    """Parse, then register and audit (ckd_services.import_parsed) as `actor`."""
    user = actor.user
    return ckd_services.import_parsed(
        actor, parse(fmt, texts), mode, source=fmt.split("_")[0], facility=user.facility,
        scope=access.ckd_patients_for(user), what=fmt,
    )  # fmt: skip


def outcome(result: ckd_services.ImportResult) -> dict:
    """What the import page shows of a result, as JSON (a job's result): the same keys the
    template reads from an ImportResult."""
    return {
        "mode": result.mode,
        "saved": result.saved,
        "patients": {"created": result.patients.created},
        "labs": {"created": result.labs.created},
        "ignored": dict(result.ignored),
        "errors": [dict(e) for e in result.errors],
    }


def enqueue(request, fmt: str, mode: str, texts: dict[str, str]):
    files = {name: text.encode() for name, text in texts.items()}
    return jobs.enqueue(request, HANDLER, files, {"format": fmt, "mode": mode})


def run_job(job) -> dict:
    """The job's handler (a FormatError's message becomes the failed job's error)."""
    texts = {name: data.decode() for name, data in jobs.files_of(job).items()}
    # The officer who queued the file, from where they sent it, through the page.
    actor = Actor(user=job.created_by, ip=job.source_ip, channel="web")
    result = run(actor, job.params["format"], job.params["mode"], texts)
    return outcome(result)
