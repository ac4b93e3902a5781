"""Farmbook commands: register and update households, plots and crop cycles.

Each command is one transaction, checks who acts, validates through the pure rules
(crops.py, geometry.py, core.thai) and writes the audit log: household records are
personal data.
"""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from phangnga.core import roles
from phangnga.core.audit import Actor, record
from phangnga.core.kernel_errors import KernelInputError
from phangnga.core.thai import M2_PER_RAI, ThaiValueError, validate_national_id
from phangnga.geo.models import District

from . import access, crops, geometry, subdistricts
from .models import CropCycle, Household, HouseholdStatus, LandDocument, Member, Plot, Tenure

PHONE_RE = re.compile(r"^0\d{8,9}$")


class FarmError(KernelInputError):
    """Bad input to a Farmbook command; `field` names the input to fix."""

    def __init__(self, field: str, message: str, code: str = "invalid", **params):
        super().__init__(field, message, code)
        # The API answers in English with `message`; pages say `code` in the user's language.
        self.params = params

    @classmethod
    def wrap(cls, exc) -> FarmError:
        """A kernel's error (core.thai, crops, geometry, fertilizer) as a FarmError."""
        return cls(exc.field, exc.message, getattr(exc, "code", "invalid"), **getattr(exc, "params", {}))


def today() -> date:
    return timezone.localdate()


def region_box() -> geometry.Box:
    return geometry.Box(*settings.REGION)


def _national_id(value: str, field: str) -> str:
    try:
        return validate_national_id(value, field)
    except ThaiValueError as exc:
        raise FarmError.wrap(exc) from None


def _phone(value: str) -> str:
    cleaned = re.sub(r"[\s-]", "", value or "")
    if cleaned and not PHONE_RE.match(cleaned):
        raise FarmError("phone", "a Thai phone number has 9 or 10 digits starting with 0", "bad_phone")
    return cleaned


def _address(district: str, subdistrict: str, moo: int) -> None:
    if district not in subdistricts.table() or not District.objects.filter(code=district).exists():
        raise FarmError("district", f"unknown district {district!r}")
    if not subdistricts.is_valid(district, subdistrict):
        raise FarmError(
            "subdistrict", f"{subdistrict!r} is not a subdistrict of {district}", "wrong_subdistrict"
        )
    if not 1 <= int(moo) <= 30:
        raise FarmError("moo", "village number must be 1-30")


def _next_code(district: str) -> str:
    prefix = f"FB-{district.upper().replace('_', '')[:6]}-"
    last = Household.objects.filter(code__startswith=prefix).aggregate(m=Max("code"))["m"]
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:05d}"


def lapse_status(household: Household, on: date | None = None) -> str:
    return crops.registration_status(household.last_update_on, on or today())


HOUSEHOLD_FIELDS = (
    "head_name",
    "phone",
    "district",
    "subdistrict",
    "moo",
    "village",
    "house_no",
    "water_source",
    "machinery",
)


@transaction.atomic
def create_household(
    actor: Actor,
    *,
    head_name: str,
    head_national_id: str,
    district: str,
    subdistrict: str,
    moo: int,
    village: str,
    phone: str = "",
    house_no: str = "",
    water_source: str = "",
    machinery: str = "",
    members: list[dict] | None = None,
) -> Household:
    """A farmer registers their own household (waits for approval); an officer registers
    one in their district (approved at once, the officer saw the documents)."""
    user = actor.user
    officer = access.is_officer(user)
    if not officer and not user.has_role(roles.FARMER):
        raise PermissionDenied("Only farmers and agriculture officers register households")
    if not head_name.strip():
        raise FarmError("head_name", "required")
    nid = _national_id(head_national_id, "head_national_id")
    _address(district, subdistrict, moo)
    if officer and not access.officer_may_use_district(user, district):
        raise FarmError("district", "you register households of your own district only", "other_district")
    if not officer and Household.objects.filter(user=user).exists():
        raise FarmError("user", "your account already has a household", "has_household")
    if Household.objects.filter(head_national_id=nid).exists():
        raise FarmError(
            "head_national_id",
            "a household with this head is registered already (one household per house registration)",
            "duplicate_head",
        )
    now = today()
    household = Household.objects.create(
        code=_next_code(district),
        head_name=head_name.strip(),
        head_national_id=nid,
        phone=_phone(phone),
        district_id=district,
        subdistrict=subdistrict,
        moo=int(moo),
        village=village.strip(),
        house_no=house_no.strip(),
        water_source=water_source.strip(),
        machinery=machinery.strip(),
        registered_on=now,
        last_update_on=now,
        status=HouseholdStatus.APPROVED if officer else HouseholdStatus.PENDING,
        approved_by=user if officer else None,
        approved_at=timezone.now() if officer else None,
        user=None if officer else user,
    )
    for i, m in enumerate(members or []):
        _add_member(household, i, **m)
    record(
        actor,
        "create",
        household,
        changes={"district": district, "subdistrict": subdistrict, "members": len(members or [])},
    )
    return household


def _add_member(
    household: Household,
    index: int | None = None,
    *,
    name: str,
    national_id: str = "",
    relation: str = "",
    birth_year: int | None = None,
    farms: bool = True,
) -> Member:
    prefix = f"members.{index}." if index is not None else ""
    if not (name or "").strip():
        raise FarmError(prefix + "name", "required")
    nid = _national_id(national_id, prefix + "national_id") if national_id else ""
    if birth_year is not None and not 1900 <= int(birth_year) <= today().year:
        raise FarmError(prefix + "birth_year", "must be a CE year between 1900 and this year")
    return Member.objects.create(
        household=household,
        name=name.strip(),
        national_id=nid,
        relation=relation,
        birth_year=birth_year,
        farms=farms,
    )


@transaction.atomic
def add_member(actor: Actor, household: Household, **fields) -> Member:
    member = _add_member(household, **fields)
    household.last_update_on = today()
    household.save(update_fields=["last_update_on", "updated_at"])
    record(actor, "update", household, changes={"member_added": member.name})
    return member


@transaction.atomic
def update_household(actor: Actor, household: Household, **changes) -> Household:
    user = actor.user
    changes = {k: v for k, v in changes.items() if k in HOUSEHOLD_FIELDS}
    if "phone" in changes:
        changes["phone"] = _phone(changes["phone"])
    new_district = changes.get("district", household.district_id)
    if {"district", "subdistrict", "moo"} & set(changes):
        _address(
            new_district, changes.get("subdistrict", household.subdistrict), changes.get("moo", household.moo)
        )
        if access.is_officer(user) and not access.officer_may_use_district(user, new_district):
            raise FarmError("district", "you work on households of your own district only", "other_district")
    if "head_name" in changes and not str(changes["head_name"]).strip():
        raise FarmError("head_name", "required")
    diff = {
        k: [str(getattr(household, "district_id" if k == "district" else k)), str(v)]
        for k, v in changes.items()
        if str(getattr(household, "district_id" if k == "district" else k)) != str(v)
    }
    for k, v in changes.items():
        setattr(household, "district_id" if k == "district" else k, v)
    household.last_update_on = today()
    household.save()
    record(actor, "update", household, changes=diff)
    return household


@transaction.atomic
def approve(actor: Actor, household: Household, approve: bool = True) -> Household:
    user = actor.user
    if not access.can_approve(user, household):
        raise PermissionDenied("Only the agriculture officer of the household's district approves it")
    household.status = HouseholdStatus.APPROVED if approve else HouseholdStatus.REJECTED
    household.approved_by = user
    household.approved_at = timezone.now()
    household.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    record(actor, "approve" if approve else "reject", household)
    return household


@transaction.atomic
def add_plot(
    actor: Actor,
    household: Household,
    *,
    name: str,
    geometry_data,
    land_document: str,
    land_document_no: str = "",
    tenure: str = Tenure.OWNED,
    registered_on: date | None = None,
    district: str | None = None,
    subdistrict: str | None = None,
) -> Plot:
    """A plot, with where it lies (district/subdistrict of the land, as on its document);
    when not given, the land is taken to lie in the household's subdistrict."""
    if not (name or "").strip():
        raise FarmError("name", "required")
    district, subdistrict = _plot_location(household, district, subdistrict)
    if land_document not in LandDocument.values:
        raise FarmError("land_document", f"must be one of {', '.join(LandDocument.values)}")
    if tenure not in Tenure.values:
        raise FarmError("tenure", "must be owned or leased")
    if land_document != LandDocument.NONE and not land_document_no.strip():
        raise FarmError(
            "land_document_no",
            "the document number is required with a land document",
            "document_number_required",
        )
    try:
        geom = geometry.parse_polygon(geometry_data, region_box())
    except geometry.GeometryError as exc:
        raise FarmError.wrap(exc) from None
    centroid = geom.representative_point()
    plot = Plot.objects.create(
        household=household,
        name=name.strip(),
        geometry=geometry.to_geojson(geom),
        area_m2=geometry.area_m2(geom),
        centroid_lat=centroid.y,
        centroid_lon=centroid.x,
        land_document=land_document,
        land_document_no=land_document_no.strip(),
        tenure=tenure,
        district_id=district,
        subdistrict=subdistrict,
        registered_on=registered_on or today(),
    )
    household.last_update_on = today()
    household.save(update_fields=["last_update_on", "updated_at"])
    record(
        actor,
        "create",
        plot,
        changes={"household": household.code, "area_m2": round(plot.area_m2, 1)},
    )
    return plot


def _plot_location(household: Household, district: str | None, subdistrict: str | None) -> tuple[str, str]:
    district = district or household.district_id
    if subdistrict is None:
        subdistrict = household.subdistrict if district == household.district_id else ""
    if district not in subdistricts.table() or not District.objects.filter(code=district).exists():
        raise FarmError("district", f"unknown district {district!r}")
    if not subdistricts.is_valid(district, subdistrict):
        raise FarmError(
            "subdistrict", f"{subdistrict!r} is not a subdistrict of {district}", "wrong_subdistrict"
        )
    return district, subdistrict


@transaction.atomic
def set_plot_location(actor: Actor, plot: Plot, *, district: str, subdistrict: str) -> Plot:
    """Correct where a plot lies (a plot in another tambon than the owner's house)."""
    district, subdistrict = _plot_location(plot.household, district, subdistrict)
    before = [plot.district_id, plot.subdistrict]
    plot.district_id, plot.subdistrict = district, subdistrict
    plot.save(update_fields=["district", "subdistrict"])
    record(actor, "update", plot, changes={"location": [before, [district, subdistrict]]})
    return plot


@transaction.atomic
def add_cycle(
    actor: Actor,
    plot: Plot,
    *,
    crop: str,
    planting_date: date | None = None,
    expected_harvest: date | None = None,
    area_rai: float,
    variety: str = "",
    reported_on: date | None = None,
    tree_count: int | None = None,
    planting_year: int | None = None,
) -> CropCycle:
    """Report a crop cycle by the rule of its crop group (crops.py). A perennial planting is
    given by its planting year (or date), area and number of trees; reporting it again
    (the yearly update) updates the same planting instead of adding another."""
    user = actor.user
    reported_on = reported_on or today()
    if planting_date is None:
        if planting_year is None:
            raise FarmError(
                "planting_date", "give the planting date (or, for a perennial, the year)", "required"
            )
        if not 1900 <= int(planting_year) <= reported_on.year:
            raise FarmError("planting_year", "must be a CE year between 1900 and this year", "bad_year")
        if not crops.CROPS.get(crop) or not crops.CROPS[crop].perennial:
            raise FarmError("planting_date", "a seasonal crop needs its planting date", "required")
        # The year only (a perennial planted long ago): taken as 1 January of that year.
        planting_date = min(date(int(planting_year), 1, 1), reported_on)
    try:
        c = crops.check_cycle(
            crop,
            planting_date,
            expected_harvest,
            float(area_rai),
            plot.area_m2 / M2_PER_RAI,
            reported_on,
            tree_count=tree_count,
        )
        until = crops.standing_until(crop, planting_date, expected_harvest)
    except crops.RuleError as exc:
        raise FarmError.wrap(exc) from None
    same = (
        plot.cycles.filter(crop=crop, planting_date__year=planting_date.year).order_by("-id").first()
        if c.perennial
        else None
    )
    if same is not None:
        before = {"area_rai": same.area_rai, "tree_count": same.tree_count}
        same.variety = variety.strip() or same.variety
        same.area_rai = float(area_rai)
        same.tree_count = tree_count
        same.expected_harvest = until if expected_harvest else same.expected_harvest
        same.reported_on = reported_on
        same.reported_by = user
        same.save()
        cycle, action = same, "update"
        cycle.yearly_update = True  # the API answers 200: nothing new was created
        changes = {
            "plot": plot.pk,
            "crop": crop,
            "yearly_update": [before, {"area_rai": area_rai, "tree_count": tree_count}],
        }
    else:
        cycle = CropCycle.objects.create(
            plot=plot,
            crop=crop,
            variety=variety.strip(),
            planting_date=planting_date,
            expected_harvest=until,
            area_rai=float(area_rai),
            tree_count=tree_count,
            reported_on=reported_on,
            reported_by=user,
        )
        action, changes = "create", {"plot": plot.pk, "crop": crop, "area_rai": area_rai}
    household = plot.household
    household.last_update_on = reported_on
    household.save(update_fields=["last_update_on", "updated_at"])
    record(actor, action, cycle, changes=changes)
    return cycle


@transaction.atomic
def set_rates_or_prices(actor: Actor, which: str, values: dict[str, str]) -> dict[str, list[str]]:
    """The province's compensation rates (baht per rai) or fertilizer prices (baht per bag),
    `values` by row id as typed. Every value is checked before any is saved: one bad number
    saves nothing. Returns what changed (before, after) by row."""
    from decimal import Decimal, InvalidOperation

    from .models import CompensationRate, FertilizerPrice

    model, field = (
        (CompensationRate, "baht_per_rai") if which == "rates" else (FertilizerPrice, "baht_per_bag")
    )
    rows = {str(row.pk): row for row in model.objects.select_for_update()}
    new = {}
    for pk, raw in values.items():
        if pk not in rows:
            continue
        try:
            value = Decimal(raw)
            plausible = 0 <= value <= 1_000_000  # NaN cannot be compared: InvalidOperation
        except InvalidOperation:
            plausible = False
        if not plausible:
            raise FarmError(f"v-{pk}", "must be a number from 0 to 1,000,000")
        new[pk] = value
    changed = {}
    for pk, value in new.items():
        row = rows[pk]
        if value != getattr(row, field):
            changed[str(row)] = [str(getattr(row, field)), str(value)]
            setattr(row, field, value)
            row.save(update_fields=[field])
    record(actor, "update", object_type=f"farm.{model.__name__.lower()}", changes=changed)
    return changed
