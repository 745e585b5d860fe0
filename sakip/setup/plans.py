"""Plans kept in Excel as a tree: RPJMD (misi → tujuan → sasaran) and an agency's
Renstra (tujuan → sasaran), each node with its indicators, kondisi awal, yearly
targets and kondisi akhir.

One sheet row per indicator; the node it measures is named by its numbers (No. misi,
No. tujuan, No. sasaran: the deepest one given), so that rows can be sorted and
filtered in Excel and a node's text is written once (on any of its rows). A row with
numbers and no indicator only names the node. django-import-export maps one row to
one record, which a plan row is not; this module therefore reads the sheet through the
same template and reader (sakip.setup.excel) and compares the whole tree with what is
stored: what is added, changed, removed, and the sheet/row/column of every problem,
written all-or-nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.db import transaction
from django.db.models import Model

from sakip.planning.models import (
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    Renstra,
    Rpjmd,
    RpjmdGoal,
    RpjmdMission,
    RpjmdObjective,
)
from sakip.rules import values as value_rules
from sakip.setup import excel, widgets
from sakip.setup.excel import Column, Problem
from sakip.setup.importing import Preview, RowChange

KIND_REMOVE = "remove"


def _column(name: str, widget: Any, **kwargs: Any) -> Column:
    return Column(column_name=name, widget=widget, **kwargs)


@dataclass
class IndicatorSpec:
    row: int
    name: str
    unit: str
    polarity: str
    year_combine: str
    baseline: str
    targets: dict[int, str]
    end: str


@dataclass
class NodeSpec:
    key: tuple[int, ...]
    row: int
    text: str = ""
    indicators: list[IndicatorSpec] = field(default_factory=list)


@dataclass(frozen=True)
class PlanSheet:
    """The shape of one plan's sheet."""

    title: str
    levels: tuple[str, ...]  # node names, top first: ("misi", "tujuan", "sasaran")
    years: tuple[int, ...]

    def columns(self) -> list[Column]:
        cols = [
            _column(
                f"No. {level}",
                widgets.WholeNumberWidget(minimum=1),
                required=index == 0,
                help=f"Nomor urut {level}."
                + (" Kosong bila baris ini tentang tingkat di atasnya." if index else ""),
                example=[1, 1, 1][index],
            )
            for index, level in enumerate(self.levels)
        ]
        cols += [
            _column(
                "Uraian",
                widgets.TextWidget(),
                help="Teks misi/tujuan/sasaran (tingkat terdalam yang bernomor). Cukup ditulis "
                "sekali pada salah satu barisnya.",
                example="Meningkatnya kondusivitas wilayah",
            ),
            _column(
                "Indikator",
                widgets.TextWidget(),
                help="Kosong bila baris hanya menamai misi/tujuan/sasaran.",
                example="Persentase konflik sosial yang tertangani",
            ),
            _column("Satuan", widgets.TextWidget(), example="%"),
            _column(
                "Arah",
                widgets.ChoiceWidget(Indicator._meta.get_field("polarity").choices),
                help="Kosong = semakin tinggi semakin baik.",
                example="Semakin tinggi semakin baik",
            ),
            _column(
                "Penggabungan tahun",
                widgets.ChoiceWidget(Indicator._meta.get_field("year_combine").choices),
                help="Kosong = akumulatif.",
                example="Kondisi akhir (nilai terakhir)",
            ),
            _column("Kondisi awal", widgets.FigureTextWidget(), example="80"),
        ]
        cols += [
            _column(
                f"Target {year}",
                widgets.FigureTextWidget(),
                help="Angka (87,5), predikat (BB) atau rentang (80–90).",
                example=85 + i,
            )
            for i, year in enumerate(self.years)
        ]
        cols.append(_column("Kondisi akhir", widgets.FigureTextWidget(), example=90))
        return cols


def read_tree(sheet: PlanSheet, dataset: tablib.Dataset) -> tuple[list[NodeSpec], list[Problem]]:
    columns = sheet.columns()
    by_name = {c.column_name: c for c in columns}
    title = dataset.sheet_title  # type: ignore[attr-defined]
    letters = dataset.column_letters  # type: ignore[attr-defined]
    problems: list[Problem] = []
    nodes: dict[tuple[int, ...], NodeSpec] = {}

    def where(name: str) -> str:
        return f"{letters.get(name, '?')} ({name})"

    for index, raw in enumerate(dataset.dict):
        excel_row = dataset.excel_rows[index]  # type: ignore[attr-defined]
        values: dict[str, Any] = {}
        for name, column in by_name.items():
            try:
                values[name] = column.widget.clean(raw.get(name), row=raw)
            except ValueError as error:
                problems.append(Problem(title, excel_row, where(name), str(error)))
        if any(p.row == excel_row for p in problems):
            continue
        numbers = [values.get(f"No. {level}") for level in sheet.levels]
        if numbers[0] is None:
            problems.append(
                Problem(title, excel_row, where(f"No. {sheet.levels[0]}"), "Wajib diisi.")
            )
            continue
        key: list[int] = []
        for number in numbers:
            if number is None:
                break
            key.append(number)
        if any(n is not None for n in numbers[len(key) :]):
            problems.append(
                Problem(
                    title,
                    excel_row,
                    where(f"No. {sheet.levels[len(key)]}"),
                    f"Isi No. {sheet.levels[len(key)]} bila No. "
                    f"{sheet.levels[len(key) + 1]} diisi.",
                )
            )
            continue
        node = nodes.setdefault(tuple(key), NodeSpec(tuple(key), excel_row))
        text = values.get("Uraian") or ""
        if text:
            if node.text and node.text != text:
                problems.append(
                    Problem(
                        title,
                        excel_row,
                        where("Uraian"),
                        f"Uraian berbeda dengan baris {node.row} untuk nomor yang sama.",
                    )
                )
                continue
            node.text, node.row = text, node.row if node.text else excel_row
        name = values.get("Indikator") or ""
        if name:
            if any(i.name.casefold() == name.casefold() for i in node.indicators):
                problems.append(
                    Problem(
                        title,
                        excel_row,
                        where("Indikator"),
                        "Indikator yang sama sudah ditulis untuk nomor ini.",
                    )
                )
                continue
            node.indicators.append(
                IndicatorSpec(
                    row=excel_row,
                    name=name,
                    unit=values.get("Satuan") or "",
                    polarity=values.get("Arah") or value_rules.Polarity.HIGHER.value,
                    year_combine=values.get("Penggabungan tahun") or "sum",
                    baseline=values.get("Kondisi awal") or "",
                    targets={y: values.get(f"Target {y}") or "" for y in sheet.years},
                    end=values.get("Kondisi akhir") or "",
                )
            )
    for node in nodes.values():
        if not node.text:
            level = sheet.levels[len(node.key) - 1]
            problems.append(
                Problem(title, node.row, where("Uraian"), f"Uraian {level} ini belum diisi.")
            )
        parent = node.key[:-1]
        if parent and parent not in nodes:
            level = sheet.levels[len(parent) - 1]
            problems.append(
                Problem(
                    title,
                    node.row,
                    where(f"No. {level}"),
                    f"{level.capitalize()} {'.'.join(map(str, parent))} tidak ada di berkas.",
                )
            )
    return sorted(nodes.values(), key=lambda n: n.key), problems


def _in_use(obj: Model, allowed: set[str]) -> bool:
    """Whether anything other than ``allowed`` reverse relations points at ``obj``
    (a realisasi, a PK row, a Renja item …): such a record is never removed by a file."""
    # include_hidden: a link declared with related_name="+" (a Rencana Aksi row's sub
    # kegiatan) has no accessor but is a use all the same.
    for relation in obj._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        model = relation.related_model
        accessor = relation.get_accessor_name()  # type: ignore[union-attr]
        if (accessor is not None and accessor in allowed) or model.__name__.startswith(  # type: ignore[union-attr]
            "Historical"
        ):
            continue
        if model._default_manager.filter(**{relation.field.name: obj}).exists():  # type: ignore[union-attr]
            return True
    return False


@dataclass
class StoredNode:
    obj: Model
    text: str
    indicators: dict[str, Indicator]


class PlanTree:
    """A stored plan (RPJMD or Renstra) as the sheet sees it, and how to write it."""

    sheet: PlanSheet

    def columns(self) -> list[Column]:
        return self.sheet.columns()

    def run(self, dataset: tablib.Dataset, *, commit: bool) -> Preview:
        return run(self, dataset, commit=commit)

    def label(self, key: tuple[int, ...]) -> str:
        """ "Sasaran 1.2": the node's level and its numbers."""
        return f"{self.sheet.levels[len(key) - 1].capitalize()} {'.'.join(map(str, key))}"

    def stored(self) -> dict[tuple[int, ...], StoredNode]:
        raise NotImplementedError

    def lock(self) -> None:
        """Hold the plan's record until the transaction ends: one row written on screen
        at a time, so that :func:`save_row` and :func:`delete_row` compare the rows
        stored when they write with those the user saw."""
        raise NotImplementedError

    def create_node(
        self, key: tuple[int, ...], text: str, parents: dict[tuple[int, ...], Model]
    ) -> Model:
        raise NotImplementedError

    def new_indicator(self, node: Model, order: int) -> Indicator:
        raise NotImplementedError

    def export_rows(self) -> list[list[Any]]:
        stored = self.stored()
        targets = _targets([i for node in stored.values() for i in node.indicators.values()])
        rows: list[list[Any]] = []
        depth = len(self.sheet.levels)
        for key in sorted(stored):
            node = stored[key]
            numbers = list(key) + [None] * (depth - len(key))
            if not node.indicators:
                rows.append([*numbers, node.text] + [None] * (len(self.sheet.years) + 6))
            for n, indicator in enumerate(node.indicators.values()):
                by_year = targets.get(indicator.pk, {})
                rows.append(
                    [
                        *numbers,
                        node.text if n == 0 else None,
                        indicator.name,
                        indicator.unit,
                        indicator.get_polarity_display(),
                        indicator.get_year_combine_display(),
                        indicator.baseline_text,
                        *[by_year.get(y, "") for y in self.sheet.years],
                        indicator.end_target_text,
                    ]
                )
        return rows

    def apply(
        self, nodes: list[NodeSpec], problems: list[Problem], *, commit: bool, sheet_title: str
    ) -> Preview:
        preview = Preview(problems=list(problems))
        if preview.problems:
            return preview
        stored = self.stored()
        targets = _targets([i for node in stored.values() for i in node.indicators.values()])
        with transaction.atomic():
            objects: dict[tuple[int, ...], Model] = {}
            order = 0
            for spec in nodes:
                label = self.label(spec.key)
                current = stored.get(spec.key)
                if current is None:
                    objects[spec.key] = self.create_node(spec.key, spec.text, objects)
                    preview.rows.append(RowChange(spec.row, "new", f"{label}: {spec.text}"))
                    existing: dict[str, Indicator] = {}
                else:
                    objects[spec.key] = current.obj
                    existing = current.indicators
                    if current.text != spec.text:
                        _set_text(current.obj, spec.text)
                        preview.rows.append(
                            RowChange(
                                spec.row, "update", label, (("Uraian", current.text, spec.text),)
                            )
                        )
                for ind in spec.indicators:
                    order += 1
                    indicator = existing.get(ind.name.casefold())
                    if indicator is None:
                        indicator = self.new_indicator(objects[spec.key], order)
                        changes = _fill(indicator, ind, {}, self.sheet.years)
                        preview.rows.append(RowChange(ind.row, "new", f"{label}: {ind.name}"))
                    else:
                        indicator.order = order
                        changes = _fill(
                            indicator, ind, targets.get(indicator.pk, {}), self.sheet.years
                        )
                        preview.rows.append(
                            RowChange(
                                ind.row,
                                "update" if changes else "skip",
                                f"{label}: {ind.name}",
                                tuple(changes),
                            )
                        )
            # What the file no longer has: removed when nothing else uses it.
            wanted = {n.key: {i.name.casefold() for i in n.indicators} for n in nodes}
            for key, node in sorted(stored.items(), reverse=True):
                label = self.label(key)
                for name, indicator in node.indicators.items():
                    if name in wanted.get(key, set()):
                        continue
                    if _in_use(indicator, {"targets"}):
                        preview.problems.append(
                            Problem(
                                sheet_title,
                                None,
                                None,
                                f"Indikator “{indicator.name}” ({label}) tidak ada di berkas, "
                                "tetapi sudah dipakai (realisasi, PK atau rencana aksi); "
                                "tulis kembali barisnya.",
                            )
                        )
                        continue
                    indicator.delete()
                    preview.rows.append(RowChange(0, KIND_REMOVE, f"{label}: {indicator.name}"))
                if key not in wanted:
                    if _in_use(node.obj, self.child_relations):
                        preview.problems.append(
                            Problem(
                                sheet_title,
                                None,
                                None,
                                f"{label} “{node.text}” tidak ada di berkas, tetapi masih "
                                "dipakai; tulis kembali barisnya.",
                            )
                        )
                        continue
                    node.obj.delete()
                    preview.rows.append(RowChange(0, KIND_REMOVE, f"{label}: {node.text}"))
            if preview.problems or not commit:
                transaction.set_rollback(True)
        return preview

    child_relations: set[str] = set()


def _set_text(obj: Model, text: str) -> None:
    attribute = "name" if hasattr(obj, "name") else "text"
    setattr(obj, attribute, text)
    obj.save(update_fields=[attribute])


def _targets(indicators: Sequence[Indicator]) -> dict[int, dict[int, str]]:
    found: dict[int, dict[int, str]] = {}
    for target in IndicatorTarget.objects.filter(
        indicator__in=[i.pk for i in indicators], kind=IndicatorTarget.Kind.RENSTRA
    ):
        found.setdefault(target.indicator_id, {})[target.year] = target.text
    return found


def _fill(
    indicator: Indicator, spec: IndicatorSpec, targets: dict[int, str], years: Sequence[int]
) -> list[tuple[str, str, str]]:
    changes: list[tuple[str, str, str]] = []
    is_new = indicator.pk is None
    if not is_new and indicator.name != spec.name:
        changes.append(("Indikator", indicator.name, spec.name))
    for attribute, column, value in [
        ("unit", "Satuan", spec.unit),
        ("polarity", "Arah", spec.polarity),
        ("year_combine", "Penggabungan tahun", spec.year_combine),
        ("baseline_text", "Kondisi awal", spec.baseline),
        ("end_target_text", "Kondisi akhir", spec.end),
    ]:
        old = getattr(indicator, attribute)
        if not is_new and old != value:
            changes.append((column, str(old), str(value)))
        setattr(indicator, attribute, value)
    indicator.name = spec.name
    indicator.end_target = value_rules.parse_figure(spec.end).value
    indicator.full_clean()
    indicator.save()
    for year in years:
        text = spec.targets.get(year, "")
        old = targets.get(year, "")
        if old == text:
            continue
        if not is_new:
            changes.append((f"Target {year}", old, text))
        target = IndicatorTarget.objects.filter(
            indicator=indicator, kind=IndicatorTarget.Kind.RENSTRA, year=year
        ).first() or IndicatorTarget(
            indicator=indicator, kind=IndicatorTarget.Kind.RENSTRA, year=year
        )
        if not text:
            if target.pk:
                target.delete()
            continue
        target.set_from_text(text)
        target.save()
    return changes


class RenstraTree(PlanTree):
    child_relations = {"objectives", "indicators"}

    def __init__(self, renstra: Renstra) -> None:
        self.renstra = renstra
        self.sheet = PlanSheet(
            f"Renstra {renstra.agency} {renstra.start_year}–{renstra.end_year}",
            ("tujuan", "sasaran"),
            tuple(renstra.years),
        )

    def lock(self) -> None:
        Renstra.objects.select_for_update().filter(pk=self.renstra.pk).first()

    def stored(self) -> dict[tuple[int, ...], StoredNode]:
        nodes: dict[tuple[int, ...], StoredNode] = {}
        goals = {g.pk: g for g in self.renstra.goals.all()}
        for goal in goals.values():
            nodes[(goal.number,)] = StoredNode(goal, goal.name, {})
        objectives = {o.pk: o for o in Objective.objects.filter(goal__renstra=self.renstra)}
        for o in objectives.values():
            nodes[(goals[o.goal_id].number, o.number)] = StoredNode(o, o.name, {})
        for indicator in (
            Indicator.objects.filter(goal__renstra=self.renstra)
            | Indicator.objects.filter(objective__goal__renstra=self.renstra)
        ).order_by("order", "pk"):
            if indicator.goal_id:
                key: tuple[int, ...] = (goals[indicator.goal_id].number,)
            else:
                o = objectives[indicator.objective_id]  # type: ignore[index]
                key = (goals[o.goal_id].number, o.number)
            nodes[key].indicators[indicator.name.casefold()] = indicator
        return nodes

    def create_node(
        self, key: tuple[int, ...], text: str, parents: dict[tuple[int, ...], Model]
    ) -> Model:
        if len(key) == 1:
            return Goal.objects.create(renstra=self.renstra, number=key[0], name=text)
        return Objective.objects.create(
            agency=self.renstra.agency, goal=parents[key[:1]], number=key[1], name=text
        )

    def new_indicator(self, node: Model, order: int) -> Indicator:
        agency = self.renstra.agency
        subject = {"goal": node} if isinstance(node, Goal) else {"objective": node}
        return Indicator(pemda_id=agency.pemda_id, agency=agency, order=order, **subject)


class RpjmdTree(PlanTree):
    child_relations = {"goals", "objectives", "indicators", "renstras"}

    def __init__(self, rpjmd: Rpjmd) -> None:
        self.rpjmd = rpjmd
        self.sheet = PlanSheet(
            f"RPJMD {rpjmd.pemda} {rpjmd.start_year}–{rpjmd.end_year}",
            ("misi", "tujuan", "sasaran"),
            tuple(range(rpjmd.start_year, rpjmd.end_year + 1)),
        )

    def lock(self) -> None:
        Rpjmd.objects.select_for_update().filter(pk=self.rpjmd.pk).first()

    def stored(self) -> dict[tuple[int, ...], StoredNode]:
        nodes: dict[tuple[int, ...], StoredNode] = {}
        missions = {m.pk: m for m in self.rpjmd.missions.all()}
        goals = {g.pk: g for g in RpjmdGoal.objects.filter(mission__rpjmd=self.rpjmd)}
        objectives = {
            o.pk: o for o in RpjmdObjective.objects.filter(goal__mission__rpjmd=self.rpjmd)
        }

        def goal_key(g: RpjmdGoal) -> tuple[int, ...]:
            return (missions[g.mission_id].number, g.number)

        for m in missions.values():
            nodes[(m.number,)] = StoredNode(m, m.text, {})
        for g in goals.values():
            nodes[goal_key(g)] = StoredNode(g, g.text, {})
        for o in objectives.values():
            nodes[(*goal_key(goals[o.goal_id]), o.number)] = StoredNode(o, o.text, {})
        for indicator in (
            Indicator.objects.filter(rpjmd_goal__mission__rpjmd=self.rpjmd)
            | Indicator.objects.filter(rpjmd_objective__goal__mission__rpjmd=self.rpjmd)
        ).order_by("order", "pk"):
            if indicator.rpjmd_goal_id:
                key = goal_key(goals[indicator.rpjmd_goal_id])
            else:
                o = objectives[indicator.rpjmd_objective_id]  # type: ignore[index]
                key = (*goal_key(goals[o.goal_id]), o.number)
            nodes[key].indicators[indicator.name.casefold()] = indicator
        return nodes

    def create_node(
        self, key: tuple[int, ...], text: str, parents: dict[tuple[int, ...], Model]
    ) -> Model:
        if len(key) == 1:
            return RpjmdMission.objects.create(rpjmd=self.rpjmd, number=key[0], text=text)
        if len(key) == 2:
            return RpjmdGoal.objects.create(mission=parents[key[:1]], number=key[1], text=text)
        return RpjmdObjective.objects.create(goal=parents[key[:2]], number=key[2], text=text)

    def new_indicator(self, node: Model, order: int) -> Indicator:
        if isinstance(node, RpjmdMission):
            raise ValueError("Indikator RPJMD mengukur tujuan atau sasaran, bukan misi.")
        subject = {"rpjmd_goal": node} if isinstance(node, RpjmdGoal) else {"rpjmd_objective": node}
        return Indicator(pemda_id=self.rpjmd.pemda_id, order=order, **subject)


def run(tree: PlanTree, dataset: tablib.Dataset, *, commit: bool) -> Preview:
    nodes, problems = read_tree(tree.sheet, dataset)
    title = dataset.sheet_title  # type: ignore[attr-defined]
    if isinstance(tree, RpjmdTree):
        for node in nodes:
            if len(node.key) == 1 and node.indicators:
                problems.append(
                    Problem(
                        title,
                        node.indicators[0].row,
                        None,
                        "Indikator RPJMD ditulis untuk tujuan atau sasaran, bukan misi.",
                    )
                )
    return tree.apply(nodes, problems, commit=commit, sheet_title=title)


def _number_text(value: Any) -> str:
    """A No. cell as text to compare rows by ("1", 1 and " 01" are the same node)."""
    text = "" if value is None else str(value).strip()
    return str(int(text)) if text.isdigit() else text


def row_stamp(row: Sequence[Any]) -> str:
    """A fingerprint of one sheet row as a row screen showed it. Rows are addressed by
    their number in the sheet, and a row added, deleted or renumbered above it (by
    another user, or an import) changes which row a number means: the screen sends the
    stamp back with its save or delete, and a row that no longer matches is refused
    (:class:`RowChanged`) instead of writing over another row."""
    text = json.dumps(["" if value is None else str(value) for value in row])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


class RowChanged(Exception):
    """The row at this number is not the one the user saw (see :func:`row_stamp`)."""


def _current_rows(tree: PlanTree, index: int | None, stamp: str | None) -> list[list[Any]]:
    """The plan's sheet rows read under its lock, the row at ``index`` checked against
    the ``stamp`` the screen showed."""
    tree.lock()
    rows = [list(r) for r in tree.export_rows()]
    if index is not None and (index >= len(rows) or row_stamp(rows[index]) != stamp):
        raise RowChanged
    return rows


def save_row(
    tree: PlanTree, index: int | None, typed: dict[str, str], stamp: str | None = None
) -> tuple[Preview, int]:
    """One sheet row of a plan added on screen (``index`` None) or changed (``index``,
    0-based in the order of :meth:`PlanTree.export_rows`): the stored plan as its sheet
    with that row typed in, read and written exactly as an uploaded file would be (the
    same widgets, checks and writer; all or nothing). A Uraian typed here is the text of
    the misi/tujuan/sasaran numbered here, so it replaces the text written on that
    node's other rows. Returns the result and the row's number in the sheet, to tell
    the problems of the typed row from others. A changed row must come with the
    :func:`row_stamp` of the row as the user saw it (RowChanged otherwise). Call inside a
    transaction."""
    columns = tree.columns()
    names = [c.column_name for c in columns]
    rows = _current_rows(tree, index, stamp)
    line: list[Any] = [typed.get(name, "").strip() or None for name in names]
    if index is None:
        rows.append(line)
        index = len(rows) - 1
    else:
        rows[index] = line
    depth = len(tree.sheet.levels)
    uraian = names.index("Uraian")
    if line[uraian]:
        key = [_number_text(v) for v in line[:depth]]
        for i, row in enumerate(rows):
            if i != index and [_number_text(v) for v in row[:depth]] == key:
                row[uraian] = None
    content = excel.build_workbook(columns, tree.sheet.title, [], cells=rows)
    dataset = excel.read_upload(content, columns)
    return tree.run(dataset, commit=True), index + 2


def delete_row(tree: PlanTree, index: int, stamp: str | None) -> Preview:
    """One sheet row of a plan deleted on screen (``index``, 0-based in the order of
    :meth:`PlanTree.export_rows`): the stored plan as its sheet without that row, read
    and written as an uploaded file would be. Its indicator goes with its targets
    unless realisasi, PK or Rencana Aksi use it; a misi/tujuan/sasaran goes with its
    last row, unless rows below it remain or it is still used (all refused, nothing
    written). A node's text written on the deleted row moves to its next row. ``stamp``:
    the :func:`row_stamp` of the row as the user saw it (RowChanged otherwise). Call
    inside a transaction."""
    columns = tree.columns()
    names = [c.column_name for c in columns]
    rows = _current_rows(tree, index, stamp)
    gone = rows.pop(index)
    depth = len(tree.sheet.levels)
    uraian = names.index("Uraian")
    if gone[uraian]:
        key = [_number_text(v) for v in gone[:depth]]
        for row in rows:
            if [_number_text(v) for v in row[:depth]] == key:
                row[uraian] = gone[uraian]
                break
    content = excel.build_workbook(columns, tree.sheet.title, [], cells=rows)
    dataset = excel.read_upload(content, columns)
    return tree.run(dataset, commit=True)
