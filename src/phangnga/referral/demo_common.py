"""What the referral demos share: Thai first and last names, a demo patient, and the day the
seamless pathway started (referrals before it went along the administrative chain)."""

from __future__ import annotations

import random
from datetime import date, datetime

from django.utils import timezone

from phangnga.core.thai import random_valid_national_id

from .models import Patient

SEED = 20180101  # the referral demo's random stream; also in its passport numbers
FOREIGN = [("Ivan Petrov", "RUS"), ("Anna Schmidt", "DEU"), ("Li Wei", "CHN"), ("Emma Jones", "GBR")]
PATHWAY_START = date(2017, 10, 1)

FIRST = [
    "สมชาย",
    "สมศรี",
    "อับดุลเลาะ",
    "ฟาตีมะห์",
    "ยูซุฟ",
    "มาลี",
    "ประเสริฐ",
    "รอฮีม๊ะ",
    "สุนีย์",
    "อาหมัด",
    "กัลยา",
    "ดารุณี",
    "หมาดหลี",
    "สุไลมาน",
    "บุญมี",
    "ซัลมา",
]
LAST = ["ใจดี", "หลงหัน", "ทะเลลึก", "บุญมา", "เกาะยาว", "สมัยอยู่", "ยาวาหะ", "ชายเล", "หาญทะเล", "ศรีสุข"]


def patient_row(rng: random.Random, i: int) -> Patient:
    if rng.random() < 0.06:
        name, nat = rng.choice(FOREIGN)
        return Patient(
            passport=f"D{SEED % 1000}{i:06d}",
            nationality=nat,
            name=name,
            is_demo=True,
            birth_date=date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28)),
            sex=rng.choice("MF"),
            scheme="foreign",
        )
    return Patient(
        cid=random_valid_national_id(rng),
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        is_demo=True,
        birth_date=date(rng.randint(1935, 2018), rng.randint(1, 12), rng.randint(1, 28)),
        sex=rng.choice("MF"),
        scheme=rng.choices(["UC", "SSS", "CSMBS", "self_pay"], [80, 10, 8, 2])[0],
    )


def chain_era(at: datetime) -> bool:
    """Was this referral made before the seamless pathway, along the administrative chain?"""
    return timezone.localtime(at).date() < PATHWAY_START
