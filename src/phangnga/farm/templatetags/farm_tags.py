from django import template
from django.utils.translation import get_language

from phangnga.core.thai import format_date_en, format_date_th, format_rai_ngan_wah

from .. import access, crops, services

register = template.Library()


@register.filter
def farm_officer(user) -> bool:
    return access.is_officer(user)


@register.filter
def thaidate(value) -> str:
    """Buddhist-era date in Thai, CE with the BE year in English."""
    if not value:
        return "—"
    return format_date_th(value) if (get_language() or "th").startswith("th") else format_date_en(value)


@register.filter
def rai_ngan_wah(rai) -> str:
    return format_rai_ngan_wah(float(rai) * 1600) if rai is not None else "—"


@register.filter
def baht(value) -> str:
    return "—" if value is None else f"{float(value):,.2f}"


@register.filter
def get_item(mapping, key):
    try:
        return mapping[key]
    except (KeyError, TypeError):
        return key


@register.filter
def lapsed(household) -> bool:
    return services.lapse_status(household) == "lapsed"


@register.filter
def crop_label(code) -> str:
    """Crop name in the page's language (Thai by default)."""
    crop = crops.CROPS.get(code)
    if crop is None:
        return code or "—"
    return crop.name_th if (get_language() or "th").startswith("th") else crop.name_en


@register.filter
def district_names(codes) -> str:
    """["takua_thung", "kapong"] -> "ตะกั่วทุ่ง, กะปง" (English names on English pages)."""
    from phangnga.geo.models import District

    thai = (get_language() or "th").startswith("th")
    names = {
        d.code: (d.name_th if thai else d.name_en) for d in District.objects.filter(code__in=codes or [])
    }
    return ", ".join(names.get(c, c) for c in codes or [])


@register.filter
def district_label(code) -> str:
    return district_names([code]) if code else "—"


@register.filter
def plot_tambon(plot) -> str:
    """The subdistrict where a plot lies, in the page's language."""
    from .. import subdistricts

    lang = "th" if (get_language() or "th").startswith("th") else "en"
    return subdistricts.name(plot.district_id, plot.subdistrict, lang)


@register.filter
def tambon_label(value) -> str:
    """ "takua_thung/krasom" -> "กระโสม" (English on English pages)."""
    from .. import subdistricts

    district, _sep, sub = str(value).partition("/")
    lang = "th" if (get_language() or "th").startswith("th") else "en"
    return subdistricts.name(district, sub, lang)


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{float(value) * 100:.0f}%"
