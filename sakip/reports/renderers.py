"""Renderers: one Document → HTML (screen), PDF (WeasyPrint), DOCX, XLSX.

A registry of exporters with one interface (pretix's pattern): views ask for a format
by name; adding a format is adding a renderer."""

from __future__ import annotations

import io
import re
from dataclasses import fields, is_dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Protocol, cast

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from sakip.reports.document import (
    Block,
    Cell,
    Chart,
    Contents,
    Document,
    Flag,
    Heading,
    Notes,
    PageBreak,
    Paragraph,
    SignatureRow,
    Table,
)
from sakip.rules.decimals import decimal_places

PRINT_CSS = Path(__file__).with_name("print.css")
FONT_DIR = Path(settings.BASE_DIR) / "node_modules" / "@fontsource"


#: Characters XML 1.0 forbids (§2.2 Char): C0 controls other than tab, line feed and
#: carriage return, lone surrogates, U+FFFE and U+FFFF. Text pasted from Word carries
#: them (Shift+Enter is a vertical tab); python-docx and openpyxl refuse them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """The text with what XML cannot carry made safe: a vertical tab or form feed (a
    line or page break in Word) becomes a line break, any other illegal character is
    dropped."""
    return _XML_ILLEGAL.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))


def _xml_safe_value(value: object) -> object:
    """The value made XML-safe: the very same object when nothing in it changes (a
    700-row form has some 20,000 cells; copying them all cost a quarter of a second)."""
    if isinstance(value, str):
        safe = xml_safe(value)
        return value if safe == value else safe
    if isinstance(value, list):
        items = [_xml_safe_value(item) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in fields(value):
            current = getattr(value, f.name)
            safe = _xml_safe_value(current)
            if safe is not current:
                changes[f.name] = safe
        return replace(value, **changes) if changes else value
    return value


def xml_safe_document(document: Document) -> Document:
    """The document with every text :func:`xml_safe` (a copy of what changes); every
    renderer renders this, so a character pasted into any text cannot break a
    download."""
    return cast(Document, _xml_safe_value(document))


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


def paper_size(document: Document) -> str:
    """The CSS ``@page size``: F4 is 210 × 330 mm (Indonesian folio); lengths carry the
    orientation themselves (``size: 330mm 210mm``, not ``210mm 330mm landscape``,
    which CSS rejects)."""
    if document.paper == "F4":
        return "330mm 210mm" if document.orientation == "landscape" else "210mm 330mm"
    return f"A4 {document.orientation}"


def print_html(document: Document) -> str:
    css = font_faces() + "\n" + PRINT_CSS.read_text(encoding="utf-8")
    return render_to_string(
        "reports/print.html",
        {"document": document, "print_css": css, "paper_css": paper_size(document)},
    )


class PdfRenderer:
    name = "pdf"
    label = "PDF"
    content_type = "application/pdf"
    extension = "pdf"

    def render(self, document: Document) -> bytes:
        from sakip.reports import pdf_forms

        if pdf_forms.handles(document):
            # A form (tables, paragraphs, signatures): ReportLab sets it in a fraction
            # of WeasyPrint's time and memory (issue 11; pdf_forms.py says why).
            pdf = pdf_forms.render(xml_safe_document(document))
        else:
            pdf = self.weasyprint(document)
        if not document.appendices:
            return pdf
        # Each appendix keeps its own layout (a landscape form after a portrait report):
        # rendered apart, bound after the document with pypdf.
        from pypdf import PdfWriter

        writer = PdfWriter()
        for part in [pdf, *(self.render(a) for a in document.appendices)]:
            writer.append(io.BytesIO(part))
        bound = io.BytesIO()
        writer.write(bound)
        return bound.getvalue()

    def weasyprint(self, document: Document) -> bytes:
        """A document with charts or a table of contents (the LKjIP): print.html and
        print.css through WeasyPrint."""
        from weasyprint import HTML  # imported lazily: heavy, and only needed here

        html = print_html(xml_safe_document(document))
        # The base URL only resolves the bundled fonts (file URLs); nothing is fetched.
        pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
        return pdf


# --------------------------------------------------------------------------- XLSX

ERROR_FILL = "FDE2E1"
#: Row styles printed bold (print.css does the same on paper).
BOLD_ROWS = frozenset({"urusan", "bidang", "program", "total", "footer"})
WARNING_FILL = "FFF4CE"
HEADER_FILL = "E8E8E8"
#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _number_format(cell: Cell) -> str:
    """Excel's display of a figure: whole Rupiah with thousands; a percentage or a K
    figure with exactly the decimals shown on screen (the value written is the displayed
    one, so Excel cannot round it differently)."""
    if cell.kind == "money":
        return "#,##0"
    value = cell.value
    places = decimal_places(value) if value is not None else 0
    return "#,##0" + ("." + "0" * places if places else "")


class XlsxRenderer:
    name = "xlsx"
    label = "Excel"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def render(self, document: Document) -> bytes:
        from openpyxl import Workbook

        document = xml_safe_document(document)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = document.sheet[:31]
        writer = _XlsxWriter(sheet)
        for block in document.blocks:
            writer.block(block)
        sheet.sheet_view.showGridLines = False
        sheet.page_setup.orientation = document.orientation
        # ECMA-376 paper size 14 is "Folio" (8,5 × 13 in), the F4 the forms are printed on.
        sheet.page_setup.paperSize = 14 if document.paper == "F4" else sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class _XlsxWriter:
    """Writes blocks one under the other on one sheet. Numbers are written as numbers;
    every text is written as a string cell, so a text starting with "=" never becomes
    a formula; a text that a spreadsheet would read as a formula once the cell is
    edited or the sheet saved as CSV also gets Excel's quote prefix (the hidden
    apostrophe), so it stays text there too."""

    def __init__(self, sheet: object) -> None:
        from openpyxl.styles import Border, Side

        self.sheet = sheet
        self.row = 1
        self.columns = 1
        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)

    def text(self, row: int, col: int, text: str) -> object:
        from openpyxl.cell.cell import TYPE_STRING

        cell = self.sheet.cell(row=row, column=col)  # type: ignore[attr-defined]
        cell.value = text
        cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        return cell

    def block(self, block: Block) -> None:
        from openpyxl.styles import Font, PatternFill

        if isinstance(block, Heading):
            cell = self.text(self.row, 1, block.text)
            cell.font = Font(bold=True, size=12 if block.level == 1 else 11)  # type: ignore[attr-defined]
            self.row += 1
        elif isinstance(block, Paragraph):
            text = f"{block.label} : {block.text}" if block.label is not None else block.text
            self.text(self.row, 1, text)
            self.row += 1
        elif isinstance(block, Flag):
            cell = self.text(self.row, 1, "PERHATIAN: " + block.message)
            cell.fill = PatternFill("solid", fgColor=ERROR_FILL)  # type: ignore[attr-defined]
            self.row += 1
        elif isinstance(block, Notes):
            self.row += 1
            cell = self.text(self.row, 1, block.title)
            cell.font = Font(bold=True)  # type: ignore[attr-defined]
            self.row += 1
            if block.intro:
                self.text(self.row, 1, block.intro)
                self.row += 1
            for note in block.notes:
                cell = self.text(self.row, 1, f"[{note.ref}] {note.message}")
                colour = ERROR_FILL if note.severity == "error" else WARNING_FILL
                cell.fill = PatternFill("solid", fgColor=colour)  # type: ignore[attr-defined]
                self.row += 1
        elif isinstance(block, SignatureRow):
            self.signatures(block)
        elif isinstance(block, PageBreak):
            self.row += 1
        elif isinstance(block, Chart):
            # A chart is drawn on the page, PDF and DOCX; in Excel its figures are the
            # table printed beside it.
            self.text(self.row, 1, block.caption)
            self.row += 1
        elif isinstance(block, Table):
            self.table(block)

    def signatures(self, block: SignatureRow) -> None:
        from openpyxl.styles import Font

        self.row += 1
        right = max(4, self.columns - 4)
        for col, sig in ((2, block.left), (right, block.right)):
            if sig is None:
                continue
            lines = [sig.place_date, *sig.heading_lines, "", "", sig.name, sig.pangkat]
            lines.append(f"NIP. {sig.nip}" if sig.nip else "")
            for offset, line in enumerate(lines):
                if not line:
                    continue
                cell = self.text(self.row + offset, col, line)
                if line == sig.name:
                    cell.font = Font(bold=True, underline="single")  # type: ignore[attr-defined]
        self.row += 9

    def table(self, block: Table) -> None:
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        self.row += 1
        first_row = self.row
        placed = _place(block)
        widths = _xlsx_widths(block, placed)
        heights: dict[int, float] = {}
        for r, col, cell, header, style in placed:
            row = first_row + r
            target = self.sheet.cell(row=row, column=col + 1)  # type: ignore[attr-defined]
            if cell.kind in ("number", "money", "percent") and cell.value is not None:
                target.value = int(cell.value) if cell.kind == "money" else cell.value
                target.number_format = _number_format(cell)
            else:
                self.text(row, col + 1, cell.text)
            target.border = self.border
            target.alignment = Alignment(
                horizontal="center" if header else cell.alignment,
                vertical="center" if header else "top",
                wrap_text=True,
            )
            bold = header or cell.bold or style in BOLD_ROWS
            target.font = Font(bold=bold, size=XLSX_FONT_SIZE)
            if header:
                target.fill = PatternFill("solid", fgColor=HEADER_FILL)
            if cell.notes:
                colour = ERROR_FILL if cell.severity == "error" else WARNING_FILL
                target.fill = PatternFill("solid", fgColor=colour)
                text = "\n".join(f"[{n.ref}] {n.message}" for n in cell.notes)
                if cell.printed is not None:
                    text += f"\n(tercetak: {cell.printed})"
                target.comment = Comment(text, "sakip", width=320, height=160)
            if cell.colspan > 1 or cell.rowspan > 1:
                self.sheet.merge_cells(  # type: ignore[attr-defined]
                    start_row=row,
                    start_column=col + 1,
                    end_row=row + cell.rowspan - 1,
                    end_column=col + cell.colspan,
                )
            # Rows get the height their longest wrapped text needs (openpyxl cannot
            # auto-fit, and a spreadsheet does not for rows a program wrote).
            span = sum(widths[col : col + cell.colspan])
            lines = sum(
                max(1, -(-len(part) // max(1, int(span * 1.1)))) for part in cell.text.split("\n")
            )
            for offset in range(cell.rowspan):
                line_height = lines / cell.rowspan
                heights[row + offset] = max(heights.get(row + offset, 1), line_height)
            self.columns = max(self.columns, col + cell.colspan)
        self.row = first_row + len(block.header) + len(block.rows)
        for row, lines in heights.items():
            self.sheet.row_dimensions[row].height = round(lines * 11.5 + 3, 1)  # type: ignore[attr-defined]
        header_rows = len(block.header)
        if header_rows and not self.sheet.print_title_rows:  # type: ignore[attr-defined]
            # The first table is the report's: its header repeats on every printed page
            # and stays in view while scrolling.
            last_header = first_row + header_rows - 1
            self.sheet.print_title_rows = f"{first_row}:{last_header}"  # type: ignore[attr-defined]
            self.sheet.freeze_panes = f"A{last_header + 1}"  # type: ignore[attr-defined]
        for i, width in enumerate(widths, start=1):
            letter = get_column_letter(i)
            current = self.sheet.column_dimensions[letter].width  # type: ignore[attr-defined]
            self.sheet.column_dimensions[letter].width = max(width, current or 0)  # type: ignore[attr-defined]
        self.row += 1


XLSX_FONT_SIZE = 9


def _place(block: Table) -> list[tuple[int, int, Cell, bool, str]]:
    """Each cell with its (row, column) in the grid, merged areas skipped."""
    placed: list[tuple[int, int, Cell, bool, str]] = []
    occupied: set[tuple[int, int]] = set()
    rows = [(r, True, "") for r in block.header] + [(r.cells, False, r.style) for r in block.rows]
    for r, (cells, header, style) in enumerate(rows):
        col = 0
        for cell in cells:
            while (r, col) in occupied:
                col += 1
            placed.append((r, col, cell, header, style))
            for rr in range(r, r + cell.rowspan):
                for cc in range(col, col + cell.colspan):
                    occupied.add((rr, cc))
            col += cell.colspan
    return placed


def _xlsx_widths(block: Table, placed: list[tuple[int, int, Cell, bool, str]]) -> list[float]:
    """Column widths in Excel's units (about one digit of the default font): every
    figure fits unwrapped (no "####"), text columns as the document proportions them."""
    count = block.column_count
    total = sum(block.widths) if block.widths else 0
    widths = [max(4.0, 230 * w / total) if total else 12.0 for w in (block.widths or [1.0] * count)]
    for _r, col, cell, header, _style in placed:
        if header or cell.colspan != 1 or col >= count:
            continue
        if cell.kind in ("number", "money", "percent"):
            widths[col] = max(widths[col], len(cell.text) * 0.95 + 2)
    return widths


# --------------------------------------------------------------------------- DOCX


class DocxRenderer:
    name = "docx"
    label = "Word"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    extension = "docx"

    def render(self, document: Document) -> bytes:
        from docx import Document as WordDocument
        from docx.enum.section import WD_SECTION
        from docx.shared import Pt

        document = xml_safe_document(document)
        word = WordDocument()
        section = word.sections[0]
        self._page_setup(section, document)
        style = word.styles["Normal"]
        style.font.name = "Arial"
        style.font.size = Pt(7 if document.orientation == "landscape" else 11)
        style.paragraph_format.space_after = Pt(0)
        self._write(word, section, document)
        # The lampiran (an LKjIP's signed PK, Rencana Aksi, Evaluasi Renja) follow in the
        # same file, each in its own section with its own paper and orientation, as the
        # PDF binds them.
        for appendix in document.appendices:
            appendix = xml_safe_document(appendix)
            section = word.add_section(WD_SECTION.NEW_PAGE)
            self._page_setup(section, appendix)
            if appendix.status_mark != document.status_mark:
                # Its own mark (or none): a header of its own, not the report's.
                section.header.is_linked_to_previous = False
            paragraphs, tables = len(word.paragraphs), len(word.tables)
            self._write(word, section, appendix, book=False)
            if appendix.orientation != document.orientation:
                # The base size is the report's: the appendix's text takes its own.
                text_size = Pt(7 if appendix.orientation == "landscape" else 11)
                written = list(word.paragraphs[paragraphs:])
                for table in word.tables[tables:]:
                    written += [p for row in table.rows for c in row.cells for p in c.paragraphs]
                for paragraph in written:
                    for run in paragraph.runs:
                        if run.font.size is None:
                            run.font.size = text_size
        buffer = io.BytesIO()
        word.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _page_setup(section: Any, document: Document) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm

        section.page_width, section.page_height = (
            (Cm(21.0), Cm(33.0)) if document.paper == "F4" else (Cm(21.0), Cm(29.7))
        )
        if document.orientation == "landscape":
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
            for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, side, Cm(1.0))
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.left_margin, section.right_margin = Cm(2.5), Cm(2)
            section.top_margin = section.bottom_margin = Cm(2.54)

    def _write(self, word: Any, section: Any, document: Document, book: bool = True) -> None:
        """The letterhead, the status mark, the page numbers and the blocks of
        ``document`` into ``section`` (the last one of ``word``)."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
        from docx.oxml import OxmlElement
        from docx.shared import Cm, Pt, RGBColor

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

        if document.status_mark and not section.header.paragraphs[0].text:
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            mark = header.add_run(document.status_mark)
            mark.bold = True
            mark.font.color.rgb = RGBColor(0xB4, 0x23, 0x18)
        if document.book and book:
            _page_number_footer(section)
        for block in document.blocks:
            if isinstance(block, Heading):
                p = word.add_paragraph()
                p.alignment = align[block.align]
                if block.anchor:
                    # A Word heading style: the TOC field lists it.
                    p.style = word.styles[f"Heading {min(block.level, 3)}"]
                run = p.add_run(block.text)
                run.bold = True
                if block.anchor:
                    run.font.color.rgb = RGBColor(0, 0, 0)
                    run.font.name = "Arial"
                    run.font.size = Pt(13 if block.level == 1 else 11)
            elif isinstance(block, Chart):
                from sakip.reports import charts

                p = word.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.add_run().add_picture(io.BytesIO(charts.png(block)), width=Cm(15))
                caption = word.add_paragraph()
                caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
                caption.add_run(block.caption).bold = True
            elif isinstance(block, Contents):
                title = word.add_paragraph()
                title.alignment = WD_ALIGN_PARAGRAPH.CENTER
                title.add_run(block.title).bold = True
                _contents_field(
                    word,
                    [
                        (" ".join(h.text.split()), h.level)
                        for h in document.blocks
                        if isinstance(h, Heading) and h.anchor and h.level <= 2
                    ],
                )
            elif isinstance(block, Paragraph):
                p = word.add_paragraph()
                p.alignment = align[block.align]
                if block.label is not None:
                    # "Nama : …" / "Jabatan : …": the colons under each other, as in
                    # print.css (label 2,6 cm after a 1,2 cm indent).
                    p.paragraph_format.left_indent = Cm(1.2)
                    p.paragraph_format.tab_stops.add_tab_stop(Cm(3.8))
                    p.paragraph_format.space_after = Pt(3)
                    p.add_run(f"{block.label}\t: ")
                else:
                    p.paragraph_format.space_after = Pt(6)  # print.css .doc-p
                run = p.add_run(block.text)
                run.bold = block.bold
            elif isinstance(block, Flag):
                if block.print:
                    word.add_paragraph("PERHATIAN: " + block.message)
            elif isinstance(block, Notes):
                title = word.add_paragraph()
                title.paragraph_format.space_before = Pt(6)
                title.add_run(block.title).bold = True
                if block.intro:
                    word.add_paragraph(block.intro)
                for note in block.notes:
                    p = word.add_paragraph()
                    ref = p.add_run(f"[{note.ref}] ")
                    ref.bold = True
                    ref.font.color.rgb = RGBColor(0xB4, 0x23, 0x18)
                    p.add_run(note.message)
            elif isinstance(block, PageBreak):
                word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            elif isinstance(block, SignatureRow):
                table = word.add_table(rows=1, cols=2)
                table.alignment = WD_TABLE_ALIGNMENT.CENTER
                # A signature block never splits across pages.
                table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
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
                    for _ in range(4):
                        cell.add_paragraph("")
                    name = cell.add_paragraph().add_run(sig.name or " ")
                    name.bold = True
                    name.underline = True
                    if sig.pangkat:
                        cell.add_paragraph(sig.pangkat)
                    if sig.nip:
                        cell.add_paragraph(f"NIP. {sig.nip}")
                    for paragraph in cell.paragraphs:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif isinstance(block, Table):
                usable = section.page_width - section.left_margin - section.right_margin
                self._table(word, block, usable)
                # Two tables with nothing between them are one table to Word (a PK's
                # target and budget tables, a table and its signature blocks).
                word.add_paragraph().paragraph_format.space_after = Pt(2)

    @staticmethod
    def _table(word: object, block: Table, page_width: int) -> None:
        """The table, merged cells placed first; then each row's cells are read once.
        Cells are reached through their row: python-docx's ``table.cell(r, c)`` rebuilds
        the whole grid on every call, which makes a 60-row form take a minute."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        ncols = block.column_count
        all_rows = [(r, True) for r in block.header] + [(r.cells, False) for r in block.rows]
        strong = {len(block.header) + i for i, r in enumerate(block.rows) if r.style in BOLD_ROWS}
        table = word.add_table(rows=len(all_rows), cols=ncols)  # type: ignore[attr-defined]
        table.style = "Table Grid"
        table.autofit = False
        properties = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")  # the computed widths, not Word's guess
        properties.append(layout)
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            # Word's default 1,9 mm each side would wrap a 14-digit Rupiah figure.
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), "40")
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        properties.append(margins)
        size = Pt(float(block.font_size.removesuffix("pt"))) if block.font_size else None
        for r in range(len(block.header)):
            # Repeat the header rows on every page (w:tblHeader).
            properties = table.rows[r]._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            properties.append(repeat)

        placed: list[tuple[int, int, Cell, bool]] = []
        occupied: set[tuple[int, int]] = set()
        for r, (cells, header) in enumerate(all_rows):
            col = 0
            for cell in cells:
                while (r, col) in occupied:
                    col += 1
                if col >= ncols:
                    break
                end_r, end_c = r + cell.rowspan - 1, min(ncols - 1, col + cell.colspan - 1)
                if end_r > r or end_c > col:
                    start_cell = table.rows[r].cells[col]
                    start_cell.merge(table.rows[end_r].cells[end_c])
                    for rr in range(r, end_r + 1):
                        for cc in range(col, end_c + 1):
                            occupied.add((rr, cc))
                placed.append((r, col, cell, header))
                col = end_c + 1

        widths = []
        if block.widths:
            total = sum(block.widths)
            widths = [int(page_width * w / total) for w in block.widths]
            for column, width in zip(table.columns, widths, strict=False):
                column.width = width
        alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
        }
        row_cells: list[object] = []
        current = -1
        for r, col, cell, header in placed:
            if r != current:
                current = r
                row_cells = list(table.rows[r].cells)
                if widths:
                    # A merged cell appears once per grid column it spans: its width is
                    # the sum of those columns'.
                    spans: dict[int, tuple[object, int]] = {}
                    for index, grid_cell in enumerate(row_cells[: len(widths)]):
                        key = id(grid_cell._tc)  # type: ignore[attr-defined]
                        known = spans.get(key, (grid_cell, 0))
                        spans[key] = (known[0], known[1] + widths[index])
                    for grid_cell, width in spans.values():
                        grid_cell.width = width  # type: ignore[attr-defined]
            target = row_cells[col]
            paragraph = target.paragraphs[0]  # type: ignore[attr-defined]
            for extra in target.paragraphs[1:]:  # type: ignore[attr-defined]
                # A merged cell keeps one paragraph per merged cell: drop the empty rest.
                extra._p.getparent().remove(extra._p)
            run = paragraph.add_run(cell.text)
            run.bold = header or cell.bold or r in strong
            if size is not None:
                # Figures a little smaller than text, as on paper (print.css).
                figure = cell.kind in ("number", "money", "percent") and not header
                run.font.size = Pt(size.pt * 0.92) if figure else size
            if cell.notes:
                mark = paragraph.add_run(f" [{cell.refs}]")
                mark.font.superscript = True
                mark.bold = True
                mark.font.color.rgb = RGBColor(0xB4, 0x23, 0x18)
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:fill"), ERROR_FILL if cell.severity == "error" else WARNING_FILL)
                target._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]
            paragraph.alignment = alignment["center" if header else cell.alignment]


def _field(paragraph: object, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, TOC …) in the paragraph: Word computes it on opening."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()  # type: ignore[attr-defined]
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(separate)
    paragraph.add_run(placeholder)  # type: ignore[attr-defined]
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)  # type: ignore[attr-defined]


def _contents_field(word: object, entries: list[tuple[str, int]]) -> None:
    """The table of contents as a Word TOC field whose shown result is already the list
    of chapters (without page numbers, which only Word's pagination knows): a reader
    that does not update fields (LibreOffice, a phone) still shows the contents, and
    Word fills the page numbers in when it updates the field on opening."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    def fld_char(kind: str) -> object:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        return element

    rows = entries or [("Perbarui daftar isi: klik kanan, Update Field.", 1)]
    paragraphs = []
    for text, level in rows:
        paragraph = word.add_paragraph()  # type: ignore[attr-defined]
        if level > 1:
            paragraph.paragraph_format.left_indent = Cm(1)
        paragraphs.append((paragraph, text))
    first = paragraphs[0][0].add_run()
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    for element in (fld_char("begin"), instruction, fld_char("separate")):
        first._r.append(element)
    for paragraph, text in paragraphs:
        paragraph.add_run(text)
    paragraphs[-1][0].add_run()._r.append(fld_char("end"))


def _page_number_footer(section: object) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    footer = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Halaman ")
    _field(footer, "PAGE", "1")


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
