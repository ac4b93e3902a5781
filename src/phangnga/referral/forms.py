"""The nurse's referral form: Thai first, field errors in the user's language."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phangnga.core.thai import ThaiValueError, validate_national_id
from phangnga.geo.models import CAPABILITIES, Place

from . import access, validation
from .models import SCHEME_CHOICES, SEX_CHOICES, URGENCY_CHOICES

TRIAGE_CHOICES = [
    (1, _("1 Resuscitation")),
    (2, _("2 Emergency")),
    (3, _("3 Urgent")),
    (4, _("4 Semi-urgent")),
    (5, _("5 Non-urgent")),
]
SEA_CHOICES = [("calm", _("Calm")), ("moderate", _("Moderate")), ("rough", _("Rough"))]
ID_MESSAGES = {
    "wrong_length": _("A Thai national ID has 13 digits."),
    "not_digits": _("A Thai national ID has digits only."),
    "bad_check_digit": _("The check digit does not match: please check the number on the ID card."),
}


class ReferralForm(forms.Form):
    client_id = forms.CharField(widget=forms.HiddenInput, required=False)
    origin = forms.ModelChoiceField(label=_("Referring facility"), queryset=Place.objects.none())
    cid = forms.CharField(
        label=_("Thai national ID (13 digits)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    passport = forms.CharField(label=_("or passport number (foreigners)"), required=False, max_length=20)
    nationality = forms.CharField(label=_("Nationality (3 letters, e.g. RUS)"), required=False, max_length=3)
    name = forms.CharField(label=_("Patient name"), max_length=200)
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES)
    scheme = forms.ChoiceField(label=_("Insurance scheme"), choices=SCHEME_CHOICES)
    icd10 = forms.CharField(
        label=_("Diagnosis (ICD-10)"),
        max_length=10,
        widget=forms.TextInput(attrs={"placeholder": "I63.9", "autocapitalize": "characters"}),
    )
    triage = forms.TypedChoiceField(label=_("Triage level"), choices=TRIAGE_CHOICES, coerce=int, initial=2)
    capability = forms.ChoiceField(
        label=_("Needs"), choices=[("", "—")] + [(k, v) for k, v in CAPABILITIES.items()], required=False
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=URGENCY_CHOICES)
    sea_state = forms.ChoiceField(label=_("Sea state now"), choices=SEA_CHOICES)
    reason = forms.CharField(label=_("Reason for referral"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].queryset = access.referring_facilities(user)
        if not self.fields["origin"].queryset.exists():
            self.fields["origin"].help_text = _(
                "Your account has no facility: ask an administrator to set it."
            )
        thai = get_language() == "th"
        self.fields["origin"].label_from_instance = lambda p: p.name_th if thai else p.name_en
        if user is not None and user.facility_id:
            self.fields["origin"].initial = user.facility_id
        self.fields["client_id"].initial = uuid.uuid4().hex  # a resubmitted page never duplicates

    PATIENT_FIELDS = ("cid", "passport", "nationality", "name", "birth_date", "sex", "scheme")
    REFERRAL_FIELDS = ("origin", "icd10", "triage", "capability", "urgency", "sea_state", "reason")

    def patient_fields(self):
        return [self[name] for name in self.PATIENT_FIELDS]

    def referral_fields(self):
        return [self[name] for name in self.REFERRAL_FIELDS]

    def clean_cid(self):
        value = self.cleaned_data.get("cid", "").strip()
        if not value:
            return ""
        try:
            return validate_national_id(value, "cid")
        except ThaiValueError as exc:
            raise forms.ValidationError(ID_MESSAGES.get(exc.code, exc.message)) from None

    def clean_passport(self):
        value = self.cleaned_data.get("passport", "").strip()
        if not value:
            return ""
        try:
            return validation.normalise_passport(value)
        except ValueError:
            raise forms.ValidationError(_("A passport number has 5 to 20 letters or digits.")) from None

    def clean_icd10(self):
        try:
            return validation.normalise_icd10(self.cleaned_data.get("icd10", ""))
        except ValueError:
            raise forms.ValidationError(
                _("Write an ICD-10 code: a letter, two digits, then an optional dot and more, e.g. I63.9")
            ) from None

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The birth date cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        if (
            not data.get("cid")
            and not data.get("passport")
            and "cid" not in self.errors
            and "passport" not in self.errors
        ):
            self.add_error("cid", _("Give a Thai national ID, or a passport number for a foreigner."))
        return data

    def payload(self) -> dict:
        d = self.cleaned_data
        return {
            "origin_id": d["origin"].id,
            "icd10": d["icd10"],
            "triage": d["triage"],
            "capability": d["capability"] or None,
            "reason": d["reason"],
            "urgency": d["urgency"],
            "sea_state": d["sea_state"],
            "client_id": d["client_id"] or None,
            "patient": {
                "cid": d["cid"],
                "passport": d["passport"],
                "nationality": d["nationality"],
                "name": d["name"],
                "birth_date": d["birth_date"],
                "sex": d["sex"],
                "scheme": d["scheme"],
            },
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ContributionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    contributor = forms.CharField(label=_("Contributor"), max_length=200)
    amount = forms.DecimalField(label=_("Amount (baht)"), min_value=1, max_digits=12, decimal_places=2)


WEEKDAY_CHOICES = [
    (0, _("Mon")),
    (1, _("Tue")),
    (2, _("Wed")),
    (3, _("Thu")),
    (4, _("Fri")),
    (5, _("Sat")),
    (6, _("Sun")),
]


def _dialysis_centres(field: forms.ModelChoiceField) -> None:
    """Hospitals with haemodialysis, named in the reader's language."""
    field.queryset = Place.objects.filter(
        pk__in=[
            p.pk for p in Place.objects.filter(active=True, kind="hospital") if p.has_capability("dialysis")
        ]
    )
    thai = get_language() == "th"
    field.label_from_instance = lambda p: p.name_th if thai else p.name_en


class EnrolForm(forms.Form):
    """Enrol an end-stage kidney patient in free boat-and-car transport to dialysis."""

    cid = ReferralForm.base_fields["cid"]
    passport = ReferralForm.base_fields["passport"]
    name = ReferralForm.base_fields["name"]
    birth_date = ReferralForm.base_fields["birth_date"]
    sex = ReferralForm.base_fields["sex"]
    scheme = ReferralForm.base_fields["scheme"]
    centre = forms.ModelChoiceField(label=_("Dialysis centre"), queryset=Place.objects.none())
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Session days"), choices=WEEKDAY_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    enrolled_on = forms.DateField(
        label=_("First session from"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    boat_fare = forms.DecimalField(label=_("Boat fare (baht, one session)"), min_value=0, initial=300)
    car_fare = forms.DecimalField(label=_("Car fare (baht, one session)"), min_value=0, initial=200)

    clean_cid = ReferralForm.clean_cid
    clean_passport = ReferralForm.clean_passport
    clean_birth_date = ReferralForm.clean_birth_date

    def clean(self):
        data = super().clean()
        if not data.get("cid") and not data.get("passport") and not {"cid", "passport"} & set(self.errors):
            self.add_error("cid", _("Give a Thai national ID, or a passport number for a foreigner."))
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dialysis_centres(self.fields["centre"])


class ScheduleForm(forms.Form):
    """Change an enrolled patient's dialysis schedule (future, unmarked trips are redone)."""

    weekdays = EnrolForm.base_fields["weekdays"]
    centre = forms.ModelChoiceField(label=_("Dialysis centre"), queryset=Place.objects.none())
    session_time = forms.TimeField(
        label=_("Session time"),
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    enrolled_on = forms.DateField(
        label=_("First session from"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Last session on (empty: no end)"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dialysis_centres(self.fields["centre"])

    def clean(self):
        data = super().clean()
        start, end = data.get("enrolled_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The last session cannot be before the first."))
        return data
