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
    "too_early": _("%(crop)s is reported from day %(first)s after planting: the window opens on %(opens)s."),
    "too_late": _(
        "%(crop)s is reported %(first)s-%(last)s days after planting: the window closed %(days)s days ago."
    ),
    "after_harvest": _("%(crop)s is reported before harvest: the expected harvest was %(harvest)s."),
    "tree_count_required": _("%(crop)s is registered with its number of trees."),
    "tree_count_impossible": _("%(trees)s trees is impossible for this area."),
    "no_tree_count": _("This crop is not registered by number of trees."),
    "bad_year": _("The year must be a CE year between 1900 and this year."),
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
    "no_affected_area": _("Tick the affected districts or subdistricts, or draw the affected area."),
    "bad_subdistrict": _("Unknown subdistrict."),
    "outside_affected_area": _("The plot does not lie in the event's declared area."),
    "damaged_larger_than_plot": _("The damaged area is larger than the plot (%(plot_area)s)."),
    "out_of_range": _("Ngan must be 0-3 and square wah below 100."),
    "unknown_cycle": _("Not a crop cycle of this plot."),
    "assessed_before_event": _("The assessment cannot be dated before the event."),
    "bad_priority": _("The order must be 1-99."),
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
