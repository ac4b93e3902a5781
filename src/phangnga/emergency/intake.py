"""Incident intake under load: the reports that arrive together in one server process are
written in one transaction (group commit, `core/groupcommit.py`), with their idempotency keys.

Validation, triage and planning happen before, in each request's own thread; only the writes
are shared. The idempotency key is the incident's own unique `client_id`, scoped to its caller
(`core.idempotency.scoped`; no separate record to write), and the request's digest goes in the
report's audit entry, which is written in the batch anyway. A retry of a key that is already in the batch gets the same incident; a key that
another process wrote meanwhile fails the batch, which is then written one by one, and that
report answers with the incident already stored under its key.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from phangnga.core import idempotency
from phangnga.core.audit import build as build_audit
from phangnga.core.groupcommit import GroupCommit

from . import reports
from .models import Incident
from .reports import IntakeJob
from .writelock import serial_writes


@dataclass
class Written:
    incident: Incident
    created: bool


def _write(jobs: list[IntakeJob]) -> list[Written]:
    first: dict[str, IntakeJob] = {}  # key -> the job that writes it
    fresh: list[IntakeJob] = []
    for job in jobs:
        if job.client_id and job.client_id in first:
            continue
        if job.client_id:
            first[job.client_id] = job
        fresh.append(job)
    try:
        with serial_writes(), transaction.atomic():
            incidents = reports.write_incidents(fresh)
    except IntegrityError:
        earlier = (
            Incident.objects.filter(client_id=jobs[0].client_id).first()
            if len(jobs) == 1 and jobs[0].client_id
            else None
        )
        if earlier is None:
            raise  # a batch: written again one by one
        return [Written(earlier, False)]
    written = {id(j): i for j, i in zip(fresh, incidents, strict=True)}
    return [
        Written(written[id(j)], True) if id(j) in written else Written(written[id(first[j.client_id])], False)
        for j in jobs
    ]


_writer: GroupCommit[IntakeJob, Written] = GroupCommit(_write)


def submit(job: IntakeJob) -> Written:
    """Write one report (with whatever else is waiting in this process); blocks until committed.

    Call it outside any transaction of your own (as the API view does): the batch may be written
    by another request's thread, on its database connection, and is committed on its own."""
    return _writer.submit(job)


def submit_report(
    request, prepared: dict, user, channel: str, client_id: str | None, *, key: str | None = None, body=None
) -> Written:
    """`submit` for an API request: the report with its audit entry (who, from where, and for a
    report with an Idempotency-Key the key and the request's digest, which a retry is checked
    against: `core.idempotency.created_fingerprint`)."""
    audit = build_audit(
        request,
        "create",
        object_type=Incident._meta.label_lower,
        changes=idempotency.audit_changes(key, body) if body is not None else None,
    )
    return submit(IntakeJob(prepared, user, channel, client_id, audit=audit))
