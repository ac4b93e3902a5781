"""Prevention pages: the public pre-boarding screening, the public marine warnings, and the
registries' lists for staff (editing is in the admin). URLs under /emergency/ as before the
prevention registries left the emergency app; the AED check form is aed_views.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from . import access, cap, registries, screening
from .models import Aed, Course, Drill, RiskPoint, Volunteer

# ---- public screening ----------------------------------------------------------------


def screening_page(request):
    lang = request.GET.get("lang") or request.POST.get("lang") or (get_language() or "en")
    lang = "zh-hans" if lang.lower().startswith("zh") else lang
    lang = lang if lang in screening.LANGS else "en"
    result, errors, answers = None, {}, {}
    operator = request.POST.get("operator", request.GET.get("operator", ""))[:160]
    activity = request.POST.get("activity", "snorkel")
    if request.method == "POST":
        for q in screening.YES_NO_QUESTIONS:
            v = request.POST.get(q)
            answers[q] = True if v == "yes" else False if v == "no" else None
        answers["swimming"] = request.POST.get("swimming")
        if len(operator.strip()) < 2:
            errors["operator"] = True
        if activity not in ("snorkel", "dive", "boat_trip"):
            activity = "snorkel"
        try:
            res = screening.assess(answers, activity)
        except screening.ScreeningError as exc:
            errors[exc.field] = True
        if not errors:
            registries.save_screening(
                operator, lang, activity, answers, res, request.POST.get("client_id") or None
            )
            result = {
                "level": res.level,
                "label": screening.LEVEL_LABELS[res.level][lang],
                "advice": screening.advice_texts(res, lang),
            }
    questions = [(q, t[lang], answers.get(q)) for q, t in screening.QUESTIONS.items() if q != "swimming"]
    ui = SCREENING_UI[lang]
    return render(
        request,
        "prevention/screening.html",
        {
            "lang": lang,
            "questions": questions,
            "swim_q": screening.QUESTIONS["swimming"][lang],
            "swim": [(k, v[lang]) for k, v in screening.SWIMMING.items()],
            "answers": answers,
            "result": result,
            "errors": errors,
            "operator": operator,
            "activity": activity,
            "ui": ui,
            "langs": [("th", "ไทย"), ("en", "English"), ("zh-hans", "中文"), ("ru", "Русский")],
        },
    )


SCREENING_UI = {
    "en": {
        "title": "Before you board: health check",
        "operator": "Tour operator",
        "activity": "Activity",
        "snorkel": "Snorkelling",
        "dive": "Scuba diving",
        "boat_trip": "Boat trip only",
        "yes": "Yes",
        "no": "No",
        "submit": "Check",
        "missing": "Please answer this question",
        "again": "New check",
    },
    "th": {
        "title": "ก่อนขึ้นเรือ: ตรวจสุขภาพ",
        "operator": "บริษัทนำเที่ยว",
        "activity": "กิจกรรม",
        "snorkel": "ดำน้ำตื้น",
        "dive": "ดำน้ำลึก",
        "boat_trip": "นั่งเรืออย่างเดียว",
        "yes": "ใช่",
        "no": "ไม่ใช่",
        "submit": "ตรวจ",
        "missing": "กรุณาตอบคำถามนี้",
        "again": "ตรวจใหม่",
    },
    "zh-hans": {
        "title": "登船前健康检查",
        "operator": "旅游公司",
        "activity": "活动",
        "snorkel": "浮潜",
        "dive": "水肺潜水",
        "boat_trip": "仅乘船",
        "yes": "是",
        "no": "否",
        "submit": "检查",
        "missing": "请回答此问题",
        "again": "重新检查",
    },
    "ru": {
        "title": "Перед посадкой: проверка здоровья",
        "operator": "Туроператор",
        "activity": "Занятие",
        "snorkel": "Снорклинг",
        "dive": "Дайвинг",
        "boat_trip": "Только прогулка на лодке",
        "yes": "Да",
        "no": "Нет",
        "submit": "Проверить",
        "missing": "Пожалуйста, ответьте на вопрос",
        "again": "Новая проверка",
    },
}


# ---- registries (simple lists; editing is in the admin) ------------------------------


@login_required
def registry(request, what: str):
    today = timezone.localdate()
    ctx: dict = {"what": what, "today": today}
    if what == "aeds":
        ctx["rows"] = Aed.objects.all()
        ctx["alerts"] = {a["code"]: a for a in registries.aed_alerts()}
        ctx["can_check"] = request.user.has_role(*access.CHECKERS)
    elif what == "risks":
        ctx["rows"] = RiskPoint.objects.select_related("place").prefetch_related("signs")
    elif what == "volunteers":
        if not request.user.has_role(*access.VOLUNTEER_READERS):
            raise PermissionDenied("volunteers")
        ctx["rows"] = Volunteer.objects.prefetch_related("trainings")
        ctx["alerts"] = [
            dict(a, course_label=dict(Course.choices).get(a["course"], a["course"]))
            for a in registries.training_alerts()
        ]
    elif what == "drills":
        ctx["rows"] = Drill.objects.prefetch_related("steps").select_related("place")
    elif what == "screenings":
        ctx["rows"] = registries.screening_stats()
    else:
        raise Http404(what)
    return render(request, "prevention/registry.html", ctx)


def warnings_page(request):
    return render(request, "prevention/warnings.html", {"alerts": cap.active_alerts()})
