"""Ship the LKE template of PermenPANRB 88/2021 as far as it is known (see
sakip/evaluation/shipped.py for what is sourced and what is a placeholder)."""

from django.db import migrations

from sakip.evaluation import shipped


def ship(apps, schema_editor):
    shipped.ship(apps.get_model)


def unship(apps, schema_editor):
    apps.get_model("evaluation", "Template").objects.filter(
        pemda=None, code=shipped.CODE
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_lke_templates_evaluations_answers_events"),
        ("organisation", "0002_ship_rating_scales"),
    ]
    operations = [migrations.RunPython(ship, unship)]
