"""The Rencana Aksi of an agency and year, in the Lampiran II layout of seed 003:
rows per sasaran, program, kegiatan and sub kegiatan with indicator, target, the
TW I–IV marks and the planned action."""

from __future__ import annotations

from sakip.measurement.models import ActionPlan
from sakip.reports.document import Cell, Document, Heading, Row, Table

LEVEL_STYLE = {"objective": "section", "program": "program", "kegiatan": "kegiatan", "subkegiatan": "subkegiatan"}


def action_plan_document(plan: ActionPlan) -> Document:
    rows = []
    for r in plan.rows.all():
        marks = [Cell("✓" if mark else "", align="center") for mark in r.quarter_marks]
        rows.append(Row([
            Cell(r.number, align="center"),
            Cell(r.name),
            Cell(r.indicator_text),
            Cell(r.target_text, align="center"),
            *marks,
            Cell(r.action),
        ], style=LEVEL_STYLE.get(r.level, "")))
    header = [
        [
            Cell("No", rowspan=2),
            Cell("Sasaran Strategis / Program / Kegiatan / Sub Kegiatan", rowspan=2),
            Cell("Indikator Kinerja", rowspan=2),
            Cell(f"Target {plan.year}", rowspan=2),
            Cell("Triwulan", colspan=4),
            Cell("Rencana Aksi", rowspan=2),
        ],
        [Cell("I"), Cell("II"), Cell("III"), Cell("IV")],
        [Cell(str(i)) for i in range(1, 10)],
    ]
    title = plan.title or f"RENCANA AKSI PENCAPAIAN SASARAN {plan.agency.name.upper()} {plan.year}"
    return Document(
        title=f"Rencana Aksi {plan.agency.name} {plan.year}",
        blocks=[
            Heading(title, 1),
            Table(header=header, rows=rows, widths=[0.7, 6, 5, 1.6, 0.6, 0.6, 0.6, 0.6, 4.5]),
        ],
        filename=f"rencana-aksi-{plan.agency.code}-{plan.year}",
        orientation="landscape",
        sheet="Rencana Aksi",
    )
