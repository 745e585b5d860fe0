"""One row of an agency's Renja of a year (a program, kegiatan or sub kegiatan with its
indicators, Renja targets and pagu) added, changed or deleted on screen.

The stored Renja is read as its Excel sheet (renja.RenjaImport.export_rows), the typed
row is put in place of that row's lines (or left out, to delete it), and the whole
sheet is read and written by the Renja import: the same widgets (Indonesian numbers
"87,5", whole Rupiah "1.234.567"), the same checks of codes, levels and parents, the
same writer, all or nothing. What the sheet cannot say is checked here first, on the
form's own fields: the parent chosen from the Renja's rows, a code already used by
another row, and whether a row's entered data (realisasi, PK, Rencana Aksi, bukti
dukung) forbids deleting it or changing its code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import QueryDict

from sakip.accounts.models import User
from sakip.measurement.models import ActionPlanRow
from sakip.organisation.models import Agency
from sakip.planning.loaders import RenjaNode, load_renja_tree
from sakip.planning.models import Objective, ProgramItem, Renja, RenjaRevision
from sakip.rules import codes as code_rules
from sakip.rules.formatting import format_rupiah
from sakip.setup import actions, excel
from sakip.setup.importing import RowChange
from sakip.setup.models import SetupEvent
from sakip.setup.plans import _in_use
from sakip.setup.renja import RenjaImport

#: The level a row takes under a parent of each level (no parent: a program).
LEVEL_UNDER: dict[str | None, str] = {
    None: ProgramItem.Level.PROGRAM,
    ProgramItem.Level.PROGRAM: ProgramItem.Level.KEGIATAN,
    ProgramItem.Level.KEGIATAN: ProgramItem.Level.SUBKEGIATAN,
}
#: Indicator lines offered on the form beyond the row's own.
SPARE_INDICATORS = 2
EDITABLE_LEVELS = (
    ProgramItem.Level.PROGRAM,
    ProgramItem.Level.KEGIATAN,
    ProgramItem.Level.SUBKEGIATAN,
)


@dataclass
class TypedIndicator:
    name: str = ""
    unit: str = ""
    target: str = ""
    #: The stored indicator this line shows (its pk as text), "" for a new one: a line
    #: whose name was changed renames that indicator instead of replacing it.
    pk: str = ""

    @property
    def blank(self) -> bool:
        return not (self.name or self.unit or self.target)


@dataclass
class TypedRow:
    """The form as typed (or as stored, to start from): text only, read by the import."""

    parent: str = ""  # the parent row's pk, "" for a program
    code: str = ""
    name: str = ""
    objective: str = ""  # "tujuan.sasaran", e.g. "1.2"
    pagu: str = ""
    renstra_pagu: str = ""
    indicators: list[TypedIndicator] = field(default_factory=list)

    @classmethod
    def from_post(cls, data: QueryDict) -> TypedRow:
        def text(name: str) -> str:
            return " ".join(data.get(name, "").split())

        indicators = []
        for n in range(int(_whole(data.get("indicator_lines")) or 0)):
            indicators.append(
                TypedIndicator(
                    text(f"ind-{n}-name"),
                    text(f"ind-{n}-unit"),
                    text(f"ind-{n}-target"),
                    text(f"ind-{n}-id"),
                )
            )
        return cls(
            parent=text("parent"),
            code=text("code"),
            name=text("name"),
            objective=text("objective"),
            pagu=text("pagu"),
            renstra_pagu=text("renstra_pagu"),
            indicators=indicators[:50],
        )

    @classmethod
    def from_node(cls, node: RenjaNode, objectives: dict[int, tuple[int, int]]) -> TypedRow:
        item = node.item
        numbers = objectives.get(item.objective_id or 0)
        leaf = item.level == ProgramItem.Level.SUBKEGIATAN
        return cls(
            parent=str(item.parent_id or ""),
            code=item.code,
            name=item.name,
            objective=f"{numbers[0]}.{numbers[1]}" if numbers else "",
            pagu=_rupiah_text(node.own_pagu) if leaf else "",
            renstra_pagu=_rupiah_text(node.renstra_pagu) if leaf else "",
            indicators=[
                TypedIndicator(
                    i.name,
                    i.unit,
                    node.targets[i.pk].text if i.pk in node.targets else "",
                    str(i.pk),
                )
                for i in node.indicators
            ],
        )

    def with_spare_lines(self) -> TypedRow:
        """The same row with blank indicator lines to type new indicators into."""
        spare = [TypedIndicator() for _ in range(SPARE_INDICATORS)]
        return TypedRow(
            self.parent,
            self.code,
            self.name,
            self.objective,
            self.pagu,
            self.renstra_pagu,
            [*self.indicators, *spare],
        )


@dataclass
class Outcome:
    saved: bool = False
    #: Field name (parent, code, name, objective, pagu, renstra_pagu, ind-N) → messages.
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: str = ""

    def add(self, name: str, message: str) -> None:
        if message not in self.errors.setdefault(name, []):
            self.errors[name].append(message)


class RenjaRows:
    """An agency's Renja of a year as the row editor sees it: its rows (5 queries, with
    the Renstra sasaran 6), whatever its size."""

    def __init__(self, renja: Renja, actor: User) -> None:
        self.renja = renja
        self.agency = renja.agency
        self.year = renja.year
        self.actor = actor
        self.importer = RenjaImport(self.agency, self.year, actor)
        self.nodes = load_renja_tree(self.agency, self.year)
        self.by_pk = {n.item.pk: n for n in self.nodes}
        self.objectives = {
            o.pk: o
            for o in Objective.objects.filter(agency=self.agency, goal__isnull=False)
            .select_related("goal")
            .order_by("goal__number", "number")
        }

    @classmethod
    def of(cls, agency: Agency, year: int, actor: User) -> RenjaRows | None:
        """The agency's Renja of ``year`` (an agency from the access gate), if any."""
        renja = (
            Renja.objects.filter(agency=agency, year=year).select_related("agency__pemda").first()
        )
        return None if renja is None else cls(renja, actor)

    def in_force(self) -> RenjaRevision | None:
        """The latest version, whose pagu the form writes (as the import does)."""
        return self.renja.revisions.order_by("-number").first()

    # ------------------------------------------------------------------ what the form offers

    def objective_numbers(self) -> dict[int, tuple[int, int]]:
        return {pk: (o.goal.number, o.number) for pk, o in self.objectives.items()}  # type: ignore[union-attr]

    def objective_choices(self) -> list[tuple[str, str]]:
        return [
            (f"{o.goal.number}.{o.number}", f"{o.goal.number}.{o.number} {o.name}")  # type: ignore[union-attr]
            for o in self.objectives.values()
        ]

    def parent_choices(self, item: ProgramItem | None) -> list[RenjaNode]:
        """The program and kegiatan rows a row may sit under; never the row itself or
        one below it."""
        below = self._descendants(item) if item is not None else set()
        return [
            n
            for n in self.nodes
            if n.item.level in (ProgramItem.Level.PROGRAM, ProgramItem.Level.KEGIATAN)
            and n.item.pk not in below
        ]

    def _descendants(self, item: ProgramItem) -> set[int]:
        found = {item.pk}
        for node in self.nodes:  # code order: a parent comes before its rows
            if node.item.parent_id in found:
                found.add(node.item.pk)
        return found

    def typed(self, item: ProgramItem | None) -> TypedRow:
        if item is None:
            return TypedRow()
        typed = TypedRow.from_node(self.by_pk[item.pk], self.objective_numbers())
        parent = self.by_pk.get(item.parent_id or 0)
        if parent is not None and parent.item.level not in LEVEL_UNDER:
            # A program under an urusan/bidang row written above it in the sheet: the
            # import files it there by its code; the form shows "no parent".
            typed.parent = ""
        return typed

    # ------------------------------------------------------------------ what may not be lost

    def uses(self, node: RenjaNode) -> list[str]:
        """What has been entered against the row or its indicators, in words; such a
        row is never deleted nor moved to another code (its figures would go with it)."""
        item, indicators = node.item, node.indicators
        found = []
        if item.budget_actuals.exists() or any(i.actuals.exists() for i in indicators):
            found.append("realisasi")
        if item.agreement_rows.exists() or any(i.agreement_rows.exists() for i in indicators):
            found.append("baris Perjanjian Kinerja")
        # ActionPlanRow.item has no reverse accessor (related_name "+"): asked directly.
        if ActionPlanRow.objects.filter(item=item).exists() or any(
            i.action_rows.exists() for i in indicators
        ):
            found.append("Rencana Aksi")
        if item.evidence.exists() or any(i.evidence.exists() for i in indicators):
            found.append("bukti dukung")
        if not found and (
            _in_use(item, {"children", "indicators", "budgets"})
            or any(_in_use(i, {"targets"}) for i in indicators)
        ):
            found.append("data lain")
        return found

    # ------------------------------------------------------------------ writing

    def save(self, item: ProgramItem | None, typed: TypedRow) -> Outcome:
        """Add (``item`` None) or change a row; all or nothing."""
        outcome = Outcome()
        parent = self._check_fields(item, typed, outcome)
        if outcome.errors or outcome.general:
            return outcome
        assert parent is not False
        rows, first = self._sheet_with(item, typed)
        lines = max(1, len([i for i in typed.indicators if not i.blank]))
        verb = "ditambahkan" if item is None else "diubah"
        renames = self._renames(item, typed)
        self._run(rows, range(first + 2, first + 2 + lines), typed, outcome, verb, renames)
        return outcome

    def _renames(self, item: ProgramItem | None, typed: TypedRow) -> list[tuple[Any, str]]:
        """The row's stored indicators whose name was changed on their line: renamed
        (keeping their targets, realisasi and PK rows) before the sheet is read, which
        matches indicators by name and would otherwise replace them."""
        if item is None:
            return []
        stored = {str(i.pk): i for i in self.by_pk[item.pk].indicators}
        return [
            (stored[line.pk], line.name)
            for line in typed.indicators
            if line.name and line.pk in stored and stored[line.pk].name != line.name
        ]

    def delete(self, item: ProgramItem) -> Outcome:
        """Delete a row with its indicators, targets and pagu, unless anything was
        entered against it or rows sit under it (those are deleted first, by hand)."""
        outcome = Outcome()
        node = self.by_pk[item.pk]
        if node.children:
            outcome.general.append(
                f"{item.code} {item.name} masih memiliki {len(node.children)} baris di "
                "bawahnya. Hapus baris-baris itu lebih dahulu; tidak ada yang dihapus."
            )
            return outcome
        uses = self.uses(node)
        if uses:
            outcome.general.append(
                f"{item.code} {item.name} tidak dapat dihapus: baris atau indikatornya sudah "
                f"memiliki {in_words(uses)}. Data yang sudah diisi tidak dihapus."
            )
            return outcome
        rows = [line for key, block in self._blocks() if key != item.sort_key for line in block]
        self._run(rows, range(0), TypedRow(code=item.code, name=item.name), outcome, "dihapus")
        return outcome

    def _check_fields(
        self, item: ProgramItem | None, typed: TypedRow, outcome: Outcome
    ) -> RenjaNode | bool | None:
        """The checks the sheet cannot make. Returns the parent node (None for a
        program), or False when the parent is not one of the Renja's rows."""
        parent: RenjaNode | None = None
        if typed.parent:
            choices = {str(n.item.pk): n for n in self.parent_choices(item)}
            if typed.parent not in choices:
                outcome.add("parent", "Pilih induk dari daftar baris Renja ini.")
                return False
            parent = choices[typed.parent]
        level = LEVEL_UNDER[parent.item.level if parent else None]
        if not typed.code:
            outcome.add("code", "Kode wajib diisi.")
        else:
            try:
                code = code_rules.parse_code(typed.code)
                code_rules.check_level(code, level)  # type: ignore[arg-type]
                if parent is not None:
                    code_rules.check_parent(code, code_rules.parse_code(parent.item.code))
            except code_rules.CodeError as error:
                outcome.add("code", str(error))
            else:
                key = code_rules.sort_key(code)
                same = next(
                    (n.item for n in self.nodes if n.item.sort_key == key and n.item != item),
                    None,
                )
                if same is not None:
                    outcome.add(
                        "code",
                        f"Kode {code.text} sudah dipakai {same.code} {same.name} dalam "
                        f"Renja {self.year} ini.",
                    )
                elif item is not None and key != item.sort_key:
                    node = self.by_pk[item.pk]
                    if node.children:
                        outcome.add(
                            "code",
                            "Kode baris yang memiliki baris di bawahnya tidak dapat diganti.",
                        )
                    elif uses := self.uses(node):
                        outcome.add(
                            "code",
                            f"Kode tidak dapat diganti: baris ini sudah memiliki {in_words(uses)}.",
                        )
        if not typed.name:
            outcome.add("name", "Uraian wajib diisi.")
        if typed.objective and typed.objective not in dict(self.objective_choices()):
            outcome.add("objective", "Pilih sasaran dari daftar sasaran Renstra.")
        if level != ProgramItem.Level.SUBKEGIATAN:
            for name in ("pagu", "renstra_pagu"):
                if getattr(typed, name):
                    outcome.add(
                        name,
                        "Pagu diisi pada sub kegiatan; pagu program dan kegiatan adalah "
                        "jumlah sub kegiatannya.",
                    )
        seen: set[str] = set()
        for n, indicator in enumerate(typed.indicators):
            if not indicator.name and not indicator.blank:
                outcome.add(f"ind-{n}", "Nama indikator wajib diisi bila satuan/target diisi.")
            elif indicator.name and indicator.name.casefold() in seen:
                outcome.add(f"ind-{n}", "Indikator yang sama sudah ditulis untuk baris ini.")
            if indicator.name:
                seen.add(indicator.name.casefold())
        return parent

    def _blocks(self) -> list[tuple[str, list[list[Any]]]]:
        """The sheet's lines by row: (the row's code key, its lines)."""
        blocks: list[tuple[str, list[list[Any]]]] = []
        for line in self.importer.export_rows():
            if line[0]:
                blocks.append((code_rules.sort_key(str(line[0])), [line]))
            else:
                blocks[-1][1].append(line)
        return blocks

    def _sheet_with(self, item: ProgramItem | None, typed: TypedRow) -> tuple[list[list[Any]], int]:
        """The sheet with the typed row in place of ``item``'s lines (or at the end),
        and the 0-based index of its first line."""
        goal, objective = typed.objective.split(".") if typed.objective else (None, None)
        first = [typed.code, typed.name, goal, objective]
        money = [typed.pagu or None, typed.renstra_pagu or None]
        indicators = [i for i in typed.indicators if not i.blank]
        lines = [
            [
                *(first if n == 0 else [None] * 4),
                i.name,
                i.unit or None,
                i.target or None,
                *(money if n == 0 else [None, None]),
            ]
            for n, i in enumerate(indicators)
        ] or [[*first, None, None, None, *money]]
        rows: list[list[Any]] = []
        start = None
        for key, block in self._blocks():
            if item is not None and key == item.sort_key:
                start = len(rows)
                rows.extend(lines)
            else:
                rows.extend(block)
        if start is None:
            start = len(rows)
            rows.extend(lines)
        return rows, start

    def _run(
        self,
        rows: list[list[Any]],
        own: range,
        typed: TypedRow,
        outcome: Outcome,
        verb: str,
        renames: Sequence[tuple[Any, str]] = (),
    ) -> None:
        columns = self.importer.columns()
        title = f"Renja {self.agency.name} {self.year}"
        dataset = excel.read_upload(excel.build_workbook(columns, title, [], cells=rows), columns)
        with transaction.atomic():
            renamed = []
            for indicator, name in renames:
                renamed.append(("Indikator", indicator.name, name))
                indicator.name = name
                indicator.save(update_fields=["name"])
            preview = self.importer.run(dataset, commit=True)
            if preview.problems:
                transaction.set_rollback(True)  # the renames too
            else:
                changed = list(preview.changing)
                if changed or renamed:
                    outcome.summary = f"{typed.code} {typed.name} {verb}" + _details(
                        [*changed, RowChange(0, "update", "", tuple(renamed))]
                    )
                    actions.record(
                        self.agency.pemda,
                        self.actor,
                        SetupEvent.Action.CHANGED,
                        f"Renja {self.year}",
                        title,
                        f"Baris {verb} di layar: {outcome.summary}.",
                        self.agency,
                    )
                else:
                    outcome.summary = f"{typed.code} {typed.name}: tidak ada yang berubah"
                outcome.saved = True
        for warning in preview.warnings:
            if warning.row in own:
                outcome.warnings.append(warning.message)
        if not preview.problems:
            return
        mine = [p for p in preview.problems if p.row in own]
        for problem in mine or preview.problems:
            # An indicator left out but in use is about the row, not one line of it.
            gone = "tidak ada di berkas tetapi" in problem.message
            message = problem.message.replace(
                " tidak ada di berkas tetapi", " dikosongkan tetapi"
            ).replace(" tidak ada di berkas", " belum ada di Renja ini")
            name = None if gone else _field_of(problem, own)
            if name is not None and problem in mine:
                outcome.add(name, message)
            elif message not in outcome.general:
                outcome.general.append(message)


#: The sheet's column name → the form's field (indicator columns: the line's).
FIELDS = {
    "Kode": "code",
    "Uraian": "name",
    "No. tujuan": "objective",
    "No. sasaran": "objective",
    "Pagu (Rp)": "pagu",
    "Target anggaran Renstra (Rp)": "renstra_pagu",
}


def _field_of(problem: excel.Problem, own: range) -> str | None:
    column = problem.column or ""
    name = column.split(" (", 1)[1][:-1] if " (" in column else ""
    if name in FIELDS:
        return FIELDS[name]
    if name == "Indikator" or name == "Satuan" or name.startswith("Target "):
        return f"ind-{own.index(problem.row)}" if problem.row in own else None
    return None


def _details(changed: list[Any]) -> str:
    parts = []
    for row in changed:
        for what, old, new in row.changes:
            parts.append(f"{what}: {old or '–'} → {new or '–'}")
    return f" ({'; '.join(parts)})" if parts else ""


def in_words(uses: list[str]) -> str:
    return uses[0] if len(uses) == 1 else ", ".join(uses[:-1]) + " dan " + uses[-1]


def _rupiah_text(amount: int | None) -> str:
    """1234567 → "1.234.567", as typed in the form."""
    return "" if amount is None else format_rupiah(amount).removeprefix("Rp")


def _whole(text: str | None) -> int | None:
    try:
        return max(0, min(int(text or ""), 50))
    except ValueError:
        return None
