"""The PK cascade (pohon kinerja) of an agency and year, and its checks.

PKs cascade: Bupati ← Kepala OPD ← Sekretaris/Kabid ← Kasubag/JF. A budget line of a
PK (a program or kegiatan) is carried out through the lines beneath it in the PKs of
the direct subordinates; its amount must equal theirs. Checks report, in Indonesian and
naming both PKs and both amounts:
- a PK's printed total that is not the sum of its lines;
- a budget line that is not the sum of the lines beneath it in the child PKs;
- a target row of a subordinate PK that serves no row of the PK above;
- a position with a holder but no PK;
- an invalid NIP printed on a PK.

One root cause is reported once: a parent line that differs from its children only
because a child PK's lines do not add up to its own (correct) printed total is the
child's total error, already reported; a parent's printed total that becomes right once
its mismatched lines take the children's figures is explained by those line findings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sakip.agreements.models import Agreement, AgreementBudget, AgreementTarget
from sakip.organisation.models import Agency, Position, PositionHolding
from sakip.rules import codes as code_rules
from sakip.rules import formatting, quality
from sakip.rules import nip as nip_rules


@dataclass(frozen=True)
class CascadeFinding:
    code: str  # total_mismatch | cascade_mismatch | unlinked_target | missing_agreement | invalid_nip
    message: str
    agreement_id: int | None
    related_agreement_id: int | None = None
    severity: str = "error"


@dataclass
class Node:
    position: Position
    agreement: Agreement | None
    budget_rows: list[AgreementBudget] = field(default_factory=list)
    target_rows: list[AgreementTarget] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    holder_name: str = ""
    findings: list[CascadeFinding] = field(default_factory=list)

    @property
    def lines_total(self) -> int:
        return sum(r.amount for r in self.budget_rows)


@dataclass
class Cascade:
    agency: Agency
    year: int
    roots: list[Node]
    nodes: list[Node]
    findings: list[CascadeFinding]

    def errors(self) -> list[CascadeFinding]:
        return [f for f in self.findings if f.severity == "error"]


def pk_label(agreement: Agreement) -> str:
    return f"PK {agreement.year} {agreement.first_name} ({agreement.first_position_title or agreement.position.title})"


def _row_code(row: AgreementBudget) -> str | None:
    return row.code or row.parent_code or None


def _beneath(parent_code: str, row: AgreementBudget) -> bool:
    code = _row_code(row)
    if not code:
        return False
    try:
        return code_rules.parse_code(parent_code).is_ancestor_of(code_rules.parse_code(code)) or (
            not row.code and row.parent_code == parent_code
        )
    except code_rules.CodeError:
        return False


def load_cascade(agency: Agency, year: int) -> Cascade:
    """The agency's PK tree for ``year`` (latest version of each PK) and its findings.
    A fixed number of queries whatever the size of the agency."""
    positions = list(Position.objects.filter(agency=agency).select_related("superior"))
    agreements = list(
        Agreement.objects.filter(agency=agency, year=year).select_related("position").order_by("version", "pk")
    )
    latest: dict[int, list[Agreement]] = defaultdict(list)
    versions: dict[tuple[int, str], Agreement] = {}
    for a in agreements:  # keep the newest version of each (position, code) agreement
        versions[(a.position_id, a.code or str(a.pk))] = a
    for a in versions.values():
        latest[a.position_id].append(a)
    ids = [a.pk for a in versions.values()]
    budget_rows: dict[int, list[AgreementBudget]] = defaultdict(list)
    for row in AgreementBudget.objects.filter(agreement__in=ids).order_by("order"):
        budget_rows[row.agreement_id].append(row)
    target_rows: dict[int, list[AgreementTarget]] = defaultdict(list)
    for row in AgreementTarget.objects.filter(agreement__in=ids).order_by("order"):
        target_rows[row.agreement_id].append(row)
    holders: dict[int, list[str]] = defaultdict(list)
    for position_id, name in PositionHolding.objects.filter(
        position__agency=agency, year=year
    ).values_list("position_id", "employee__name"):
        holders[position_id].append(name)

    nodes_by_position: dict[int, list[Node]] = {}
    nodes: list[Node] = []
    for position in positions:
        pks = latest.get(position.pk) or [None]  # type: ignore[list-item]
        made = []
        for pk in pks:
            node = Node(
                position=position,
                agreement=pk,
                budget_rows=budget_rows.get(pk.pk, []) if pk else [],
                target_rows=target_rows.get(pk.pk, []) if pk else [],
                holder_name=", ".join(holders.get(position.pk, [])),
            )
            made.append(node)
            nodes.append(node)
        nodes_by_position[position.pk] = made
    roots: list[Node] = []
    for position in positions:
        parents = nodes_by_position.get(position.superior_id) if position.superior_id else None  # type: ignore[arg-type]
        for node in nodes_by_position[position.pk]:
            if parents:
                parents[0].children.append(node)
            else:
                roots.append(node)
    eselon_order = {"II.a": 0, "II.b": 0, "III.a": 1, "III.b": 2, "IV.a": 3, "IV.b": 3, "JF": 4, "": 5}
    for node in nodes:
        node.children.sort(key=lambda n: (eselon_order.get(n.position.eselon, 5), n.position.title, n.agreement.pk if n.agreement else 0))
    cascade = Cascade(agency=agency, year=year, roots=roots, nodes=nodes, findings=[])
    _check(cascade)
    return cascade


def _check(cascade: Cascade) -> None:
    findings = cascade.findings
    total_errors: dict[int, bool] = {}
    for node in cascade.nodes:
        pk = node.agreement
        if pk is None:
            if node.holder_name:
                findings.append(CascadeFinding(
                    "missing_agreement",
                    f"Jabatan {node.position.title} ({node.holder_name}) belum memiliki PK tahun {cascade.year}.",
                    None,
                ))
            continue
        total_errors[pk.pk] = pk.printed_total is not None and pk.printed_total != node.lines_total
        _check_nips(pk, findings)

    for node in cascade.nodes:
        pk = node.agreement
        if pk is None:
            continue
        child_pks = [c for c in node.children if c.agreement is not None]
        corrected_total = node.lines_total
        line_findings: list[CascadeFinding] = []
        for row in node.budget_rows:
            if not row.code:
                continue
            contributing = [
                (child, [r for r in child.budget_rows if _beneath(row.code, r)]) for child in child_pks
            ]
            contributing = [(c, rows) for c, rows in contributing if rows]
            if not contributing:
                continue
            below = sum(r.amount for _, rows in contributing for r in rows)
            if below == row.amount:
                continue
            # Explained by the children's own total errors: each contributing child PK
            # covers only this line, has a wrong printed total, and the printed totals
            # carry this line's amount.
            whole_children = all(len(rows) == len(c.budget_rows) for c, rows in contributing)
            if whole_children and all(total_errors.get(c.agreement.pk) for c, _ in contributing):  # type: ignore[union-attr]
                if sum(c.agreement.printed_total or 0 for c, _ in contributing) == row.amount:  # type: ignore[union-attr]
                    continue
            corrected_total += below - row.amount
            names = ", ".join(pk_label(c.agreement) for c, _ in contributing)  # type: ignore[arg-type]
            line_findings.append(CascadeFinding(
                "cascade_mismatch",
                f"{pk_label(pk)}: baris {row.number} {row.name} ({row.code}) tercantum "
                f"{formatting.format_rupiah(row.amount)}, sedangkan jumlah baris di bawahnya pada "
                f"{names} adalah {formatting.format_rupiah(below)} "
                f"(selisih {formatting.format_rupiah(abs(below - row.amount))}).",
                pk.pk,
                contributing[0][0].agreement.pk,  # type: ignore[union-attr]
            ))
        findings.extend(line_findings)

        if pk.printed_total is not None and total_errors[pk.pk]:
            finding = quality.check_total([r.amount for r in node.budget_rows], pk.printed_total, pk_label(pk))
            if line_findings and corrected_total == pk.printed_total:
                findings.append(CascadeFinding(
                    "total_explained",
                    f"{pk_label(pk)}: jumlah tercetak {formatting.format_rupiah(pk.printed_total)} "
                    f"berbeda dari jumlah baris {formatting.format_rupiah(node.lines_total)}; selisihnya "
                    "tepat sama dengan selisih baris yang tidak cocok dengan PK di bawahnya (lihat temuan di atas).",
                    pk.pk,
                    severity="info",
                ))
            elif finding is not None:
                findings.append(CascadeFinding("total_mismatch", finding.message, pk.pk))

        parent = next((n for n in cascade.nodes if node in n.children), None)
        if parent is not None and parent.agreement is not None:
            for row in node.target_rows:
                if row.serves_id is None:
                    findings.append(CascadeFinding(
                        "unlinked_target",
                        f"{pk_label(pk)}: indikator baris {row.number} \u201c{row.indicator_text}\u201d "
                        f"belum dikaitkan dengan indikator pada {pk_label(parent.agreement)}.",
                        pk.pk,
                        parent.agreement.pk,
                        severity="warning",
                    ))


def _check_nips(pk: Agreement, findings: list[CascadeFinding]) -> None:
    seen: set[str] = set()
    for role, text, place in (
        ("pihak pertama", pk.first_nip, "halaman pernyataan"),
        ("pihak pertama", pk.first_nip_lampiran, "lampiran"),
        ("pihak kedua", pk.second_nip, "halaman pernyataan"),
        ("pihak kedua", pk.second_nip_lampiran, "lampiran"),
    ):
        if not text or text in seen:
            continue
        seen.add(text)
        check = nip_rules.parse_nip(text)
        if not check.valid:
            name = pk.first_name if role == "pihak pertama" else pk.second_name
            findings.append(CascadeFinding(
                "invalid_nip",
                f"{pk_label(pk)}: NIP {role} ({name}) tercetak \u201c{text}\u201d pada {place} tidak valid: "
                f"{'; '.join(check.errors)}.",
                pk.pk,
            ))
