"""Moves the Renja rows, which were shared by every year, into one Renja per agency
and year, without losing a figure.

Before: an agency had one set of program/kegiatan/sub kegiatan rows for all years,
with pagu per year (ItemBudget.year). After: a Renja(agency, year) owns its rows; each
year's pagu is the murni version of that year's Renja.

For each agency, the years its rows are used in are collected (pagu, Renja targets,
quarterly realisasi, PK rows, Rencana Aksi rows, evidence, events). The existing rows
go to the first of those years (so every reference to them stays); for each later
year the rows and their indicators are copied, and that year's figures and
references move to the copies. A whole-year figure (quarter 0) of year X is the
"realisasi up to last year" of the Renja of X + 1 when there is one, else it stays
with the Renja of X (or the first year's)."""

from __future__ import annotations

import datetime

from django.db import migrations
from django.db.models import Q


def _years_in_use(apps, item_ids, indicator_ids):
    ItemBudget = apps.get_model("planning", "ItemBudget")
    IndicatorTarget = apps.get_model("planning", "IndicatorTarget")
    Actual = apps.get_model("measurement", "Actual")
    BudgetActual = apps.get_model("measurement", "BudgetActual")
    ActionPlanRow = apps.get_model("measurement", "ActionPlanRow")
    Evidence = apps.get_model("measurement", "Evidence")
    MeasurementEvent = apps.get_model("measurement", "MeasurementEvent")
    AgreementBudget = apps.get_model("agreements", "AgreementBudget")
    AgreementTarget = apps.get_model("agreements", "AgreementTarget")
    either = Q(item_id__in=item_ids) | Q(indicator_id__in=indicator_ids)
    years: set[int] = set()
    years |= set(ItemBudget.objects.filter(item_id__in=item_ids).values_list("year", flat=True))
    years |= set(
        IndicatorTarget.objects.filter(indicator_id__in=indicator_ids, kind="renja").values_list(
            "year", flat=True
        )
    )
    years |= set(
        Actual.objects.filter(indicator_id__in=indicator_ids, quarter__gt=0).values_list(
            "year", flat=True
        )
    )
    years |= set(
        BudgetActual.objects.filter(item_id__in=item_ids, quarter__gt=0).values_list(
            "year", flat=True
        )
    )
    years |= set(
        AgreementBudget.objects.filter(item_id__in=item_ids).values_list(
            "agreement__year", flat=True
        )
    )
    years |= set(
        AgreementTarget.objects.filter(indicator_id__in=indicator_ids).values_list(
            "agreement__year", flat=True
        )
    )
    years |= set(ActionPlanRow.objects.filter(either).values_list("plan__year", flat=True))
    years |= set(Evidence.objects.filter(either).values_list("year", flat=True))
    years |= set(MeasurementEvent.objects.filter(either).values_list("year", flat=True))
    if not years:
        whole_years = set(
            Actual.objects.filter(indicator_id__in=indicator_ids, quarter=0).values_list(
                "year", flat=True
            )
        ) | set(
            BudgetActual.objects.filter(item_id__in=item_ids, quarter=0).values_list(
                "year", flat=True
            )
        )
        years = {max(whole_years) + 1} if whole_years else {datetime.date.today().year}
    return sorted(years)


def _clone(row, **changes):
    model = type(row)
    values = {
        f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if not f.primary_key
    }
    values.update(changes)
    return model.objects.create(**values)


def split_into_years(apps, schema_editor):
    ProgramItem = apps.get_model("planning", "ProgramItem")
    Indicator = apps.get_model("planning", "Indicator")
    IndicatorTarget = apps.get_model("planning", "IndicatorTarget")
    ItemBudget = apps.get_model("planning", "ItemBudget")
    Renja = apps.get_model("planning", "Renja")
    RenjaRevision = apps.get_model("planning", "RenjaRevision")
    Actual = apps.get_model("measurement", "Actual")
    BudgetActual = apps.get_model("measurement", "BudgetActual")
    ActionPlanRow = apps.get_model("measurement", "ActionPlanRow")
    Evidence = apps.get_model("measurement", "Evidence")
    MeasurementEvent = apps.get_model("measurement", "MeasurementEvent")
    AgreementBudget = apps.get_model("agreements", "AgreementBudget")
    AgreementTarget = apps.get_model("agreements", "AgreementTarget")

    agency_ids = sorted(set(ProgramItem.objects.values_list("agency_id", flat=True)))
    for agency_id in agency_ids:
        items = list(ProgramItem.objects.filter(agency_id=agency_id).order_by("sort_key", "pk"))
        item_ids = [i.pk for i in items]
        indicators = list(
            Indicator.objects.filter(program_item_id__in=item_ids).order_by("order", "pk")
        )
        indicator_ids = [i.pk for i in indicators]
        years = _years_in_use(apps, item_ids, indicator_ids)
        first = years[0]
        murni = {}
        for year in years:
            renja = Renja.objects.create(agency_id=agency_id, year=year)
            murni[year] = RenjaRevision.objects.create(
                renja=renja, number=0, kind="murni", effective_date=None
            )
        ProgramItem.objects.filter(pk__in=item_ids).update(renja_id=murni[first].renja_id)

        # Which Renja a figure of (year, quarter) belongs to.
        def owner_year(year, quarter):
            if quarter == 0 and year + 1 in murni:
                return year + 1
            return year if year in murni else first

        item_map = {first: {pk: pk for pk in item_ids}}
        indicator_map = {first: {pk: pk for pk in indicator_ids}}
        renstra_targets = list(
            IndicatorTarget.objects.filter(indicator_id__in=indicator_ids, kind="renstra")
        )
        for year in years[1:]:
            mapping: dict[int, int] = {}
            for item in items:  # ancestors sort before their descendants
                copy = _clone(
                    item,
                    renja_id=murni[year].renja_id,
                    parent_id=mapping[item.parent_id] if item.parent_id else None,
                )
                mapping[item.pk] = copy.pk
            item_map[year] = mapping
            ind_mapping: dict[int, int] = {}
            for indicator in indicators:
                code = f"{indicator.code}-{year}"[:80] if indicator.code else ""
                copy = _clone(
                    indicator, program_item_id=mapping[indicator.program_item_id], code=code
                )
                ind_mapping[indicator.pk] = copy.pk
            indicator_map[year] = ind_mapping
            IndicatorTarget.objects.bulk_create(
                [
                    IndicatorTarget(
                        indicator_id=ind_mapping[t.indicator_id],
                        kind=t.kind,
                        year=t.year,
                        text=t.text,
                        value=t.value,
                        low=t.low,
                        high=t.high,
                    )
                    for t in renstra_targets
                ]
            )

        def move(queryset, field, mapping_by_year, year_of):
            changed = []
            for row in queryset:
                target_year = year_of(row)
                old = getattr(row, field)
                if old is None or target_year == first:
                    continue
                setattr(row, field, mapping_by_year[target_year][old])
                changed.append(row)
            if changed:
                type(changed[0]).objects.bulk_update(changed, [field], batch_size=500)

        for budget in ItemBudget.objects.filter(item_id__in=item_ids):
            year = budget.year
            budget.revision_id = murni[year].pk
            if year != first:
                budget.item_id = item_map[year][budget.item_id]
            budget.save(update_fields=["revision", "item"])
        move(
            IndicatorTarget.objects.filter(indicator_id__in=indicator_ids, kind="renja"),
            "indicator_id",
            indicator_map,
            lambda t: owner_year(t.year, 1),
        )
        move(
            Actual.objects.filter(indicator_id__in=indicator_ids),
            "indicator_id",
            indicator_map,
            lambda a: owner_year(a.year, a.quarter),
        )
        move(
            BudgetActual.objects.filter(item_id__in=item_ids),
            "item_id",
            item_map,
            lambda b: owner_year(b.year, b.quarter),
        )
        move(
            AgreementBudget.objects.filter(item_id__in=item_ids).select_related("agreement"),
            "item_id",
            item_map,
            lambda b: owner_year(b.agreement.year, 1),
        )
        move(
            AgreementTarget.objects.filter(indicator_id__in=indicator_ids).select_related(
                "agreement"
            ),
            "indicator_id",
            indicator_map,
            lambda t: owner_year(t.agreement.year, 1),
        )
        for field, ids, maps in (
            ("item_id", item_ids, item_map),
            ("indicator_id", indicator_ids, indicator_map),
        ):
            key = field.removesuffix("_id") + "_id__in"
            move(
                ActionPlanRow.objects.filter(**{key: ids}).select_related("plan"),
                field,
                maps,
                lambda r: owner_year(r.plan.year, 1),
            )
            move(
                Evidence.objects.filter(**{key: ids}),
                field,
                maps,
                lambda e: owner_year(e.year, 1),
            )
            move(
                MeasurementEvent.objects.filter(**{key: ids}),
                field,
                maps,
                lambda e: owner_year(e.year, 1),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0005_renja_per_year"),
        ("measurement", "0003_indonesian_field_labels"),
        ("agreements", "0005_indonesian_field_labels"),
    ]

    operations = [
        migrations.RunPython(split_into_years, elidable=False),
    ]
