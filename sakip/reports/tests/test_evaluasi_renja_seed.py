"""The Evaluasi Hasil Renja of Kesbangpol Paser 2023 against seed 003 Lampiran III: every
figure of its 46 consistent rows reproduced, its three wrong rows flagged and nothing
else (DOMAIN §7), every quarter and both layouts."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from sakip.measurement.models import Actual
from sakip.reports import evaluasi_renja
from sakip.reports.models import PrintedFigure, SourceDocument
from sakip.rules import formatting
from sakip.rules.renja import Layout

pytestmark = pytest.mark.django_db

#: DOMAIN §7: the three rows of Lampiran III whose printed figures are wrong, and which.
WRONG = {
    "renja:8.01.01.2.02.01:c14:k",  # 64 printed where 7 + 13 = 35 + 93 = 128
    "renja:8.01.01.2.02.01:c15:k",  # 182,86 = 64 / 35: computed from the wrong col 14
    "renja:8.01.01.2.01.01:c15:k",  # 10 % over a Renstra target of 0
    "renja:8.01.01.2.07:c15:k",  # 0 % over a Renstra target of 0
}
WRONG_ROWS = {"8.01.01.2.02.01", "8.01.01.2.01.01", "8.01.01.2.07"}


def _computed(report: evaluasi_renja.RenjaReport, key: str) -> Decimal | int | None:
    """The figure sakip computes for a PrintedFigure key such as ``renja:8.01.01:c15:rp``."""
    _, code, column, side = key.split(":")
    if code == "total":
        t = report.totals
        money = {
            "c6": t.pagu_renstra,
            "c7": t.spent_before,
            "c8": t.pagu_year,
            "c13": t.realised_year,
            "c14": t.realised_renstra,
        }
        money.update({f"q{q}": t.spent_quarters[q - 1] for q in range(1, 5)})
        return money[column]
    line = next(line for line in report.lines if line.item.code == code)
    r = line.result
    if side == "k":
        return {
            "c13": r.k.realised_year,
            "c14": r.k.realised_renstra,
            "c15": r.k.achievement_renstra.value,
        }[column]
    values = {
        "c6": line.inputs.pagu_renstra,
        "c7": line.inputs.spent_before,
        "c8": line.inputs.pagu_year,
        "c13": r.rp.realised_year,
        "c14": r.rp.realised_renstra,
        "c15": r.rp.achievement_renstra.value,
    }
    values.update({f"q{q}": r.rp.spent_quarters[q - 1] for q in range(1, 5)})
    return values[column]


def _as_printed(value: Decimal | int | None, printed_text: str) -> Decimal | None:
    """``value`` rounded half-up to the decimals the seed prints ("97.24" → 2, "25" → 0)."""
    if value is None:
        return None
    exponent = Decimal(printed_text).as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(value).quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


@pytest.fixture
def report(kesbangpol):
    return evaluasi_renja.load(kesbangpol, 2023, 4)


def _printed_figures(kesbangpol) -> list[PrintedFigure]:
    return list(
        PrintedFigure.objects.filter(
            document__agency=kesbangpol,
            document__kind=SourceDocument.Kind.EVALUASI_RENJA,
            document__year=2023,
            key__regex=r"^renja:[0-9.]+|total:",
        ).exclude(key__startswith="renja:average")
    )


def test_it_reproduces_every_printed_figure_of_the_46_consistent_lampiran_iii_rows(
    kesbangpol, report
):
    figures = _printed_figures(kesbangpol)
    compared_rows = set()
    differences = {}
    for figure in figures:
        computed = _as_printed(_computed(report, figure.key), figure.text)
        if computed != Decimal(figure.text):
            differences[figure.key] = (figure.text, computed)
        compared_rows.add(figure.key.split(":")[1])
    # 49 coded rows (6 programs, 11 kegiatan, 32 sub kegiatan) + urusan 8, bidang 8.01, JUMLAH.
    assert len(compared_rows) == 49 + 3
    consistent = compared_rows - WRONG_ROWS - {"8", "8.01", "total"}
    assert len(consistent) == 46
    assert set(differences) == WRONG
    assert differences["renja:8.01.01.2.02.01:c14:k"] == ("64", Decimal(128))
    assert differences["renja:8.01.01.2.01.01:c15:k"] == ("10", None)  # not computable
    assert len(figures) > 400  # every Rp and K column of every row, not a sample


def test_the_jumlah_row_is_rp_31_458_315_432_and_97_24_percent(report):
    assert report.totals.realised_year == 31_458_315_432
    assert report.totals.realised_renstra == 31_458_315_432
    assert report.totals.pagu_year == 32_351_024_068
    document = evaluasi_renja.build_document(report)
    jumlah = next(row for row in document.tables[0].rows if row.style == "total")
    texts = [cell.text for cell in jumlah.cells]
    assert "31.458.315.432" in texts
    assert texts[-2] == "97,24"  # col 15 Rp
    footer = next(row for row in document.tables[0].rows if row.style == "footer")
    assert [c.text for c in footer.cells if c.text][1:] == ["102,18", "97,24", "55,42", "97,24"]


def test_it_flags_exactly_the_three_rows_domain_7_names_and_no_other(report):
    findings = report.findings
    assert {f.code for f in findings} == WRONG_ROWS
    errors = {(f.code, f.key) for f in findings if f.severity == "error"}
    assert errors == {
        ("8.01.01.2.02.01", "c14:k"),
        ("8.01.01.2.02.01", "c15:k"),
        ("8.01.01.2.01.01", "c15:k"),
        ("8.01.01.2.07", "c15:k"),
    }
    # The far-beyond-target check fires on the gaji row only (93 orang/bulan against
    # 35): a warning on a row that is wrong anyway, none on the 46 consistent rows.
    warnings = [(f.code, f.key) for f in findings if f.severity == "warning"]
    assert warnings == [("8.01.01.2.02.01", "c13:k")]


def test_its_messages_say_what_is_wrong_with_the_arithmetic_to_redo(report):
    messages = {(f.code, f.key): f.message for f in report.findings}
    assert messages[("8.01.01.2.02.01", "c14:k")] == (
        "Baris 8.01.01.2.02.01, kolom 14 (K): tercetak 64, padahal kolom 7 + kolom 13 = "
        "35 + 93 = 128."
    )
    assert messages[("8.01.01.2.02.01", "c15:k")] == (
        "Baris 8.01.01.2.02.01, kolom 15 (K): tercetak 182,86%, padahal kolom 14 ÷ kolom 6 "
        "× 100 = 128 ÷ 35 × 100 = 365,71%."
    )
    assert messages[("8.01.01.2.01.01", "c15:k")] == (
        "Baris 8.01.01.2.01.01, kolom 15 (K): tercetak 10%, padahal target Renstra (kolom 6) "
        "adalah 0, sehingga capaiannya tidak dapat dihitung; kosongkan kolom ini dan "
        "jelaskan pada kolom Keterangan."
    )
    assert messages[("8.01.01.2.02.01", "c13:k")] == (
        "Baris 8.01.01.2.02.01, kolom 13 (K): Realisasi 93 adalah 265,71% dari target 35, "
        "melebihi 200%; periksa kembali angka dan satuannya."
    )


def test_the_form_marks_each_flagged_figure_and_shows_what_was_printed(report):
    document = evaluasi_renja.build_document(report)
    gaji = next(
        row
        for row in document.tables[0].rows
        if any(c.text == "8.01.01.2.02.01" for c in row.cells)
    )
    flagged = [c for c in gaji.cells if c.notes]
    assert [(c.text, c.printed, c.refs) for c in flagged] == [
        ("93", None, "2"),  # a warning: the printed 93 is right, only suspicious
        ("128", "64", "3"),
        ("365,71", "182,86", "4"),
    ]
    notes = document.blocks[[type(b).__name__ for b in document.blocks].index("Notes")]
    assert [n.ref for n in notes.notes] == [1, 2, 3, 4, 5]
    assert notes.notes[2].message.startswith("Baris 8.01.01.2.02.01, kolom 14 (K): tercetak 64")


def test_the_footer_averages_the_sub_kegiatan_and_the_page_shows_every_levels_mean(
    report, login, kesbangpol
):
    footer = report.footer
    assert formatting.format_number(footer.k_year) == "102,18"
    assert formatting.format_number(footer.k_renstra) == "55,42"
    assert footer.k_excluded == 1  # 8.01.01.2.01.01: Renstra target 0
    assert (footer.k_year_rating.label, footer.k_renstra_rating.label) == (
        "Sangat Tinggi",
        "Rendah",
    )
    levels = evaluasi_renja.level_averages(report)
    shown = {
        level: (formatting.format_number(y), formatting.format_number(r), n)
        for level, (y, r, n) in levels.items()
    }
    assert shown == {
        "program": ("87,50", "20,83", 6),
        "kegiatan": ("91,00", "18,08", 11),
        "subkegiatan": ("102,18", "55,42", 32),
    }
    page = login("operator_a").get(f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw4/")
    html = page.content.decode()
    assert "Cara menghitung rata-rata capaian kinerja" in html
    for figure in ("87,50%", "20,83%", "91,00%", "18,08%", "102,18%", "55,42%"):
        assert figure in html
    # The seed's printed 100 / 20 are shown beside them, not used.
    assert "Tercetak pada dokumen sumber" in html
    assert (
        "rata-rata sederhana capaian 32 sub kegiatan: kolom 13 (realisasi tahun ini dibanding "
        "target Renja) dari 30 sub kegiatan, kolom 15 (capaian Renstra) dari 31 sub kegiatan"
    ) in html


@pytest.mark.parametrize("quarter", [1, 2, 3])
def test_an_earlier_quarter_leaves_later_quarters_blank_and_combines_the_quarters_so_far(
    kesbangpol, quarter
):
    report = evaluasi_renja.load(kesbangpol, 2023, quarter)
    by_code = {line.item.code: line for line in report.lines}
    # 8.01.01.2.02.03 is kumulatif: 50 + 60 + 69 (+ 50 in TW IV).
    assert by_code["8.01.01.2.02.03"].result.k.realised_year == sum(
        Decimal(v) for v in [50, 60, 69][:quarter]
    )
    # The gaji row is non kumulatif: 93 whatever the quarter.
    assert by_code["8.01.01.2.02.01"].result.k.realised_year == 93
    quarters_rp = [1_250_346_919, 3_673_945_238, 3_136_134_652, 23_397_888_623]
    assert report.totals.realised_year == sum(quarters_rp[:quarter])
    document = evaluasi_renja.build_document(report)
    first = 6  # with the Kode column: No, Sasaran, Kode, name, indicator, then col 6
    row = next(
        r for r in document.tables[0].rows if any(c.text == "8.01.01.2.02.03" for c in r.cells)
    )
    quarter_cells = row.cells[first - 1 + 6 : first - 1 + 14]
    filled = [c.text for c in quarter_cells]
    assert all(filled[: 2 * quarter]) and not any(filled[2 * quarter :])
    # No source document prints an earlier quarter: nothing to compare, no findings
    # but the gaji row's realisasi far beyond its target.
    assert {(f.code, f.severity) for f in report.findings} == {("8.01.01.2.02.01", "warning")}
    assert report.source is None


def test_without_the_kode_column_every_column_number_shifts_down_by_one(kesbangpol):
    report = evaluasi_renja.load(kesbangpol, 2023, 4, Layout.WITHOUT_CODE)
    document = evaluasi_renja.build_document(report)
    table = document.tables[0]
    titles = [c.text for c in table.header[0]]
    assert "Kode" not in titles
    numbers = [c.text for c in table.header[3]]
    assert numbers[:5] == ["1", "2", "3", "4", "5"]
    assert "12 = 8 + 9 + 10 + 11" in numbers
    assert "13 = 6 + 12" in numbers
    assert "14 = 13/5 x 100%" in numbers
    assert numbers[-1] == "15"
    assert table.column_count == 25
    messages = {(f.code, f.key): f.message for f in report.findings}
    assert messages[("8.01.01.2.02.01", "c14:k")] == (
        "Baris 8.01.01.2.02.01, kolom 13 (K): tercetak 64, padahal kolom 6 + kolom 12 = "
        "35 + 93 = 128."
    )
    assert "kolom 14 (K)" in messages[("8.01.01.2.01.01", "c15:k")]
    assert "target Renstra (kolom 5)" in messages[("8.01.01.2.01.01", "c15:k")]
    # The same figures, one column to the left.
    with_code = evaluasi_renja.build_document(evaluasi_renja.load(kesbangpol, 2023, 4))
    for a, b in zip(with_code.tables[0].rows, table.rows, strict=True):
        if a.style in ("subkegiatan", "kegiatan", "program"):
            assert [c.text for c in a.cells[3:]] == [c.text for c in b.cells[2:]]


def test_a_missing_quarter_is_a_warning_on_that_cell_once_the_quarter_is_evaluated(
    kesbangpol,
):
    indicator_actuals = Actual.objects.filter(
        indicator__program_item__code="8.01.01.2.06.04",
        indicator__program_item__agency=kesbangpol,
        year=2023,
    )
    indicator_actuals.filter(quarter=2).delete()
    assert not any(f.key == "q2:k" for f in evaluasi_renja.load(kesbangpol, 2023, 1).findings)
    findings = evaluasi_renja.load(kesbangpol, 2023, 2).findings
    missing = [f for f in findings if f.key == "q2:k"]
    assert [(f.code, f.severity, f.message) for f in missing] == [
        (
            "8.01.01.2.06.04",
            "warning",
            "Baris 8.01.01.2.06.04: realisasi kinerja triwulan II belum diisi.",
        )
    ]


def test_a_non_cumulative_indicator_whose_quarters_were_summed_is_flagged(kesbangpol):
    PrintedFigure.objects.filter(key="renja:8.01.01.2.02.01:c13:k").update(
        value=Decimal(372), text="372"
    )
    findings = evaluasi_renja.load(kesbangpol, 2023, 4).findings
    summed = [f for f in findings if f.key == "c13:k" and f.severity == "error"]
    assert [f.message for f in summed] == [
        "Baris 8.01.01.2.02.01, kolom 13 (K): Indikator ini non kumulatif (nilai terakhir), "
        "tetapi realisasi tahunan tercetak 372 adalah jumlah keempat triwulan; seharusnya 93."
    ]


def test_a_parent_rupiah_that_is_not_the_sum_of_its_sub_kegiatan_is_flagged(kesbangpol):
    PrintedFigure.objects.filter(key="renja:8.01.01.2.06:c8:rp").update(
        value=Decimal(417_171_300), text="417171300"
    )
    findings = evaluasi_renja.load(kesbangpol, 2023, 4).findings
    assert [f.message for f in findings if f.key == "c8:rp"] == [
        "Baris 8.01.01.2.06, kolom 8 (Rp): tercetak Rp417.171.300, padahal jumlah sub "
        "kegiatan di bawahnya Rp417.117.300 (selisih Rp54.000)."
    ]


def test_a_printed_jumlah_that_is_not_the_sum_of_all_sub_kegiatan_is_flagged(kesbangpol):
    PrintedFigure.objects.filter(key="renja:total:c13:rp").update(
        value=Decimal(31_458_351_432), text="31458351432"
    )
    report = evaluasi_renja.load(kesbangpol, 2023, 4)
    assert [(f.code, f.message) for f in report.findings if f.code == "JUMLAH"] == [
        (
            "JUMLAH",
            "Baris JUMLAH, kolom 13 (Rp): tercetak Rp31.458.351.432, padahal jumlah seluruh "
            "sub kegiatan Rp31.458.315.432.",
        )
    ]


def test_a_negative_realisasi_is_flagged_on_its_quarter(kesbangpol):
    Actual.objects.filter(
        indicator__program_item__code="8.01.01.2.06.09",
        indicator__program_item__agency=kesbangpol,
        year=2023,
        quarter=3,
    ).update(value=Decimal(-30))
    findings = evaluasi_renja.load(kesbangpol, 2023, 4).findings
    negative = [f for f in findings if f.code == "8.01.01.2.06.09" and f.key == "q3:k"]
    assert [f.severity for f in negative] == ["error"]
    assert "nilai negatif (-30)" in negative[0].message
