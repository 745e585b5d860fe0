"""The PDF of a form (ReportLab): every document without charts or a table of contents.

WeasyPrint lays out a table cell by cell through the whole CSS machinery: the Evaluasi
Renja of a ~700-row agency took it ~25 s and ~400 MB (39 pages), the PK cascade of the
demo's Kesbangpol ~4 s for 30 pages, far from issue 11's aims (5 s and 200 MB; 1 s), and
no change to the print CSS came near (docs/documents-performance.md has the figures).
ReportLab's platypus sets the same tables straight from the Document: the same columns
and widths, borders, header rows repeated on every page, a row never split, the notes,
the signatures, "Halaman x dari y" and the draft mark, in the same font (Arimo). The
LKjIP (charts, a table of contents with page numbers) stays with WeasyPrint and
print.css (:class:`sakip.reports.renderers.PdfRenderer` chooses)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont as FontFile
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth as string_width
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, LongTable, SimpleDocTemplate, Spacer
from reportlab.platypus import PageBreak as Break
from reportlab.platypus import Paragraph as Para
from reportlab.platypus import Table as Grid
from reportlab.platypus.flowables import Flowable

from sakip.reports.document import (
    Block,
    Chart,
    Contents,
    Document,
    Flag,
    Heading,
    Notes,
    PageBreak,
    Paragraph,
    Signature,
    SignatureRow,
    Table,
)
from sakip.reports.renderers import ERROR_FILL, FONT_DIR, WARNING_FILL, _place
from sakip.reports.renderers import HEADER_FILL as XLSX_HEADER_FILL

PT_PER_MM = 72 / 25.4
PT_PER_CM = 72 / 2.54
#: The faces print.css uses, bundled with the app (npm @fontsource), as WOFF files.
FONT_FACES = {
    "Arimo": ("400", "normal"),
    "Arimo-Bold": ("700", "normal"),
    "Arimo-Italic": ("400", "italic"),
    "Arimo-BoldItalic": ("700", "italic"),
}
#: A face for the characters Arimo's Latin subset lacks (≥, ≤, →…), as WeasyPrint
#: falls back to DejaVu Sans (fonts-dejavu-core, docs/deployment.md).
FALLBACK_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BLACK = "#000000"
RED = "#b42318"
GREY_TEXT = "#555555"
#: The fills the other renderers use (print.css, the XLSX): one value each.
HEADER_FILL = f"#{XLSX_HEADER_FILL}"
COLUMN_NUMBER_FILL = "#f4f4f4"
ROW_FILLS = {"program": "#f2f2f2", "section": "#f2f2f2", "total": "#ececec", "footer": "#ececec"}
#: Rows printed bold (600 for kegiatan: the bundled faces are 400 and 700, as on screen).
BOLD_ROWS = frozenset({"urusan", "bidang", "program", "total", "footer", "section", "kegiatan"})
FLAG_FILLS = {"error": f"#{ERROR_FILL}", "warning": f"#{WARNING_FILL}"}
#: Rows that never start a page: the form's JUMLAH, its footer and narrative rows take
#: the row above with them (and the signatures under the table follow them).
TAIL_ROWS = frozenset({"total", "footer", "narrative"})


def handles(document: Document) -> bool:
    """True for a form this module prints: no chart, no table of contents."""
    return not any(isinstance(b, Chart | Contents) for b in document.blocks)


@cache
def _fonts() -> frozenset[int]:
    """Registers Arimo (and the fallback face, where installed) with ReportLab once per
    process; returns the characters Arimo has."""
    covered: set[int] = set()
    for name, (weight, style) in FONT_FACES.items():
        # ReportLab reads TrueType, not WOFF: fontTools unwraps the bundled file.
        font = FontFile(FONT_DIR / "arimo" / "files" / f"arimo-latin-{weight}-{style}.woff")
        covered |= set(font.getBestCmap())
        font.flavor = None
        data = io.BytesIO()
        font.save(data)
        data.seek(0)
        pdfmetrics.registerFont(TTFont(name, data))
        addMapping("Arimo", int(weight == "700"), int(style == "italic"), name)
    if FALLBACK_FONT.exists():
        pdfmetrics.registerFont(TTFont("Fallback", str(FALLBACK_FONT)))
    return frozenset(covered)


def markup(text: str) -> str:
    """The text as ReportLab paragraph markup: escaped (a user's "<" stays a "<"), line
    breaks kept, characters Arimo lacks set in the fallback face."""
    covered = _fonts()
    escaped = escape(text, quote=False).replace("\n", "<br/>")
    if covered.issuperset(map(ord, text.replace("\n", ""))) or not FALLBACK_FONT.exists():
        return escaped
    out = []
    for char in text:
        if char == "\n":
            out.append("<br/>")
        elif ord(char) in covered:
            out.append(escape(char, quote=False))
        else:
            out.append(f'<font face="Fallback">{escape(char, quote=False)}</font>')
    return "".join(out)


@dataclass(frozen=True)
class _Sizes:
    body: float  # pt
    leading: float  # line-height factor of body text


def _sizes(document: Document) -> _Sizes:
    # print.css: body.doc 10.5pt/1.35; body.doc-landscape 8pt/1.25.
    if document.orientation == "landscape":
        return _Sizes(8.0, 1.25)
    return _Sizes(10.5, 1.35)


def _page(document: Document) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
    """Page size (pt) and margins (top, right, bottom, left), as print.html's @page."""
    size = (210 * PT_PER_MM, 330 * PT_PER_MM) if document.paper == "F4" else A4
    if document.orientation == "landscape":
        return landscape(size), (1 * PT_PER_CM, 1 * PT_PER_CM, 1.2 * PT_PER_CM, 1 * PT_PER_CM)
    return size, (2 * PT_PER_CM, 2 * PT_PER_CM, 2 * PT_PER_CM, 2.5 * PT_PER_CM)


def _points(size: str, default: float) -> float:
    """A CSS length of a table's font ("7pt", "9px") in points."""
    size = size.strip()
    if size.endswith("pt"):
        return float(size[:-2])
    if size.endswith("px"):
        return float(size[:-2]) * 0.75
    return default


class _Styles:
    """Paragraph styles built once per document (ReportLab copies nothing per cell)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Any, ...], Any] = {}

    def get(
        self,
        size: float,
        leading: float,
        *,
        bold: bool = False,
        italic: bool = False,
        align: str = "left",
        colour: str = BLACK,
        after: float = 0,
    ) -> Any:
        key = (size, leading, bold, italic, align, colour, after)
        style = self._cache.get(key)
        if style is None:
            face = "Arimo" + ("-Bold" if bold else "") + ("-Italic" if italic else "")
            if face == "Arimo-Bold-Italic":
                face = "Arimo-BoldItalic"
            alignment = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
            style = ParagraphStyle(
                f"s{len(self._cache)}",
                fontName=face,
                fontSize=size,
                leading=size * leading,
                alignment=alignment.get(align, TA_JUSTIFY),
                textColor=_colour(colour),
                spaceAfter=after,
                splitLongWords=True,
            )
            self._cache[key] = style
        return style


class _FormBuilder:
    """Turns the blocks into platypus flowables."""

    def __init__(self, document: Document, width: float) -> None:
        self.document = document
        self.width = width
        self.sizes = _sizes(document)
        self.styles = _Styles()

    def para(self, text: str, style: Any) -> Any:
        return Para(markup(text), style)

    def flowables(self) -> list[Any]:
        doc = self.document
        out: list[Any] = []
        if doc.letterhead:
            out.append(self.letterhead(doc.letterhead))
        blocks = doc.blocks
        index = 0
        while index < len(blocks):
            block = blocks[index]
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(block, Table) and isinstance(following, SignatureRow):
                # The signatures are set as the table's last row: the table's own
                # page breaking keeps them with its last rows (print.css: a signature
                # block never alone on a page).
                out.extend(self.table(block, following))
                index += 2
                continue
            if isinstance(block, SignatureRow) and out:
                out[-1].keepWithNext = True
            if isinstance(block, PageBreak):
                out.append(Break())
            else:
                out.extend(self.block(block))
            index += 1
        return out

    # ------------------------------------------------------------------ blocks

    def letterhead(self, lines: list[str]) -> Any:
        size, leading = self.sizes.body, self.sizes.leading
        rows = [
            [
                self.para(
                    line,
                    self.styles.get(
                        size * (1.15 if i < 2 else 1), leading, bold=i < 2, align="center"
                    ),
                )
            ]
            for i, line in enumerate(lines)
        ]
        grid = Grid(rows, colWidths=[self.width])
        grid.setStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 4),
                # border-bottom: 3px double (two .75pt lines .75pt apart)
                ("LINEBELOW", (0, -1), (-1, -1), 0.75, BLACK, None, None, None, 2, 0.75),
            ]
        )
        grid.spaceAfter = 10
        return grid

    def block(self, block: Block) -> list[Any]:
        size, leading = self.sizes.body, self.sizes.leading
        if isinstance(block, Heading):
            scale = {1: 1.15, 2: 1.05}.get(block.level, 1.0)
            style = self.styles.get(size * scale, leading, bold=True, align=block.align, after=2)
            return [self.para(block.text, style)]
        if isinstance(block, Paragraph):
            return [self.paragraph(block)]
        if isinstance(block, Table):
            return self.table(block, None)
        if isinstance(block, SignatureRow):
            return [self.signatures(block, self.width, top=6)]
        if isinstance(block, Notes):
            return [self.notes(block)]
        if isinstance(block, Flag):
            return [self.flag(block)] if block.print else []
        return []  # Chart and Contents: documents with them are WeasyPrint's

    def paragraph(self, block: Paragraph) -> Any:
        size, leading = self.sizes.body, self.sizes.leading
        if block.label is not None:
            # .doc-labelled: 1.2cm in, a 2.6cm label, a .5cm colon, the value.
            style = self.styles.get(size, leading)
            value = self.styles.get(size, leading, bold=block.bold)
            widths = [1.2 * PT_PER_CM, 2.6 * PT_PER_CM, 0.5 * PT_PER_CM]
            widths.append(self.width - sum(widths))
            row = ["", self.para(block.label, style), self.para(":", style)]
            row.append(self.para(block.text, value))
            grid = Grid([row], colWidths=widths)
            grid.setStyle([*_no_padding(), ("VALIGN", (0, 0), (-1, -1), "TOP")])
            grid.spaceAfter = 3
            return grid
        if "doc-small" in block.css:
            style = self.styles.get(7, leading, align=block.align, colour="#333333", after=6)
        else:
            style = self.styles.get(size, leading, bold=block.bold, align=block.align, after=6)
        return self.para(block.text, style)

    def notes(self, block: Notes) -> Any:
        size, leading = 7.5, self.sizes.leading
        parts: list[Any] = [
            Spacer(0, 6),
            self.para(block.title, self.styles.get(size, leading, bold=True)),
        ]
        if block.intro:
            parts.append(Spacer(0, 1))
            parts.append(self.para(block.intro, self.styles.get(size, leading, after=2)))
        style = self.styles.get(size, leading)
        ref = f'<font color="{RED}"><b>[%s]</b></font> '
        for note in block.notes:
            kind = "<b>Periksa:</b> " if note.severity == "warning" else ""

            parts.append(Para(ref % note.ref + kind + markup(note.message), style))
        parts.append(Spacer(0, 6))
        return KeepTogether(parts)

    def flag(self, block: Flag) -> Any:
        style = self.styles.get(self.sizes.body, self.sizes.leading, colour=RED)
        grid = Grid([[self.para(block.message, style)]], colWidths=[self.width])
        grid.setStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, RED),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
        grid.spaceBefore = grid.spaceAfter = 4
        return grid

    def signatures(self, block: SignatureRow, width: float, top: float) -> Any:
        cells = [self.signature(sig) if sig else "" for sig in (block.left, block.right)]
        grid = Grid([cells], colWidths=[width / 2, width / 2])
        grid.setStyle(
            [
                *_no_padding(),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), top),
            ]
        )
        return grid

    def signature(self, sig: Signature) -> list[Any]:
        style = self.styles.get(self.sizes.body, 1.2, align="center")
        name_style = self.styles.get(self.sizes.body, 1.2, bold=True, align="center")
        lines = [sig.place_date] if sig.place_date else []
        parts = [self.para(line, style) for line in [*lines, *sig.heading_lines]]
        parts.append(Spacer(0, 1.5 * PT_PER_CM))
        name = markup(sig.name) if sig.name else "(.........................................)"
        parts.append(Para(f"<u>{name}</u>", name_style))
        if sig.pangkat:
            parts.append(self.para(sig.pangkat, style))
        if sig.nip:
            parts.append(self.para(f"NIP. {sig.nip}", style))
        return parts

    # ------------------------------------------------------------------ tables

    def table(self, block: Table, signatures: SignatureRow | None) -> list[Any]:
        if not block.header and not block.rows:
            # Nothing to draw (ReportLab refuses an empty table); the signatures stay.
            return [self.signatures(signatures, self.width, top=6)] if signatures else []
        covered = _fonts()
        font = _points(block.font_size, self.sizes.body)
        leading = 1.15
        figure = font * 0.92  # print.css: figures at 92 %, never wrapped
        count = block.column_count
        relative = block.widths or [1.0] * count
        total = sum(relative)
        widths = [self.width * w / total for w in relative]
        header_rows = len(block.header)
        data_rows = header_rows + len(block.rows)
        grid: list[list[Any]] = [[""] * count for _ in range(data_rows)]
        # Commands on every part of the table; commands of one body row, by that row.
        common: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 1.6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1.6),
            ("TOPPADDING", (0, 0), (-1, -1), 1.2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
            ("FONT", (0, 0), (-1, -1), "Arimo", figure, figure * leading),
        ]
        by_row: dict[int, list[tuple[Any, ...]]] = {}
        # Rows a page may not start with: the second and later rows of a rowspan, and
        # the form's JUMLAH/footer/narrative rows (print.css: break-before: avoid).
        bound: set[int] = set()
        tall: dict[int, float] = {}
        if header_rows:
            common.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), _colour(HEADER_FILL)))
            common.append(("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"))
            if header_rows > 1:
                # The column-number row under a multi-row header ("1 2 3 … 13 = 9 + 10").
                last = header_rows - 1
                fill = _colour(COLUMN_NUMBER_FILL)
                common.append(("BACKGROUND", (0, last), (-1, last), fill))
        styles = self.styles
        for r, col, cell, header, row_style in _place(block):
            if col >= count:
                continue
            commands = common if header else by_row.setdefault(r, [])
            if cell.colspan > 1 or cell.rowspan > 1:
                end = (col + cell.colspan - 1, r + cell.rowspan - 1)
                commands.append(("SPAN", (col, r), end))
                bound.update(range(r + 1, r + cell.rowspan))
            if header:
                italic = header_rows > 1 and r == header_rows - 1
                style = styles.get(font, leading, bold=not italic, italic=italic, align="center")
                room = sum(widths[col : col + cell.colspan]) - 3.2
                text = _slash_breaks(cell.text, style.fontName, font, room)
                grid[r][col] = self.para(text, style) if text else ""
                continue
            if row_style in TAIL_ROWS:
                bound.add(r)
            if row_style == "narrative":
                # print.css: .doc-row-narrative td { height: 14pt } (room to write in).
                tall[r] = 14 + 2.4
            fill = FLAG_FILLS.get(cell.severity or "") or ROW_FILLS.get(row_style)
            if fill:
                commands.append(("BACKGROUND", (col, r), (col, r), _colour(fill)))
            bold = cell.bold or row_style in BOLD_ROWS
            if not cell.text and not cell.notes:
                continue
            size = figure if cell.kind != "text" else font
            face = "Arimo-Bold" if bold else "Arimo"
            nowrap = cell.kind != "text" or "code" in cell.css.split()
            room = sum(widths[col : col + cell.colspan]) - 3.2
            if (
                not cell.notes
                and "\n" not in cell.text
                and (nowrap or string_width(cell.text, face, size) <= room)
                and covered.issuperset(map(ord, cell.text))
            ):
                # A figure, a code or a text that fits on one line: drawn as a string
                # (a paragraph would only wrap it to the same line, at ten times the cost).
                grid[r][col] = cell.text
                if bold or size != figure:
                    commands.append(("FONT", (col, r), (col, r), face, size, size * leading))
                if cell.alignment != "left":
                    commands.append(("ALIGN", (col, r), (col, r), cell.alignment.upper()))
                continue
            style = styles.get(size, leading, bold=bold, align=cell.alignment)
            text = markup(_slash_breaks(cell.text, style.fontName, size, room))
            if cell.notes:
                ref_size = size * 0.7
                text += (
                    f'<super><font size="{ref_size:.2f}" color="{RED}"><b>{escape(cell.refs)}'
                    "</b></font></super>"
                )
            grid[r][col] = Para(text, style)
        if signatures is not None:
            # The signatures as the table's last row (no borders): they never start a
            # page on their own (print.css: .doc-signatures break-before: avoid).
            grid.append([self.signatures(signatures, self.width, top=6)] + [""] * (count - 1))
            by_row[data_rows] = [
                ("SPAN", (0, data_rows), (-1, data_rows)),
                ("LEFTPADDING", (0, data_rows), (-1, data_rows), 0),
                ("RIGHTPADDING", (0, data_rows), (-1, data_rows), 0),
                ("TOPPADDING", (0, data_rows), (-1, data_rows), 0),
            ]
            bound.add(data_rows)
        table = _PagedTable(grid, widths, header_rows, data_rows, common, by_row, bound, tall)
        if not block.caption:
            return [table]
        caption_style = styles.get(self.sizes.body, self.sizes.leading, bold=True, after=3)
        caption = self.para(block.caption, caption_style)
        caption.keepWithNext = True
        return [caption, table]


def _slash_breaks(text: str, face: str, size: float, room: float) -> str:
    """The text with a break allowed after each "/" of a word too wide for its cell
    ("Program/Kegiatan" breaks as "Program/" and "Kegiatan", as WeasyPrint breaks it,
    not inside a word). ReportLab breaks at spaces only, so a space goes after the
    "/": the halves of a word wider than the cell never share a line, so it is never
    seen (but between two of three parts of a word with two slashes)."""
    if "/" not in text:
        return text
    words = text.split(" ")
    for i, word in enumerate(words):
        if "/" in word.strip("/") and string_width(word, face, size) > room:
            words[i] = word[:-1].replace("/", "/ ") + word[-1]
    return " ".join(words)


@cache
def _colour(hex_colour: str) -> Any:
    return HexColor(hex_colour)


class _PagedTable(Flowable):
    """A long table set a page at a time. ReportLab's own Table recomputes the whole
    remainder of a table at every page break (quadratic in its rows: a third of the
    700-row form's time); this one hands ReportLab only a window of rows somewhat
    longer than a page, takes the part that fits, and keeps the rest for the next
    page. The cells' own styles (fonts, alignment, padding) are computed once for the
    whole table and shared by the windows. The header rows repeat on every page; a
    page never starts with a row in ``bound`` (a rowspan's continuation, the form's
    closing rows, the signatures)."""

    #: Body rows in the first window (a landscape form page holds 10 to 40).
    FIRST_WINDOW = 40
    #: Commands ReportLab stores per cell; the others (spans, backgrounds, lines) are
    #: given to each window for its own rows.
    CELL_COMMANDS = frozenset(
        {"FONT", "ALIGN", "VALIGN", "LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING"}
    )

    def __init__(
        self,
        grid: list[list[Any]],
        widths: list[float],
        header_rows: int,
        data_rows: int,
        common: list[tuple[Any, ...]],
        by_row: dict[int, list[tuple[Any, ...]]],
        bound: set[int],
        tall: dict[int, float],
    ) -> None:
        super().__init__()
        cells = self.CELL_COMMANDS
        whole = LongTable(grid, colWidths=widths)
        whole.setStyle(
            [c for c in common if c[0] in cells]
            + [c for commands in by_row.values() for c in commands if c[0] in cells]
        )
        self.values = whole._cellvalues
        # One style object per distinct style (a 700-row form has ~18,000 cells and a
        # dozen styles); the windows only read them.
        distinct: dict[tuple[Any, ...], Any] = {}
        self.cell_styles = [
            [
                distinct.setdefault(
                    tuple(sorted((k, v) for k, v in style.__dict__.items() if k != "name")),
                    style,
                )
                for style in row
            ]
            for row in whole._cellStyles
        ]
        self.widths, self.header_rows, self.data_rows = widths, header_rows, data_rows
        self.common = [c for c in common if c[0] not in cells]
        self.by_row = {
            r: [c for c in commands if c[0] not in cells] for r, commands in by_row.items()
        }
        self.bound, self.tall = bound, tall
        #: Row heights once measured (the columns' widths are fixed): a row's
        #: paragraphs are wrapped once, not again by every window it falls in.
        self.heights: dict[int, float] = {}
        self.start = header_rows
        self.window = self.FIRST_WINDOW
        self.spaceBefore = self.spaceAfter = 4
        self._table: Any = None

    def _rest(self, start: int, window: int) -> _PagedTable:
        rest = object.__new__(_PagedTable)
        shared = ("values", "cell_styles", "widths", "header_rows", "data_rows", "common")
        for name in (*shared, "by_row", "bound", "tall", "heights", "spaceAfter"):
            setattr(rest, name, getattr(self, name))
        rest.start, rest.window, rest._table = start, window, None
        rest.spaceBefore = 0
        return rest

    def _rows(self, end: int) -> list[int]:
        """The rows of the window ending at ``end``: the header's, then the body's."""
        return [*range(self.header_rows), *range(self.start, end)]

    def _window(self, rows: int) -> tuple[Any, int]:
        """A ReportLab table of the header and about ``rows`` body rows from ``start``
        (extended so that it does not end inside a bound group); its end row."""
        total = len(self.values)
        end = min(total, self.start + rows)
        while end < total and end in self.bound:
            end += 1
        h = self.header_rows
        shift = h - self.start
        last_data = min(end, self.data_rows) - 1 + shift
        commands = list(self.common)
        if last_data >= 0:
            commands.insert(0, ("GRID", (0, 0), (-1, last_data), 0.5, _colour(BLACK)))
        for r in range(self.start, end):
            for cmd in self.by_row.get(r, ()):
                (c0, r0), (c1, r1) = cmd[1], cmd[2]
                commands.append((cmd[0], (c0, r0 + shift), (c1, r1 + shift), *cmd[3:]))
        # The rows that may not start a page stay with the row above them.
        for r in range(self.start + 1, end):
            if r in self.bound:
                commands.append(("NOSPLIT", (0, r - 1 + shift), (-1, r + shift)))
        known = [self.heights.get(r) for r in self._rows(end)]
        table = LongTable(
            self.values[:h] + self.values[self.start : end],
            colWidths=self.widths,
            rowHeights=known,
            repeatRows=h,
            hAlign="LEFT",
            normalizedData=1,
            cellStyles=self.cell_styles[:h] + self.cell_styles[self.start : end],
            minRowHeights=[0.0] * h + [self.tall.get(r, 0.0) for r in range(self.start, end)],
        )
        table.setStyle(commands)
        return table, end

    def _fitting(self, width: float, height: float) -> tuple[Any, int, float]:
        """The window whose rows overflow ``height`` (or every remaining row), every
        row's height in it known."""
        rows = self.window
        while True:
            table, end = self._window(rows)
            _, needed = table.wrap(width, height)
            measured = table._rowHeights[: table._hmax]
            if any(self.heights.get(r) is None for r in self._rows(end)[: len(measured)]):
                for r, row_height in zip(self._rows(end), measured, strict=False):
                    self.heights.setdefault(r, row_height)
                # Again with the heights known: the part that fits, when split off,
                # is not measured a third time.
                table, end = self._window(rows)
                _, needed = table.wrap(width, height)
            if needed > height or end == len(self.values):
                return table, end, needed
            rows *= 2  # short rows: a bigger window

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        table, _end, height = self._fitting(available_width, available_height)
        self._table = table
        return table._width, height

    def split(self, available_width: float, available_height: float) -> list[Any]:
        table, end, height = self._fitting(available_width, available_height)
        if end == len(self.values) and height <= available_height:
            return [table]
        parts = table.split(available_width, available_height)
        if not parts:
            return []
        fitted = parts[0]
        taken = fitted._nrows - self.header_rows
        if taken <= 0:
            return []
        fitted.spaceBefore, fitted.spaceAfter = self.spaceBefore, 0
        # The next window: about what this page took, and some.
        return [fitted, self._rest(self.start + taken, taken + taken // 2 + 4)]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        self._table.drawOn(canvas, x, y, _sW)


def _no_padding() -> list[tuple[Any, ...]]:
    return [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]


def render(document: Document) -> bytes:
    """The document as a PDF (the document's text is already XML-safe)."""
    _fonts()
    (page_width, page_height), (top, right, bottom, left) = _page(document)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=(page_width, page_height),
        topMargin=top,
        rightMargin=right,
        bottomMargin=bottom,
        leftMargin=left,
        title=document.title,
        creator="sakip",
    )
    builder = _FormBuilder(document, template.width)
    story = builder.flowables()
    decorate = _PageDecoration(document, template)
    template.build(
        story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=_numbered_canvas(decorate)
    )
    return buffer.getvalue()


class _PageDecoration:
    """What print.html's @page and .doc-watermark put on every page: the draft mark across
    the page (under the content) and top right; the footer is drawn once the number of
    pages is known (:func:`_numbered_canvas`)."""

    def __init__(self, document: Document, template: Any) -> None:
        self.document = document
        self.template = template

    def __call__(self, canvas: Any, _doc: Any) -> None:
        mark = self.document.status_mark
        if not mark:
            return
        t = self.template
        canvas.saveState()
        # .doc-watermark: 64pt bold, rgba(180, 35, 24, .12), rotated 30° up, 40 % down.
        canvas.setFillColorRGB(180 / 255, 35 / 255, 24 / 255, alpha=0.12)
        canvas.setFont("Arimo-Bold", 64)
        centre_y = t.pagesize[1] - t.topMargin - 0.4 * t.height - 32
        canvas.translate(t.leftMargin + t.width / 2, centre_y)
        canvas.rotate(30)
        canvas.drawCentredString(0, -23, mark)
        canvas.restoreState()
        canvas.saveState()
        # @top-right: 9pt bold, red, in the middle of the top margin.
        canvas.setFillColor(_colour(RED))
        canvas.setFont("Arimo-Bold", 9)
        y = t.pagesize[1] - t.topMargin / 2 - 3
        canvas.drawRightString(t.pagesize[0] - t.rightMargin, y, mark)
        canvas.restoreState()

    def footer(self, canvas: Any, page: int, pages: int) -> None:
        t = self.template
        canvas.saveState()
        canvas.setFillColor(_colour(GREY_TEXT))
        canvas.setFont("Arimo", 6.5)
        y = t.bottomMargin / 2 - 2
        canvas.drawString(t.leftMargin, y, self.document.title)
        canvas.drawRightString(t.pagesize[0] - t.rightMargin, y, f"Halaman {page} dari {pages}")
        canvas.restoreState()


def _numbered_canvas(decoration: _PageDecoration) -> Any:
    """A canvas that holds its pages until the end, so each footer can say "Halaman x
    dari y" (ReportLab's documented way of counting pages in one pass)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        # A table's one-line cells are drawn strings. ReportLab ends each with a line
        # feed (T*), which makes text extractors (copy and paste, search, pypdf) put
        # every cell of a row on its own line; the text is drawn without it.
        def drawString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> None:
            if args or kw:
                super().drawString(x, y, text, *args, **kw)
                return
            line = self.beginText(x, y)
            line.textOut(text)
            self.drawText(line)

        def drawRightString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> None:
            if args or kw:
                super().drawRightString(x, y, text, *args, **kw)
                return
            self.drawString(x - self.stringWidth(text), y, text)

        def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> None:
            if args or kw:
                super().drawCentredString(x, y, text, *args, **kw)
                return
            self.drawString(x - self.stringWidth(text) / 2, y, text)

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                decoration.footer(self, number, pages)
                super().showPage()
            super().save()

    return NumberedCanvas
