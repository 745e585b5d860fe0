"""The Rencana Aksi of an agency and year, in the Lampiran II layout of seed 003: one
table with rows per sasaran, program, kegiatan and sub kegiatan — number, name,
indicator, the year's target, a ✓ in each triwulan (TW I–IV) the work is planned for,
and the planned action — signed under the table by the head of the agency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sakip.reports.document import Cell, Document, Heading, Row, Signature, SignatureRow, Table
from sakip.rules import nip as nip_rules

if TYPE_CHECKING:  # documents read what loaders fetched; they never query
    from sakip.measurement.models import ActionPlan

LEVEL_STYLE = {
    "objective": "section",
    "program": "program",
    "kegiatan": "kegiatan",
    "subkegiatan": "subkegiatan",
}
CHECK = "✓"


@dataclass(frozen=True)
class Signer:
    """Who signs under the table (seed 003: the Kepala Badan, no place or date)."""

    title: str
    name: str
    pangkat: str = ""
    nip: str = ""


def _grouped_nip(text: str) -> str:
    check = nip_rules.parse_nip(text)
    return nip_rules.format_nip(check.digits) if check.valid and check.digits else text


def action_plan_document(plan: ActionPlan, signer: Signer | None = None) -> Document:
    """``plan`` should come with its rows prefetched (one query for any number of rows)."""
    rows = []
    for r in sorted(plan.rows.all(), key=lambda r: r.order):
        marks = [Cell(CHECK if mark else "", align="center") for mark in r.quarter_marks]
        rows.append(
            Row(
                [
                    Cell(r.number, align="center"),
                    Cell(r.name),
                    Cell(r.indicator_text),
                    Cell(r.target_text, align="center"),
                    *marks,
                    Cell(r.action),
                ],
                style=LEVEL_STYLE.get(r.level, ""),
            )
        )
    header = [
        [
            Cell("NO", rowspan=2),
            Cell("SASARAN STRATEGIS / PROGRAM / KEGIATAN / SUB KEGIATAN", rowspan=2),
            Cell("INDIKATOR KINERJA", rowspan=2),
            Cell(f"TARGET {plan.year}", rowspan=2),
            Cell("TRIWULAN", colspan=4),
            Cell("RENCANA AKSI", rowspan=2),
        ],
        [Cell("I"), Cell("II"), Cell("III"), Cell("IV")],
        [Cell(str(i)) for i in range(1, 10)],
    ]
    agency = plan.agency
    title = plan.title or (
        f"RENCANA AKSI PENCAPAIAN SASARAN {agency.name.upper()} "
        f"{agency.pemda.name.upper()} {plan.year}"
    )
    blocks: list = [
        Heading(title, 1),
        Table(header=header, rows=rows, widths=[0.8, 6, 5.4, 1.5, 0.55, 0.55, 0.55, 0.55, 4.6]),
    ]
    if signer is not None:
        blocks.append(
            SignatureRow(
                left=None,
                right=Signature(
                    heading_lines=[line for line in signer.title.split("\n") if line.strip()],
                    name=signer.name,
                    pangkat=signer.pangkat,
                    nip=_grouped_nip(signer.nip) if signer.nip else "",
                ),
            )
        )
    return Document(
        title=f"Rencana Aksi {agency.name} {plan.year}",
        blocks=blocks,
        filename=f"rencana-aksi-{agency.code}-{plan.year}",
        orientation="landscape",
        sheet="Rencana Aksi",
    )
