"""The log-in pages (the site's and the admin's) with the failed log-in throttle of core/throttle.py.

Failures are counted, and successes reset the account, from Django's auth signals, so every
path through `authenticate()` with a request counts alike. The refusal during a lockout happens in
the login forms, before the password is checked: a right password is refused too, and the
attempt reveals nothing about it. A refused POST answers 429 with the form and a message saying
when to try again, in the user's language.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from . import throttle
from .audit import client_ip, record

STATUS_THROTTLED = 429


def lockout_message(lock: throttle.Lockout) -> str:
    minutes = max(1, (lock.seconds_left() + 59) // 60)
    params = {"time": timezone.localtime(lock.until).strftime("%H:%M"), "minutes": minutes}
    if lock.scope == "account":
        return (
            gettext(
                "Too many failed log-ins for this account. Try again at %(time)s (in %(minutes)s min), "
                "or ask an administrator to unlock it."
            )
            % params
        )
    return (
        gettext(
            "Too many failed log-ins from your network address. Try again at %(time)s (in %(minutes)s min)."
        )
        % params
    )


class ThrottledLogin:
    """Mixed into Django's login forms: refuses a log-in while its account or address is locked."""

    lockout: throttle.Lockout | None = None

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            lock = throttle.lockout(username, client_ip(self.request))
            if lock is not None:
                self.lockout = lock
                record(
                    self.request,
                    "login_throttled",
                    object_type="core.user",
                    object_id=throttle.account_key(username)[:64],
                    summary=f"log-in refused: too many failures for this {lock.scope}",
                    changes={"scope": lock.scope, "until": lock.until.isoformat()},
                )
                raise forms.ValidationError(lockout_message(lock), code="throttled")
        return super().clean()


class LoginForm(ThrottledLogin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    pass


def with_throttle_status(response):
    """429 for a login form refused by the throttle, with Retry-After (seconds)."""
    form = (getattr(response, "context_data", None) or {}).get("form")
    lock = getattr(form, "lockout", None)
    if lock is not None:
        response.status_code = STATUS_THROTTLED
        response["Retry-After"] = str(lock.seconds_left())
    return response


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def form_invalid(self, form):
        return with_throttle_status(super().form_invalid(form))


@require_http_methods(["GET", "POST"])
def admin_login(request, extra_context=None):
    """The admin site's login (its form is AdminLoginForm, set in core/admin.py) with the 429."""
    return with_throttle_status(admin.site.login(request, extra_context))


def _failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username") or "")
    if not username:
        return
    throttle.record_failure(username, client_ip(request))
    record(
        request,
        "login_failed",
        object_type="core.user",
        object_id=throttle.account_key(username)[:64],
        summary="log-in failed",
    )


def _succeeded(sender, request, user, **kwargs) -> None:
    throttle.reset_account(user.get_username())


def install() -> None:
    user_login_failed.connect(_failed, dispatch_uid="core-login-failed")
    user_logged_in.connect(_succeeded, dispatch_uid="core-login-succeeded")
