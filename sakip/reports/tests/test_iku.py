"""The Pengukuran Kinerja (IKU) table of Kesbangpol Paser 2023 against seed 003 Table 7,
and the check of the LKjIP's printed averages (Table 7 and Tables 8–13)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sakip.organisation.models import RatingBand, RatingScale
from sakip.reports import iku
from sakip.reports.models import PrintedFigure

pytestmark = pytest.mark.django_db


def _capaian(report: iku.IkuReport) -> list[str]:
    rows = iku.build_document(report).tables[0].rows
    return [row.cells[6].text for row in rows[:-1]] + [rows[-1].cells[1].text]


def test_it_computes_the_iku_capaian_and_their_average_from_the_data(kesbangpol):
    report = iku.load(kesbangpol, 2023)
    assert [line.indicator.code for line in report.lines] == [
        "sakip",
        "pancasila",
        "pemilu",
        "ormas",
        "ekososbud",
        "konflik",
    ]
    # 65,22 / 73 × 100 = 89,34…; the mean of the six is 106,56 (DOMAIN §7).
    assert _capaian(report) == ["89,34", "100,00", "125,00", "125,00", "100,00", "100,00", "106,56"]


def test_it_rates_the_average_on_the_pemdas_lkjip_scale(kesbangpol, paser):
    report = iku.load(kesbangpol, 2023)
    assert report.scale.code == "lkjip-default"
    assert report.rating is not None and report.rating.label == "Sangat Berhasil"
    assert [line.rating.label for line in report.lines] == ["Berhasil"] + ["Sangat Berhasil"] * 5
    # A Pemda's own scale (its Perbup) is what rates the table.
    own = RatingScale.objects.create(pemda=paser, code="perbup-paser", name="Kriteria Perbup")
    RatingBand.objects.bulk_create(
        [
            RatingBand(scale=own, above=Decimal(110), label="Melampaui", colour="#1a7f37"),
            RatingBand(scale=own, above=Decimal(90), label="Memuaskan", colour="#2da44e"),
            RatingBand(scale=own, above=None, label="Belum memuaskan", colour="#cf222e"),
        ]
    )
    paser.policy.lkjip_scale = own
    paser.policy.save(update_fields=["lkjip_scale"])
    report = iku.load(kesbangpol, 2023)
    assert report.rating.label == "Memuaskan"
    assert [line.rating.label for line in report.lines] == [
        "Belum memuaskan",
        "Memuaskan",
        "Melampaui",
        "Melampaui",
        "Memuaskan",
        "Memuaskan",
    ]


def test_it_flags_the_printed_average_98_18_and_no_indicator(kesbangpol):
    report = iku.load(kesbangpol, 2023)
    assert all(not line.findings for line in report.lines)  # 89,34 … 100 are printed right
    assert [f.message for f in report.average_findings] == [
        "Tabel 7, rata-rata capaian: tercetak 98,18, padahal rata-rata keenam capaian "
        "(89,34%; 100%; 125%; 125%; 100%; 100%) adalah 106,56%."
    ]
    document = iku.build_document(report)
    average = document.tables[0].rows[-1].cells[1]
    assert (average.text, average.printed, average.refs) == ("106,56", "98,18", "1")


def test_it_flags_table_8s_average_189_34_as_the_sum_of_its_rows(kesbangpol):
    report = iku.load(kesbangpol, 2023)
    checks = {
        c.table: c
        for c in report.lkjip_checks
        if c.table.startswith(("Tabel 7", "Table")) and "efisiensi" not in c.subject
    }
    assert list(checks) == [
        "Tabel 7",
        "Table 8",
        "Table 9",
        "Table 10",
        "Table 11",
        "Table 12",
        "Table 13",
    ]
    table_8 = checks["Table 8"]
    assert table_8.values == (Decimal("89.34"), Decimal("100"))
    assert table_8.expected == Decimal("94.67")
    assert table_8.message == (
        "Table 8 (Sasaran 1): rata-rata capaian tercetak 189,34 %, padahal rata-rata kedua "
        "capaian yang tercetak di tabel itu (89,34% dan 100%) adalah 94,67%. Angka tercetak "
        "adalah jumlahnya, bukan rata-ratanya."
    )
    assert [c.table for c in report.lkjip_errors][:2] == ["Tabel 7", "Table 8"]


def test_the_seed_lkjip_has_exactly_the_printed_figure_errors_domain_7_lists_and_five_more(
    kesbangpol,
):
    report = iku.load(kesbangpol, 2023)
    assert [(c.table, c.subject.split(":")[0]) for c in report.lkjip_errors] == [
        ("Tabel 7", "Rata-rata capaian IKU"),  # DOMAIN §7: 98,18 printed, 106,56
        ("Table 8", "Rata-rata capaian Sasaran 1"),  # DOMAIN §7: 189,34, the sum
        # Not in DOMAIN §7, a real seed 003 error: BELANJA's pagu is Rp10.000 more than
        # BELANJA OPERASI + BELANJA MODAL.
        ("Bab III B", "BELANJA"),
        # Not in DOMAIN §7, a real seed 003 error: C.1 prints program 1's pagu
        # 6.426.345.764 (digits transposed), Bab II, Table 8 and Lampiran III 6.426.345.746.
        ("Bab II/III", "Program 8.01.01"),
        # DOMAIN §7: the same figure printed differently: program 3's pagu (Lampiran III
        # 20.029.431.772), program 5's and program 6's realisasi, the agency's total pagu.
        ("Bab II/III", "Program 8.01.03"),
        ("Bab II/III", "Program 8.01.05"),
        ("Bab II/III", "Program 8.01.06"),
        ("Bab II/III", "Jumlah anggaran perangkat daerah"),
        # DOMAIN §7: every efisiensi percentage of Tables 8–13 is wrong (the Rupiah right).
        *[(f"Table {n}", f"Program 8.01.0{n - 7}") for n in range(8, 14)],
        # Not in DOMAIN §7, real seed 003 errors: Table 14's average 95,93 (both columns)
        # is not the mean of its five years, 91,19; and the rise "38,91%" from 2022 is
        # 0,91 points (0,95 %).
        ("Tabel 14", "Rata-rata capaian kinerja 2019–2023"),
        ("Tabel 14", "Rata-rata realisasi anggaran 2019–2023"),
        ("Tabel 14", "Kenaikan capaian kinerja dari tahun 2022"),
        # DOMAIN §7: the Ikhtisar calls the budget absorption 96,34 % the capaian.
        ("Ikhtisar Eksekutif", "Capaian indikator sasaran"),
    ]


def test_a_wrong_per_sasaran_average_elsewhere_would_be_flagged_too(kesbangpol):
    PrintedFigure.objects.filter(key="objective:4:average").update(value=Decimal("152"), text="152")
    report = iku.load(kesbangpol, 2023)
    assert [c.table for c in report.lkjip_errors][:3] == ["Tabel 7", "Table 8", "Table 11"]


def test_a_wrong_indicator_capaian_in_table_7_is_flagged_on_its_row(kesbangpol):
    PrintedFigure.objects.filter(key="iku:pemilu:achievement").update(
        value=Decimal("120"), text="120"
    )
    report = iku.load(kesbangpol, 2023)
    flagged = [(line.indicator.code, [f.message for f in line.findings]) for line in report.lines]
    assert flagged[2] == (
        "pemilu",
        [
            "Tabel 7, capaian Partisipasi Penyelenggaraan Pemilu: tercetak 120, padahal "
            "realisasi ÷ target × 100 = 125."
        ],
    )
    assert not any(messages for code, messages in flagged if code != "pemilu")


def test_the_page_shows_the_lkjip_checks_beside_the_figures(login, kesbangpol):
    html = login("operator_a").get(f"/opd/{kesbangpol.pk}/pengukuran-kinerja/2023/").content
    page = html.decode()
    assert "Pemeriksaan angka LKjIP Tahun 2023" in page
    assert "18 angka tercetak salah" in page
    # Table 8 row: the printed 189,34 flagged, beside the mean of its rows.
    row = page[page.index('<td class="text-left doc-text">Table 8</td>') :]
    row = row[: row.index("</tr>")]
    assert "189,34" in row and "doc-flagged-error" in row and "94,67" in row
    assert "Tidak sesuai" in row
    # Tables 9–13 are right, and so are 12 of the 13 sums and percentages of the spending
    # by type, 8 of the 13 figures printed in several places and the six efisiensi in
    # Rupiah (test_lkjip_checks).
    assert page.count(">Sesuai<") == 5 + 12 + 8 + 6
    # The errors shown: Table 7 and Table 8, the figures printed differently (programs 3,
    # 5 and 6, the total pagu) and the Ikhtisar's capaian (DOMAIN §7), and, beyond DOMAIN
    # §7, real seed 003 errors: BELANJA's pagu not the sum of its parts, program 1's pagu
    # in C.1, Table 14's two averages and the rise claimed after it; and the six wrong
    # efisiensi percentages of Tables 8–13 (DOMAIN §7).
    assert "efisiensi anggaran program 8.01.01: tercetak 18,10 %" in page
    assert page.count('class="doc-note doc-note-error"') == 18
