"""Ship the LKE template of PermenPANRB 88/2021 as far as it is known (see
sakip/evaluation/shipped.py for what is sourced and what is a placeholder)."""

from decimal import Decimal

from django.db import migrations

from sakip.evaluation import shipped


def ship(apps, schema_editor):
    Template = apps.get_model("evaluation", "Template")
    AnswerScale = apps.get_model("evaluation", "AnswerScale")
    AnswerOption = apps.get_model("evaluation", "AnswerOption")
    Component = apps.get_model("evaluation", "Component")
    SubComponent = apps.get_model("evaluation", "SubComponent")
    Criterion = apps.get_model("evaluation", "Criterion")
    RatingScale = apps.get_model("organisation", "RatingScale")
    if Template.objects.filter(pemda=None, code=shipped.CODE).exists():
        return
    template = Template.objects.create(
        pemda=None,
        year=None,
        code=shipped.CODE,
        name=shipped.NAME,
        note=shipped.NOTE,
        grade_scale=RatingScale.objects.get(pemda=None, code=shipped.GRADE_SCALE),
    )
    scales = {}
    for spec in shipped.SCALES:
        scale = AnswerScale.objects.create(template=template, code=spec["code"], name=spec["name"])
        scales[spec["code"]] = scale
        AnswerOption.objects.bulk_create(
            AnswerOption(scale=scale, order=i, code=code, label=label, value=Decimal(value))
            for i, (code, label, value) in enumerate(spec["options"], start=1)
        )
    for c_order, c_spec in enumerate(shipped.COMPONENTS, start=1):
        component = Component.objects.create(
            template=template,
            order=c_order,
            number=c_spec["number"],
            name=c_spec["name"],
            weight=Decimal(c_spec["weight"]),
        )
        for s_order, s_spec in enumerate(c_spec["subcomponents"], start=1):
            sub = SubComponent.objects.create(
                component=component,
                order=s_order,
                number=s_spec["number"],
                name=s_spec["name"],
                weight=Decimal(s_spec["weight"]),
            )
            Criterion.objects.bulk_create(
                Criterion(
                    subcomponent=sub,
                    order=k_order,
                    number=str(k_order),
                    text=k_spec["text"],
                    scale=scales[k_spec["scale"]],
                    source=k_spec["source"],
                )
                for k_order, k_spec in enumerate(s_spec["criteria"], start=1)
            )


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
