"""Ship the rating scales of DOMAIN §4.3 as data: Permendagri 86/2017, the SAKIP grades
of PermenPANRB 88/2021, and the editable default LKjIP criterion scale."""

from django.db import migrations

from sakip.rules.ratings import SHIPPED_SCALES


def ship(apps, schema_editor):
    RatingScale = apps.get_model("organisation", "RatingScale")
    RatingBand = apps.get_model("organisation", "RatingBand")
    for scale in SHIPPED_SCALES.values():
        record, created = RatingScale.objects.get_or_create(
            pemda=None, code=scale.code, defaults={"name": scale.name}
        )
        if created:
            RatingBand.objects.bulk_create(
                RatingBand(scale=record, above=band.above, label=band.label, colour=band.colour)
                for band in scale.bands
            )


def unship(apps, schema_editor):
    apps.get_model("organisation", "RatingScale").objects.filter(
        pemda=None, code__in=list(SHIPPED_SCALES)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
