"""Accounts, API tokens and the audit log."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Platform user; roles are Django groups (see core/roles.py).

    `facility` ties staff (nurses, hospital staff) to the place they work at, so
    patient records can be limited to their own facility. `district` scopes
    officers (agriculture, health) to their district.
    """

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    facility = models.ForeignKey(
        "geo.Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        verbose_name=_("facility"),
    )
    district = models.CharField(_("district"), max_length=64, blank=True)

    def has_role(self, *roles: str) -> bool:
        if self.is_superuser:
            return True
        names = getattr(self, "_role_cache", None)
        if names is None:
            names = set(self.groups.values_list("name", flat=True))
            self._role_cache = names
        return bool(names.intersection(roles)) or "admin" in names

    def __str__(self) -> str:
        return self.display_name or self.username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A Bearer token. Only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=8, help_text="First characters, to recognise a token in lists")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    @classmethod
    def issue(cls, user, name: str = "") -> tuple[ApiToken, str]:
        raw = "pn_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:8], digest=hash_token(raw))
        return token, raw

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class AuditEntry(models.Model):
    """Who did what, to which object, when and from where. Written only via core.audit.record."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, db_index=True)  # create, update, delete, read, login...
    object_type = models.CharField(max_length=64, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    summary = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=16, blank=True)  # web, api, cli

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}#{self.object_id}"


class LoginFailure(models.Model):
    """One failed log-in, counted by `core.throttle` per account and per client address. Kept in
    the database (not a per-process cache) so that every server process sees the same count; rows
    older than the throttle's window are deleted as new failures come in. Deleting an account's
    rows unlocks it (`phangnga unlock-login`)."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    username = models.CharField(max_length=150)  # as typed, case-folded: core.throttle.account_key
    address = models.GenericIPAddressField(null=True, blank=True)  # core.audit.client_ip

    class Meta:
        indexes = [
            models.Index(fields=["username", "at"], name="loginfailure_account"),
            models.Index(fields=["address", "at"], name="loginfailure_address"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.address or ''}"


class IdempotencyRecord(models.Model):
    """Remembers the object made by a write that carried an Idempotency-Key, so a retry from a
    phone that lost its signal gets the same answer instead of a duplicate. A key is its caller's
    (`core.idempotency.caller_of`) and stands for one request body (`fingerprint`)."""

    key = models.CharField(max_length=128)
    scope = models.CharField(max_length=64)
    caller = models.CharField(max_length=64, default="")
    object_id = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64, blank=True, default="")  # sha256 of the request body
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "caller", "key"], name="unique_idempotency_caller_key")
        ]


class Job(models.Model):
    """A long piece of work (a large import) run off the request path: the page that received the
    upload stores it here and answers at once; a thread of a server worker runs it (core/jobs.py)."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(s, s) for s in (QUEUED, RUNNING, DONE, FAILED)]

    handler = models.CharField(max_length=128)  # "module:function", set by code, never by a client
    status = models.CharField(max_length=16, choices=STATUSES, default=QUEUED, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)  # for the audit entry it writes
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"job {self.pk} ({self.handler}, {self.status})"


class JobFile(models.Model):
    """An uploaded file a job reads (already checked for size and type by the page)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=64)
    data = models.BinaryField()
