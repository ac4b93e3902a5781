import re

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


# ---- the fertilizer advice's notes and sources in the reader's language -------------------------

# The kernel's notes are "code: English text with its numbers"; the page words them by code.
NOTE_TH = {
    "ph_below_optimum": "pH {0} ต่ำกว่า {1} ควรใส่ปูนปรับสภาพดินก่อนใส่ปุ๋ย",
    "ph_above_optimum": "pH {0} สูงกว่า {1}",
    "kit_classes_used": "อัตราปุ๋ยคิดจากระดับที่อ่านได้จากชุดตรวจดิน ไม่ใช่ค่าวิเคราะห์จากห้องปฏิบัติการ",
}
# Where each crop's table comes from and how far to trust it, for Thai readers (the data files keep
# the full English citation for officers; see farm/data/fertilizer_tables/).
SOURCE_TH = {
    "rice_south": ("ตารางปุ๋ยตามค่าวิเคราะห์ดิน กรมการข้าว (ภาคใต้) กก./ไร่ ต่อรอบการปลูก",
                   "อัตรา N ที่ OM < 1% และ 1-2%, P < 5 ppm และ K < 60 ppm มาจากตารางของกรมการข้าว ส่วนแถวอื่นอนุมานขึ้น "
                   "เจ้าหน้าที่ควรตรวจยืนยัน"),
    "rubber": ("สูตรผสมตามมาตรฐาน GAP ยางพารา 46-0-0 : 18-46-0 : 0-0-60 อัตรา 6:1:3 คิดเป็นต่อไร่ต่อปี",
               "ปานกลางสำหรับดินระดับกลาง ต่ำสำหรับระดับอื่น ควรใช้ตารางของการยางแห่งประเทศไทยเมื่อมี"),
    "oil_palm": ("คำแนะนำทั่วไปของกรมวิชาการเกษตรสำหรับปาล์มให้ผลผลิต คิดที่ 22 ต้นต่อไร่",
                 "ต่ำถึงปานกลาง ปาล์มน้ำมันมักใช้ผลวิเคราะห์ใบเป็นหลัก ไม่รวมแมกนีเซียมและโบรอน"),
    "durian": ("คำแนะนำทั่วไปของกรมวิชาการเกษตรสำหรับทุเรียนให้ผล รวมทั้งปี ประมาณ 20 ต้นต่อไร่",
               "ต่ำ เป็นยอดรวมทั้งปี ไม่ใช่ตารางตามค่าวิเคราะห์ดิน ใช้เป็นจุดเริ่มต้นเท่านั้น"),
    "sugarcane": ("คำแนะนำกรมพัฒนาที่ดิน อ้อยปลูก 18-9-12 อ้อยตอ 18-9-18 กก. N-P₂O₅-K₂O ต่อไร่",
                  "ต่ำสำหรับดินระดับกลางและสูง การลดอัตราตามความอุดมสมบูรณ์ไม่ได้มาจากตารางที่ตีพิมพ์"),
    "vegetables": ("คำแนะนำทั่วไปของกรมส่งเสริมการเกษตรสำหรับผักหนึ่งรอบการปลูก",
                   "ต่ำ ผักแต่ละชนิดต่างกันมาก และมักแบ่งใส่หลายครั้ง"),
}  # fmt: skip
_INTERNAL = re.compile(
    r"\s*\((?:as given in |per |see )?REFERENCE\.md[^)]*\)|,?\s*(?:as given in|per) REFERENCE\.md"
)


def _thai() -> bool:
    return (get_language() or "th").startswith("th")


@register.filter
def fert_note(note: str) -> str:
    """'ph_below_optimum: pH 4.5 is below 5; consider lime…' in the reader's language, without the code."""
    code, _, text = str(note).partition(": ")
    if not text:
        return str(note)
    if _thai() and code in NOTE_TH:
        return NOTE_TH[code].format(*re.findall(r"\d+(?:\.\d+)?", text))
    return text


@register.filter
def fert_source(text: str, crop: str) -> str:
    """A table's source in the reader's language, with no citation of the project's internal notes."""
    if _thai() and re.search("[\u0e00-\u0e7f]", str(text or "")):
        return str(text)  # the table's own Thai text (source_th)
    if _thai() and crop in SOURCE_TH:
        return SOURCE_TH[crop][0]
    return _INTERNAL.sub("", str(text or ""))


@register.filter
def fert_confidence(text: str, crop: str) -> str:
    if _thai() and re.search("[\u0e00-\u0e7f]", str(text or "")):
        return str(text)
    if _thai() and crop in SOURCE_TH:
        return SOURCE_TH[crop][1]
    return _INTERNAL.sub("", str(text or ""))


@register.filter
def land_document(code) -> str:
    """A land document code ('chanote') by its name in the page's language."""
    from ..models import LandDocument

    try:
        return str(LandDocument(str(code)).label)
    except ValueError:
        return str(code or "")
