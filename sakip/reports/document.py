"""A document: a plain structure of headings, paragraphs, tables and signature blocks.

Reports are built as a Document from computed figures; renderers turn the same
Document into HTML (screen and, through WeasyPrint, PDF), DOCX and XLSX. One document,
many renderers: the numbers on screen, on paper and in Excel cannot differ.

Cells carry both the display text (formatted the Indonesian way, rounded per policy)
and the raw value (unrounded Decimal or whole Rupiah) for XLSX, where a number should
stay a number."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

CellKind = Literal["text", "number", "money", "percent"]
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Note:
    """A data-quality finding about a figure: numbered within its document so that the
    mark beside the figure and the list under the table point to each other on screen,
    on paper, in Word and in Excel alike."""

    ref: int
    message: str
    severity: Severity = "error"


@dataclass
class Cell:
    text: str = ""
    value: Decimal | int | None = None
    kind: CellKind = "text"
    colspan: int = 1
    rowspan: int = 1
    align: Literal["left", "center", "right"] | None = None
    bold: bool = False
    #: Data-quality findings about this figure (Indonesian), shown next to it.
    notes: list[Note] = field(default_factory=list)
    #: What the source document printed here, when it differs from the computed figure.
    printed: str | None = None
    css: str = ""

    @property
    def flags(self) -> list[str]:
        return [note.message for note in self.notes]

    @property
    def severity(self) -> Severity | None:
        """The worst severity of the cell's notes (None without notes)."""
        if not self.notes:
            return None
        return "error" if any(n.severity == "error" for n in self.notes) else "warning"

    @property
    def refs(self) -> str:
        """The note numbers as printed beside the figure: "1", "2, 3"."""
        return ", ".join(str(n.ref) for n in self.notes)

    @property
    def alignment(self) -> str:
        if self.align:
            return self.align
        return "right" if self.kind in ("number", "money", "percent") else "left"


@dataclass
class Row:
    cells: list[Cell]
    style: str = ""  # e.g. "program", "kegiatan", "subkegiatan", "total", "footer"


@dataclass
class Table:
    header: list[list[Cell]]
    rows: list[Row]
    #: Relative column widths (for PDF/DOCX); length = number of columns.
    widths: list[float] = field(default_factory=list)
    caption: str = ""
    font_size: str = ""  # e.g. "7pt" for the wide Evaluasi Renja form
    #: A table of the checks (printed figures against computed ones): part of the
    #: check report, never of the official form (see :func:`official`).
    check: bool = False

    @property
    def column_count(self) -> int:
        if self.widths:
            return len(self.widths)
        return sum(c.colspan for c in self.header[-1]) if self.header else len(self.rows[0].cells)


@dataclass
class Heading:
    text: str
    level: int = 1
    align: Literal["left", "center"] = "center"
    #: Set on the headings a table of contents lists (the LKjIP's chapters): the
    #: anchor they are linked by on screen and paper, a Word heading style in DOCX.
    anchor: str = ""


@dataclass
class Paragraph:
    text: str
    align: Literal["left", "center", "justify", "right"] = "justify"
    bold: bool = False
    #: A label/value line such as "Nama : NONDING" is rendered as a two-column layout.
    label: str | None = None
    css: str = ""


@dataclass
class Signature:
    """One signature block: place and date line, the role lines, space for the
    signature, then the name (bold, underlined), pangkat/golongan and NIP."""

    heading_lines: list[str]
    name: str
    place_date: str = ""
    pangkat: str = ""
    nip: str = ""


@dataclass
class SignatureRow:
    """Signature blocks side by side (left, right)."""

    left: Signature | None
    right: Signature | None


@dataclass
class PageBreak:
    pass


@dataclass
class Chart:
    """A chart drawn from its data by every renderer (sakip/reports/charts.py): SVG on
    screen and in the PDF, PNG in DOCX. ``series`` are (name, one value per category);
    a value None is a gap (not computable), never a zero."""

    caption: str
    kind: Literal["bar", "line"]
    categories: list[str]
    series: list[tuple[str, list[Decimal | None]]]
    unit: str = "%"


@dataclass
class Contents:
    """The table of contents: every Heading with an anchor, with its page number (on
    paper: a WeasyPrint target-counter; in Word: a TOC field updated on opening)."""

    title: str = "DAFTAR ISI"


@dataclass
class Flag:
    """A data-quality finding shown in a box in the document (screen only by default)."""

    message: str
    severity: Literal["error", "warning"] = "error"
    print: bool = False


@dataclass
class Notes:
    """The numbered list of a document's findings (its "catatan pemeriksaan data"),
    printed under the table the marks stand in."""

    title: str
    notes: list[Note]
    intro: str = ""


Block = Heading | Paragraph | Table | SignatureRow | PageBreak | Flag | Notes | Chart | Contents


@dataclass
class Document:
    title: str
    blocks: list[Block]
    filename: str
    orientation: Literal["portrait", "landscape"] = "portrait"
    paper: Literal["A4", "F4"] = "A4"
    #: Letterhead lines (kop surat) printed at the top of the first page, if any.
    letterhead: list[str] = field(default_factory=list)
    #: Short label used as a sheet name in XLSX.
    sheet: str = "Laporan"
    #: The document's status on every page ("DRAF"), empty for a final document.
    status_mark: str = ""
    #: A long report (the LKjIP): page numbers in the DOCX footer too.
    book: bool = False
    #: Documents bound after this one in its PDF, each on its own pages with its own
    #: orientation and page numbers (the LKjIP's lampiran: PK, Rencana Aksi, Evaluasi
    #: Renja). The DOCX lists them only.
    appendices: list[Document] = field(default_factory=list)

    @property
    def contents(self) -> list[Heading]:
        """The headings a table of contents lists."""
        return [b for b in self.blocks if isinstance(b, Heading) and b.anchor]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def flags(self) -> list[str]:
        found = [b.message for b in self.blocks if isinstance(b, Flag)]
        for block in self.blocks:
            if isinstance(block, Notes):
                found.extend(n.message for n in block.notes)
        return found


# The official form and its check report (PermenPANRB 53/2014 prescribes the forms; the
# findings sakip adds are internal): the same Document split in two, so that what is
# signed carries no note marks and no check table, and the notes are not lost.


def official(document: Document) -> Document:
    """The document as printed for signature: its tables without note marks or printed
    figures beside the computed ones, without the numbered notes, the check tables or
    the screen-only flags."""
    blocks: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Notes) or (isinstance(block, Flag) and not block.print):
            continue
        if isinstance(block, Table):
            if block.check:
                continue
            block = replace(
                block,
                header=[[_unmarked(c) for c in line] for line in block.header],
                rows=[replace(r, cells=[_unmarked(c) for c in r.cells]) for r in block.rows],
            )
        blocks.append(block)
    return replace(document, blocks=blocks)


def _unmarked(cell: Cell) -> Cell:
    if not cell.notes and cell.printed is None:
        return cell
    return replace(cell, notes=[], printed=None)


def has_checks(document: Document) -> bool:
    """Whether the document carries anything :func:`official` leaves out."""
    return any(
        isinstance(b, Notes) or (isinstance(b, Table) and b.check) or isinstance(b, Flag)
        for b in document.blocks
    )


def check_report(document: Document) -> Document:
    """What the official form leaves out, as a document of its own: each numbered note
    with where it stands (the row of the form, the figure sakip computed and the one
    printed in the source document), then the check tables and flags."""
    located: dict[int, tuple[str, str, str]] = {}
    for block in document.blocks:
        if not isinstance(block, Table):
            continue
        for row in block.rows:
            place = _row_label(row)
            for cell in row.cells:
                for note in cell.notes:
                    located.setdefault(note.ref, (place, cell.text, cell.printed or ""))
    blocks: list[Block] = [
        Heading("CATATAN PEMERIKSAAN DATA", 1),
        Heading(document.title, 2),
        Paragraph(
            "Catatan ini tidak termasuk formulir resmi: formulir dicetak tanpa tanda catatan. "
            "Nomor catatan sama dengan nomor di samping angka pada halaman sakip.",
            "left",
            css="doc-small",
        ),
    ]
    rows: list[Row] = []
    for block in document.blocks:
        if isinstance(block, Notes):
            for note in block.notes:
                place, computed, printed = located.get(note.ref, ("", "", ""))
                rows.append(
                    Row(
                        [
                            Cell(str(note.ref), align="center"),
                            Cell(place),
                            Cell(computed, align="right"),
                            Cell(printed, align="right"),
                            Cell(note.message),
                            Cell("Kesalahan" if note.severity == "error" else "Peringatan"),
                        ]
                    )
                )
    if rows:
        header = [
            [
                Cell("No"),
                Cell("Letak"),
                Cell("Angka sakip"),
                Cell("Tercetak"),
                Cell("Catatan"),
                Cell("Jenis"),
            ]
        ]
        blocks.append(Table(header=header, rows=rows, widths=[0.5, 4.5, 2.4, 2.4, 7, 1.3]))
    blocks.extend(b for b in document.blocks if isinstance(b, Table) and b.check)
    blocks.extend(b for b in document.blocks if isinstance(b, Flag))
    if len(blocks) == 3:
        blocks.append(Paragraph("Tidak ada catatan pemeriksaan.", "left"))
    return Document(
        title=f"Catatan pemeriksaan — {document.title}",
        blocks=blocks,
        filename=f"{document.filename}-pemeriksaan",
        orientation="landscape",
        sheet="Pemeriksaan",
    )


def _row_label(row: Row) -> str:
    """Where a row stands, for a reader without the form: its first texts (number,
    sasaran, program, indicator), shortened."""
    texts = [c.text for c in row.cells if c.kind == "text" and c.text.strip()][:3]
    label = " · ".join(texts)
    return label if len(label) <= 160 else label[:157] + "…"
