"""Renderers: one Document → HTML (screen), PDF (WeasyPrint), DOCX, XLSX.

A registry of exporters with one interface (pretix's pattern): views ask for a format
by name; adding a format is adding a renderer."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from sakip.reports.document import (
    Cell,
    Document,
    Flag,
    Heading,
    PageBreak,
    Paragraph,
    SignatureRow,
    Table,
)

PRINT_CSS = Path(__file__).with_name("print.css")
FONT_DIR = Path(settings.BASE_DIR) / "node_modules" / "@fontsource"


class Renderer(Protocol):
    name: str
    label: str
    content_type: str
    extension: str

    def render(self, document: Document) -> bytes: ...


@cache
def font_faces() -> str:
    """@font-face rules for the bundled fonts (file URLs: WeasyPrint reads them locally)."""
    rules = []
    for family, folder in (("Arimo", "arimo"), ("Tinos", "tinos")):
        for weight in (400, 700):
            for style in ("normal", "italic"):
                path = FONT_DIR / folder / "files" / f"{folder}-latin-{weight}-{style}.woff"
                if path.exists():
                    rules.append(
                        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                        f'font-style: {style}; src: url("{path.as_uri()}"); }}'
                    )
    return "\n".join(rules)


def print_html(document: Document) -> str:
    css = font_faces() + "\n" + PRINT_CSS.read_text(encoding="utf-8")
    paper = "210mm 330mm" if document.paper == "F4" else "A4"
    return render_to_string(
        "reports/print.html",
        {"document": document, "print_css": css, "paper_css": paper},
    )


class PdfRenderer:
    name = "pdf"
    label = "PDF"
    content_type = "application/pdf"
    extension = "pdf"

    def render(self, document: Document) -> bytes:
        from weasyprint import HTML  # imported lazily: heavy, and only needed here

        html = print_html(document)
        # base_url None: a document never loads anything but the bundled fonts.
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- XLSX


class XlsxRenderer:
    name = "xlsx"
    label = "Excel"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def render(self, document: Document) -> bytes:
        from openpyxl import Workbook
        from openpyxl.cell.cell import TYPE_STRING
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.utils import get_column_letter

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = document.sheet[:31]
        thin = Side(style="thin", color="000000")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        header_fill = PatternFill("solid", fgColor="E8E8E8")
        flag_fill = PatternFill("solid", fgColor="FDE2E1")

        def write_text(row: int, col: int, text: str) -> object:
            cell = sheet.cell(row=row, column=col)
            cell.value = text
            # Stored as a string whatever it starts with: never a formula (no "=..." injection).
            cell.data_type = TYPE_STRING
            return cell

        row_no = 1
        max_cols = 1
        for block in document.blocks:
            if isinstance(block, Heading):
                c = write_text(row_no, 1, block.text)
                c.font = Font(bold=True, size=12 if block.level == 1 else 11)  # type: ignore[attr-defined]
                row_no += 1
            elif isinstance(block, Paragraph):
                text = f"{block.label} : {block.text}" if block.label is not None else block.text
                write_text(row_no, 1, text)
                row_no += 1
            elif isinstance(block, Flag):
                c = write_text(row_no, 1, "PERHATIAN: " + block.message)
                c.fill = flag_fill  # type: ignore[attr-defined]
                row_no += 1
            elif isinstance(block, SignatureRow):
                row_no += 1
                for col, sig in ((1, block.left), (max(4, max_cols - 3), block.right)):
                    if sig is None:
                        continue
                    lines = [
                        sig.place_date,
                        *sig.heading_lines,
                        "",
                        "",
                        sig.name,
                        sig.pangkat,
                        f"NIP. {sig.nip}" if sig.nip else "",
                    ]
                    for i, line in enumerate(x for x in lines if x is not None):
                        c = write_text(row_no + i, col, line)
                        if line == sig.name:
                            c.font = Font(bold=True, underline="single")  # type: ignore[attr-defined]
                row_no += 9
            elif isinstance(block, PageBreak):
                row_no += 1
            elif isinstance(block, Table):
                row_no += 1
                occupied: set[tuple[int, int]] = set()

                def place(cells: list[Cell], header: bool) -> None:
                    nonlocal row_no, max_cols
                    col = 1
                    for cell in cells:
                        while (row_no, col) in occupied:
                            col += 1
                        target = sheet.cell(row=row_no, column=col)
                        numeric = (
                            cell.kind in ("number", "money", "percent") and cell.value is not None
                        )
                        if numeric:
                            value = cell.value
                            target.value = int(value) if cell.kind == "money" else value  # type: ignore[assignment]
                            target.number_format = (
                                "#,##0"
                                if cell.kind == "money"
                                else "#,##0.00"
                                if cell.kind == "percent"
                                else "General"
                            )
                        else:
                            write_text(row_no, col, cell.text)
                        target.border = border
                        target.alignment = Alignment(
                            horizontal="center" if header else cell.alignment,
                            vertical="center" if header else "top",
                            wrap_text=True,
                        )
                        if header:
                            target.font = Font(bold=True)
                            target.fill = header_fill
                        elif cell.bold:
                            target.font = Font(bold=True)
                        if cell.flags:
                            target.fill = flag_fill
                            from openpyxl.comments import Comment

                            target.comment = Comment(" ".join(cell.flags), "sakip")
                        if cell.colspan > 1 or cell.rowspan > 1:
                            sheet.merge_cells(
                                start_row=row_no,
                                start_column=col,
                                end_row=row_no + cell.rowspan - 1,
                                end_column=col + cell.colspan - 1,
                            )
                            for r in range(row_no, row_no + cell.rowspan):
                                for cc in range(col, col + cell.colspan):
                                    occupied.add((r, cc))
                        col += cell.colspan
                    max_cols = max(max_cols, col - 1)
                    row_no += 1

                for hrow in block.header:
                    place(hrow, header=True)
                for row in block.rows:
                    place(row.cells, header=False)
                if block.widths:
                    total = sum(block.widths)
                    for i, w in enumerate(block.widths, start=1):
                        sheet.column_dimensions[get_column_letter(i)].width = max(
                            6, 160 * w / total
                        )
                row_no += 1
        sheet.sheet_view.showGridLines = False
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


# --------------------------------------------------------------------------- DOCX


class DocxRenderer:
    name = "docx"
    label = "Word"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    extension = "docx"

    def render(self, document: Document) -> bytes:
        from docx import Document as WordDocument
        from docx.enum.section import WD_ORIENT
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
        from docx.shared import Cm, Pt

        word = WordDocument()
        section = word.sections[0]
        if document.paper == "F4":
            section.page_width, section.page_height = Cm(21.0), Cm(33.0)
        if document.orientation == "landscape":
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
            for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, side, Cm(1.2))
        else:
            section.left_margin, section.right_margin = Cm(2.5), Cm(2)
        style = word.styles["Normal"]
        style.font.name = "Arial"
        style.font.size = Pt(8 if document.orientation == "landscape" else 11)
        align = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }
        for line_no, line in enumerate(document.letterhead):
            p = word.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(line)
            run.bold = line_no < 2

        for block in document.blocks:
            if isinstance(block, Heading):
                p = word.add_paragraph()
                p.alignment = align[block.align]
                run = p.add_run(block.text)
                run.bold = True
            elif isinstance(block, Paragraph):
                p = word.add_paragraph()
                p.alignment = align[block.align]
                if block.label is not None:
                    p.paragraph_format.left_indent = Cm(1.2)
                    p.add_run(f"{block.label}\t: ")
                run = p.add_run(block.text)
                run.bold = block.bold
            elif isinstance(block, Flag):
                if block.print:
                    word.add_paragraph("PERHATIAN: " + block.message)
            elif isinstance(block, PageBreak):
                word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            elif isinstance(block, SignatureRow):
                table = word.add_table(rows=1, cols=2)
                table.alignment = WD_TABLE_ALIGNMENT.CENTER
                for cell, sig in zip(table.rows[0].cells, (block.left, block.right), strict=True):
                    if sig is None:
                        continue
                    lines = (
                        [sig.place_date, *sig.heading_lines]
                        if sig.place_date
                        else list(sig.heading_lines)
                    )
                    cell.paragraphs[0].text = lines[0] if lines else ""
                    for line in lines[1:]:
                        cell.add_paragraph(line)
                    cell.add_paragraph("")
                    cell.add_paragraph("")
                    name = cell.add_paragraph().add_run(sig.name)
                    name.bold = True
                    name.underline = True
                    if sig.pangkat:
                        cell.add_paragraph(sig.pangkat)
                    if sig.nip:
                        cell.add_paragraph(f"NIP. {sig.nip}")
                    for paragraph in cell.paragraphs:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif isinstance(block, Table):
                self._table(word, block)
        buffer = io.BytesIO()
        word.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _table(word: object, block: Table) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        ncols = block.column_count
        all_rows = [(r, True) for r in block.header] + [(r.cells, False) for r in block.rows]
        table = word.add_table(rows=len(all_rows), cols=ncols)  # type: ignore[attr-defined]
        table.style = "Table Grid"
        occupied: set[tuple[int, int]] = set()
        for r, (cells, header) in enumerate(all_rows):
            col = 0
            for cell in cells:
                while (r, col) in occupied:
                    col += 1
                if col >= ncols:
                    break
                target = table.cell(r, col)
                end_r, end_c = r + cell.rowspan - 1, min(ncols - 1, col + cell.colspan - 1)
                if end_r > r or end_c > col:
                    target = target.merge(table.cell(end_r, end_c))
                    for rr in range(r, end_r + 1):
                        for cc in range(col, end_c + 1):
                            occupied.add((rr, cc))
                target.text = cell.text
                for paragraph in target.paragraphs:
                    paragraph.alignment = {
                        "left": WD_ALIGN_PARAGRAPH.LEFT,
                        "right": WD_ALIGN_PARAGRAPH.RIGHT,
                        "center": WD_ALIGN_PARAGRAPH.CENTER,
                    }["center" if header else cell.alignment]
                    for run in paragraph.runs:
                        run.bold = header or cell.bold
                col = end_c + 1


RENDERERS: dict[str, Renderer] = {
    r.name: r for r in (PdfRenderer(), DocxRenderer(), XlsxRenderer())
}


def download(document: Document, fmt: str) -> HttpResponse:
    renderer = RENDERERS[fmt]
    response = HttpResponse(renderer.render(document), content_type=renderer.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{document.filename}.{renderer.extension}"'
    )
    return response
