"""A real object for each path parameter, chosen per account: one in the account's own scope
when it has one (its unit's incident, its facility's referral, its household...), else any.

An allowed cell is then tried on an object the account may use, a refused cell on an object
that exists; either way a 404 can only mean "hidden from you", never "no such object"."""

from __future__ import annotations

from phangnga.core.models import User

# Reports that crunch every demo visit or trip: asked for a year without data, so the cell costs
# the access check, not the computation (who may see the figures does not depend on the year).
CHEAP_QUERY = {
    "/health/": "?fy=2540",
    "/health/waiting/": "?fy=2540",
    "/referral/fuel/": "?fy=2540",
    "/referral/savings/": "?fy=2540",
    "/api/v1/health/waiting": "?start=2001-01-01&end=2001-03-31",
    "/api/v1/referrals/fuel/statement": "?fy=2540",
    "/api/v1/health/kpis": "?fy=2540",
}

# The key of a public help report the test module files at the start (the phone's own key).
PUBLIC_KEY = "access-matrix-public-report"

# Set when a sample had to come from outside the account's scope (it has none of its own).
_foreign: list[bool] = []


def _first(qs, *fallbacks):
    obj = qs.first()
    for fb in fallbacks:
        if obj is not None:
            break
        _foreign.append(True)
        obj = fb.first()
    assert obj is not None, f"demo data has no {qs.model.__name__}"
    return obj


def incident(user: User | None):
    from phangnga.emergency import access
    from phangnga.emergency.models import Incident

    qs = Incident.objects.filter(patients__isnull=False).order_by("-pk")
    mine = access.visible_incidents(user, qs).first() if user is not None else None
    if mine is not None:
        return mine
    _foreign.append(True)
    return _first(qs)


def resource(user):
    from phangnga.fleet.models import Resource

    mine = Resource.objects.filter(crew=user) if user is not None else Resource.objects.none()
    return _first(mine, Resource.objects.order_by("code"))


def notice(user):
    from phangnga.emergency.models import PreArrivalNotice

    qs = PreArrivalNotice.objects.order_by("-pk")
    mine = qs.filter(hospital_id=user.facility_id) if user is not None and user.facility_id else qs.none()
    return _first(mine, qs)


def referral(user):
    from phangnga.referral.access import visible_referrals
    from phangnga.referral.models import Referral

    return _first(visible_referrals(user).order_by("-pk"), Referral.objects.order_by("-pk"))


def facility_scoped(model, user, field="facility_id"):
    qs = model.objects.order_by("pk")
    if user is not None and user.facility_id:
        return _first(qs.filter(**{field: user.facility_id}), qs)
    _foreign.append(True)
    return _first(qs)


def _dialysis(model, user, via=""):
    """An enrolment (or its trip) of the user's facility, as home facility or dialysis centre."""
    from django.db.models import Q

    qs = model.objects.order_by("-pk")
    if user is not None and user.facility_id:
        f = user.facility_id
        return _first(qs.filter(Q(**{f"{via}home_facility_id": f}) | Q(**{f"{via}centre_id": f})), qs)
    _foreign.append(True)
    return _first(qs)


def household(user):
    from phangnga.farm.access import households_for
    from phangnga.farm.models import Household

    return _first(households_for(user).order_by("pk"), Household.objects.order_by("pk"))


def plot(user):
    from phangnga.farm.models import Plot

    return _first(Plot.objects.filter(household=household(user)), Plot.objects.order_by("pk"))


def site(user):
    from phangnga.iot.access import visible_sites
    from phangnga.iot.models import Site

    qs = visible_sites(user) if user is not None else Site.objects.none()
    return _first(qs.filter(devices__isnull=False).distinct().order_by("pk"), Site.objects.order_by("pk"))


def _visible_sites(user):
    from phangnga.iot.access import visible_sites
    from phangnga.iot.models import Site

    return visible_sites(user) if user is not None else Site.objects.none()


def import_job(user, handler: str):
    """A finished import of the account's own (a job page shows only its author's jobs);
    anonymous gets the admin's."""
    from phangnga.core.models import Job

    author = user if user is not None else User.objects.get(username="admin")
    job, _ = Job.objects.get_or_create(handler=handler, created_by=author, defaults={"status": Job.DONE})
    return job


def ckd_patient(user):
    from phangnga.health import access
    from phangnga.health.models import CkdPatient

    if user is not None and hasattr(access, "ckd_patients_for"):
        return _first(access.ckd_patients_for(user).order_by("pk"), CkdPatient.objects.order_by("pk"))
    return facility_scoped(CkdPatient, user)


_memo: dict[tuple[str, int | None], dict[str, object]] = {}


def values(template: str, user: User | None) -> dict[str, object]:
    """The sample for `template` as `user` (the same for every call: each request is rolled back)."""
    key = (template, user.pk if user is not None else None)
    if key not in _memo:
        _memo[key] = _values(template, user)
    return _memo[key]


def _values(template: str, user: User | None) -> dict[str, object]:
    from phangnga.farm.models import Disaster, SoilTest
    from phangnga.geo.models import Place
    from phangnga.health.models import ServicePoint, Visit
    from phangnga.iot.models import Command, Device, DryerBatch, Rule
    from phangnga.land.models import Parcel, Project
    from phangnga.prevention.models import Aed
    from phangnga.referral.models import DialysisPatient, DialysisTrip, FollowUpTask, FuelTrip
    from phangnga.travel.models import Attraction, Sign

    out: dict[str, object] = {}
    _foreign.clear()
    t = template
    if "{incident_id}" in t or t.startswith("/emergency/incidents/{pk}"):
        inc = incident(user)
        out["incident_id"] = out["pk"] = inc.pk
        out["seq"] = inc.patients.order_by("seq").first().seq
    if t.startswith("/api/v1/emergency/resources/{code}"):
        out["code"] = resource(user).code
    if t.startswith(("/api/v1/emergency/aeds/{code}", "/emergency/aeds/{code}")):
        out["code"] = Aed.objects.order_by("code").first().code
    if "{notice_id}" in t or t.startswith("/emergency/hospital/notices/{pk}"):
        out["notice_id"] = out["pk"] = notice(user).pk
    if t == "/api/v1/emergency/help/{ref}":  # a report sent without a secret: its key is its reference
        out["ref"] = PUBLIC_KEY
    if "{referral_id}" in t:
        out["referral_id"] = referral(user).pk
    if "fuel/trips/{trip_id}" in t or t.startswith("/referral/fuel/{trip_id}"):
        out["trip_id"] = FuelTrip.objects.order_by("-pk").first().pk
    if "dialysis/trips/{trip_id}" in t or t.startswith("/referral/dialysis/trip/{trip_id}"):
        out["trip_id"] = _dialysis(DialysisTrip, user, "enrolment__").pk
    if "{enrolment_id}" in t:
        out["enrolment_id"] = _dialysis(DialysisPatient, user).pk
    if "{task_id}" in t:
        out["task_id"] = facility_scoped(FollowUpTask, user).pk
    if "{cid}" in t:
        out["cid"] = ckd_patient(user).cid
    if t.startswith("/health/ckd/import/jobs/"):
        out["pk"] = import_job(user, "phangnga.health.ckd_import:run_job").pk
    if t.startswith("/health/waiting/import/jobs/"):
        out["pk"] = import_job(user, "phangnga.health.visit_jobs:run_job").pk
    if "{facility}" in t:
        out["facility"] = facility_scoped(ServicePoint, user).facility.code
    if "{point_id}" in t or t.startswith("/health/point/{pk}"):
        out["point_id"] = out["pk"] = facility_scoped(ServicePoint, user).pk
    if t.startswith(("/health/queue/{code}", "/health/tv/{code}")):
        out["code"] = facility_scoped(ServicePoint, user).facility.code
    if "{token}" in t and t.startswith(("/api/v1/health", "/health")):
        out["token"] = facility_scoped(Visit, user).token
    if "{household_id}" in t or t.startswith("/farm/households/{pk}"):
        out["household_id"] = out["pk"] = household(user).pk
    if "{plot_id}" in t or t.startswith("/farm/plots/{pk}"):
        out["plot_id"] = out["pk"] = plot(user).pk
    if t.startswith("/farm/soil/{pk}"):
        from phangnga.farm.access import households_for

        mine = (
            SoilTest.objects.filter(plot__household__in=households_for(user))
            if user
            else SoilTest.objects.none()
        )
        out["pk"] = _first(mine.order_by("pk"), SoilTest.objects.order_by("pk")).pk
    if "{disaster_id}" in t or t.startswith("/farm/disasters/{pk}"):
        out["disaster_id"] = out["pk"] = Disaster.objects.order_by("pk").first().pk
    if "{device_id}" in t or t.startswith("/iot/sites/{code}"):
        s = site(user)
        if "/batches/" in t:  # the solar dryer's site: the one with batches
            batch = _first(
                DryerBatch.objects.filter(site__in=_visible_sites(user)).order_by("pk"),
                DryerBatch.objects.order_by("pk"),
            )
            s = batch.site
        device = Device.objects.filter(site=s).order_by("pk").first()
        out["device_id"] = device.pk
        out["code"] = s.code
        rule = Rule.objects.filter(site=s).first() or Rule.objects.first()
        out["rule_id"] = rule.pk
        batch = DryerBatch.objects.filter(site=s).first() or DryerBatch.objects.first()
        out["batch_id"] = batch.pk if batch else 0
    if "{command_id}" in t:
        s = site(user)
        cmd = Command.objects.filter(device__site=s).order_by("-pk").first() or Command.objects.first()
        out["command_id"] = cmd.pk
    if "{project_id}" in t or t.startswith("/land/{pk}"):
        project = Project.objects.order_by("pk").first()
        out["project_id"] = out["pk"] = project.pk
        out["parcel_id"] = Parcel.objects.filter(project=project).order_by("pk").first().pk
    if t == "/api/v1/places":  # a kind of place the caller keeps (core.roles.PLACE_KINDS)
        from phangnga.core.roles import place_kinds_for

        kinds = place_kinds_for(user) if user is not None else frozenset()
        if kinds is None or kinds:
            out["_body_kind"] = sorted(kinds)[0] if kinds else "hospital"
        else:
            _foreign.append(True)
    if "{place_id}" in t:
        out["place_id"] = Place.objects.order_by("pk").first().pk
    if t.startswith(("/api/v1/travel/attractions/{code}", "/travel/a/{code}")):
        out["code"] = Attraction.objects.order_by("code").first().code
    if t.startswith(("/api/v1/travel/signs/{code}", "/s/{code}")):
        out["code"] = Sign.objects.order_by("code").first().code
    if t == "/travel/media/{relpath}":
        out["relpath"] = (
            Attraction.objects.exclude(poster="").order_by("code").first().poster.removeprefix("travel/")
        )
    if t in ("/api/v1/tokens/{token_id}/revoke", "/accounts/tokens/{pk}/revoke"):
        from phangnga.core.models import ApiToken

        mine = ApiToken.objects.filter(user=user) if user is not None else ApiToken.objects.none()
        out["token_id"] = out["pk"] = _first(mine.order_by("pk"), ApiToken.objects.order_by("pk")).pk
    if t.startswith("/accounts/reset/{uidb64}"):
        out["uidb64"], out["token"] = "MQ", "set-password"
    if t == "/api/v1/referrals":  # a referral leaves from the caller's own facility
        if user is not None and user.facility_id:
            out["_body_origin_id"] = user.facility_id
        else:
            _foreign.append(True)
    if t == "/api/v1/referrals/fuel/trips":  # a referral the caller sees (a nurse: her facility's)
        out["_body_referral_id"] = referral(user).pk
    if t == "/api/v1/iot/rules":
        out["_q_site"] = site(user).code
    if t == "/travel/icon-{size}.png":
        out["size"] = 192
    if t in CHEAP_QUERY:
        out["_query"] = CHEAP_QUERY[t]
    out["_foreign"] = bool(_foreign)
    return out
