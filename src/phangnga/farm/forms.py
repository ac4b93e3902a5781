"""Page forms: they check types; the services check the Farmbook rules and name the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phangnga.core import limits
from phangnga.geo.models import District

from . import crops, subdistricts
from .models import DisasterKind, LandDocument, Tenure

DATE = forms.DateInput(attrs={"type": "date"})


def district_choices(only: str | None = None) -> list[tuple[str, str]]:
    qs = District.objects.exclude(code="outside").order_by("name_en")
    if only:
        qs = qs.filter(code=only)
    return [(d.code, f"{d.name_th} ({d.name_en})") for d in qs]


def subdistrict_choices() -> list:
    names = dict(district_choices())
    return [("", "—")] + [
        (names.get(d, d), [(c, f"{th} ({en})") for c, th, en in rows])
        for d, rows in subdistricts.table().items()
    ]


class HouseholdForm(forms.Form):
    head_name = forms.CharField(label=_("Head of household"), max_length=150)
    head_national_id = forms.CharField(label=_("Head's national ID (13 digits)"), max_length=20)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    district = forms.ChoiceField(label=_("District"))
    subdistrict = forms.ChoiceField(label=_("Subdistrict"))
    moo = forms.IntegerField(label=_("Village number (Moo)"), min_value=1, max_value=30)
    village = forms.CharField(label=_("Village"), max_length=100)
    house_no = forms.CharField(label=_("House number"), max_length=32, required=False)
    water_source = forms.CharField(label=_("Water source"), max_length=100, required=False)
    machinery = forms.CharField(label=_("Machinery"), max_length=200, required=False)

    def __init__(self, *args, district: str | None = None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = district_choices(district)
        self.fields["subdistrict"].choices = subdistrict_choices()
        if editing:
            del self.fields["head_national_id"]


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    national_id = forms.CharField(label=_("National ID"), max_length=20, required=False)
    relation = forms.CharField(label=_("Relation to the head"), max_length=50, required=False)
    birth_year = forms.IntegerField(label=_("Birth year (CE)"), required=False)


class PlotForm(forms.Form):
    name = forms.CharField(label=_("Plot name"), max_length=100)
    geometry = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2, "class": "geometry-field"}),
        required=False,
        label=_("Boundary (GeoJSON)"),
    )
    geojson_file = forms.FileField(label=_("…or upload a GeoJSON file"), required=False)
    land_document = forms.ChoiceField(label=_("Land document"), choices=LandDocument.choices)
    land_document_no = forms.CharField(label=_("Document number"), max_length=64, required=False)
    tenure = forms.ChoiceField(label=_("Owned or leased"), choices=Tenure.choices)
    # Prefilled with the household's; empty means the same.
    district = forms.ChoiceField(label=_("District where the plot lies"), required=False)
    subdistrict = forms.ChoiceField(label=_("Subdistrict where the plot lies"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = district_choices()
        self.fields["subdistrict"].choices = subdistrict_choices()

    def clean(self):
        data = super().clean()
        upload = data.get("geojson_file")
        if upload:
            if upload.size > 2_000_000:
                self.add_error("geojson_file", _("The file is larger than 2 MB."))
            else:
                blob = upload.read()
                try:
                    limits.check_text(blob, "geojson_file")  # by content: a photo named .geojson
                except limits.UploadRefused as exc:
                    self.add_error("geojson_file", exc.translated())
                else:
                    data["geometry"] = blob.decode("utf-8", errors="replace")
        if not data.get("geometry"):
            self.add_error("geometry", _("Draw the plot on the map or upload a GeoJSON file."))
        return data


def _crop_choices() -> list[tuple[str, str]]:
    """Crop names in the page's language (a callable: read when the form is drawn)."""
    thai = (get_language() or "th").startswith("th")
    return [(c.code, c.name_th if thai else c.name_en) for c in crops.CROPS.values()]


def _in_language(label: str, thai: bool) -> str:
    """'Plant cane (อ้อยปลูก)' (the tables' bilingual labels) -> 'อ้อยปลูก' or 'Plant cane'."""
    english, sep, rest = label.partition(" (")
    if not sep or not rest.endswith(")"):
        return label
    return rest[:-1] if thai else english


class CycleForm(forms.Form):
    crop = forms.ChoiceField(label=_("Crop"), choices=_crop_choices)
    variety = forms.CharField(label=_("Variety"), max_length=100, required=False)
    planting_date = forms.DateField(label=_("Planting date"), widget=DATE, required=False)
    planting_year = forms.IntegerField(
        label=_("…or the planting year (CE) of fruit trees and perennials"),
        required=False,
        min_value=1900,
        max_value=2100,
    )
    expected_harvest = forms.DateField(
        label=_("Expected harvest (not needed for fruit trees and perennials)"), widget=DATE, required=False
    )
    area_rai = forms.FloatField(label=_("Area (rai)"), min_value=0.01)
    tree_count = forms.IntegerField(
        label=_("Number of trees (fruit trees and perennials)"), required=False, min_value=1
    )

    def clean(self):
        data = super().clean()
        if (
            not data.get("planting_date")
            and not data.get("planting_year")
            and "planting_date" not in self.errors
        ):
            self.add_error("planting_date", _("Give the planting date (or the year for a perennial)."))
        code = data.get("crop")
        if code in crops.CROPS and not crops.CROPS[code].perennial and not data.get("expected_harvest"):
            if "expected_harvest" not in self.errors:
                self.add_error("expected_harvest", _("Required for this crop."))
        return data


class PlotLocationForm(forms.Form):
    district = forms.ChoiceField(label=_("District where the plot lies"))
    subdistrict = forms.ChoiceField(label=_("Subdistrict where the plot lies"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = district_choices()
        self.fields["subdistrict"].choices = subdistrict_choices()


LEVELS = [("", "—"), ("low", _("Low")), ("medium", _("Medium")), ("high", _("High"))]


class SoilTestForm(forms.Form):
    sampled_on = forms.DateField(label=_("Sampled on"), widget=DATE)
    crop = forms.ChoiceField(label=_("Crop"))
    variety_type = forms.CharField(label=_("Variety type"), required=False)
    ph = forms.FloatField(label=_("pH"), required=False)
    om_pct = forms.FloatField(label=_("Organic matter (%)"), required=False)
    p_ppm = forms.FloatField(label=_("Phosphorus P (ppm)"), required=False)
    k_ppm = forms.FloatField(label=_("Potassium K (ppm)"), required=False)
    om_level = forms.ChoiceField(label=_("…or the kit's OM level"), choices=LEVELS, required=False)
    p_level = forms.ChoiceField(label=_("…or the kit's P level"), choices=LEVELS, required=False)
    k_level = forms.ChoiceField(label=_("…or the kit's K level"), choices=LEVELS, required=False)
    area_rai = forms.FloatField(label=_("Area to fertilize (rai)"), required=False, min_value=0.01)
    usual_grade = forms.ChoiceField(label=_("Usual formula"), required=False)
    usual_kg_per_rai = forms.FloatField(label=_("Usual kg per rai"), required=False, min_value=0)

    def __init__(self, *args, tables=None, grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        thai = (get_language() or "th").startswith("th")
        self.fields["crop"].choices = [
            (t.crop, t.name_th if thai else t.name_en) for t in (tables or {}).values()
        ]
        self.fields["variety_type"].widget = forms.Select(
            choices=[("", "—")]
            + [
                (
                    f"{vt}",
                    f"{t.name_th if thai else t.name_en}: {(thai and t.variety_types_th.get(vt)) or _in_language(label, thai)}",
                )
                for t in (tables or {}).values()
                for vt, label in t.variety_types.items()
            ]
        )
        self.fields["usual_grade"].choices = [("", "—")] + [(g, g) for g in grades]


class FertilizerForm(SoilTestForm):
    """The calculator: no plot, so the area is required and there is no sample date."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["sampled_on"]
        self.fields["area_rai"].required = True


class DisasterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DisasterKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    started_on = forms.DateField(label=_("Started on"), widget=DATE)
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE, required=False)
    districts = forms.MultipleChoiceField(
        label=_("Affected districts (whole)"), widget=forms.CheckboxSelectMultiple, required=False
    )
    subdistricts = forms.MultipleChoiceField(
        label=_("…or affected subdistricts"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
    )
    area = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2, "class": "geometry-field"}),
        required=False,
        label=_("…or the affected area drawn on the map (GeoJSON)"),
    )

    def __init__(self, *args, district: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].choices = district_choices(district)
        names = dict(district_choices())
        self.fields["subdistricts"].choices = [
            (names.get(d, d), [(f"{d}/{c}", f"{th} ({en})") for c, th, en in rows])
            for d, rows in subdistricts.table().items()
            if district is None or d == district
        ]


class AssessmentForm(forms.Form):
    """One plot's assessment on the officer's phone: rai-ngan-wah as on the deed."""

    plot_id = forms.IntegerField(widget=forms.HiddenInput)
    cycle_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    rai = forms.IntegerField(label=_("rai"), min_value=0, required=False)
    ngan = forms.IntegerField(label=_("ngan"), min_value=0, max_value=3, required=False)
    wah = forms.FloatField(label=_("sq. wah"), min_value=0, required=False)
    total_loss = forms.BooleanField(label=_("Total loss (crop dead or lost)"), required=False)
    cap_priority = forms.IntegerField(
        label=_("Order in the 30-rai cap (1 first; empty: highest rate first)"),
        min_value=1,
        max_value=99,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class TableImportForm(forms.Form):
    table = forms.FileField(label=_("Corrected table (JSON)"))

    def clean_table(self):
        upload = self.cleaned_data["table"]
        if upload.size > limits.MAX_TABLE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": limits.MAX_TABLE_BYTES // limits.MB}
            )
        try:
            limits.check_text(upload.read(64 * 1024), "table")  # by content, not by name
        except limits.UploadRefused as exc:
            raise forms.ValidationError(exc.translated()) from None
        upload.seek(0)
        return upload
