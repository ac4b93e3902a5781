"""Referral's unit holds become fleet holds (holder "referral"), every row kept with its
times; then referral.UnitHold goes. A hold of a code the registry no longer has cannot be
kept (fleet holds point at a unit) and is reported. Going back copies the referral holds back."""

from django.db import migrations


def to_holds(apps, schema_editor):
    UnitHold = apps.get_model("referral", "UnitHold")
    Hold = apps.get_model("fleet", "Hold")
    Resource = apps.get_model("fleet", "Resource")
    ids = dict(Resource.objects.values_list("code", "id"))
    rows, lost = [], []
    for h in UnitHold.objects.order_by("pk"):
        if h.resource_code not in ids:
            lost.append(f"{h.resource_code} on referral {h.referral_id}")
            continue
        rows.append(
            Hold(
                resource_id=ids[h.resource_code],
                holder="referral",
                holder_id=h.referral_id,
                role=h.role,
                held_at=h.held_at,
                released_at=h.released_at,
            )
        )
    Hold.objects.bulk_create(rows, batch_size=500)
    if lost:
        print(f"\n  referral unit holds of units no longer in the registry, not kept: {', '.join(lost)}")


def from_holds(apps, schema_editor):
    UnitHold = apps.get_model("referral", "UnitHold")
    Hold = apps.get_model("fleet", "Hold")
    UnitHold.objects.bulk_create(
        [
            UnitHold(
                referral_id=h.holder_id,
                resource_code=h.resource.code,
                name=h.resource.name,
                role=h.role if h.role in ("boat", "ambulance") else "boat",
                held_at=h.held_at,
                released_at=h.released_at,
            )
            for h in Hold.objects.filter(holder="referral").select_related("resource").order_by("pk")
        ]
    )
    Hold.objects.filter(holder="referral").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("referral", "0004_reported_patient"),
        ("fleet", "0002_hold"),
    ]

    operations = [
        migrations.RunPython(to_holds, from_holds),
        migrations.DeleteModel(name="UnitHold"),
    ]
