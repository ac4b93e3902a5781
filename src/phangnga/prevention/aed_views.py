"""The AED check form (/emergency/aeds/<code>/check): a phone page for whoever stands at the AED."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phangnga.core.decorators import role_required
from phangnga.core.errors import FieldError

from . import aed_checks
from .access import CHECKERS
from .models import Aed

# The service's error codes in the user's language (the API answers in English).
MESSAGES = {
    "future": _("A check cannot be in the future."),
    "too_old": _("More than a year ago: record checks as they happen."),
    "too_far": _("More than 10 years ahead: check the date printed on it."),
    "expired": _("Already expired: replace it, or record the AED as not ready."),
    "note_required": _("Say what is wrong, so the owner can fix it."),
}


def _date_input() -> forms.DateInput:
    # The browser's date picker takes ISO dates only; a localised value would show as empty.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AedCheckForm(forms.Form):
    checked_on = forms.DateField(label=_("Checked on"), widget=_date_input())
    ready = forms.TypedChoiceField(
        label=_("Ready light on, no damage?"),
        choices=[("yes", _("Yes, ready")), ("no", _("No, not ready"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    pads_expiry = forms.DateField(label=_("Pads expire"), widget=_date_input())
    battery_expiry = forms.DateField(label=_("Battery expires"), widget=_date_input())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


@role_required(*CHECKERS)
def check_aed(request, code: str):
    aed = get_object_or_404(Aed, code=code)
    if request.method == "POST":
        form = AedCheckForm(request.POST)
        if form.is_valid():
            try:
                aed_checks.record_check(aed, request=request, user=request.user, **form.cleaned_data)
            except FieldError as exc:
                field = next(iter(exc.fields))
                form.add_error(field, MESSAGES.get(exc.code, exc.detail))
            else:
                messages.success(request, _("Check recorded."))
                return redirect("prevention:registry", what="aeds")
    else:
        form = AedCheckForm(
            initial={
                "checked_on": timezone.localdate(),
                "ready": "yes",
                "pads_expiry": aed.pads_expiry,
                "battery_expiry": aed.battery_expiry,
            }
        )
    return render(
        request, "prevention/aed_check.html", {"aed": aed, "form": form, "checks": aed.checks.all()[:10]}
    )
