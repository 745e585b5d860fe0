"""Loads the demo data of ``demo/`` (transcribed from the seeds, format in
demo/SCHEMA.md) into the database.

Figures are recorded as the seeds print them, errors included: the system computes
from the data and its checks find the errors (DOMAIN §7). Figures that a form
*derives* (Lampiran III columns 13-15, parent rows' Rupiah, averages) are not data:
they are kept as PrintedFigure records of their source document, for comparison."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from sakip.accounts.models import Role, User
from sakip.agreements.actions import link_to_superior
from sakip.agreements.models import Agreement, AgreementBudget, AgreementTarget
from sakip.evaluation.demo import load_lke
from sakip.measurement.models import (
    ActionPlan,
    ActionPlanRow,
    Actual,
    BudgetActual,
    QuarterReport,
)
from sakip.organisation.actions import create_pemda
from sakip.organisation.models import Agency, Employee, Pemda, Position, PositionHolding, Unit
from sakip.planning.actions import create_renja
from sakip.planning.models import (
    Goal,
    Indicator,
    IndicatorTarget,
    ItemBudget,
    Objective,
    ProgramItem,
    Renstra,
    Rpjmd,
    RpjmdGoal,
    RpjmdMission,
    RpjmdObjective,
)
from sakip.reports.models import PrintedFigure, PrintedSpending, SourceDocument
from sakip.rules import codes as code_rules
from sakip.rules import values as value_rules
from sakip.web.models import DemoLoad

DEMO_DIR = Path(__file__).resolve().parent.parent.parent / "demo"
DEMO_PASSWORD = "sakip-demo-2024"  # noqa: S105 - printed by `make demo`, demo only


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    pemda: str | None  # None: the platform's superuser, who holds no Pemda
    agency: str | None
    description: str


DEMO_LOGINS = (
    DemoLogin("admin.sistem", "", None, None, "Administrator sistem (Django admin: /admin/)"),
    DemoLogin(
        "admin.paser",
        Role.ADMIN_PEMDA,
        "paser",
        "bappedalitbang",
        "Admin Pemda (Bappedalitbang Paser)",
    ),
    DemoLogin(
        "operator.kesbangpol", Role.OPERATOR, "paser", "kesbangpol", "Operator Kesbangpol Paser"
    ),
    DemoLogin(
        "pimpinan.kesbangpol", Role.PIMPINAN, "paser", "kesbangpol", "Kepala Kesbangpol Paser"
    ),
    DemoLogin(
        "verifikator.paser",
        Role.VERIFIKATOR,
        "paser",
        "bappedalitbang",
        "Verifikator Bappedalitbang Paser",
    ),
    DemoLogin("inspektorat.paser", Role.EVALUATOR, "paser", None, "Evaluator Inspektorat Paser"),
    DemoLogin("admin.banyumas", Role.ADMIN_PEMDA, "banyumas", None, "Admin Pemda Banyumas"),
    DemoLogin(
        "operator.sokaraja", Role.OPERATOR, "banyumas", "sokaraja", "Operator Kecamatan Sokaraja"
    ),
    DemoLogin(
        "operator.kesbangpol-banyumas",
        Role.OPERATOR,
        "banyumas",
        "kesbangpol",
        "Operator Kesbangpol Banyumas",
    ),
)


class DemoError(ValueError):
    """Demo files that cannot be loaded; nothing of them is loaded."""


#: The largest whole part of a figure (DecimalField(max_digits=20, decimal_places=6)) and
#: the largest integer a database column holds (BigIntegerField).
MAX_FIGURE_DIGITS = 14
MAX_DECIMALS = 6
MAX_INTEGER = 2**63 - 1


def dec(value: object) -> Decimal | None:
    """A decimal from the YAML's decimal strings; never via float; within what the
    database's figure columns hold (a 41-digit figure loaded silently broke pages)."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError(f"demo data must write decimals as strings, got float {value!r}")
    number = Decimal(str(value))  # not a number: InvalidOperation, named by the loaders
    if not number.is_finite():
        raise DemoError(f"“{value}” bukan angka")
    whole = number.adjusted() + 1 if number else 0
    if whole > MAX_FIGURE_DIGITS:
        raise DemoError(f"angka “{value}” terlalu besar (paling banyak {MAX_FIGURE_DIGITS} digit)")
    if -number.as_tuple().exponent > MAX_DECIMALS:  # type: ignore[operator]
        raise DemoError(f"angka “{value}” punya lebih dari {MAX_DECIMALS} angka di belakang koma")
    return number


#: Keys the demo files transcribe from the seeds (printed wording, layout, figures kept
#: for comparison) that no loader reads. Any other key no loader reads is a mistake (a
#: typo, a field of another format) and stops the load. Paths as ``file.key[].key``,
#: the year dropped from the file's name.
KNOWN_UNLOADED = frozenset(
    {
        "agreements.yaml.agreements[].first_party.name_printed_lampiran",
        "agreements.yaml.agreements[].first_party.name_printed_statement",
        "agreements.yaml.agreements[].first_party.pangkat_printed_lampiran",
        "agreements.yaml.agreements[].first_party.signature_title_printed_lampiran",
        "agreements.yaml.agreements[].heading_printed",
        "agreements.yaml.agreements[].opening_printed",
        "agreements.yaml.agreements[].second_party.name_printed_lampiran",
        "agreements.yaml.agreements[].second_party.name_printed_statement",
        "agreements.yaml.agreements[].second_party.pangkat_printed_lampiran",
        "agreements.yaml.agreements[].second_party.signature_title_printed_lampiran",
        "agreements.yaml.agreements[].second_party_note_printed",
        "agreements.yaml.agreements[].total_label_printed",
        "lkjip.yaml.lkjip.budget_table_bab2",
        "lkjip.yaml.lkjip.iku_measurement.conclusion_text",
        "lkjip.yaml.lkjip.iku_measurement.criteria_text",
        "lkjip.yaml.lkjip.iku_measurement.indicator_count_printed",
        "lkjip.yaml.lkjip.iku_measurement.rows[].formula_multiplier_printed",
        "lkjip.yaml.lkjip.iku_measurement.rows[].formula_printed",
        "lkjip.yaml.lkjip.iku_measurement.rows[].indicator_printed",
        "lkjip.yaml.lkjip.iku_measurement.rows[].objective_printed",
        "lkjip.yaml.lkjip.objective_tables[].activities",
        # Each table's "this year vs last year" rows: last year's realisasi is loaded;
        # the capaian and this year's figures are sakip's own (the LKjIP computes them).
        "lkjip.yaml.lkjip.objective_tables[].previous_year[].capaian_2022",
        "lkjip.yaml.lkjip.objective_tables[].previous_year[].capaian_2022_printed",
        "lkjip.yaml.lkjip.objective_tables[].previous_year[].capaian_2023",
        "lkjip.yaml.lkjip.objective_tables[].previous_year[].capaian_2023_printed",
        "lkjip.yaml.lkjip.objective_tables[].previous_year[].indicator_printed",
        "lkjip.yaml.lkjip.objective_tables[].previous_year[].realisasi_2023",
        "lkjip.yaml.lkjip.objective_tables[].previous_year[].realisasi_2023_printed",
        "lkjip.yaml.lkjip.objective_tables[].budget.activity_count_text",
        "lkjip.yaml.lkjip.objective_tables[].budget.average_percent_text",
        "lkjip.yaml.lkjip.objective_tables[].budget.program_code",
        "lkjip.yaml.lkjip.objective_tables[].budget.rows[].name_printed",
        "lkjip.yaml.lkjip.objective_tables[].budget.rows[].no_printed",
        "lkjip.yaml.lkjip.objective_tables[].budget.rows[].percent",
        "lkjip.yaml.lkjip.objective_tables[].budget.rows[].percent_printed",
        "lkjip.yaml.lkjip.objective_tables[].budget.staff",
        "lkjip.yaml.lkjip.objective_tables[].budget.staff_total_printed",
        "lkjip.yaml.lkjip.objective_tables[].budget.staff_unit_printed",
        "lkjip.yaml.lkjip.objective_tables[].budget.title_printed",
        "lkjip.yaml.lkjip.objective_tables[].narrative",
        "lkjip.yaml.lkjip.objective_tables[].previous_year",
        "lkjip.yaml.lkjip.objective_tables[].renstra_comparison",
        "lkjip.yaml.lkjip.objective_tables[].rows[].actual",
        "lkjip.yaml.lkjip.objective_tables[].rows[].actual_printed",
        "lkjip.yaml.lkjip.objective_tables[].rows[].indicator",
        "lkjip.yaml.lkjip.objective_tables[].rows[].indicator_printed",
        "lkjip.yaml.lkjip.objective_tables[].rows[].target",
        "lkjip.yaml.lkjip.objective_tables[].rows[].target_printed",
        "lkjip.yaml.lkjip.objective_tables[].table_printed",
        "lkjip.yaml.lkjip.objective_tables[].title_printed",
        "lkjip.yaml.lkjip.trend[].no_printed",
        "organisation.yaml.employees[].pangkat",
        "planning.yaml.planning[].objectives[].level",
        "planning.yaml.planning[].renstra",
        "rencana_aksi.yaml.rencana_aksi.rows[].parent_code",
        "rencana_aksi.yaml.rencana_aksi.signed_by",
        "renja.yaml.renja.annual_objective_printed",
        "renja.yaml.renja.items[].no",
        "renja.yaml.renja.items[].objective",
        "renja.yaml.renja.layout",
        "renja.yaml.renja.period_printed",
        "renja.yaml.renja.printed_total.rating_c13",
        "renja.yaml.renja.printed_total.rating_c15",
        "renja.yaml.renja.printed_total.rp.c15",
        "renja.yaml.renja.renstra",
        "renja.yaml.renja.signatures",
        "renja.yaml.renja.title_printed",
        "renstra.yaml.renstra.goals[].objectives[].indicators[].iku_name_printed",
        "renstra.yaml.renstra.goals[].objectives[].indicators[].iku_objective_printed",
    }
)


class Tracked(dict):  # type: ignore[type-arg]
    """A mapping of a demo file that remembers which keys the loaders read, so a key no
    loader knows (a typo, a field of another format) is reported instead of silently
    ignored."""

    def __init__(self, data: dict[Any, Any], where: str) -> None:
        super().__init__({k: _track(v, f"{where}.{k}") for k, v in data.items()})
        self.where = where
        self.used: set[Any] = set()

    def __getitem__(self, key: Any) -> Any:
        self.used.add(key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self.used.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.used.add(key)
        return super().__contains__(key)

    def _all(self) -> None:
        self.used.update(super().keys())

    def keys(self) -> Any:
        self._all()
        return super().keys()

    def items(self) -> Any:
        self._all()
        return super().items()

    def values(self) -> Any:
        self._all()
        return super().values()

    def __iter__(self) -> Any:
        self._all()
        return super().__iter__()

    def pop(self, key: Any, *default: Any) -> Any:
        self.used.add(key)
        return super().pop(key, *default)

    def unread(self) -> list[str]:
        found = [f"{self.where}.{k}" for k, _ in dict.items(self) if k not in self.used]
        for key, value in dict.items(self):
            if key in self.used:
                found.extend(_unread(value))
        return found


def _track(value: Any, where: str) -> Any:
    if isinstance(value, dict):
        return Tracked(value, where)
    if isinstance(value, list):
        return [_track(v, f"{where}[{i + 1}]") for i, v in enumerate(value)]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
        raise DemoError(f"{where}: angka {value} terlalu besar untuk disimpan")
    return value


def _general(name: str) -> str:
    """``renja_2023.yaml.renja.items[4].no`` → ``renja.yaml.renja.items[].no``."""
    return re.sub(r"\[\d+\]", "[]", re.sub(r"_\d{4}\.yaml", ".yaml", name, count=1))


def _unread(value: Any) -> list[str]:
    if isinstance(value, Tracked):
        return value.unread()
    if isinstance(value, list):
        return [name for v in value for name in _unread(v)]
    return []


class StrictLoader(yaml.SafeLoader):
    """YAML 1.1 reads ``no``, ``yes``, ``on`` and ``off`` as booleans; the demo files use
    ``no:`` as a key (the "No" column). Only ``true`` and ``false`` are booleans here."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


#: Every file read by the current load_demo (checked for unread keys at its end).
_READ: list[Tracked] = []


def read(path: Path, *, track: bool = True) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise DemoError(f"{path.name}: YAML tidak dapat dibaca: {exc}") from None
    if not isinstance(data, dict):
        raise DemoError(f"{path.name}: isinya harus berupa mapping (kunci: nilai)")
    tracked = Tracked(data, path.name)
    if track:
        _READ.append(tracked)
    return tracked


@dataclass
class Registry:
    """Keys of the demo files → database objects, within one Pemda."""

    pemda: Pemda
    agencies: dict[str, Agency] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    employees: dict[str, Employee] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    #: (agency, year, code) → the row of that year's Renja
    items: dict[tuple[str, int, str], ProgramItem] = field(default_factory=dict)
    objectives: dict[tuple[str, int], Objective] = field(default_factory=dict)

    def item(self, agency: str, year: int, code: str | None) -> ProgramItem | None:
        return self.items.get((agency, year, code)) if code else None

    def indicator(self, agency: str, key: str | None, year: int) -> Indicator | None:
        """``key`` of an indicator file entry, or ``item:<code>``: the (first) indicator
        of that row of the Renja of ``year``."""
        if not key:
            return None
        if key.startswith("item:"):
            item = self.item(agency, year, key.removeprefix("item:"))
            return item.indicators.first() if item else None
        return self.indicators.get(key)


# --------------------------------------------------------------------------- organisation


def load_organisation(path: Path) -> Registry:
    data = read(path)
    p = data["pemda"]
    pemda = create_pemda(
        code=p["code"],
        name=p["name"],
        kind=p["kind"],
        seat=p["seat"],
        head_title=p["head_title"],
        time_zone=p.get("time_zone") or Pemda.TimeZone.WIB,
    )
    reg = Registry(pemda=pemda)
    for a in data.get("agencies", []):
        reg.agencies[a["code"]] = Agency.objects.create(
            pemda=pemda,
            code=a["code"],
            name=a["name"],
            short_name=a.get("short_name") or "",
            kind=a.get("kind") or Agency.Kind.OTHER,
            address="\n".join(a["address"])
            if isinstance(a.get("address"), list)
            else (a.get("address") or ""),
        )
    pending_units = list(data.get("units", []))
    while pending_units:
        progressed = False
        for u in list(pending_units):
            if u.get("parent") and u["parent"] not in reg.units:
                continue
            reg.units[u["key"]] = Unit.objects.create(
                agency=reg.agencies[u["agency"]],
                code=u["key"],
                name=u["name"],
                parent=reg.units.get(u.get("parent") or ""),
            )
            pending_units.remove(u)
            progressed = True
        if not progressed:
            raise ValueError(f"{path}: unit parents form a cycle or name unknown units")
    for pos in data.get("positions", []):
        reg.positions[pos["key"]] = Position.objects.create(
            pemda=pemda,
            agency=reg.agencies.get(pos.get("agency") or ""),
            unit=reg.units.get(pos.get("unit") or ""),
            code=pos["key"],
            title=pos["title"],
            eselon=pos.get("eselon") or "",
        )
    for pos in data.get("positions", []):
        if pos.get("superior"):
            position = reg.positions[pos["key"]]
            position.superior = reg.positions[pos["superior"]]
            position.save(update_fields=["superior"])
    for e in data.get("employees", []):
        reg.employees[e["key"]] = Employee.objects.create(
            pemda=pemda,
            code=e["key"],
            name=e["name"],
            nip=e.get("nip") or "",
            golongan=e.get("golongan") or "",
        )
    for h in data.get("holdings", []):
        PositionHolding.objects.create(
            position=reg.positions[h["position"]],
            employee=reg.employees[h["employee"]],
            year=h["year"],
            # A stand-in kepala daerah is a Pj., an official's stand-in a Plt.
            kind=(
                PositionHolding.Kind.DEFINITIF
                if not h.get("acting")
                else PositionHolding.Kind.PJ
                if reg.positions[h["position"]].agency_id is None
                else PositionHolding.Kind.PLT
            ),
        )
    return reg


# --------------------------------------------------------------------------- planning


def _create_indicator(
    reg: Registry, agency: Agency | None, spec: dict[str, Any], order: int, **subject: Any
) -> Indicator:
    indicator = Indicator.objects.create(
        pemda=reg.pemda,
        agency=agency,
        code=spec.get("key") or "",
        name=spec["name"],
        unit=spec.get("unit") or "",
        polarity=spec.get("polarity") or "higher",
        quarter_combine=spec.get("quarter_combine") or "sum",
        year_combine=spec.get("year_combine") or "sum",
        is_iku=bool(spec.get("iku", False)),
        formula_text=spec.get("formula_text") or "",
        formula=spec.get("formula") or "",
        variables=spec.get("variables") or {},
        definition=spec.get("definition") or "",
        data_source=spec.get("data_source") or "",
        responsible_unit=spec.get("responsible_unit") or "",
        baseline_text=str(spec.get("baseline") or ""),
        end_target_text=str(spec.get("end_target") or ""),
        end_target=value_rules.parse_figure(str(spec.get("end_target") or "")).value,
        order=order,
        **subject,
    )
    for year, text in (spec.get("targets") or {}).items():
        target = IndicatorTarget(
            indicator=indicator, kind=IndicatorTarget.Kind.RENSTRA, year=int(year)
        )
        target.set_from_text(str(text))
        target.save()
    if spec.get("key"):
        reg.indicators[spec["key"]] = indicator
    return indicator


def load_renstra(reg: Registry, path: Path) -> None:
    data = read(path)["renstra"]
    agency = reg.agencies[data["agency"]]
    renstra = Renstra.objects.create(
        agency=agency, start_year=data["start_year"], end_year=data["end_year"]
    )
    order = 0
    for g in data.get("goals", []):
        goal = Goal.objects.create(renstra=renstra, number=g["no"], name=g["name"])
        for spec in g.get("indicators") or []:
            order += 1
            _create_indicator(reg, agency, spec, order, goal=goal)
        for o in g.get("objectives") or []:
            objective = Objective.objects.create(
                agency=agency, goal=goal, number=o["no"], name=o["name"]
            )
            reg.objectives[(data["agency"], o["no"])] = objective
            for spec in o.get("indicators") or []:
                order += 1
                _create_indicator(reg, agency, spec, order, objective=objective)


def load_rpjmd(reg: Registry, path: Path) -> None:
    """The part of the Pemda's RPJMD a seed prints: misi → tujuan → sasaran with their
    indicators, and which agencies' Renstra supports each tujuan (load after renstra)."""
    data = read(path)["rpjmd"]
    rpjmd = Rpjmd.objects.create(
        pemda=reg.pemda,
        start_year=data["start_year"],
        end_year=data["end_year"],
        vision=data.get("vision") or "",
    )
    order = 0
    for m in data.get("missions") or []:
        mission = RpjmdMission.objects.create(rpjmd=rpjmd, number=m["no"], text=m["text"])
        for g in m.get("goals") or []:
            goal = RpjmdGoal.objects.create(mission=mission, number=g["no"], text=g["text"])
            for spec in g.get("indicators") or []:
                order += 1
                _create_indicator(reg, None, spec, order, rpjmd_goal=goal)
            for agency_key in g.get("renstras") or []:
                renstra = Renstra.objects.filter(agency=reg.agencies[agency_key]).first()
                if renstra is None:
                    raise ValueError(f"{path}: {agency_key} has no Renstra to link to {goal}")
                renstra.rpjmd_goals.add(goal)
            for o in g.get("objectives") or []:
                objective = RpjmdObjective.objects.create(goal=goal, number=o["no"], text=o["text"])
                for spec in o.get("indicators") or []:
                    order += 1
                    _create_indicator(reg, None, spec, order, rpjmd_objective=objective)


def load_planning(reg: Registry, path: Path) -> None:
    """Objectives stated by PKs where no Renstra period is recorded (seeds 000, 002)."""
    order = 0
    for plan in read(path)["planning"]:
        agency = reg.agencies[plan["agency"]]
        for o in plan.get("objectives") or []:
            objective = Objective.objects.create(agency=agency, number=o["no"], name=o["name"])
            reg.objectives[(plan["agency"], o["no"])] = objective
            for spec in o.get("indicators") or []:
                order += 1
                _create_indicator(reg, agency, spec, order, objective=objective)


# --------------------------------------------------------------------------- Renja + Lampiran III


def _nearest_ancestor(items: dict[str, ProgramItem], code: str) -> ProgramItem | None:
    parsed = code_rules.parse_code(code)
    best: ProgramItem | None = None
    for candidate_code, candidate in items.items():
        if code_rules.parse_code(candidate_code).is_ancestor_of(parsed) and (
            best is None or len(candidate_code) > len(best.code)
        ):
            best = candidate
    return best


def load_renja(reg: Registry, path: Path) -> None:
    """A Renja of one year. A file with ``printed_total`` is an Evaluasi Hasil Renja form
    (Lampiran III) with realisasi and the figures it prints; one without is a plan only
    (the demo Renja 2024, built from the 2024 PKs)."""
    data = read(path)["renja"]
    agency_key = data["agency"]
    agency = reg.agencies[agency_key]
    year = int(data["year"])
    quarter = 4  # Lampiran III is the Triwulan IV form
    is_form = "printed_total" in data
    document = (
        SourceDocument.objects.create(
            agency=agency,
            kind=SourceDocument.Kind.EVALUASI_RENJA,
            year=year,
            quarter=quarter,
            title=f"Evaluasi Hasil Renja Triwulan IV Tahun {year} (Lampiran III LKjIP {year})",
        )
        if is_form
        else None
    )
    renja = create_renja(agency, year)
    murni = renja.revisions.get(number=0)
    by_code: dict[str, ProgramItem] = {}
    codes = [str(row["code"]) for row in data["items"]]
    leaves = {
        c
        for c in codes
        if not any(
            o != c and code_rules.parse_code(c).is_ancestor_of(code_rules.parse_code(o))
            for o in codes
        )
    }
    figures: list[PrintedFigure] = []

    def printed(key: str, label: str, value: object, text: object = None) -> None:
        if value is None or document is None:
            return
        figures.append(
            PrintedFigure(
                document=document,
                key=key,
                label=label,
                value=dec(value),
                text=str(text if text is not None else value),
            )
        )

    for order, row in enumerate(data["items"], start=1):
        code = str(row["code"])
        # The "No" of a program row in Lampiran III numbers the sasaran it serves (Table 4).
        objective_no = row.get("objective_no") or (
            row.get("no") if row["level"] == "program" else None
        )
        objective = reg.objectives.get((agency_key, int(objective_no))) if objective_no else None
        item = ProgramItem.objects.create(
            agency=agency,
            renja=renja,
            parent=_nearest_ancestor(by_code, code),
            level=row["level"],
            code=code,
            name=row["name"],
            objective=objective,
        )
        by_code[code] = item
        reg.items[(agency_key, year, code)] = item
        label = f"Lampiran III, baris {code}"
        k = row.get("k") or {}
        rp = row.get("rp") or {}
        spec = row.get("indicator")
        if spec:
            indicator = _create_indicator(
                reg,
                agency,
                {**spec, "end_target": k.get("c6"), "key": f"item:{year}:{code}"},
                order,
                program_item=item,
            )
            if k.get("c8") is not None:
                IndicatorTarget.objects.create(
                    indicator=indicator,
                    kind=IndicatorTarget.Kind.RENJA,
                    year=year,
                    text=str(k["c8"]),
                    value=dec(k["c8"]),
                )
            elif k.get("target_printed"):
                target = IndicatorTarget(
                    indicator=indicator, kind=IndicatorTarget.Kind.RENJA, year=year
                )
                target.set_from_text(str(k["target_printed"]))
                target.save()
            if k.get("c7") is not None:
                # Column 7: the Renstra realisasi up to last year, kept as last year's result.
                Actual.objects.create(
                    indicator=indicator, year=year - 1, quarter=0, value=dec(k["c7"])
                )
            for q, value in enumerate(k.get("q") or [], start=1):
                if value is not None:
                    Actual.objects.create(
                        indicator=indicator, year=year, quarter=q, value=dec(value)
                    )
            for col in ("c13", "c14", "c15"):
                printed(f"renja:{code}:{col}:k", f"{label}, kolom {col[1:]} (K)", k.get(col))
        if code in leaves:
            if rp.get("c8") is not None:
                ItemBudget.objects.create(
                    item=item, revision=murni, pagu=int(rp["c8"]), renstra_pagu=rp.get("c6")
                )
            if rp.get("c7") is not None:
                BudgetActual.objects.create(
                    item=item, year=year - 1, quarter=0, amount=int(rp["c7"])
                )
            for q, amount in enumerate(rp.get("q") or [], start=1):
                if amount is not None:
                    BudgetActual.objects.create(item=item, year=year, quarter=q, amount=int(amount))
        else:
            for col in ("c6", "c7", "c8"):
                printed(f"renja:{code}:{col}:rp", f"{label}, kolom {col[1:]} (Rp)", rp.get(col))
            for q, amount in enumerate(rp.get("q") or [], start=1):
                printed(f"renja:{code}:q{q}:rp", f"{label}, realisasi TW {q} (Rp)", amount)
        for col in ("c13", "c14", "c15"):
            printed(f"renja:{code}:{col}:rp", f"{label}, kolom {col[1:]} (Rp)", rp.get(col))

    total = data.get("printed_total") or {}
    trp = total.get("rp") or {}
    for col in ("c6", "c7", "c8", "c13", "c14"):
        printed(
            f"renja:total:{col}:rp",
            f"Lampiran III, baris JUMLAH, kolom {col[1:]} (Rp)",
            trp.get(col),
        )
    for q, amount in enumerate(trp.get("q") or [], start=1):
        printed(
            f"renja:total:q{q}:rp", f"Lampiran III, baris JUMLAH, realisasi TW {q} (Rp)", amount
        )
    for key in ("average_k_c13", "average_rp_c13", "average_k_c15", "average_rp_c15"):
        printed(f"renja:{key}", f"Lampiran III, rata-rata capaian kinerja ({key})", total.get(key))
    PrintedFigure.objects.bulk_create(figures)
    if not is_form:
        return

    narratives = data.get("narratives") or {}
    QuarterReport.objects.create(
        agency=agency,
        year=year,
        quarter=quarter,
        driving_factors=narratives.get("driving_factors") or "",
        inhibiting_factors=narratives.get("inhibiting_factors") or "",
        follow_up_quarter=narratives.get("follow_up_quarter") or "",
        follow_up_renja=narratives.get("follow_up_renja") or "",
    )


# --------------------------------------------------------------------------- LKjIP


def load_lkjip(reg: Registry, path: Path) -> None:
    data = read(path)["lkjip"]
    agency_key = data["agency"]
    agency = reg.agencies[agency_key]
    year = int(data["year"])
    signatory = data.get("signatory") or {}
    document = SourceDocument.objects.create(
        agency=agency,
        kind=SourceDocument.Kind.LKJIP,
        year=year,
        title=f"LKjIP Tahun {year}",
        # The Kata Pengantar's signature block as printed: a malformed NIP stays as it is
        # and is flagged (SourceDocument.signatory_nip_check), DOMAIN §7.
        signatory_name=signatory.get("name") or "",
        signatory_title=signatory.get("title_printed") or "",
        signatory_pangkat=signatory.get("pangkat") or "",
        signatory_nip=signatory.get("nip_printed") or "",
        place=signatory.get("place") or "",
        date=datetime.date.fromisoformat(str(signatory["date"])) if signatory.get("date") else None,
        date_printed=signatory.get("date_printed") or "",
    )
    figures: list[PrintedFigure] = []

    def printed(key: str, label: str, value: object, text: object = None) -> None:
        if value is None:
            return
        try:
            number = dec(value)
        except ArithmeticError as error:
            # A figure that is not a number is a mistake in the demo file: say which.
            raise ValueError(f"{path}: {key} ({label}): not a number: {value!r}") from error
        figures.append(
            PrintedFigure(
                document=document,
                key=key,
                label=label,
                value=number,
                text=str(text if text is not None else value),
            )
        )

    def printed_text(key: str, label: str, text: object) -> None:
        """A printed text with no figure of its own (a program's name, its outputs)."""
        if text:
            figures.append(PrintedFigure(document=document, key=key, label=label, text=str(text)))

    measurement = data.get("iku_measurement") or {}
    for row in measurement.get("rows") or []:
        indicator = reg.indicator(agency_key, row.get("indicator"), year)
        if indicator is None:
            raise ValueError(f"{path}: Table 7 names unknown indicator {row.get('indicator')!r}")
        target = IndicatorTarget(indicator=indicator, kind=IndicatorTarget.Kind.RENJA, year=year)
        target.set_from_text(str(row.get("target_printed") or row.get("target")))
        if row.get("target") is not None:
            target.value = dec(row["target"])
        target.save()
        Actual.objects.update_or_create(
            indicator=indicator,
            year=year,
            quarter=0,
            defaults={
                "value": dec(row.get("actual")),
                "text": str(row.get("actual_printed") or ""),
            },
        )
        printed(
            f"iku:{indicator.code}:achievement",
            f"Tabel 7, capaian {indicator.name}",
            row.get("achievement"),
            row.get("achievement_printed"),
        )
    printed(
        "iku:average",
        "Tabel 7, rata-rata capaian",
        measurement.get("average"),
        measurement.get("average_printed"),
    )

    for table in data.get("objective_tables") or []:
        name = table.get("table", "")
        number = table.get("objective_no")
        for i, row in enumerate(table.get("rows") or [], start=1):
            printed(
                f"objective:{number}:row{i}:achievement",
                f"{name}, capaian baris {i}",
                row.get("achievement"),
                row.get("achievement_printed"),
            )
        printed(
            f"objective:{number}:average",
            f"{name}, rata-rata capaian",
            table.get("average"),
            table.get("average_printed"),
        )
        # The year before's realisasi each table compares with ("this year vs last
        # year"): recorded as that year's figure where the data has none, so the LKjIP
        # computes last year's capaian itself.
        for row in table.get("previous_year") or []:
            indicator = reg.indicator(agency_key, row.get("indicator"), year)
            before = row.get(f"realisasi_{year - 1}")
            if indicator is not None and before is not None:
                Actual.objects.get_or_create(
                    indicator=indicator,
                    year=year - 1,
                    quarter=0,
                    defaults={
                        "value": dec(before),
                        "text": str(row.get(f"realisasi_{year - 1}_printed") or ""),
                    },
                )
        budget = table.get("budget") or {}
        if budget:
            printed(
                f"objective:{number}:efficiency_rp",
                f"{name}, efisiensi anggaran (Rp)",
                budget.get("efficiency_rp_printed"),
                budget.get("efficiency_rp_text"),
            )
            printed(
                f"objective:{number}:efficiency_percent",
                f"{name}, efisiensi anggaran (%)",
                budget.get("efficiency_percent_printed"),
                budget.get("efficiency_percent_text"),
            )
            for row in budget.get("rows") or []:
                if row.get("code"):
                    printed(
                        f"objective:{number}:{row['code']}:pagu",
                        f"{name}, pagu {row['code']}",
                        row.get("pagu"),
                    )
                    printed(
                        f"objective:{number}:{row['code']}:realisasi",
                        f"{name}, realisasi {row['code']}",
                        row.get("realisasi"),
                    )
    for row in data.get("budget_by_program") or []:
        code = row.get("code")
        unknown = set(row) - {"code", *_PROGRAM_FIGURES, *_PROGRAM_TEXTS, *_PROGRAM_PRINTED}
        if unknown:
            raise ValueError(f"{path}: budget_by_program {code}: unknown keys {sorted(unknown)}")
        for key, (label, text_key) in _PROGRAM_FIGURES.items():
            printed(
                f"program:{code}:{key}",
                f"LKjIP, program {code}: {label}",
                row.get(key),
                row.get(text_key) if text_key else None,
            )
        for key, label in _PROGRAM_TEXTS.items():
            printed_text(f"program:{code}:{key}", f"LKjIP, program {code}: {label}", row.get(key))
    if data.get("total_pagu_bab2") is not None:
        printed("total_pagu_bab2", "Bab II, jumlah anggaran", data["total_pagu_bab2"])
    for key, label in (
        ("program_count_bab3_printed", "Bab III bagian C, jumlah program"),
        ("activity_count_bab3_printed", "Bab III bagian C, jumlah kegiatan"),
    ):
        printed(key.removesuffix("_printed"), label, data.get(key))

    # Bab III "B. Realisasi Anggaran": the spending by type, a small tree of lines.
    printed_text("spending:intro", "Bab III B, kalimat pembuka", data.get("spending_intro_text"))
    PrintedSpending.objects.bulk_create(
        PrintedSpending(
            document=document,
            order=order,
            level=int(line["level"]),
            name=line["name"],
            pagu=int(line["pagu"]) if line.get("pagu") is not None else None,
            pagu_printed=line.get("pagu_printed") or "",
            realisasi=int(line["realisasi"]) if line.get("realisasi") is not None else None,
            realisasi_printed=line.get("realisasi_printed") or "",
            percent=dec(line.get("percent")),
            percent_printed=line.get("percent_printed") or "",
        )
        for order, line in enumerate(data.get("spending_by_type") or [], start=1)
    )

    # Table 14: performance against budget over the years, its average and the sentence
    # after it.
    for row in data.get("trend") or []:
        row_year = int(row["year"])
        for part, label in (("performance", "capaian kinerja"), ("budget", "realisasi anggaran")):
            printed(
                f"trend:{row_year}:{part}",
                f"Tabel 14, {label} tahun {row_year} (%)",
                row.get(part),
                row.get(f"{part}_printed"),
            )
    averages = data.get("trend_average_printed") or {}
    average_texts = data.get("trend_average_text") or {}
    for part, label in (("performance", "capaian kinerja"), ("budget", "realisasi anggaran")):
        printed(
            f"trend:average:{part}",
            f"Tabel 14, rata-rata {label} (%)",
            averages.get(part),
            average_texts.get(part),
        )
    printed(
        "trend:claimed_increase",
        "Kalimat setelah Tabel 14, kenaikan capaian kinerja dari tahun sebelumnya (%)",
        data.get("trend_claimed_increase"),
        data.get("trend_text"),
    )
    # The claims of the Ikhtisar Eksekutif and Bab IV, each with its sentence (DOMAIN §7:
    # the Ikhtisar calls the budget absorption the indicator achievement).
    for section, prefix, label in (
        ("executive_summary", "summary", "Ikhtisar Eksekutif"),
        ("closing", "closing", "Bab IV Penutup"),
    ):
        for claim in data.get(section) or []:
            key, where = f"{prefix}:{claim['claim']}", f"{label}, {claim['claim']}"
            if claim.get("value") is None:
                printed_text(key, where, claim.get("text"))
            else:
                printed(key, where, claim["value"], claim.get("text"))
    PrintedFigure.objects.bulk_create(figures)


#: budget_by_program: the figures (key → label, key of its printed text) and the texts.
_PROGRAM_FIGURES = {
    "pagu_bab2": ("pagu (Bab II)", None),
    "pagu_bab3_text": ("pagu (Bab III bagian C)", "pagu_bab3_printed"),
    "realisasi_bab3_text": ("realisasi (Bab III bagian C)", "realisasi_bab3_printed"),
    "percent_bab3_text": ("persentase realisasi (Bab III bagian C)", "percent_bab3_printed"),
}
_PROGRAM_PRINTED = {text_key for _, text_key in _PROGRAM_FIGURES.values() if text_key}
_PROGRAM_TEXTS = {
    "name_bab3_text": "nama program (Bab III bagian C)",
    "outputs_bab3_printed": "keluaran (Bab III bagian C)",
}


# --------------------------------------------------------------------------- PK


def _party(reg: Registry, spec: dict[str, Any] | None, prefix: str) -> dict[str, Any]:
    if not spec:
        return {}
    return {
        f"{prefix}_employee": reg.employees[spec["employee"]],
        f"{prefix}_name": spec.get("name_printed") or reg.employees[spec["employee"]].name,
        f"{prefix}_position_title": spec.get("position_printed") or "",
        f"{prefix}_signature_title": spec.get("signature_title_printed") or "",
        f"{prefix}_pangkat": spec.get("pangkat_printed") or "",
        f"{prefix}_nip": spec.get("nip_printed") or "",
        f"{prefix}_nip_lampiran": spec.get("nip_printed_lampiran") or "",
    }


def load_agreements(reg: Registry, path: Path) -> None:
    created: list[Agreement] = []
    for spec in read(path)["agreements"]:
        agency_key = spec.get("agency")
        agreement = Agreement.objects.create(
            pemda=reg.pemda,
            agency=reg.agencies.get(agency_key or ""),
            code=spec["key"],
            year=spec["year"],
            position=reg.positions[spec["position"]],
            state=Agreement.State.SIGNED,
            title_printed=spec.get("title_printed") or "",
            lampiran_title_printed=spec.get("lampiran_title_printed") or "",
            place=spec.get("place") or reg.pemda.seat,
            date=datetime.date.fromisoformat(str(spec["date"])),
            date_printed=spec.get("date_printed") or "",
            date_printed_lampiran=spec.get("date_printed_lampiran") or "",
            budget_level=spec.get("budget_level") or Agreement.BudgetLevel.PROGRAM,
            printed_total=spec.get("total"),
            printed_total_text=spec.get("total_printed") or "",
            notes=spec.get("notes") or "",
            **_party(reg, spec.get("first_party"), "first"),
            **_party(reg, spec.get("second_party"), "second"),
        )
        AgreementTarget.objects.bulk_create(
            AgreementTarget(
                agreement=agreement,
                order=i,
                number=str(t.get("no") or ""),
                objective_text=t.get("objective") or "",
                indicator=reg.indicator(agency_key or "", t.get("indicator_key"), spec["year"]),
                indicator_text=t.get("indicator") or "",
                target_text=str(t.get("target_printed") or ""),
                unit=t.get("unit") or "",
                explanation=t.get("explanation") or "",
                parent_code=t.get("parent_code") or "",
            )
            for i, t in enumerate(spec.get("targets") or [], start=1)
        )
        AgreementBudget.objects.bulk_create(
            AgreementBudget(
                agreement=agreement,
                order=i,
                number=str(b.get("no") or ""),
                item=reg.item(agency_key or "", spec["year"], b.get("code") or b.get("renja_code")),
                code=b.get("code") or "",
                parent_code=b.get("parent_code") or "",
                name=b["name"],
                amount=int(b["amount"]),
                amount_printed=b.get("amount_printed") or "",
                source=b.get("source") or "",
            )
            for i, b in enumerate(spec.get("budget") or [], start=1)
        )
        created.append(agreement)
    # The seeds do not say which row of the superior's PK a row serves: link them the
    # way the editor suggests it (by the Permendagri code and the sasaran of the program).
    for agreement in created:
        link_to_superior(agreement)


def load_action_plan(reg: Registry, path: Path) -> None:
    data = read(path)["rencana_aksi"]
    agency_key = data["agency"]
    plan = ActionPlan.objects.create(
        agency=reg.agencies[agency_key], year=data["year"], title=data.get("title_printed") or ""
    )
    rows = []
    for i, r in enumerate(data.get("rows") or [], start=1):
        marks = list(r.get("quarters") or [False] * 4) + [False] * 4
        rows.append(
            ActionPlanRow(
                plan=plan,
                order=i,
                number=str(r.get("no") or ""),
                level=r["level"],
                item=reg.item(agency_key, data["year"], r.get("code")),
                indicator=reg.indicator(agency_key, r.get("indicator_key"), data["year"]),
                name=r["name"],
                indicator_text=r.get("indicator") or "",
                target_text=str(r.get("target_printed") or ""),
                q1=bool(marks[0]),
                q2=bool(marks[1]),
                q3=bool(marks[2]),
                q4=bool(marks[3]),
                action=r.get("action") or "",
            )
        )
    ActionPlanRow.objects.bulk_create(rows)


# --------------------------------------------------------------------------- entry point


def _existing(names: Iterable[str], folder: Path) -> list[Path]:
    return [folder / n for n in names if (folder / n).exists()]


def create_demo_users(registries: dict[str, Registry]) -> None:
    for login in DEMO_LOGINS:
        if login.pemda is None:
            # The Django admin's superuser belongs to no Pemda: kept across --reset.
            if not User.objects.filter(username=login.username).exists():
                User.objects.create_superuser(
                    login.username, password=DEMO_PASSWORD, first_name=login.description
                )
            continue
        reg = registries.get(login.pemda)
        if reg is None:
            continue
        user = User(
            username=login.username,
            first_name=login.description,
            role=login.role,
            pemda=reg.pemda,
            agency=reg.agencies.get(login.agency or ""),
        )
        if login.role == Role.PIMPINAN and login.agency:
            user.position = Position.objects.filter(
                agency=user.agency, superior__agency__isnull=True
            ).first()
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()


def demo_pemda_codes(root: Path = DEMO_DIR) -> list[str]:
    return sorted(read(p)["pemda"]["code"] for p in root.glob("*/organisation.yaml"))


@transaction.atomic
def demo_fingerprint(folder: Path) -> str:
    """SHA-256 of a Pemda's demo files (names and bytes) and of this loader's source: a
    change to either means a database loaded earlier no longer shows what they hold."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _pemda_folders(root: Path) -> list[tuple[str, Path]]:
    folders = sorted(p for p in root.iterdir() if (p / "organisation.yaml").exists())
    return [
        (read(folder / "organisation.yaml", track=False)["pemda"]["code"], folder)
        for folder in folders
    ]


def stale_demo_pemdas(root: Path = DEMO_DIR) -> list[str]:
    """The demo Pemdas in the database loaded from other demo files (or another loader)
    than those under ``root`` now: their figures may differ from the files'."""
    loads = dict(DemoLoad.objects.values_list("pemda__code", "fingerprint"))
    present = set(Pemda.objects.values_list("code", flat=True))
    return [
        code
        for code, folder in _pemda_folders(root)
        if code in present and loads.get(code) != demo_fingerprint(folder)
    ]


def load_demo(root: Path = DEMO_DIR, *, reset: bool = False) -> list[str]:
    """Load every Pemda folder under ``root``, all or nothing: a malformed file, a key
    no loader reads or an impossible figure raises DemoError and leaves the database as
    it was (a half-loaded Pemda would be called "already loaded" by the next run).
    Returns the codes loaded. A Pemda already in the database is left alone unless
    ``reset``."""
    _READ.clear()
    try:
        with transaction.atomic():
            loaded = _load_demo(root, reset)
            unread = [
                name
                for tracked in _READ
                for name in tracked.unread()
                if _general(name) not in KNOWN_UNLOADED
            ]
            if unread:
                shown = ", ".join(unread[:10]) + (" …" if len(unread) > 10 else "")
                raise DemoError(f"kunci yang tidak dikenal pemuat data demo: {shown}")
    except DemoError:
        raise
    except Exception as exc:
        raise DemoError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        _READ.clear()
    return loaded


def _load_demo(root: Path, reset: bool) -> list[str]:
    loaded: list[str] = []
    registries: dict[str, Registry] = {}
    for code, folder in _pemda_folders(root):
        existing = Pemda.objects.filter(code=code).first()
        if existing is not None:
            if not reset:
                continue
            delete_pemda(existing)
        reg = load_organisation(folder / "organisation.yaml")
        for p in _existing(["renstra.yaml"], folder):
            load_renstra(reg, p)
        for p in _existing(["rpjmd.yaml"], folder):
            load_rpjmd(reg, p)
        for p in _existing(["planning.yaml"], folder):
            load_planning(reg, p)
        for p in sorted(folder.glob("renja_*.yaml")):
            load_renja(reg, p)
        for p in sorted(folder.glob("lkjip_*.yaml")):
            load_lkjip(reg, p)
        for p in sorted(folder.glob("agreements*.yaml")):
            load_agreements(reg, p)
        for p in sorted(folder.glob("rencana_aksi_*.yaml")):
            load_action_plan(reg, p)
        for p in sorted(folder.glob("lke_*.yaml")):
            load_lke(reg, p)
        DemoLoad.objects.create(pemda=reg.pemda, fingerprint=demo_fingerprint(folder))
        registries[code] = reg
        loaded.append(code)
    create_demo_users(registries)
    return loaded


def delete_pemda(pemda: Pemda) -> None:
    """Remove a Pemda and everything it holds (PKs first: they protect their parties)."""
    User.objects.filter(pemda=pemda).delete()
    Agreement.objects.filter(pemda=pemda).delete()
    pemda.delete()
