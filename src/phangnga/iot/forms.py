"""The rule editor's form: plain fields a farmer understands (minutes, HH:MM), turned into
the rule's parameters; the kernel's validation (services.save_rule) names wrong fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DryerBatch, Rule, RuleKind, Site
from .telemetry import ACTUATORS, CHANNELS
from .templatetags.iot_words import WORDS

THRESHOLD_FIELDS = (
    "direction",
    "on_at",
    "off_at",
    "for_min",
    "min_cycle_min",
    "stale_after_min",
    "failsafe",
    "alarm_high",
    "alarm_low",
)
SCHEDULE_FIELDS = ("skip_above", "min_cycle_min", "stale_after_min")
WEEKDAYS = [
    (0, _("Mon")),
    (1, _("Tue")),
    (2, _("Wed")),
    (3, _("Thu")),
    (4, _("Fri")),
    (5, _("Sat")),
    (6, _("Sun")),
]


def windows_to_text(windows: list[dict]) -> str:
    lines = []
    for w in windows or []:
        days = w.get("weekdays")
        lines.append(
            f"{w.get('start')} {w.get('minutes')}" + (f" {','.join(map(str, days))}" if days else "")
        )
    return "\n".join(lines)


def text_to_windows(text: str) -> list[dict]:
    """'06:00 20' or '07:00 30 0,2,4' per line -> [{start, minutes, weekdays?}]"""
    windows = []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if len(parts) not in (2, 3):
            raise forms.ValidationError(
                _("Each line: start time, minutes, and optionally weekdays, e.g. 06:00 20 0,2,4")
            )
        window: dict = {"start": parts[0]}
        try:
            window["minutes"] = int(parts[1])
            if len(parts) == 3:
                window["weekdays"] = [int(d) for d in parts[2].split(",")]
        except ValueError:
            raise forms.ValidationError(_("Minutes and weekdays must be whole numbers")) from None
        windows.append(window)
    return windows


class RuleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=RuleKind.choices)
    sensor = forms.ModelChoiceField(label=_("Sensor device"), queryset=None, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", "—")] + [(c, WORDS.get(c, c)) for c in CHANNELS], required=False
    )
    target = forms.ModelChoiceField(label=_("Switch on device"), queryset=None)
    actuator = forms.ChoiceField(label=_("Switch"), choices=[(a, WORDS.get(a, a)) for a in ACTUATORS])
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)
    # Threshold
    direction = forms.ChoiceField(
        label=_("Switch on when the value is"),
        required=False,
        choices=[("above", _("at or above")), ("below", _("at or below"))],
    )
    on_at = forms.FloatField(label=_("Switch on at"), required=False)
    off_at = forms.FloatField(label=_("Switch off at (hysteresis)"), required=False)
    for_min = forms.FloatField(label=_("Only after it held for (minutes)"), required=False, min_value=0)
    alarm_high = forms.FloatField(label=_("Alert at or above"), required=False)
    alarm_low = forms.FloatField(label=_("Alert at or below"), required=False)
    failsafe = forms.ChoiceField(
        label=_("If the sensor goes silent"),
        required=False,
        choices=[("", _("leave as it is")), ("on", _("switch on")), ("off", _("switch off"))],
    )
    # Both
    min_cycle_min = forms.FloatField(label=_("Minimum minutes between switches"), required=False, min_value=0)
    stale_after_min = forms.FloatField(
        label=_("Sensor silent after (minutes)"), required=False, min_value=0.01
    )
    # Schedule
    windows = forms.CharField(
        label=_("Windows (one per line: HH:MM minutes [weekdays 0=Mon])"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    skip_above = forms.FloatField(label=_("Skip while the sensor is above"), required=False)

    def __init__(self, *args, site: Site, instance: Rule, **kwargs):
        if not args or args[0] is None:
            kwargs.setdefault("initial", self._initial(instance))
        super().__init__(*args, **kwargs)
        self.site = site
        self.instance = instance
        devices = site.devices.all()
        self.fields["sensor"].queryset = devices
        self.fields["target"].queryset = devices
        # A device by its name, its code after it (the code is what the MQTT topic says).
        self.fields["sensor"].label_from_instance = self.fields["target"].label_from_instance = lambda d: (
            f"{d.name} ({d.code})"
        )

    @staticmethod
    def _initial(rule: Rule) -> dict:
        if not rule.pk:
            return {"kind": RuleKind.THRESHOLD, "direction": "above", "enabled": True}
        params = rule.params or {}
        initial = {
            "name": rule.name,
            "kind": rule.kind,
            "sensor": rule.sensor_id,
            "channel": rule.channel,
            "target": rule.target_id,
            "actuator": rule.actuator,
            "enabled": rule.enabled,
            "windows": windows_to_text(params.get("windows", [])),
        }
        initial.update({k: params.get(k) for k in (*THRESHOLD_FIELDS, *SCHEDULE_FIELDS)})
        return initial

    def clean_windows(self):
        return text_to_windows(self.cleaned_data.get("windows") or "")

    def to_rule(self) -> Rule:
        data = self.cleaned_data
        rule = self.instance
        rule.name, rule.kind, rule.enabled = data["name"], data["kind"], data["enabled"]
        rule.sensor, rule.channel = data["sensor"], data["channel"] or ""
        rule.target, rule.actuator = data["target"], data["actuator"]
        names = THRESHOLD_FIELDS if rule.kind == RuleKind.THRESHOLD else SCHEDULE_FIELDS
        params = {k: data[k] for k in names if data.get(k) not in (None, "")}
        if rule.kind == RuleKind.SCHEDULE:
            params["windows"] = data["windows"]
        rule.params = params
        rule.paused_until = None
        return rule

    def add_api_errors(self, fields: dict[str, str]) -> None:
        for name, message in fields.items():
            self.add_error(name if name in self.fields else None, message)


class BatchStartForm(forms.ModelForm):
    class Meta:
        model = DryerBatch
        fields = ["product", "weight_in_kg", "notes"]

    def clean_weight_in_kg(self):
        value = self.cleaned_data["weight_in_kg"]
        if value <= 0:
            raise forms.ValidationError(_("Must be more than 0 kg"))
        return value


class BatchFinishForm(forms.Form):
    weight_out_kg = forms.DecimalField(
        label=_("weight out (kg)"), max_digits=8, decimal_places=2, min_value=0
    )

    def __init__(self, *args, batch: DryerBatch, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch

    def clean_weight_out_kg(self):
        value = self.cleaned_data["weight_out_kg"]
        if value > self.batch.weight_in_kg:
            raise forms.ValidationError(_("A dried batch cannot weigh more than it did going in"))
        return value
