"""An agency's Renja of a year through Excel: one row per program / kegiatan / sub
kegiatan with its code, name, the Renstra sasaran it supports, its indicator(s) and
target, and the pagu of each sub kegiatan (program and kegiatan figures are sums,
DOMAIN §3). Further indicators of a row go on the rows below it with the code left
blank.

Rows are written through sakip.planning.actions (codes, levels and parents checked
there) into the latest version of the year's Renja. The preview flags, without
stopping the import, every code not in the year's Kepmendagri nomenclature (with the
nearest valid codes) and every program or kegiatan whose pagu in the file is not the
sum of its sub kegiatan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction

from sakip.accounts.models import User
from sakip.nomenclature.reading import unknown_codes
from sakip.organisation.models import Agency
from sakip.planning import actions as planning
from sakip.planning.loaders import load_renja_tree
from sakip.planning.models import (
    Indicator,
    IndicatorTarget,
    ItemBudget,
    Objective,
    ProgramItem,
    Renja,
)
from sakip.rules import codes as code_rules
from sakip.rules.formatting import format_rupiah
from sakip.setup import widgets
from sakip.setup.excel import Column, Problem
from sakip.setup.importing import Preview, RowChange
from sakip.setup.plans import KIND_REMOVE, _in_use

INSTRUCTIONS = (
    "Satu baris per program, kegiatan dan sub kegiatan (urusan dan bidang urusan boleh "
    "ditulis di atasnya), dengan kodenya (mis. 8.01.02.2.01.0001). Baris induk ditulis "
    "lebih dahulu. Indikator berikutnya dari "
    "baris yang sama ditulis di baris bawahnya dengan Kode dikosongkan.",
    "Pagu diisi pada sub kegiatan; pagu program dan kegiatan adalah jumlahnya (bila diisi, "
    "sakip memeriksa jumlahnya).",
    "Baris yang dihapus dari berkas dihapus dari Renja, kecuali yang sudah memiliki "
    "realisasi atau dipakai PK: berkas seperti itu ditolak.",
)


def columns(year: int) -> list[Column]:
    text, whole = widgets.TextWidget, widgets.WholeNumberWidget
    return [
        Column(
            column_name="Kode", widget=text(), help="Kode Kepmendagri.", example="8.01.02.2.01.0001"
        ),
        Column(
            column_name="Uraian",
            widget=text(),
            help="Nama program/kegiatan/sub kegiatan.",
            example="Pelaksanaan Kebijakan Kewaspadaan Nasional",
        ),
        Column(
            column_name="No. tujuan",
            widget=whole(minimum=1),
            help="Tujuan Renstra yang didukung (bersama No. sasaran).",
            example=1,
        ),
        Column(
            column_name="No. sasaran",
            widget=whole(minimum=1),
            help="Sasaran Renstra yang didukung.",
            example=1,
        ),
        Column(
            column_name="Indikator",
            widget=text(),
            help="Program: indikator hasil; kegiatan/sub kegiatan: indikator keluaran.",
            example="Jumlah dokumen kebijakan",
        ),
        Column(column_name="Satuan", widget=text(), example="Dokumen"),
        Column(column_name=f"Target {year}", widget=widgets.FigureTextWidget(), example=2),
        Column(
            column_name="Pagu (Rp)",
            widget=whole(minimum=0),
            help="Rupiah bulat, pada sub kegiatan.",
            example=125000000,
            number_format="#,##0",
        ),
        Column(
            column_name="Target anggaran Renstra (Rp)",
            widget=whole(minimum=0),
            example=None,
            number_format="#,##0",
        ),
    ]


@dataclass
class IndicatorSpec:
    row: int
    name: str
    unit: str
    target: str


@dataclass
class ItemSpec:
    row: int
    code: code_rules.ProgramCode
    name: str
    objective: tuple[int, int] | None
    pagu: int | None
    renstra_pagu: int | None
    indicators: list[IndicatorSpec] = field(default_factory=list)


def read_rows(dataset: tablib.Dataset, year: int) -> tuple[list[ItemSpec], list[Problem]]:
    cols = {c.column_name: c for c in columns(year)}
    title = dataset.sheet_title  # type: ignore[attr-defined]
    letters = dataset.column_letters  # type: ignore[attr-defined]
    problems: list[Problem] = []
    items: list[ItemSpec] = []
    seen: dict[str, int] = {}

    def where(name: str) -> str:
        return f"{letters.get(name, '?')} ({name})"

    for index, raw in enumerate(dataset.dict):
        excel_row = dataset.excel_rows[index]  # type: ignore[attr-defined]
        values: dict[str, Any] = {}
        bad = False
        for name, column in cols.items():
            try:
                values[name] = column.widget.clean(raw.get(name), row=raw)
            except ValueError as error:
                problems.append(Problem(title, excel_row, where(name), str(error)))
                bad = True
        if bad:
            continue
        indicator = None
        if values["Indikator"]:
            indicator = IndicatorSpec(
                excel_row, values["Indikator"], values["Satuan"], values[f"Target {year}"]
            )
        if not values["Kode"]:
            if indicator is None:
                problems.append(Problem(title, excel_row, where("Kode"), "Kode wajib diisi."))
            elif not items:
                problems.append(
                    Problem(
                        title, excel_row, where("Kode"), "Indikator tanpa baris berkode di atasnya."
                    )
                )
            else:
                items[-1].indicators.append(indicator)
            continue
        try:
            code = code_rules.parse_code(values["Kode"])
        except code_rules.CodeError as error:
            problems.append(Problem(title, excel_row, where("Kode"), str(error)))
            continue
        key = code_rules.sort_key(code)
        if key in seen:
            problems.append(
                Problem(
                    title,
                    excel_row,
                    where("Kode"),
                    f"Kode {code.text} sudah ada di baris {seen[key]}.",
                )
            )
            continue
        seen[key] = excel_row
        if not values["Uraian"] and code.level in ("program", "kegiatan", "subkegiatan"):
            problems.append(Problem(title, excel_row, where("Uraian"), "Uraian wajib diisi."))
            continue
        goal_no, objective_no = values["No. tujuan"], values["No. sasaran"]
        if (goal_no is None) != (objective_no is None):
            problems.append(
                Problem(
                    title,
                    excel_row,
                    where("No. sasaran"),
                    "Isi No. tujuan dan No. sasaran bersama-sama.",
                )
            )
            continue
        if code.level != "subkegiatan" and values["Target anggaran Renstra (Rp)"] is not None:
            pass  # kept for the check below like pagu
        spec = ItemSpec(
            excel_row,
            code,
            values["Uraian"],
            (goal_no, objective_no) if goal_no is not None else None,
            values["Pagu (Rp)"],
            values["Target anggaran Renstra (Rp)"],
        )
        if indicator is not None:
            spec.indicators.append(indicator)
        items.append(spec)
    return items, problems


class RenjaImport:
    def __init__(self, agency: Agency, year: int, actor: User | None) -> None:
        self.agency = agency
        self.year = year
        self.actor = actor

    def columns(self) -> list[Column]:
        return columns(self.year)

    def export_rows(self) -> list[list[Any]]:
        nodes = load_renja_tree(self.agency, self.year)
        objectives = self._objective_numbers()
        rows: list[list[Any]] = []
        for node in nodes:
            item = node.item
            goal_no, objective_no = objectives.get(item.objective_id, (None, None))
            leaf = item.level == ProgramItem.Level.SUBKEGIATAN
            first = [item.code, item.name, goal_no, objective_no]
            money = [node.pagu if leaf else None, node.renstra_pagu if leaf else None]
            if not node.indicators:
                rows.append([*first, None, None, None, *money])
            for n, indicator in enumerate(node.indicators):
                target = node.targets.get(indicator.pk)
                cells = [indicator.name, indicator.unit, target.text if target else None]
                rows.append(
                    [
                        *(first if n == 0 else [None] * 4),
                        *cells,
                        *(money if n == 0 else [None, None]),
                    ]
                )
        return rows

    def _objective_numbers(self) -> dict[int, tuple[int, int]]:
        return {
            o.pk: (o.goal.number, o.number)
            for o in Objective.objects.filter(
                agency=self.agency, goal__isnull=False
            ).select_related("goal")
        }

    def run(self, dataset: tablib.Dataset, *, commit: bool) -> Preview:
        specs, problems = read_rows(dataset, self.year)
        title = dataset.sheet_title  # type: ignore[attr-defined]
        preview = Preview(problems=problems)
        if problems:
            return preview
        objectives = {v: k for k, v in self._objective_numbers().items()}
        for spec in specs:
            if spec.objective is not None and spec.objective not in objectives:
                preview.problems.append(
                    Problem(
                        title,
                        spec.row,
                        "C (No. tujuan)",
                        f"Renstra tidak memiliki sasaran {spec.objective[0]}.{spec.objective[1]}.",
                    )
                )
        for code, nearest in unknown_codes(self.year, [s.code.text for s in specs]).items():
            row = next(s.row for s in specs if s.code.text == code)
            hint = f" Kode sah terdekat: {', '.join(nearest)}." if nearest else ""
            preview.warnings.append(
                Problem(
                    title,
                    row,
                    "A (Kode)",
                    f"{code} tidak ada dalam nomenklatur tahun {self.year}.{hint}",
                )
            )
        self._check_sums(specs, preview, title)
        if preview.problems:
            return preview
        with transaction.atomic():
            try:
                self._write(specs, objectives, preview, title, commit)
            except ValidationError as error:
                preview.problems.append(Problem(title, None, None, " ".join(error.messages)))
            if preview.problems or not commit:
                transaction.set_rollback(True)
        return preview

    def _check_sums(self, specs: list[ItemSpec], preview: Preview, title: str) -> None:
        """A program's or kegiatan's pagu written in the file must be the sum of its sub
        kegiatan (DOMAIN §7: printed totals often are not)."""
        totals: dict[str, int] = {}
        for leaf in specs:
            if leaf.code.level != "subkegiatan":
                continue
            code: str | None = leaf.code.text
            while code is not None:
                code = code_rules.parse_code(code).parent
                if code is not None:
                    key = code_rules.sort_key(code)
                    totals[key] = totals.get(key, 0) + (leaf.pagu or 0)
        for spec in specs:
            if spec.code.level == "subkegiatan" or spec.pagu is None:
                continue
            total = totals.get(code_rules.sort_key(spec.code), 0)
            if total != spec.pagu:
                preview.warnings.append(
                    Problem(
                        title,
                        spec.row,
                        "H (Pagu (Rp))",
                        f"Pagu {spec.code.text} tertulis {format_rupiah(spec.pagu)}, jumlah sub "
                        f"kegiatannya {format_rupiah(total)}; yang dipakai adalah jumlahnya.",
                    )
                )

    def _write(
        self,
        specs: list[ItemSpec],
        objectives: dict[tuple[int, int], int],
        preview: Preview,
        title: str,
        commit: bool,
    ) -> None:
        renja = Renja.objects.filter(agency=self.agency, year=self.year).first()
        if renja is None:
            renja = planning.create_renja(self.agency, self.year, self.actor)
        revision = renja.revisions.order_by("-number").first()
        assert revision is not None
        current = {n.item.sort_key: n for n in load_renja_tree(self.agency, self.year)}
        items: dict[str, ProgramItem] = {key: node.item for key, node in current.items()}
        created = self._create_new_rows(
            renja, revision, specs, current, items, objectives, preview, title, commit
        )
        for spec in specs:
            key = code_rules.sort_key(spec.code)
            if key in created or key not in current:
                continue
            self._update_row(spec, current[key], items, objectives, revision, preview, title)
        preview.rows.sort(key=lambda r: r.row)
        wanted = {code_rules.sort_key(s.code) for s in specs}
        for key in sorted(set(current) - wanted, reverse=True):
            item = current[key].item
            used = _in_use(item, {"children", "indicators", "budgets"}) or any(
                _in_use(i, {"targets"}) for i in current[key].indicators
            )
            if used:
                preview.problems.append(
                    Problem(
                        title,
                        None,
                        None,
                        f"{item.code} {item.name} tidak ada di berkas tetapi sudah memiliki "
                        "realisasi atau dipakai PK; tulis kembali barisnya.",
                    )
                )
                continue
            item.delete()
            preview.rows.append(RowChange(0, KIND_REMOVE, f"{item.code} {item.name}"))

    def _create_new_rows(
        self,
        renja: Renja,
        revision: Any,
        specs: list[ItemSpec],
        current: dict[str, Any],
        items: dict[str, ProgramItem],
        objectives: dict[tuple[int, int], int],
        preview: Preview,
        title: str,
        write: bool,
    ) -> set[str]:
        """The rows the Renja does not have yet, written in bulk (a first import of a
        Renja of thousands of rows is a few dozen queries): items level by level (a
        row's parent first), then their indicators, targets and pagu. Codes, levels and
        parents are checked by the same rules as planning.actions.add_item. A preview
        (``write`` false) checks the same and writes none of them: new rows need nothing
        from the database but their parents, which the file names."""
        new = [s for s in specs if code_rules.sort_key(s.code) not in current]
        for depth in sorted({len(s.code.segments) for s in new}):
            batch: list[ProgramItem] = []
            for spec in (s for s in new if len(s.code.segments) == depth):
                parent_key = code_rules.sort_key(spec.code.parent) if spec.code.parent else None
                parent = items.get(parent_key) if parent_key else None
                if parent is None and spec.code.level in ("kegiatan", "subkegiatan"):
                    preview.problems.append(
                        Problem(
                            title,
                            spec.row,
                            "A (Kode)",
                            f"Induk {spec.code.parent} tidak ada di berkas (tulis di baris "
                            "atasnya).",
                        )
                    )
                    continue
                batch.append(
                    ProgramItem(
                        agency_id=self.agency.pk,
                        renja=renja,
                        parent=parent,
                        level=spec.code.level,
                        code=spec.code.text,
                        name=spec.name,
                        objective_id=objectives.get(spec.objective) if spec.objective else None,
                        sort_key=code_rules.sort_key(spec.code),
                    )
                )
            if write:
                ProgramItem.objects.bulk_create(batch, batch_size=1000)
            for item in batch:
                items[item.sort_key] = item
        if preview.problems:
            return set()
        indicators: list[Indicator] = []
        target_texts: list[str] = []
        budgets: list[ItemBudget] = []
        order = 0
        created: set[str] = set()
        for spec in specs:
            key = code_rules.sort_key(spec.code)
            order += len(spec.indicators)
            if key in current:
                continue
            created.add(key)
            item = items[key]
            for n, ind in enumerate(spec.indicators):
                indicators.append(
                    Indicator(
                        pemda_id=self.agency.pemda_id,
                        agency=self.agency,
                        program_item=item,
                        name=ind.name,
                        unit=ind.unit,
                        order=order - len(spec.indicators) + n + 1,
                    )
                )
                target_texts.append(ind.target)
            if spec.code.level == "subkegiatan" and spec.pagu is not None:
                budgets.append(
                    ItemBudget(
                        item=item, revision=revision, pagu=spec.pagu, renstra_pagu=spec.renstra_pagu
                    )
                )
            preview.rows.append(RowChange(spec.row, "new", f"{spec.code.text} {spec.name}"))
        if not write:
            return created
        Indicator.objects.bulk_create(indicators, batch_size=1000)
        targets = []
        for indicator, text in zip(indicators, target_texts, strict=True):
            if text:
                target = IndicatorTarget(
                    indicator=indicator, kind=IndicatorTarget.Kind.RENJA, year=self.year
                )
                target.set_from_text(text)
                targets.append(target)
        # New indicators, targets and pagu: their creation is the import's event (who,
        # when, how many), as planning.actions.revise writes a new version's pagu; each
        # later change of them is kept by their history.
        IndicatorTarget.objects.bulk_create(targets, batch_size=1000)
        ItemBudget.objects.bulk_create(budgets, batch_size=1000)
        return created

    def _update_row(
        self,
        spec: ItemSpec,
        node: Any,
        items: dict[str, ProgramItem],
        objectives: dict[tuple[int, int], int],
        revision: Any,
        preview: Preview,
        title: str,
    ) -> None:
        """A row the Renja already has: what differs is changed, one row at a time."""
        parent = items.get(code_rules.sort_key(spec.code.parent)) if spec.code.parent else None
        objective_id = objectives.get(spec.objective) if spec.objective else None
        item = node.item
        changes: list[tuple[str, str, str]] = []
        if item.name != spec.name:
            changes.append(("Uraian", item.name, spec.name))
        if item.objective_id != objective_id:
            changes.append(("Sasaran", str(item.objective_id or ""), str(objective_id or "")))
        moved = item.parent_id != (parent.pk if parent else None) or item.code != spec.code.text
        if moved:
            changes.append(("Induk", "", spec.code.parent or ""))
        if (changes or moved) and not (parent is not None and parent.pk is None):
            # (A parent new in this file is not written by a preview: nothing to save.)
            item.name, item.objective_id, item.code = spec.name, objective_id, spec.code.text
            item.parent = parent
            item.save(update_fields=["name", "objective", "code", "parent", "sort_key"])
        existing = {i.name.casefold(): i for i in node.indicators}
        for ind in spec.indicators:
            indicator = existing.pop(ind.name.casefold(), None)
            old_target = ""
            if indicator is None:
                indicator = Indicator.objects.create(
                    pemda_id=self.agency.pemda_id,
                    agency=self.agency,
                    program_item=item,
                    name=ind.name,
                    unit=ind.unit,
                    order=len(node.indicators) + 1,
                )
                changes.append(("Indikator", "", ind.name))
            else:
                if indicator.unit != ind.unit:
                    changes.append(("Satuan", indicator.unit, ind.unit))
                    indicator.unit = ind.unit
                    indicator.save(update_fields=["unit"])
                old = node.targets.get(indicator.pk)
                old_target = old.text if old else ""
            if old_target != ind.target:
                changes.append((f"Target {self.year}", old_target, ind.target))
                target = IndicatorTarget.objects.filter(
                    indicator=indicator, kind=IndicatorTarget.Kind.RENJA, year=self.year
                ).first() or IndicatorTarget(
                    indicator=indicator, kind=IndicatorTarget.Kind.RENJA, year=self.year
                )
                if ind.target:
                    target.set_from_text(ind.target)
                    target.save()
                elif target.pk:
                    target.delete()
        for gone in existing.values():
            if _in_use(gone, {"targets"}):
                preview.problems.append(
                    Problem(
                        title,
                        spec.row,
                        "E (Indikator)",
                        f"Indikator “{gone.name}” tidak ada di berkas tetapi sudah dipakai "
                        "(realisasi/PK); tulis kembali.",
                    )
                )
            else:
                gone.delete()
                changes.append(("Indikator", gone.name, ""))
        changed_pagu = node.pagu != spec.pagu or node.renstra_pagu != spec.renstra_pagu
        if spec.code.level == "subkegiatan" and spec.pagu is not None and changed_pagu:
            old_pagu = format_rupiah(node.pagu) if node.pagu is not None else ""
            changes.append(("Pagu (Rp)", old_pagu, format_rupiah(spec.pagu)))
            planning.set_pagu(item, revision, spec.pagu, spec.renstra_pagu)
        kind = "update" if changes else "skip"
        preview.rows.append(
            RowChange(spec.row, kind, f"{spec.code.text} {spec.name}", tuple(changes))
        )
