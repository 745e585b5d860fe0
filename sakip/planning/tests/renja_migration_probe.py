"""Run as a program (``python -m sakip.planning.tests.renja_migration_probe``) against an
empty database named by DATABASE_URL: migrates to the schema before Renja per year,
fills it with two agencies' rows and figures over three years, snapshots every figure,
migrates to the latest schema and snapshots again. Prints both snapshots as JSON.

A program of its own because the migration that splits the rows cannot run backwards:
it must start from an empty database, not from the test database."""

from __future__ import annotations

import datetime
import json
import os
from decimal import Decimal

import django

BEFORE = [
    ("planning", "0004_indonesian_field_labels"),
    ("measurement", "0003_indonesian_field_labels"),
    ("agreements", "0005_indonesian_field_labels"),
]


def fill(apps) -> None:
    Pemda = apps.get_model("organisation", "Pemda")
    Agency = apps.get_model("organisation", "Agency")
    Position = apps.get_model("organisation", "Position")
    Employee = apps.get_model("organisation", "Employee")
    ProgramItem = apps.get_model("planning", "ProgramItem")
    ItemBudget = apps.get_model("planning", "ItemBudget")
    Indicator = apps.get_model("planning", "Indicator")
    IndicatorTarget = apps.get_model("planning", "IndicatorTarget")
    Actual = apps.get_model("measurement", "Actual")
    BudgetActual = apps.get_model("measurement", "BudgetActual")
    ActionPlan = apps.get_model("measurement", "ActionPlan")
    ActionPlanRow = apps.get_model("measurement", "ActionPlanRow")
    Agreement = apps.get_model("agreements", "Agreement")
    AgreementBudget = apps.get_model("agreements", "AgreementBudget")
    AgreementTarget = apps.get_model("agreements", "AgreementTarget")

    pemda = Pemda.objects.create(code="uji", name="Kabupaten Uji", kind="kabupaten", seat="Uji")
    for n, agency_code in enumerate(["badan-a", "badan-b"], start=1):
        agency = Agency.objects.create(pemda=pemda, code=agency_code, name=f"Badan {n}")
        codes = [
            ("program", "8.01.01", None),
            ("kegiatan", "8.01.01.2.01", "8.01.01"),
            ("subkegiatan", "8.01.01.2.01.01", "8.01.01.2.01"),
            ("subkegiatan", "8.01.01.2.01.02", "8.01.01.2.01"),
        ]
        items = {}
        for level, code, parent in codes:
            items[code] = ProgramItem.objects.create(
                agency=agency,
                parent=items.get(parent),
                level=level,
                code=code,
                name=f"{level} {code}",
                sort_key=".".join(f"{int(s):06d}" for s in code.split(".")),
            )
        indicators = {}
        for order, (level, code, _) in enumerate(codes, start=1):
            for extra in range(2 if level == "kegiatan" else 1):
                indicator = Indicator.objects.create(
                    pemda=pemda,
                    agency=agency,
                    code=f"{agency_code}-{code}-{extra}",
                    name=f"Indikator {code} {extra}",
                    quarter_combine="sum",
                    year_combine="sum",
                    program_item=items[code],
                    order=order * 2 + extra,
                )
                indicators[(code, extra)] = indicator
                IndicatorTarget.objects.create(
                    indicator=indicator, kind="renstra", year=2026, text="50", value=50
                )
        years = [2023, 2024] if n == 1 else [2024]
        for year in years:
            for (_code, extra), indicator in indicators.items():
                IndicatorTarget.objects.create(
                    indicator=indicator, kind="renja", year=year, text="10", value=10 + extra
                )
                for q in (1, 2, 3, 4):
                    Actual.objects.create(
                        indicator=indicator,
                        year=year,
                        quarter=q,
                        value=Decimal(q + n + extra) / 4 + year % 10,
                    )
            for code in ("8.01.01.2.01.01", "8.01.01.2.01.02"):
                ItemBudget.objects.create(
                    item=items[code], year=year, pagu=1_000_000 * n + year, renstra_pagu=5 * 10**6
                )
                for q in (1, 2, 3):
                    BudgetActual.objects.create(
                        item=items[code], year=year, quarter=q, amount=100_000 * q + year
                    )
        first = years[0]
        for (_code, extra), indicator in indicators.items():
            Actual.objects.create(indicator=indicator, year=first - 1, quarter=0, value=7 + extra)
        for code in ("8.01.01.2.01.01", "8.01.01.2.01.02"):
            BudgetActual.objects.create(item=items[code], year=first - 1, quarter=0, amount=900_000)
        position = Position.objects.create(
            pemda=pemda, agency=agency, code=f"kepala-{agency_code}", title="Kepala"
        )
        head = Employee.objects.create(
            pemda=pemda, code=f"kepala-{agency_code}", name="Kepala", nip="197106071997031007"
        )
        agreement = Agreement.objects.create(
            pemda=pemda,
            agency=agency,
            code=f"pk-{agency_code}-2024",
            year=2024,
            position=position,
            place="Uji",
            date=datetime.date(2024, 1, 2),
            first_employee=head,
            first_name="Kepala",
            first_position_title="Kepala",
        )
        AgreementBudget.objects.create(
            agreement=agreement,
            order=1,
            item=items["8.01.01.2.01"],
            code="8.01.01.2.01",
            name="Kegiatan",
            amount=2_000_000,
        )
        AgreementTarget.objects.create(
            agreement=agreement,
            order=1,
            indicator=indicators[("8.01.01.2.01", 1)],
            objective_text="Sasaran",
            indicator_text="Indikator",
            target_text="10",
        )
        plan = ActionPlan.objects.create(agency=agency, year=2024)
        ActionPlanRow.objects.create(
            plan=plan,
            order=1,
            level="subkegiatan",
            item=items["8.01.01.2.01.01"],
            indicator=indicators[("8.01.01.2.01.01", 0)],
            name="Baris",
        )


def snapshot(apps, renja_per_year: bool) -> dict[str, list]:
    """Every figure with what it belongs to, by codes and names (keys change)."""
    ItemBudget = apps.get_model("planning", "ItemBudget")
    IndicatorTarget = apps.get_model("planning", "IndicatorTarget")
    Actual = apps.get_model("measurement", "Actual")
    BudgetActual = apps.get_model("measurement", "BudgetActual")
    AgreementBudget = apps.get_model("agreements", "AgreementBudget")
    AgreementTarget = apps.get_model("agreements", "AgreementTarget")
    ActionPlanRow = apps.get_model("measurement", "ActionPlanRow")
    year_field = "revision__renja__year" if renja_per_year else "year"
    out: dict[str, list] = {}
    out["pagu"] = sorted(
        [a, y, c, p, r]
        for a, y, c, p, r in ItemBudget.objects.values_list(
            "item__agency__code", year_field, "item__code", "pagu", "renstra_pagu"
        )
    )
    out["targets"] = sorted(
        [a, c, n, k, y, str(v)]
        for a, c, n, k, y, v in IndicatorTarget.objects.filter(
            indicator__program_item__isnull=False, kind="renja"
        ).values_list(
            "indicator__agency__code",
            "indicator__program_item__code",
            "indicator__name",
            "kind",
            "year",
            "value",
        )
    )
    out["actuals"] = sorted(
        [a, c, n, y, q, str(v)]
        for a, c, n, y, q, v in Actual.objects.values_list(
            "indicator__agency__code",
            "indicator__program_item__code",
            "indicator__name",
            "year",
            "quarter",
            "value",
        )
    )
    out["spent"] = sorted(
        [a, c, y, q, v]
        for a, c, y, q, v in BudgetActual.objects.values_list(
            "item__agency__code", "item__code", "year", "quarter", "amount"
        )
    )
    out["pk_budget"] = sorted(
        [g, c, v]
        for g, c, v in AgreementBudget.objects.values_list(
            "agreement__code", "item__code", "amount"
        )
    )
    out["pk_targets"] = sorted(
        [g, c, n]
        for g, c, n in AgreementTarget.objects.values_list(
            "agreement__code", "indicator__program_item__code", "indicator__name"
        )
    )
    out["plan_rows"] = sorted(
        [a, c, n]
        for a, c, n in ActionPlanRow.objects.values_list(
            "plan__agency__code", "item__code", "indicator__name"
        )
    )
    if renja_per_year:
        # Where each figure landed: the year of the Renja that owns its row.
        out["actual_owner"] = sorted(
            [a, y, q, o]
            for a, y, q, o in Actual.objects.values_list(
                "indicator__agency__code",
                "year",
                "quarter",
                "indicator__program_item__renja__year",
            )
        )
        out["pk_owner"] = sorted(
            [g, y, o]
            for g, y, o in AgreementBudget.objects.values_list(
                "agreement__code", "agreement__year", "item__renja__year"
            )
        ) + sorted(
            [g, y, o]
            for g, y, o in AgreementTarget.objects.values_list(
                "agreement__code", "agreement__year", "indicator__program_item__renja__year"
            )
        )
        out["renjas"] = sorted(
            [a, y, n]
            for a, y, n in apps.get_model("planning", "RenjaRevision").objects.values_list(
                "renja__agency__code", "renja__year", "number"
            )
        )
    return out


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")
    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    apps = executor.loader.project_state(BEFORE).apps
    fill(apps)
    before = snapshot(apps, renja_per_year=False)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(latest)
    executor.loader.build_graph()
    after = snapshot(executor.loader.project_state(latest).apps, renja_per_year=True)
    print(json.dumps({"before": before, "after": after}))


if __name__ == "__main__":
    main()
