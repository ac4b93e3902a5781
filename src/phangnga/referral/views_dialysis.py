"""The dialysis programme's pages: enrolled patients and their coming trips, enrolment, a
patient's schedule, attendance."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phangnga.core.audit import Actor, record, record_list
from phangnga.core.decorators import role_required
from phangnga.core.errors import FieldError
from phangnga.core.thai import fiscal_year

from . import access, dialysis, kpis
from .forms import EnrolForm, ScheduleForm
from .models import DialysisPatient, DialysisTrip
from .views import fy_label

CLINICAL = access.CLINICAL_ROLES


@role_required(*CLINICAL)
def dialysis_page(request):
    qs = DialysisPatient.objects.select_related("patient", "home_facility", "centre")
    if not access.is_admin(request.user):
        qs = qs.filter(home_facility_id=request.user.facility_id) | qs.filter(
            centre_id=request.user.facility_id
        )
    form = EnrolForm(
        request.POST or None, initial={"enrolled_on": timezone.localdate(), "weekdays": [0, 2, 4]}
    )
    if request.method == "POST" and form.is_valid():
        if request.user.facility is None:
            form.add_error(None, _("Your account has no facility to enrol patients from."))
        else:
            _enrol(request, form.cleaned_data)
            messages.success(request, _("Enrolled; the next four weeks of trips are scheduled."))
            return redirect("referral:dialysis")
    enrolments = list(qs.filter(active=True))
    today = timezone.localdate()
    upcoming = list(
        DialysisTrip.objects.filter(
            enrolment__in=enrolments, date__range=(today - timedelta(days=7), today + timedelta(days=7))
        )
        .select_related("enrolment__patient")
        .order_by("date")
    )
    fy = fiscal_year(today)
    record_list(request, "referral.dialysispatient", [e.id for e in enrolments], "dialysis page")
    return render(
        request,
        "referral/dialysis.html",
        {
            "enrolments": enrolments,
            "upcoming": upcoming,
            "today": today,
            "fy_label": fy_label(fy),
            "saved": kpis.savings(fy)["dialysis_savings"],
            "weekday_names": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            "form": form,
        },
    )


@transaction.atomic
def _enrol(request, d: dict) -> DialysisPatient:
    actor = Actor.of(request)
    enrolment = dialysis.enrol(
        actor,
        {k: d[k] for k in ("cid", "passport", "name", "birth_date", "sex", "scheme")},
        request.user.facility,
        d["centre"],
        d["weekdays"],
        enrolled_on=d["enrolled_on"],
        boat_fare=d["boat_fare"],
        car_fare=d["car_fare"],
    )
    dialysis.generate_trips(actor, enrolment, d["enrolled_on"], d["enrolled_on"] + timedelta(days=27))
    return enrolment


SCHEDULE_FIELDS = {"weekdays": "weekdays", "centre_id": "centre", "start": "enrolled_on", "end": "ends_on"}


@role_required(*CLINICAL)
def dialysis_edit(request, enrolment_id: int):
    """Change a patient's schedule: future trips nobody has marked are redone; the past stays."""
    e = get_object_or_404(DialysisPatient.objects.select_related("patient", "centre"), pk=enrolment_id)
    if not access.is_admin(request.user) and request.user.facility_id not in (
        e.home_facility_id,
        e.centre_id,
    ):
        raise Http404("enrolment")
    form = ScheduleForm(
        request.POST or None,
        initial={
            "weekdays": e.weekdays,
            "centre": e.centre_id,
            "session_time": e.session_time,
            "enrolled_on": e.enrolled_on,
            "ends_on": e.ends_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            dialysis.reschedule(
                Actor.of(request),
                e,
                today=timezone.localdate(),
                weekdays=d["weekdays"],
                centre=d["centre"],
                session_time=d["session_time"],
                start=d["enrolled_on"],
                end=d["ends_on"],
            )
        except FieldError as exc:
            for field, message in exc.fields.items():
                form.add_error(SCHEDULE_FIELDS.get(field), message)
        else:
            messages.success(request, _("Schedule changed; future trips were rescheduled."))
            return redirect("referral:dialysis")
    record(request, "read", e)
    today = timezone.localdate()
    return render(
        request,
        "referral/dialysis_edit.html",
        {
            "e": e,
            "form": form,
            "past": list(e.trips.filter(date__lte=today).order_by("-date")[:6]),
            "coming": list(e.trips.filter(date__gt=today).order_by("date")[:12]),
        },
    )


@require_POST
@role_required(*CLINICAL)
def dialysis_attend(request, trip_id: int):
    trip = get_object_or_404(DialysisTrip.objects.select_related("enrolment"), pk=trip_id)
    e = trip.enrolment
    if not access.is_admin(request.user) and request.user.facility_id not in (
        e.home_facility_id,
        e.centre_id,
    ):
        raise Http404("trip")
    dialysis.record_attendance(Actor.of(request), trip, request.POST.get("attended") == "1")
    return redirect("referral:dialysis")
