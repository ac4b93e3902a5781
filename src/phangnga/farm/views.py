"""Farmbook pages: households, plots, crop cycles, soil tests, disasters, settings."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Q, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phangnga.core import roles
from phangnga.core.audit import Actor, record, record_list
from phangnga.core.decorators import role_required
from phangnga.geo.models import District, Place

from . import access, advice, centres, crops, disasters, forms, serialize, services, subdistricts
from .form_errors import localized
from .models import CompensationRate, FertilizerPrice, Household, HouseholdStatus, Plot, SoilTest

FARM = (roles.FARMER, roles.AGRICULTURE_OFFICER)


def run_form(form, fn):
    """Call a service; its FarmError becomes a field error on the form. Returns the result or None."""
    try:
        return fn()
    except services.FarmError as exc:
        field = exc.field.split(".")[-1] if exc.field.split(".")[-1] in form.fields else None
        message = localized(exc)
        form.add_error(field, message if field else f"{exc.field}: {message}")
        return None


@role_required(*FARM)
def home(request):
    user = request.user
    if not access.is_officer(user):
        household = Household.objects.filter(user=user).first()
        return redirect("farm:household", household.pk) if household else redirect("farm:household_new")
    qs = access.households_for(user)
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    listed = qs
    if q:
        listed = listed.filter(
            Q(head_name__icontains=q) | Q(code__icontains=q) | Q(village__icontains=q) | Q(head_national_id=q)
        )
    if status in HouseholdStatus.values:
        listed = listed.filter(status=status)
    # Waiting for approval first: that is the officer's work queue.
    order = Case(When(status="pending", then=0), When(status="approved", then=1), default=2)
    page = Paginator(listed.order_by(order, "code"), 50).get_page(request.GET.get("page"))
    record_list(request, "farm.household", [h.pk for h in page], "household list page")
    counts = {
        "total": qs.count(),
        "pending": qs.filter(status="pending").count(),
        "plots": Plot.objects.filter(household__in=qs).count(),
        "soil_tests": SoilTest.objects.filter(plot__household__in=qs).count(),
    }
    return render(
        request,
        "farm/home.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "counts": counts,
            "statuses": HouseholdStatus.choices,
            "district": District.objects.filter(code=access.officer_district(user)).first(),
            "centre": centres.for_district(access.officer_district(user) or ""),
        },
    )


@role_required(*FARM)
def household_new(request):
    user = request.user
    officer = access.is_officer(user)
    if not officer and Household.objects.filter(user=user).exists():
        return redirect("farm:home")
    district = access.officer_district(user) if officer else None
    form = forms.HouseholdForm(
        request.POST or None, district=district, initial={"district": user.district or district}
    )
    if request.method == "POST" and form.is_valid():
        household = run_form(
            form, lambda: services.create_household(Actor.of(request, user), **form.cleaned_data)
        )
        if household:
            messages.success(request, _("Household %(code)s registered.") % {"code": household.code})
            return redirect("farm:household", household.pk)
    return render(request, "farm/household_form.html", {"form": form, "editing": False})


@role_required(*FARM)
def household(request, pk: int):
    h = access.household_for(request.user, pk)
    record(request, "read", h)
    plots = list(h.plots.prefetch_related("cycles", "soil_tests"))
    features = {
        "type": "FeatureCollection",
        "features": [serialize.plot_feature(p, with_cycles=False) for p in plots],
    }
    return render(
        request,
        "farm/household.html",
        {
            "h": h,
            "plots": plots,
            "features": features,
            "members": h.members.all(),
            "subdistrict": subdistricts.name(h.district_id, h.subdistrict, request.LANGUAGE_CODE),
            "registration": services.lapse_status(h),
            "lapses_on": crops.lapse_date(h.last_update_on),
            "can_approve": access.can_approve(request.user, h),
            "member_form": forms.MemberForm(),
        },
    )


@role_required(*FARM)
def household_edit(request, pk: int):
    h = access.household_for(request.user, pk)
    district = access.officer_district(request.user) if access.is_officer(request.user) else None
    initial = {f: getattr(h, "district_id" if f == "district" else f) for f in services.HOUSEHOLD_FIELDS}
    form = forms.HouseholdForm(request.POST or None, initial=initial, district=district, editing=True)
    if request.method == "POST" and form.is_valid():
        if run_form(form, lambda: services.update_household(Actor.of(request), h, **form.cleaned_data)):
            messages.success(request, _("Saved."))
            return redirect("farm:household", h.pk)
    return render(request, "farm/household_form.html", {"form": form, "editing": True, "h": h})


@role_required(*FARM)
@require_POST
def member_add(request, pk: int):
    h = access.household_for(request.user, pk)
    form = forms.MemberForm(request.POST)
    if form.is_valid() and run_form(
        form, lambda: services.add_member(Actor.of(request), h, **form.cleaned_data)
    ):
        messages.success(request, _("Member added."))
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("farm:household", h.pk)


@role_required(roles.AGRICULTURE_OFFICER)
@require_POST
def household_approve(request, pk: int):
    h = access.household_for(request.user, pk)
    services.approve(Actor.of(request), h, request.POST.get("decision") != "reject")
    messages.success(request, _("Decision saved."))
    return redirect("farm:household", h.pk)


@role_required(*FARM)
def plot_new(request, pk: int):
    h = access.household_for(request.user, pk)
    form = forms.PlotForm(
        request.POST or None,
        request.FILES or None,
        initial={"district": h.district_id, "subdistrict": h.subdistrict},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        plot = run_form(
            form,
            lambda: services.add_plot(
                Actor.of(request),
                h,
                name=d["name"],
                geometry_data=d["geometry"],
                land_document=d["land_document"],
                land_document_no=d["land_document_no"],
                tenure=d["tenure"],
                district=d["district"] or None,
                subdistrict=d["subdistrict"] or None,
            ),
        )
        if plot:
            messages.success(request, _("Plot saved: %(area)s") % {"area": plot.area_text})
            return redirect("farm:plot", plot.pk)
    others = {
        "type": "FeatureCollection",
        "features": [serialize.plot_feature(p, False) for p in h.plots.all()],
    }
    town = Place.objects.filter(kind="town", district_id=h.district.pk).first()
    center = (town.lat, town.lon) if town else (8.45, 98.4)
    return render(request, "farm/plot_form.html", {"form": form, "h": h, "others": others, "center": center})


def _soil_form(data=None, initial=None):
    return forms.SoilTestForm(data, initial=initial, tables=advice.tables(), grades=list(advice.products()))


@role_required(*FARM)
def plot(request, pk: int):
    p = access.plot_for(request.user, pk)
    record(request, "read", p)
    cycle_form = forms.CycleForm(
        request.POST if request.POST.get("form") == "cycle" else None,
        initial={"area_rai": round(p.area_rai, 2)},
    )
    last = p.cycles.first()
    fert_crop = last.crop_obj.fertilizer_crop if last else None
    soil_form = _soil_form(
        request.POST if request.POST.get("form") == "soil" else None,
        initial={
            "area_rai": round(p.area_rai, 2),
            "sampled_on": services.today(),
            "crop": advice.resolve_key(fert_crop),
        },
    )
    if request.method == "POST" and request.POST.get("form") == "cycle" and cycle_form.is_valid():
        if run_form(cycle_form, lambda: services.add_cycle(Actor.of(request), p, **cycle_form.cleaned_data)):
            messages.success(request, _("Crop cycle reported."))
            return redirect("farm:plot", p.pk)
    location_form = forms.PlotLocationForm(
        request.POST if request.POST.get("form") == "location" else None,
        initial={"district": p.district_id, "subdistrict": p.subdistrict},
    )
    if request.method == "POST" and request.POST.get("form") == "location" and location_form.is_valid():
        if run_form(
            location_form,
            lambda: services.set_plot_location(Actor.of(request), p, **location_form.cleaned_data),
        ):
            messages.success(request, _("Saved."))
            return redirect("farm:plot", p.pk)
    if request.method == "POST" and request.POST.get("form") == "soil" and soil_form.is_valid():
        test = run_form(
            soil_form, lambda: advice.add_soil_test(Actor.of(request), p, **soil_form.cleaned_data)
        )
        if test:
            return redirect("farm:soil_card", test.pk)
    return render(
        request,
        "farm/plot.html",
        {
            "p": p,
            "feature": serialize.plot_feature(p, False),
            "cycles": p.cycles.all(),
            "tests": p.soil_tests.all(),
            "cycle_form": cycle_form,
            "soil_form": soil_form,
            "location_form": location_form,
            "location": subdistricts.name(p.district_id, p.subdistrict, request.LANGUAGE_CODE),
            "rules": crops.RULES.values(),
            "min_areas": [(c.name_th, c.name_en, c.min_area_rai) for c in crops.CROPS.values()],
        },
    )


@role_required(*FARM)
def soil_card(request, pk: int):
    test = get_object_or_404(SoilTest.objects.select_related("plot__household"), pk=pk)
    access.household_for(request.user, test.plot.household_id)  # 404 unless the user may see it
    record(request, "read", test)
    tables = advice.tables()
    table = tables.get(test.crop)
    return render(
        request,
        "farm/soil_card.html",
        {"t": test, "a": test.advice, "table": table, "h": test.plot.household},
    )


def fertilizer_calculator(request):
    """Open to everyone: no personal data, the same answer as POST /api/v1/farm/fertilizer."""
    form = forms.FertilizerForm(request.GET or None, tables=advice.tables(), grades=list(advice.products()))
    result = None
    if request.GET and form.is_valid():
        d = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        rec = run_form(
            form,
            lambda: advice.recommend(
                **{
                    "crop": d.get("crop"),
                    "area_rai": d.get("area_rai"),
                    "variety_type": d.get("variety_type"),
                    "om_pct": d.get("om_pct"),
                    "p_ppm": d.get("p_ppm"),
                    "k_ppm": d.get("k_ppm"),
                    "ph": d.get("ph"),
                    "om_class": d.get("om_level"),
                    "p_class": d.get("p_level"),
                    "k_class": d.get("k_level"),
                    "usual_grade": d.get("usual_grade"),
                    "usual_kg_per_rai": d.get("usual_kg_per_rai"),
                }
            ),
        )
        result = advice.as_dict(rec) if rec else None
    return render(request, "farm/fertilizer.html", {"form": form, "a": result})


@role_required(roles.AGRICULTURE_OFFICER)
def settings_page(request):
    """Compensation rates, fertilizer prices and table imports: the data officers keep current."""
    disasters.ensure_rates()
    advice.ensure_prices()
    import_form = forms.TableImportForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "import":
            import_form = forms.TableImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                try:
                    data = json.loads(import_form.cleaned_data["table"].read().decode("utf-8"))
                except (ValueError, UnicodeDecodeError, RecursionError) as exc:
                    import_form.add_error("table", _("Not a JSON file: %(e)s") % {"e": exc})
                else:
                    row = run_form(import_form, lambda: advice.import_table(Actor.of(request), data))
                    if row:
                        messages.success(request, _("Table for %(crop)s imported.") % {"crop": row.crop})
                        return redirect("farm:settings")
        elif action in ("rates", "prices"):
            if request.user.district and not request.user.has_role(roles.ADMIN):
                raise PermissionDenied("Provincial officers edit rates and prices")
            sent = {k[2:]: v for k, v in request.POST.items() if k.startswith("v-")}
            try:
                services.set_rates_or_prices(Actor.of(request), action, sent)
            except services.FarmError:
                messages.error(request, _("Prices and rates must be numbers from 0 to 1,000,000."))
            else:
                messages.success(request, _("Saved."))
                return redirect("farm:settings")
    return render(
        request,
        "farm/settings.html",
        {
            "rates": CompensationRate.objects.all(),
            "prices": FertilizerPrice.objects.all(),
            "import_form": import_form,
            "tables": advice.tables().values(),
            "imported": advice.imported_tables(),
            "groups": disasters.GROUP_LABELS,
            # The seeded rates' source (stored in English) said in Thai on a Thai page.
            "rate_source": disasters.RATE_SOURCE_2021,
            "rate_source_th": crops.COMPENSATION_SOURCE_TH,
            "can_edit": not request.user.district or request.user.has_role(roles.ADMIN),
        },
    )


def centres_page(request):
    places = Place.objects.filter(kind="incubation_centre", active=True).select_related("district")
    from phangnga.geo.places import feature

    return render(
        request,
        "farm/centres.html",
        {
            "centres": places,
            "features": {"type": "FeatureCollection", "features": [feature(p) for p in places]},
        },
    )
