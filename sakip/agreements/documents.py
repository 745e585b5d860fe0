"""The printed Perjanjian Kinerja (PermenPANRB 53/2014; reference/regulations.md §5.2)
in the layout of the seeds: the statement page (title, the opening paragraph, both
parties, the commitment paragraphs, place and date, the signature blocks — Pihak Kedua
left, Pihak Pertama right), then the lampiran: the sasaran / indikator / target table
and the program / kegiatan / sub kegiatan table with its total, signed again. Also the
whole cascade of an agency as one document.

The total is computed from the lines: sakip prints correct documents. A printed total
recorded from a source document is only for the cascade checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sakip.reports.document import (
    Block,
    Cell,
    Document,
    Flag,
    Heading,
    PageBreak,
    Paragraph,
    Row,
    Signature,
    SignatureRow,
    Table,
)
from sakip.rules import budget as budget_rules
from sakip.rules import formatting
from sakip.rules import nip as nip_rules

if TYPE_CHECKING:  # documents read what loaders fetched; they never query
    from sakip.agreements.models import Agreement, AgreementBudget, AgreementTarget

OPENING = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel "
    "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
)
COMMITMENT_FIRST = (
    "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran "
    "perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah "
    "ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja "
    "tersebut menjadi tanggung jawab kami."
)
COMMITMENT_SECOND = (
    "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap "
    "capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka "
    "pemberian penghargaan dan sanksi."
)
#: The Bupati/Walikota's own PK is a one-party statement in the first person
#: (reference/regulations.md §5.1).
ONE_PARTY_OPENING = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel "
    "serta berorientasi pada hasil, yang bertanda tangan di bawah ini:"
)
ONE_PARTY_COMMITMENT = (
    "berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, "
    "dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam "
    "dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi "
    "tanggung jawab saya."
)
BUDGET_HEADING = {"program": "Program", "kegiatan": "Kegiatan", "subkegiatan": "Sub Kegiatan"}
BLANK = "\u00a0"  # an empty line that still takes its height on paper
#: A signature block is half the text width (8.25 cm): at 10.5 pt it holds about 44
#: lower-case or 34 capital letters. Titles are broken before that, so that each line
#: prints as one line and padding the shorter block puts both names on one level.
SIGNATURE_LINE = 42.0


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def years_in(text: str) -> list[int]:
    """The years a printed title or date names: ``"Januari 2023"`` → ``[2023]``."""
    return [int(y) for y in _YEAR.findall(text or "")]


#: The year a PK's title states as its own: "PERJANJIAN KINERJA TAHUN 2024",
#: "… TAHUN ANGGARAN 2024". Other years a title may cite ("RPJMD 2021-2026") are not it.
_TITLE_YEAR = re.compile(r"\bTAHUN(?:\s+ANGGARAN)?\s+((?:19|20)\d{2})(?!\d)", re.IGNORECASE)


def title_years(text: str) -> list[int]:
    """The years a printed title gives as the PK's own: ``"… TAHUN 2023 BADAN …"`` → ``[2023]``."""
    return [int(y) for y in _TITLE_YEAR.findall(text or "")]


def printed_date(agreement: Agreement, *, lampiran: bool = False) -> str:
    """The date text recorded for the statement page or (where it differs) the lampiran."""
    if lampiran and agreement.date_printed_lampiran:
        return agreement.date_printed_lampiran
    return agreement.date_printed


def place_and_date(agreement: Agreement, *, lampiran: bool = False) -> str:
    """ "Tana Paser, Januari 2024". The recorded text where there is one (a PK dated by
    month only); a recorded text naming another year than the PK's date is a misprint
    of the source (seed 003: two 2024 PKs dated "Januari 2023", DOMAIN §7) that the
    cascade checks report: sakip prints the date itself, in the same form."""
    text = printed_date(agreement, lampiran=lampiran)
    if text and any(y != agreement.date.year for y in years_in(text)):
        day = text.strip()[:1].isdigit()
        text = (
            formatting.format_date(agreement.date)
            if day
            else formatting.format_month_year(agreement.date)
        )
    when = text or formatting.format_date(agreement.date)
    return f"{agreement.place}, {when}"


def grouped_nip(text: str) -> str:
    """A valid NIP grouped ``19710607 199703 1 007``; an invalid one exactly as recorded
    (the cascade checks flag it)."""
    if not text:
        return ""
    check = nip_rules.parse_nip(text)
    return nip_rules.format_nip(check.digits) if check.valid and check.digits else text


def _width(text: str) -> float:
    return sum(1.25 if c.isupper() else 1.0 for c in text)


def wrap_title(text: str, width: float = SIGNATURE_LINE) -> list[str]:
    """The lines of a signature title, each short enough to print as one line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if current and _width(candidate) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
    return lines


def signatures(agreement: Agreement, *, lampiran: bool = False) -> SignatureRow:
    """Pihak Kedua on the left, Pihak Pertama on the right under the place and date;
    both blocks padded to the same height so that the two names stand on one line."""
    first_title = wrap_title(agreement.first_signature_title or agreement.first_position_title)
    if agreement.has_second_party:
        first_title = ["Pihak Pertama,", *first_title]
    first = Signature(
        heading_lines=first_title,
        name=agreement.first_name,
        place_date=place_and_date(agreement, lampiran=lampiran),
        pangkat=agreement.first_pangkat,
        nip=grouped_nip((agreement.first_nip_lampiran if lampiran else "") or agreement.first_nip),
    )
    if not agreement.has_second_party:
        return SignatureRow(left=None, right=first)
    second = Signature(
        heading_lines=[
            "Pihak Kedua,",
            *wrap_title(agreement.second_signature_title or agreement.second_position_title),
        ],
        name=agreement.second_name,
        place_date=BLANK,
        pangkat=agreement.second_pangkat,
        nip=grouped_nip(
            (agreement.second_nip_lampiran if lampiran else "") or agreement.second_nip
        ),
    )
    height = max(len(first.heading_lines), len(second.heading_lines))
    for sig in (first, second):
        sig.heading_lines += [BLANK] * (height - len(sig.heading_lines))
    return SignatureRow(left=second, right=first)


def _agency_line(agreement: Agreement) -> str:
    agency = agreement.agency
    return f"{agency.name} {agreement.pemda.name}".upper() if agency is not None else ""


def _draft_mark(agreement: Agreement) -> list[Block]:
    if agreement.is_signed:
        return []
    return [Flag("KONSEP — belum ditandatangani; bukan dokumen resmi.", "warning", print=True)]


def short_title(agreement: Agreement) -> str:
    """For the page footer: which PK this page belongs to."""
    suffix = f" (perubahan ke-{agreement.version - 1})" if agreement.version > 1 else ""
    return f"Perjanjian Kinerja {agreement.year} — {agreement.first_name}{suffix}"


def statement_blocks(agreement: Agreement) -> list[Block]:
    pemda = agreement.pemda
    blocks: list[Block] = [*_draft_mark(agreement)]
    blocks += [
        Heading(f"PEMERINTAH {pemda.name.upper()}", 2),
        Heading("PERNYATAAN PERJANJIAN KINERJA", 1),
    ]
    if agreement.agency is not None:
        blocks.append(Heading(_agency_line(agreement), 2))
    blocks.append(Heading(f"PERJANJIAN KINERJA TAHUN {agreement.year}", 1))
    if agreement.version > 1:
        blocks.append(Heading(f"PERUBAHAN KE-{agreement.version - 1}", 2))
    if agreement.has_second_party:
        blocks += [
            Paragraph(OPENING),
            Paragraph(agreement.first_name, label="Nama", bold=True),
            Paragraph(agreement.first_position_title, label="Jabatan"),
            Paragraph("Selanjutnya disebut pihak pertama,", align="left"),
            Paragraph(agreement.second_name, label="Nama", bold=True),
            Paragraph(agreement.second_position_title, label="Jabatan"),
            Paragraph(
                "Selaku atasan langsung pihak pertama, selanjutnya disebut pihak kedua.",
                align="left",
            ),
            Paragraph(COMMITMENT_FIRST),
            Paragraph(COMMITMENT_SECOND),
        ]
    else:
        blocks += [
            Paragraph(ONE_PARTY_OPENING),
            Paragraph(agreement.first_name, label="Nama", bold=True),
            Paragraph(agreement.first_position_title, label="Jabatan"),
            Paragraph(ONE_PARTY_COMMITMENT),
        ]
    if agreement.version > 1 and agreement.revision_reason:
        when = (
            f" tanggal {formatting.format_date(agreement.revision_date)}"
            if agreement.revision_date
            else ""
        )
        blocks.append(
            Paragraph(
                f"Perjanjian kinerja ini merupakan perubahan ke-{agreement.version - 1}{when} "
                f"atas perjanjian kinerja tahun {agreement.year}, karena: "
                f"{agreement.revision_reason}"
            )
        )
    blocks.append(signatures(agreement))
    return blocks


# The "No" column is numbered from the order of the rows, on every PK: the ones drafted
# or revised in sakip and the signed PKs imported from the seeds alike. A number stored on
# a row (``number``) is only the record of what a source document printed ("2", "2.",
# blank, "4." inside the sasaran cell: seed 000 and 003 are not even consistent within
# one table) and a revision copies it from the version it replaces, so it can be stale;
# printing it would reproduce the source's slips the way a copied total would. As for the
# total (the module docstring), sakip prints a correct document and keeps the printed text
# as a record only.


def target_numbers(targets: list[AgreementTarget]) -> list[str]:
    """The "No" of each target row: one number per sasaran, in order ("1.", "2." ...);
    the indicators of a sasaran with more than one are numbered beneath it ("1.1",
    "1.2"), as consecutive rows with the same sasaran are one sasaran."""
    groups: list[list[int]] = []
    previous: str | None = None
    for i, t in enumerate(targets):
        key = " ".join(t.objective_text.split()).casefold()
        if groups and key == previous:
            groups[-1].append(i)
        else:
            groups.append([i])
        previous = key
    numbers = [""] * len(targets)
    for g, members in enumerate(groups, start=1):
        for j, i in enumerate(members, start=1):
            numbers[i] = f"{g}." if len(members) == 1 else f"{g}.{j}"
    return numbers


def budget_numbers(budget_rows: list[AgreementBudget]) -> list[str]:
    """The "No" of each budget row: 1., 2., 3. … (a PK's budget rows are of one level)."""
    return [f"{i}." for i in range(1, len(budget_rows) + 1)]


def target_table(targets: list[AgreementTarget]) -> Table:
    explained = any(t.explanation for t in targets)
    header = [Cell("No"), Cell("Sasaran"), Cell("Indikator Kinerja"), Cell("Target")]
    if explained:
        header.append(Cell("Keterangan"))
    number_row = [Cell(f"({i})") for i in range(1, len(header) + 1)]
    rows = []
    for number, t in zip(target_numbers(targets), targets, strict=True):
        cells = [
            Cell(number, align="center"),
            Cell(t.objective_text),
            Cell(t.indicator_text),
            Cell(" ".join(x for x in (t.target_text, t.unit) if x), align="center"),
        ]
        if explained:
            cells.append(Cell(t.explanation))
        rows.append(Row(cells))
    widths = [0.7, 4, 4, 1.6, 6.5] if explained else [0.7, 5.2, 5.2, 1.8]
    return Table(header=[header, number_row], rows=rows, widths=widths)


def budget_table(agreement: Agreement, budget_rows: list[AgreementBudget]) -> Table:
    level = BUDGET_HEADING.get(agreement.budget_level, "Program")
    with_source = any(x.source for x in budget_rows)
    rows = [
        Row(
            [
                Cell(number, align="center"),
                Cell(r.name),
                Cell(formatting.format_rupiah(r.amount), r.amount, "money"),
                *([Cell(r.source, align="center")] if with_source else []),
            ]
        )
        for number, r in zip(budget_numbers(budget_rows), budget_rows, strict=True)
    ]
    total = budget_rules.lines_total(r.amount for r in budget_rows)
    rows.append(
        Row(
            [
                Cell("Jumlah", colspan=2, align="right", bold=True),
                Cell(formatting.format_rupiah(total), total, "money", bold=True),
                *([Cell("")] if with_source else []),
            ],
            style="total",
        )
    )
    header = [Cell("No"), Cell(level), Cell("Anggaran"), *([Cell("Sumber")] if with_source else [])]
    number_row = [Cell(f"({i})") for i in range(1, len(header) + 1)]
    return Table(
        header=[header, number_row],
        rows=rows,
        widths=[0.7, 9.0, 3.2, *([1.4] if with_source else [])],
    )


def lampiran_blocks(
    agreement: Agreement, targets: list[AgreementTarget], budget_rows: list[AgreementBudget]
) -> list[Block]:
    lines = [f"PERJANJIAN KINERJA TAHUN {agreement.year}"]
    if agreement.version > 1:
        lines.append(f"PERUBAHAN KE-{agreement.version - 1}")
    if agreement.agency is not None:
        lines += [agreement.agency.name.upper(), agreement.pemda.name.upper()]
    else:
        lines.append(f"PEMERINTAH {agreement.pemda.name.upper()}")
    blocks: list[Block] = [
        *_draft_mark(agreement),
        Heading("\n".join(lines), 1),
        target_table(targets),
    ]
    if budget_rows:
        blocks.append(budget_table(agreement, budget_rows))
    blocks.append(signatures(agreement, lampiran=True))
    return blocks


def agreement_blocks(
    agreement: Agreement, targets: list[AgreementTarget], budget_rows: list[AgreementBudget]
) -> list[Block]:
    return [
        *statement_blocks(agreement),
        PageBreak(),
        *lampiran_blocks(agreement, targets, budget_rows),
    ]


def _rows(agreement: Agreement) -> tuple[list[AgreementTarget], list[AgreementBudget]]:
    targets = sorted(agreement.targets.all(), key=lambda t: t.order)
    budget_rows = sorted(agreement.budget_rows.all(), key=lambda b: b.order)
    return targets, budget_rows


def agreement_document(agreement: Agreement) -> Document:
    """One PK. ``agreement`` should come with its rows prefetched."""
    return Document(
        title=short_title(agreement),
        blocks=agreement_blocks(agreement, *_rows(agreement)),
        filename=f"pk-{agreement.year}-{agreement.position.code}-v{agreement.version}",
        sheet="Perjanjian Kinerja",
    )


@dataclass(frozen=True)
class CascadeEntry:
    """A position of the cascade as the listing prints it: its PK, or none yet."""

    position_title: str
    holder_name: str
    agreement: Agreement | None


MISSING = "BELUM ADA PK"
UNSIGNED = "KONSEP: belum ditandatangani"


def _status(agreement: Agreement) -> str:
    revision = f" (perubahan ke-{agreement.version - 1})" if agreement.version > 1 else ""
    return ("Ditandatangani" if agreement.is_signed else UNSIGNED) + revision


def cascade_document(
    agency_name: str,
    pemda_name: str,
    year: int,
    entries: list[CascadeEntry],
    filename: str,
) -> Document:
    """Every PK of an agency's cascade, top down, after a list of every position of the
    cascade: a position whose holder has no PK yet, and a PK not yet signed, stand out
    in the list (bold) and in a box above it, so the printed cascade cannot pass for a
    complete, signed one (PermenPANRB 53/2014: every official signs a PK). ``entries``
    come top down; their agreements with their rows prefetched."""
    listing = []
    for i, entry in enumerate(entries, start=1):
        a = entry.agreement
        if a is None:
            cells = [
                Cell(entry.holder_name or "(belum ada pemangku)", bold=True),
                Cell(entry.position_title, bold=True),
                Cell("–"),
                Cell(MISSING, align="center", bold=True),
            ]
        else:
            cells = [
                Cell(a.first_name),
                Cell(a.first_position_title),
                Cell(a.second_name or "–"),
                Cell(_status(a), align="center", bold=not a.is_signed),
            ]
        listing.append(Row([Cell(f"{i}.", align="center"), *cells]))
    agreements = [e.agreement for e in entries if e.agreement is not None]
    missing = [e for e in entries if e.agreement is None]
    unsigned = [a for a in agreements if not a.is_signed]
    blocks: list[Block] = [
        Heading(f"PERJANJIAN KINERJA TAHUN {year}\n{agency_name.upper()}\n{pemda_name.upper()}", 1),
        Paragraph(
            f"Berisi {len(agreements)} perjanjian kinerja, dari kepala perangkat daerah turun "
            "ke pejabat dan pejabat fungsional di bawahnya (cascading).",
            align="center",
        ),
    ]
    if missing:
        names = "; ".join(
            f"{e.position_title}" + (f" ({e.holder_name})" if e.holder_name else "")
            for e in missing
        )
        blocks.append(
            Flag(f"{len(missing)} jabatan belum memiliki PK tahun {year}: {names}.", print=True)
        )
    if unsigned:
        names = "; ".join(f"{a.first_name} ({a.first_position_title})" for a in unsigned)
        blocks.append(
            Flag(
                f"{len(unsigned)} PK belum ditandatangani (konsep, bukan dokumen resmi): {names}.",
                "warning",
                print=True,
            )
        )
    blocks.append(
        Table(
            header=[
                [
                    Cell("No"),
                    Cell("Pihak Pertama"),
                    Cell("Jabatan"),
                    Cell("Pihak Kedua"),
                    Cell("Status"),
                ]
            ],
            rows=listing,
            widths=[0.7, 3.4, 5.6, 3.4, 2.9],
        )
    )
    for agreement in agreements:
        blocks.append(PageBreak())
        blocks += agreement_blocks(agreement, *_rows(agreement))
    return Document(
        title=f"Perjanjian Kinerja {agency_name} Tahun {year}",
        blocks=blocks,
        filename=filename,
        sheet="Perjanjian Kinerja",
    )
