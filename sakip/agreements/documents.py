"""The printed Perjanjian Kinerja (PermenPANRB 53/2014, Lampiran II format): the
statement page with both parties, then the lampiran tables, in the layout of the seeds.
Also the whole cascade of an agency as one document."""

from __future__ import annotations

from sakip.agreements.models import Agreement, AgreementBudget, AgreementTarget
from sakip.reports.document import (
    Block,
    Cell,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Row,
    Signature,
    SignatureRow,
    Table,
)
from sakip.rules import formatting

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
ONE_PARTY_COMMITMENT = (
    "Saya berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian "
    "ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan "
    "dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut "
    "menjadi tanggung jawab saya."
)
BUDGET_HEADING = {"program": "Program", "kegiatan": "Kegiatan", "subkegiatan": "Sub Kegiatan"}


def place_and_date(agreement: Agreement) -> str:
    when = agreement.date_printed or formatting.format_date(agreement.date)
    return f"{agreement.place}, {when}"


def _nip(text: str) -> str:
    from sakip.rules import nip as nip_rules

    check = nip_rules.parse_nip(text)
    # A valid NIP is printed grouped; an invalid one exactly as recorded (it is flagged).
    return nip_rules.format_nip(check.digits) if check.valid and check.digits else text


def signatures(agreement: Agreement, *, lampiran: bool = False) -> SignatureRow:
    first = Signature(
        heading_lines=["Pihak Pertama,", *(agreement.first_signature_title or agreement.first_position_title).split("\n")],
        name=agreement.first_name,
        pangkat=agreement.first_pangkat,
        nip=_nip((agreement.first_nip_lampiran if lampiran else "") or agreement.first_nip),
    )
    if not agreement.has_second_party:
        first.heading_lines = [*(agreement.first_signature_title or agreement.first_position_title).split("\n")]
        return SignatureRow(left=None, right=first)
    second = Signature(
        heading_lines=["Pihak Kedua,", *(agreement.second_signature_title or agreement.second_position_title).split("\n")],
        name=agreement.second_name,
        pangkat=agreement.second_pangkat,
        nip=_nip((agreement.second_nip_lampiran if lampiran else "") or agreement.second_nip),
    )
    return SignatureRow(left=second, right=first)


def statement_blocks(agreement: Agreement) -> list[Block]:
    agency = agreement.agency
    pemda = agreement.pemda
    blocks: list[Block] = [
        Heading(f"PEMERINTAH {pemda.name.upper()}", 2),
        Heading("PERNYATAAN PERJANJIAN KINERJA", 1),
    ]
    if agency is not None:
        blocks.append(Heading(f"{agency.name.upper()} {pemda.name.upper()}", 2))
    blocks.append(Heading(f"PERJANJIAN KINERJA TAHUN {agreement.year}", 1))
    if agreement.version > 1:
        blocks.append(Heading(f"(PERUBAHAN KE-{agreement.version - 1})", 2))
    if agreement.has_second_party:
        blocks += [
            Paragraph(OPENING),
            Paragraph(agreement.first_name, label="Nama", bold=True),
            Paragraph(agreement.first_position_title, label="Jabatan"),
            Paragraph("Selanjutnya disebut pihak pertama,", align="left"),
            Paragraph(agreement.second_name, label="Nama", bold=True),
            Paragraph(agreement.second_position_title, label="Jabatan"),
            Paragraph("Selaku atasan langsung pihak pertama, selanjutnya disebut pihak kedua.", align="left"),
            Paragraph(COMMITMENT_FIRST),
            Paragraph(COMMITMENT_SECOND),
        ]
    else:
        blocks += [
            Paragraph(OPENING),
            Paragraph(agreement.first_name, label="Nama", bold=True),
            Paragraph(agreement.first_position_title, label="Jabatan"),
            Paragraph(ONE_PARTY_COMMITMENT),
        ]
    if agreement.version > 1 and agreement.revision_reason:
        blocks.append(Paragraph(f"Perubahan ini dibuat karena: {agreement.revision_reason}"))
    blocks.append(Paragraph(place_and_date(agreement), align="right"))
    blocks.append(signatures(agreement))
    return blocks


def lampiran_blocks(
    agreement: Agreement, targets: list[AgreementTarget], budget_rows: list[AgreementBudget]
) -> list[Block]:
    agency = agreement.agency
    title = f"PERJANJIAN KINERJA TAHUN {agreement.year}"
    if agency is not None:
        title += f"\n{agency.name.upper()}\n{agreement.pemda.name.upper()}"
    explained = any(t.explanation for t in targets)
    header = [Cell("No"), Cell("Sasaran"), Cell("Indikator Kinerja"), Cell("Target")]
    if explained:
        header.append(Cell("Keterangan"))
    number_row = [Cell(f"({i})") for i in range(1, len(header) + 1)]
    target_rows = []
    for i, t in enumerate(targets, start=1):
        cells = [
            Cell(t.number or f"{i}.", align="center"),
            Cell(t.objective_text),
            Cell(t.indicator_text),
            Cell(" ".join(x for x in (t.target_text, t.unit) if x), align="center"),
        ]
        if explained:
            cells.append(Cell(t.explanation))
        target_rows.append(Row(cells))
    blocks: list[Block] = [
        Heading(title, 1),
        Table(
            header=[header, number_row],
            rows=target_rows,
            widths=[0.6, 4, 4, 1.4, *([4] if explained else [])],
        ),
    ]
    if budget_rows:
        level = BUDGET_HEADING.get(agreement.budget_level, "Program")
        rows = [
            Row([
                Cell(r.number or f"{i}.", align="center"),
                Cell(r.name),
                Cell(formatting.format_rupiah(r.amount), r.amount, "money"),
                *([Cell(r.source, align="center")] if any(x.source for x in budget_rows) else []),
            ])
            for i, r in enumerate(budget_rows, start=1)
        ]
        with_source = any(x.source for x in budget_rows)
        total = sum(r.amount for r in budget_rows)
        rows.append(Row([
            Cell("Jumlah", colspan=2, align="right", bold=True),
            Cell(formatting.format_rupiah(total), total, "money", bold=True),
            *([Cell("")] if with_source else []),
        ], style="total"))
        blocks.append(Table(
            header=[[Cell("No"), Cell(level), Cell("Anggaran"), *([Cell("Sumber")] if with_source else [])]],
            rows=rows,
            widths=[0.6, 7, 2.4, *([1.2] if with_source else [])],
        ))
    blocks.append(Paragraph(place_and_date(agreement), align="right"))
    blocks.append(signatures(agreement, lampiran=True))
    return blocks


def agreement_blocks(agreement: Agreement, targets: list[AgreementTarget], budget_rows: list[AgreementBudget]) -> list[Block]:
    return [*statement_blocks(agreement), PageBreak(), *lampiran_blocks(agreement, targets, budget_rows)]


def agreement_document(agreement: Agreement) -> Document:
    targets = sorted(agreement.targets.all(), key=lambda t: t.order)
    budget_rows = sorted(agreement.budget_rows.all(), key=lambda b: b.order)
    agency = agreement.agency
    return Document(
        title=str(agreement),
        blocks=agreement_blocks(agreement, targets, budget_rows),
        filename=f"pk-{agreement.year}-{agreement.position.code}-v{agreement.version}",
        letterhead=agency.address.split("\n") if agency and agency.address else [],
        sheet="Perjanjian Kinerja",
    )


def cascade_document(agency_name: str, year: int, agreements: list[Agreement], filename: str) -> Document:
    """Every PK of an agency's cascade, one after another, top down."""
    blocks: list[Block] = []
    for i, agreement in enumerate(agreements):
        if i:
            blocks.append(PageBreak())
        targets = sorted(agreement.targets.all(), key=lambda t: t.order)
        budget_rows = sorted(agreement.budget_rows.all(), key=lambda b: b.order)
        blocks += agreement_blocks(agreement, targets, budget_rows)
    return Document(
        title=f"Perjanjian Kinerja {agency_name} Tahun {year}",
        blocks=blocks,
        filename=filename,
        sheet="Perjanjian Kinerja",
    )
