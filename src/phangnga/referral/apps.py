from django.apps import AppConfig


class ReferralConfig(AppConfig):
    name = "phangnga.referral"
    label = "referral"
    verbose_name = "Koh Yao seamless referral"
