"""The PK cascade (pohon kinerja) of an agency and year, and its checks.

PKs cascade: Bupati ← Kepala OPD ← Sekretaris/Kabid ← Kasubag/JF. A budget line of a
PK (a program or kegiatan) is carried out through the lines beneath it in the PKs of
the direct subordinates; its amount must equal theirs. Checks report, in Indonesian and
naming both PKs and both amounts:
- a PK's printed total that is not the sum of its lines (``total_mismatch``);
- a budget line that is not the sum of the lines beneath it in the child PKs
  (``cascade_mismatch``);
- a target row of a subordinate PK that serves no row of the PK above
  (``unlinked_target``);
- a position with a holder but no PK (``missing_agreement``);
- an invalid NIP printed on a PK (``invalid_nip``), and one party's NIP printed two
  different ways on the same PK (``nip_mismatch``);
- a PK still unsigned a month after the budget was approved (``unsigned_overdue``);
- a printed date or title naming another year than the PK's (``date_year_mismatch``,
  ``title_year_mismatch``; seed 003: two 2024 PKs dated "Januari 2023", one 2024
  lampiran titled "TAHUN 2023", DOMAIN §7).

One root cause is reported once: a parent line that differs from its children only
because a child PK's lines do not add up to its own printed total is the child's total
error (its message says which parent line it explains); a parent's printed total that
becomes right once its mismatched lines take the children's figures is explained by
those line findings and reported as an info-level note (``total_explained``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from django.utils import timezone

from sakip.agreements import actions
from sakip.agreements.documents import (
    budget_numbers,
    place_and_date,
    printed_date,
    target_numbers,
    title_years,
    years_in,
)
from sakip.agreements.models import Agreement, AgreementBudget, AgreementTarget, BudgetApproval
from sakip.organisation.models import Agency, Eselon, Position, PositionHolding
from sakip.rules import budget as budget_rules
from sakip.rules import codes as code_rules
from sakip.rules import formatting
from sakip.rules import nip as nip_rules
from sakip.rules import rupiah as rupiah_rules

Severity = Literal["error", "warning", "info"]
rupiah = formatting.format_rupiah


@dataclass(frozen=True)
class CascadeFinding:
    code: str
    message: str
    agreement_id: int | None
    related_agreement_id: int | None = None
    severity: Severity = "error"


@dataclass(eq=False)
class Node:
    position: Position
    agreement: Agreement | None
    budget_rows: list[AgreementBudget] = field(default_factory=list)
    target_rows: list[AgreementTarget] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)
    holder_name: str = ""
    label: str = ""

    @property
    def numbered_targets(self) -> list[tuple[str, AgreementTarget]]:
        return list(zip(target_numbers(self.target_rows), self.target_rows, strict=True))

    @property
    def numbered_budget(self) -> list[tuple[str, AgreementBudget]]:
        return list(zip(budget_numbers(self.budget_rows), self.budget_rows, strict=True))

    @cached_property
    def _numbers(self) -> dict[tuple[bool, int | None], str]:
        """(is a target row, pk) → the row's "No", numbered once (the rows are read
        once, when the cascade is loaded)."""
        numbers: dict[tuple[bool, int | None], str] = {}
        for is_target, pairs in ((True, self.numbered_targets), (False, self.numbered_budget)):
            for number, row in pairs:
                numbers.setdefault((is_target, row.pk), number.rstrip("."))
        return numbers

    def number_of(self, row: AgreementTarget | AgreementBudget) -> str:
        """The row's "No" as sakip prints it, without the trailing point."""
        return self._numbers.get((isinstance(row, AgreementTarget), row.pk), "")

    @cached_property
    def lines_total(self) -> int:
        return budget_rules.lines_total(r.amount for r in self.budget_rows)

    @cached_property
    def rows_beneath(self) -> RowsBeneath:
        """This PK's budget rows indexed by the codes they lie beneath."""
        return RowsBeneath(self.budget_rows)

    @property
    def total_differs(self) -> bool:
        pk = self.agreement
        return (
            pk is not None and pk.printed_total is not None and pk.printed_total != self.lines_total
        )


@dataclass
class Cascade:
    agency: Agency
    year: int
    roots: list[Node]
    nodes: list[Node]
    findings: list[CascadeFinding]
    approved_on: datetime.date | None = None
    overdue: bool = False

    def errors(self) -> list[CascadeFinding]:
        return [f for f in self.findings if f.severity == "error"]

    def for_agreement(self, agreement_id: int) -> list[CascadeFinding]:
        return [
            f for f in self.findings if agreement_id in (f.agreement_id, f.related_agreement_id)
        ]

    def ordered_nodes(self) -> list[Node]:
        """Every node of the tree, top down (depth first), as the cascade is printed."""
        ordered: list[Node] = []

        def walk(node: Node) -> None:
            ordered.append(node)
            for child in node.children:
                walk(child)

        for root in self.roots:
            walk(root)
        return ordered

    def ordered_agreements(self) -> list[Agreement]:
        """Every PK of the tree, top down (depth first), as the cascade is printed."""
        return [n.agreement for n in self.ordered_nodes() if n.agreement is not None]


def pk_label(agreement: Agreement, title: str = "") -> str:
    return f"PK {agreement.year} {agreement.first_name} ({title or agreement.position.title})"


def _row_code(row: AgreementBudget) -> str | None:
    return row.code or row.parent_code or None


def _code_key(code: str) -> tuple[int, ...] | None:
    """A code's segments as numbers (how ``ProgramCode.is_ancestor_of`` compares them:
    ``…2.01.01`` and ``…2.01.0001`` alike), or None for a code that is not one."""
    try:
        return tuple(int(s) for s in code_rules.parse_code(code).segments)
    except code_rules.CodeError:
        return None


class RowsBeneath:
    """A PK's budget rows, indexed once by every code each lies beneath, so that the
    rows beneath a parent PK's line are one look-up, not a scan of every row.

    A row lies beneath a code when its own code (or, without one, the code of the
    program/kegiatan it is printed under) is a descendant of that code, or when it has
    no code of its own and is printed under exactly that code."""

    def __init__(self, rows: list[AgreementBudget]) -> None:
        self.rows = rows
        self._below: dict[tuple[int, ...], list[int]] = defaultdict(list)
        self._under: dict[str, list[int]] = defaultdict(list)
        for index, row in enumerate(rows):
            code = _row_code(row)
            key = _code_key(code) if code else None
            if key is None:
                continue
            for length in range(1, len(key)):
                self._below[key[:length]].append(index)
            if not row.code:
                self._under[row.parent_code].append(index)

    def beneath(self, code: str, key: tuple[int, ...] | None = None) -> list[AgreementBudget]:
        """The rows beneath ``code`` (``key``: its ``_code_key``, when already read), in
        the PK's order; none for a code that is not one."""
        key = key or _code_key(code)
        if key is None:
            return []
        # The two lists are disjoint (a row under exactly ``code`` is not a descendant).
        found = sorted(self._below.get(key, []) + self._under.get(code, []))
        return [self.rows[i] for i in found]


_ESELON_ORDER = {
    Eselon.II_A: 0,
    Eselon.II_B: 0,
    Eselon.III_A: 1,
    Eselon.III_B: 2,
    Eselon.IV_A: 3,
    Eselon.IV_B: 3,
    Eselon.JF: 4,
}


def load_cascade(agency: Agency, year: int, today: datetime.date | None = None) -> Cascade:
    """The agency's PK tree for ``year`` (latest version of each PK) and its findings.
    A fixed number of queries whatever the size of the agency."""
    positions = list(
        Position.objects.filter(agency=agency).select_related("superior").order_by("pk")
    )
    agreements = list(
        Agreement.objects.filter(agency=agency, year=year)
        .select_related("position", "first_employee", "second_employee")
        .order_by("version", "pk")
    )
    versions: dict[tuple[int, str], Agreement] = {}
    for a in agreements:  # keep the newest version of each (position, code) agreement
        versions[(a.position_id, a.code or str(a.pk))] = a
    latest: dict[int, list[Agreement]] = defaultdict(list)
    for a in sorted(versions.values(), key=lambda a: a.pk):
        latest[a.position_id].append(a)
    ids = [a.pk for a in versions.values()]
    budget_rows: dict[int, list[AgreementBudget]] = defaultdict(list)
    for row in AgreementBudget.objects.filter(agreement__in=ids).order_by("order"):
        budget_rows[row.agreement_id].append(row)
    target_rows: dict[int, list[AgreementTarget]] = defaultdict(list)
    for t in AgreementTarget.objects.filter(agreement__in=ids).order_by("order"):
        target_rows[t.agreement_id].append(t)
    holders: dict[int, list[str]] = defaultdict(list)
    for position_id, name in PositionHolding.objects.filter(
        position__agency=agency, year=year
    ).values_list("position_id", "employee__name"):
        holders[position_id].append(name)
    approval = BudgetApproval.objects.filter(pemda_id=agency.pemda_id, year=year).first()

    nodes_by_position: dict[int, list[Node]] = {}
    nodes: list[Node] = []
    for position in positions:
        pks: list[Agreement | None] = list(latest.get(position.pk, [])) or [None]
        made = []
        for pk in pks:
            node = Node(
                position=position,
                agreement=pk,
                budget_rows=budget_rows.get(pk.pk, []) if pk else [],
                target_rows=target_rows.get(pk.pk, []) if pk else [],
                holder_name=", ".join(holders.get(position.pk, [])),
            )
            if pk is not None:
                node.label = pk_label(pk, position.title)
                if len(pks) > 1 and node.budget_rows:
                    first_line = node.budget_rows[0].name
                    short = first_line if len(first_line) <= 60 else first_line[:57] + "…"
                    node.label += f", PK “{short}”"
            made.append(node)
            nodes.append(node)
        nodes_by_position[position.pk] = made
    roots: list[Node] = []
    for position in positions:
        parents = nodes_by_position.get(position.superior_id) if position.superior_id else None
        for node in nodes_by_position[position.pk]:
            if parents:
                node.parent = parents[0]
                parents[0].children.append(node)
            else:
                roots.append(node)
    for node in nodes:
        node.children.sort(
            key=lambda n: (
                _ESELON_ORDER.get(n.position.eselon, 5),
                n.position.pk,
                n.agreement.pk if n.agreement else 0,
            )
        )
    today = today or timezone.localdate()
    cascade = Cascade(
        agency=agency,
        year=year,
        roots=roots,
        nodes=nodes,
        findings=[],
        approved_on=approval.approved_on if approval else None,
        overdue=actions.is_overdue(approval.approved_on if approval else None, today),
    )
    _check(cascade)
    return cascade


def _check(cascade: Cascade) -> None:
    findings = cascade.findings
    #: child agreement id → the parent lines its printed total explains
    explains: dict[int, list[str]] = defaultdict(list)
    line_findings: dict[int, list[tuple[AgreementBudget, int]]] = defaultdict(list)

    for node in cascade.nodes:
        pk = node.agreement
        if pk is None:
            continue
        children = [c for c in node.children if c.agreement is not None]
        for row in node.budget_rows:
            key = _code_key(row.code) if row.code and children else None
            if key is None:
                continue
            contributing = [
                (child, child.rows_beneath.beneath(row.code, key)) for child in children
            ]
            contributing = [(c, rows) for c, rows in contributing if rows]
            if not contributing:
                continue
            below = budget_rules.lines_total(r.amount for _, rows in contributing for r in rows)
            if below == row.amount:
                continue
            # Explained by the children's own total errors: each contributing child PK
            # covers only this line, its printed total differs from its lines, and the
            # printed totals carry this line's amount.
            whole = all(len(rows) == len(c.budget_rows) for c, rows in contributing)
            if (
                whole
                and all(c.total_differs for c, _ in contributing)
                and sum(c.agreement.printed_total or 0 for c, _ in contributing) == row.amount  # type: ignore[union-attr]
            ):
                for c, _ in contributing:
                    explains[c.agreement.pk].append(  # type: ignore[union-attr]
                        f"baris {node.number_of(row)} {row.name} pada {node.label} tercantum "
                        f"{rupiah(row.amount)}, sama dengan jumlah tercetak ini, bukan dengan "
                        "jumlah barisnya"
                    )
                continue
            line_findings[pk.pk].append((row, below))
            names = ", ".join(c.label for c, _ in contributing)
            findings.append(
                CascadeFinding(
                    "cascade_mismatch",
                    f"{node.label}: baris {node.number_of(row)} {row.name} ({row.code}) tercantum "
                    f"{rupiah(row.amount)}, sedangkan jumlah baris di bawahnya pada {names} "
                    f"adalah {rupiah(below)} (selisih {rupiah(abs(below - row.amount))}).",
                    pk.pk,
                    contributing[0][0].agreement.pk,  # type: ignore[union-attr]
                )
            )

    for node in cascade.nodes:
        pk = node.agreement
        if pk is None:
            if node.holder_name:
                message = (
                    f"Jabatan {node.position.title} ({node.holder_name}) belum memiliki PK "
                    f"tahun {cascade.year}."
                )
                if cascade.overdue and cascade.approved_on:
                    message += " " + actions.overdue_message(cascade.year, cascade.approved_on)
                findings.append(CascadeFinding("missing_agreement", message, None))
            continue
        _check_total(node, line_findings.get(pk.pk, []), explains.get(pk.pk, []), findings)
        _check_nips(node, findings)
        _check_printed_amounts(node, findings)
        _check_printed_year(node, findings)
        if cascade.overdue and pk.awaits_signature and cascade.approved_on:
            findings.append(
                CascadeFinding(
                    "unsigned_overdue",
                    f"{node.label} belum ditandatangani. "
                    + actions.overdue_message(cascade.year, cascade.approved_on),
                    pk.pk,
                    severity="warning",
                )
            )
        parent = node.parent
        if parent is not None and parent.agreement is not None:
            for row in node.target_rows:
                if row.serves_id is None:
                    findings.append(
                        CascadeFinding(
                            "unlinked_target",
                            f"{node.label}: indikator baris {node.number_of(row)} "
                            f"“{row.indicator_text}” "
                            f"belum dikaitkan dengan indikator pada {parent.label}.",
                            pk.pk,
                            parent.agreement.pk,
                            severity="warning",
                        )
                    )


def _check_total(
    node: Node,
    mismatched: list[tuple[AgreementBudget, int]],
    explains: list[str],
    findings: list[CascadeFinding],
) -> None:
    pk = node.agreement
    assert pk is not None
    if not node.total_differs:
        return
    printed = pk.printed_total
    assert printed is not None
    lines = node.lines_total
    corrected = lines + sum(below - row.amount for row, below in mismatched)
    if mismatched and corrected == printed:
        numbers = " dan ".join(node.number_of(row) for row, _ in mismatched)
        findings.append(
            CascadeFinding(
                "total_explained",
                f"{node.label}: jumlah tercetak {rupiah(printed)} berbeda dari jumlah baris "
                f"{rupiah(lines)} (selisih {rupiah(abs(printed - lines))}). Selisih ini "
                f"dijelaskan oleh baris {numbers} yang berbeda dari PK di bawahnya (lihat "
                f"temuan di atas): dengan angka PK di bawahnya jumlah barisnya "
                f"{rupiah(corrected)}, sama dengan jumlah tercetak.",
                pk.pk,
                severity="info",
            )
        )
        return
    message = (
        f"{node.label}: jumlah tercetak {rupiah(printed)} tidak sama dengan jumlah baris "
        f"{rupiah(lines)} (selisih {rupiah(abs(printed - lines))})."
    )
    if explains:
        message += " Karena itu " + "; ".join(explains) + "."
    findings.append(CascadeFinding("total_mismatch", message, pk.pk))


def _check_printed_amounts(node: Node, findings: list[CascadeFinding]) -> None:
    """Every Rupiah amount as the PK printed it, and its printed total, is well formed
    (DOMAIN §7: "Rp. 122952.700" in a Kasubag's PK)."""
    pk = node.agreement
    assert pk is not None
    printed = [
        (f"anggaran baris {row.number or row.order} ({row.name})", row.amount_printed)
        for row in node.budget_rows
    ]
    printed.append(("jumlah anggaran", pk.printed_total_text))
    for where, text in printed:
        error = rupiah_rules.printed_amount_error(text)
        if error is not None:
            findings.append(
                CascadeFinding(
                    "malformed_amount",
                    f"{node.label}: {where} tercetak “{text}”: {error}; periksa angka "
                    "yang dimaksud dan perbaiki penulisannya.",
                    pk.pk,
                )
            )


def _check_nips(node: Node, findings: list[CascadeFinding]) -> None:
    pk = node.agreement
    assert pk is not None
    for role, name, employee, printed in (
        (
            "pertama",
            pk.first_name,
            pk.first_employee,
            (("halaman pernyataan", pk.first_nip), ("lampiran", pk.first_nip_lampiran)),
        ),
        (
            "kedua",
            pk.second_name,
            pk.second_employee,
            (("halaman pernyataan", pk.second_nip), ("lampiran", pk.second_nip_lampiran)),
        ),
    ):
        places: dict[str, list[str]] = {}
        for place, text in printed:
            if text:
                places.setdefault(text, []).append(place)
        invalid = []
        valid_digits: dict[str, str] = {}
        for text, where in places.items():
            check = nip_rules.parse_nip(text)
            if check.valid and check.digits:
                valid_digits.setdefault(check.digits, text)
            else:
                invalid.append(f"“{text}” pada {' dan '.join(where)} ({'; '.join(check.errors)})")
        if invalid:
            hint = ""
            recorded = employee.nip_check if employee is not None else None
            if recorded is not None and recorded.valid and recorded.digits:
                hint = (
                    f" NIP yang tercatat pada data pegawai: "
                    f"{nip_rules.format_nip(recorded.digits)}."
                )
            findings.append(
                CascadeFinding(
                    "invalid_nip",
                    f"{node.label}: NIP pihak {role} ({name}) tidak valid: tercetak "
                    + ", ".join(invalid)
                    + "."
                    + hint,
                    pk.pk,
                )
            )
        if len(valid_digits) > 1:
            shown = " dan ".join(f"“{t}”" for t in valid_digits.values())
            findings.append(
                CascadeFinding(
                    "nip_mismatch",
                    f"{node.label}: NIP pihak {role} ({name}) tercetak berbeda pada halaman "
                    f"pernyataan dan lampiran: {shown}. Satu orang hanya memiliki satu NIP.",
                    pk.pk,
                )
            )


def _places(printed: tuple[tuple[str, str], ...]) -> dict[str, list[str]]:
    """Printed text → where it is printed ("halaman pernyataan", "lampiran")."""
    places: dict[str, list[str]] = {}
    for place, text in printed:
        if text:
            places.setdefault(text, []).append(place)
    return places


def _check_printed_year(node: Node, findings: list[CascadeFinding]) -> None:
    """A PK's printed dates and titles name its own year; one naming another is a
    misprint (a PK copied from last year's and not fully updated)."""
    pk = node.agreement
    assert pk is not None
    year = pk.year
    dates = _places(
        (
            ("halaman pernyataan", printed_date(pk)),
            ("lampiran", printed_date(pk, lampiran=True)),
        )
    )
    # Against the year of the date meant, not the PK's year: a PK may be signed late in
    # the year before (actions._check_date).
    meant = pk.date.year
    for text, where in dates.items():
        if any(y != meant for y in years_in(text)):
            shown = place_and_date(pk, lampiran=where == ["lampiran"])
            findings.append(
                CascadeFinding(
                    "date_year_mismatch",
                    f"{node.label} tahun {year} bertanggal “{text}” pada "
                    f"{' dan '.join(where)}, bukan tahun {meant}. Cetakan sakip memakai "
                    f"“{shown}”.",
                    pk.pk,
                )
            )
    titles = _places(
        (("halaman pernyataan", pk.title_printed), ("lampiran", pk.lampiran_title_printed))
    )
    for text, where in titles.items():
        if any(y != year for y in title_years(text)):
            findings.append(
                CascadeFinding(
                    "title_year_mismatch",
                    f"{node.label} tahun {year} berjudul “{text}” pada {' dan '.join(where)}, "
                    f"bukan tahun {year}. Cetakan sakip memakai judul “PERJANJIAN KINERJA "
                    f"TAHUN {year}”.",
                    pk.pk,
                )
            )
