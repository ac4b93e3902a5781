"""A large visit-history upload imported as a job (core/jobs.py): the same reading and import as
the page does within the request for a small file."""

from __future__ import annotations

from dataclasses import asdict

from phangnga.core import jobs

from .tables import read_table
from .visit_import import ImportReport, import_visits

HANDLER = "phangnga.health.visit_jobs:run_job"


def enqueue(request, data: bytes, filename: str, mode: str):
    return jobs.enqueue(request, HANDLER, {"file": data}, {"filename": filename, "mode": mode})


def outcome(report: ImportReport) -> dict:
    """The report as JSON, with the keys the import page reads."""
    return asdict(report)


def run_job(job) -> dict:
    table = read_table(jobs.files_of(job)["file"], job.params["filename"])
    return outcome(import_visits(table, mode=job.params["mode"]))
