"""Pre-boarding tourist screening (pure): answers -> risk level and advice, in th/en/zh-hans/ru.

Rules follow common dive-medicine contraindications (heart disease, epilepsy, asthma, recent
surgery, pregnancy, alcohol) and swimming ability for snorkellers. They are guidance for boat
staff, not a medical clearance; the advice says so.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("th", "en", "zh-hans", "ru")
LEVELS = ("low", "moderate", "high")

QUESTIONS: dict[str, dict[str, str]] = {
    "heart_disease": {
        "en": "Heart disease, chest pain or a pacemaker?",
        "th": "เป็นโรคหัวใจ เจ็บหน้าอก หรือใส่เครื่องกระตุ้นหัวใจ?",
        "zh-hans": "是否有心脏病、胸痛或心脏起搏器？",
        "ru": "Болезни сердца, боли в груди или кардиостимулятор?",
    },
    "asthma": {
        "en": "Asthma or other lung disease?",
        "th": "เป็นโรคหอบหืดหรือโรคปอด?",
        "zh-hans": "是否有哮喘或其他肺病？",
        "ru": "Астма или другие болезни лёгких?",
    },
    "epilepsy": {
        "en": "Epilepsy, seizures or fainting?",
        "th": "เป็นโรคลมชัก ชัก หรือเป็นลมหมดสติ?",
        "zh-hans": "是否有癫痫、抽搐或晕厥？",
        "ru": "Эпилепсия, судороги или обмороки?",
    },
    "recent_surgery": {
        "en": "Surgery in the last 6 weeks?",
        "th": "ผ่าตัดภายใน 6 สัปดาห์ที่ผ่านมา?",
        "zh-hans": "过去6周内做过手术？",
        "ru": "Операция за последние 6 недель?",
    },
    "pregnancy": {"en": "Pregnant?", "th": "ตั้งครรภ์?", "zh-hans": "是否怀孕？", "ru": "Беременность?"},
    "alcohol": {
        "en": "Alcohol in the last 8 hours?",
        "th": "ดื่มแอลกอฮอล์ภายใน 8 ชั่วโมง?",
        "zh-hans": "过去8小时内饮酒？",
        "ru": "Алкоголь за последние 8 часов?",
    },
    "swimming": {
        "en": "How well do you swim?",
        "th": "ว่ายน้ำได้แค่ไหน?",
        "zh-hans": "您的游泳水平如何？",
        "ru": "Как хорошо вы плаваете?",
    },
}
SWIMMING = {
    "none": {"en": "Cannot swim", "th": "ว่ายน้ำไม่เป็น", "zh-hans": "不会游泳", "ru": "Не умею плавать"},
    "weak": {"en": "A little", "th": "ว่ายได้นิดหน่อย", "zh-hans": "会一点", "ru": "Немного"},
    "good": {"en": "Well", "th": "ว่ายได้ดี", "zh-hans": "游得好", "ru": "Хорошо"},
}
YES_NO_QUESTIONS = tuple(k for k in QUESTIONS if k != "swimming")

ADVICE: dict[str, dict[str, str]] = {
    "no_dive": {
        "en": "Do not scuba dive today; talk to a doctor before diving.",
        "th": "ห้ามดำน้ำลึกวันนี้ ควรปรึกษาแพทย์ก่อนดำน้ำ",
        "zh-hans": "今天请勿水肺潜水；潜水前请咨询医生。",
        "ru": "Сегодня не ныряйте с аквалангом; перед погружением проконсультируйтесь с врачом.",
    },
    "stay_on_boat": {
        "en": "Stay on the boat or in shallow water with a guide.",
        "th": "อยู่บนเรือหรือในน้ำตื้นกับไกด์",
        "zh-hans": "请留在船上或在导游陪同下待在浅水区。",
        "ru": "Оставайтесь на лодке или на мелководье с гидом.",
    },
    "life_jacket": {
        "en": "Wear a life jacket in the water at all times.",
        "th": "สวมเสื้อชูชีพตลอดเวลาเมื่ออยู่ในน้ำ",
        "zh-hans": "在水中请始终穿着救生衣。",
        "ru": "В воде всегда носите спасательный жилет.",
    },
    "buddy": {
        "en": "Never go in alone: stay next to a buddy or guide.",
        "th": "ห้ามลงน้ำคนเดียว อยู่กับเพื่อนหรือไกด์เสมอ",
        "zh-hans": "切勿单独下水：与同伴或导游同行。",
        "ru": "Не заходите в воду одни: держитесь рядом с напарником или гидом.",
    },
    "inhaler": {
        "en": "Keep your inhaler on the boat and tell the crew.",
        "th": "นำยาพ่นติดตัวไว้บนเรือและแจ้งลูกเรือ",
        "zh-hans": "把吸入器带上船并告知船员。",
        "ru": "Возьмите ингалятор на лодку и предупредите экипаж.",
    },
    "tell_crew": {
        "en": "Tell the crew about your condition before boarding.",
        "th": "แจ้งลูกเรือเกี่ยวกับอาการของท่านก่อนขึ้นเรือ",
        "zh-hans": "登船前请告知船员您的身体状况。",
        "ru": "Перед посадкой сообщите экипажу о своём состоянии.",
    },
    "no_alcohol": {
        "en": "No swimming or diving after alcohol.",
        "th": "ห้ามว่ายน้ำหรือดำน้ำหลังดื่มแอลกอฮอล์",
        "zh-hans": "饮酒后请勿游泳或潜水。",
        "ru": "Не плавайте и не ныряйте после алкоголя.",
    },
    "enjoy": {
        "en": "No risk found. Listen to the safety briefing and enjoy the trip.",
        "th": "ไม่พบความเสี่ยง ฟังคำแนะนำความปลอดภัยและเที่ยวให้สนุก",
        "zh-hans": "未发现风险。请认真听取安全说明，旅途愉快。",
        "ru": "Рисков не выявлено. Прослушайте инструктаж по безопасности и приятной поездки.",
    },
    "not_medical": {
        "en": "This check is advice for boat staff, not a medical clearance. Emergency: 1669.",
        "th": "แบบคัดกรองนี้เป็นคำแนะนำ ไม่ใช่การรับรองทางการแพทย์ เหตุฉุกเฉินโทร 1669",
        "zh-hans": "此筛查仅供船员参考，不是医疗证明。紧急电话：1669。",
        "ru": "Это рекомендация для персонала, а не медицинский допуск. Экстренный номер: 1669.",
    },
}
LEVEL_LABELS = {
    "low": {"en": "Low risk", "th": "ความเสี่ยงต่ำ", "zh-hans": "低风险", "ru": "Низкий риск"},
    "moderate": {"en": "Moderate risk", "th": "ความเสี่ยงปานกลาง", "zh-hans": "中等风险", "ru": "Средний риск"},
    "high": {"en": "High risk", "th": "ความเสี่ยงสูง", "zh-hans": "高风险", "ru": "Высокий риск"},
}

# condition -> {activity: (level, advice codes)}; "*" = any activity.
RULES: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "heart_disease": {
        "dive": ("high", ("no_dive", "tell_crew")),
        "*": ("high", ("stay_on_boat", "life_jacket", "tell_crew")),
    },
    "epilepsy": {
        "dive": ("high", ("no_dive", "tell_crew")),
        "*": ("high", ("stay_on_boat", "buddy", "life_jacket", "tell_crew")),
    },
    "asthma": {"dive": ("high", ("no_dive", "inhaler")), "*": ("moderate", ("inhaler", "buddy"))},
    "recent_surgery": {"dive": ("high", ("no_dive", "tell_crew")), "*": ("moderate", ("tell_crew", "buddy"))},
    "pregnancy": {"dive": ("high", ("no_dive",)), "*": ("moderate", ("life_jacket", "tell_crew"))},
    "alcohol": {"*": ("high", ("no_alcohol", "stay_on_boat"))},
}
SWIM_RULES = {
    "none": ("high", ("life_jacket", "stay_on_boat", "buddy")),
    "weak": ("moderate", ("life_jacket", "buddy")),
    "good": ("low", ()),
}


class ScreeningError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ScreeningResult:
    level: str
    advice: tuple[str, ...]
    reasons: tuple[str, ...]


def assess(answers: dict, activity: str = "snorkel") -> ScreeningResult:
    """Every yes/no question must be answered (True/False) and swimming be none/weak/good."""
    level_i = 0
    advice: list[str] = []
    reasons: list[str] = []
    for q in YES_NO_QUESTIONS:
        value = answers.get(q)
        if not isinstance(value, bool):
            raise ScreeningError(q, "answer yes (true) or no (false)")
        if value:
            rule = RULES[q].get(activity) or RULES[q]["*"]
            level_i = max(level_i, LEVELS.index(rule[0]))
            advice.extend(rule[1])
            reasons.append(q)
    swim = answers.get("swimming")
    if swim not in SWIM_RULES:
        raise ScreeningError("swimming", "must be none, weak or good")
    if activity != "boat_trip" or swim == "none":
        lvl, adv = SWIM_RULES[swim]
        if LEVELS.index(lvl) > 0:
            reasons.append(f"swimming:{swim}")
        level_i = max(level_i, LEVELS.index(lvl))
        advice.extend(adv)
    unknown = set(answers) - set(QUESTIONS)
    if unknown:
        raise ScreeningError(sorted(unknown)[0], "unknown question")
    if not advice:
        advice.append("enjoy")
    advice.append("not_medical")
    return ScreeningResult(LEVELS[level_i], tuple(dict.fromkeys(advice)), tuple(reasons))


def advice_texts(result: ScreeningResult, lang: str) -> list[str]:
    lang = lang if lang in LANGS else "en"
    return [ADVICE[code][lang] for code in result.advice]
