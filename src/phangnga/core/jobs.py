"""Long imports off the request path.

A page that receives a large upload checks its size and type (core/limits.py), stores it as a
`Job` and redirects to the job's page at once; the worker's request thread is free again in
milliseconds instead of holding for the whole parse and import. In each server worker a thread
(core/worker_threads.py) runs queued jobs one at a time, oldest first; the job's page shows
"queued"/"running" and reloads itself until the outcome is there. `phangnga run-jobs` runs them
from a shell (development server, or to drain a queue by hand).

A job's handler ("module:function", set by code) gets the job and returns a JSON-able result;
an exception marks the job failed with its message. Handlers write in their own transaction, so
a worker killed mid-job leaves nothing half-written; such a job is queued again when a worker
starts (`requeue_stale`).
"""

from __future__ import annotations

import importlib
import logging
import time
from datetime import timedelta

from django.db import close_old_connections, transaction
from django.utils import timezone

from .audit import client_ip
from .models import Job, JobFile
from .worker_threads import start_in_each_worker

log = logging.getLogger(__name__)

# Uploads up to this size are imported within the request, as before: the answer is there in
# about a second. Larger ones become a job.
INLINE_MAX_BYTES = 512 * 1024
STALE_AFTER = timedelta(minutes=30)
POLL_S = 1.0


def enqueue(request, handler: str, files: dict[str, bytes], params: dict) -> Job:
    """Store the work and its files (one transaction: a job never lacks its files)."""
    with transaction.atomic():
        job = Job.objects.create(
            handler=handler, created_by=request.user, source_ip=client_ip(request), params=params
        )
        JobFile.objects.bulk_create(JobFile(job=job, name=n, data=d) for n, d in files.items())
    return job


def files_of(job: Job) -> dict[str, bytes]:
    return {f.name: bytes(f.data) for f in job.files.all()}


def _claim() -> Job | None:
    """The oldest queued job, marked running by this worker (another worker's claim wins)."""
    for job in Job.objects.filter(status=Job.QUEUED).order_by("pk")[:5]:
        if Job.objects.filter(pk=job.pk, status=Job.QUEUED).update(
            status=Job.RUNNING, started_at=timezone.now()
        ):
            job.refresh_from_db()
            return job
    return None


def run_next() -> Job | None:
    """Run the oldest queued job to its end; None when the queue is empty."""
    job = _claim()
    if job is None:
        return None
    module, _, name = job.handler.partition(":")
    try:
        result = getattr(importlib.import_module(module), name)(job)
    except Exception as exc:  # a handler's failure is the job's outcome, not the worker's
        log.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=Job.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    else:
        Job.objects.filter(pk=job.pk).update(status=Job.DONE, result=result, finished_at=timezone.now())
        JobFile.objects.filter(job_id=job.pk).delete()  # the upload is not kept once imported
    job.refresh_from_db()
    return job


def run_pending() -> int:
    """Run every queued job; the number run."""
    n = 0
    while run_next() is not None:
        n += 1
    return n


def requeue_stale(now=None) -> int:
    """Jobs left running by a worker that died: their handler's transaction was rolled back."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    return Job.objects.filter(status=Job.RUNNING, started_at__lt=cutoff).update(status=Job.QUEUED)


def _loop() -> None:
    requeue_stale()
    while True:
        try:
            ran = run_next()
        except Exception:  # the database away for a moment: try again later
            log.exception("job runner")
            ran = None
        finally:
            close_old_connections()
        if ran is None:
            time.sleep(POLL_S)


def install() -> None:
    """Run queued jobs on a background thread in each server worker (CoreConfig.ready)."""
    start_in_each_worker("job-runner", _loop)
