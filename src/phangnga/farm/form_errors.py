"""Farmbook rule errors said in the page's language (the API keeps the English message)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .services import FarmError

MESSAGES = {
    # core.thai national ID codes
    "wrong_length": _("A national ID has 13 digits."),
    "not_digits": _("A national ID has digits only."),
    "bad_check_digit": _("The national ID's check digit does not match: check the number on the card."),
    # crops.py
    "unknown_crop": _("Choose a crop from the list."),
    "below_minimum": _("%(crop)s needs at least %(minimum)s to be registered."),
    "larger_than_plot": _("Larger than the plot (%(plot_rai)s rai)."),
    "harvest_before_planting": _("The harvest must come after the planting date."),
    "too_early": _("Report 15-60 days after planting: the window opens on %(opens)s."),
    "too_late": _("Report 15-60 days after planting: the window closed %(days)s days ago."),
    # geometry.py
    "polygon_count": _("The file must hold exactly one polygon; it has %(count)s."),
    "outside_region": _("The plot is outside the province."),
    "swapped": _(
        "The plot is outside the province: are longitude and latitude swapped? GeoJSON is [lon, lat]."
    ),
    "no_area": _("The shape has no area."),
    # services.py
    "bad_phone": _("A Thai phone number has 9 or 10 digits starting with 0."),
    "wrong_subdistrict": _("This subdistrict is not in the chosen district."),
    "other_district": _("You work on households of your own district only."),
    "has_household": _("Your account already has a household."),
    "duplicate_head": _(
        "A household with this head is registered already (one household per house registration)."
    ),
    "document_number_required": _("The document number is required with a land document."),
    "no_affected_area": _("Tick the affected districts or draw the affected area."),
    "ended_before_start": _("The end must not be before the start."),
    "future_date": _("The date must not be in the future."),
    # fertilizer.py
    "negative": _("Must not be negative."),
    "impossible": _("This value is impossible for a soil test."),
    "not_positive": _("Must be above 0."),
    "required": _("Required."),
}


def localized(exc: FarmError) -> str:
    template = MESSAGES.get(exc.code)
    if template is None:
        return exc.message
    try:
        return str(template) % exc.params if exc.params else str(template)
    except (KeyError, TypeError, ValueError):
        return exc.message
