"""The LKjIP's printed arithmetic beyond the capaian averages: the spending by type of
Bab III B (each parent line the sum of its parts, each percentage realisasi ÷ pagu),
each program's pagu and realisasi and the agency's total pagu where Bab II, Bab III,
Tables 8–13 and Lampiran III print them, Table 14 (its averages and the rise claimed
after it) and the Ikhtisar's capaian, on the seed 003 LKjIP of Kesbangpol Paser."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from sakip.organisation.models import Policy
from sakip.reports import iku
from sakip.reports.models import PrintedFigure, PrintedSpending

pytestmark = pytest.mark.django_db

BELANJA_SUM = (
    "Bab III B, BELANJA: pagu tercetak Rp32.654.919.391, padahal jumlah rinciannya "
    "(BELANJA OPERASI Rp32.567.901.791 + BELANJA MODAL Rp87.007.600) adalah "
    "Rp32.654.909.391; selisih Rp10.000."
)
SAME = "Angka yang sama seharusnya sama di semua tempat; periksa mana yang benar."
TOTAL = (
    "Jumlah anggaran perangkat daerah tercetak berbeda: Bab II Rp32.654.909.391; Bab III B "
    f"(BELANJA) Rp32.654.919.391; Lampiran III (JUMLAH) Rp32.351.024.068. {SAME}"
)
PROGRAM_1 = (
    "Program 8.01.01 (Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota): pagu "
    "tercetak berbeda: Bab II Rp6.426.345.746; Bab III bagian C Rp6.426.345.764; Table 8 "
    f"Rp6.426.345.746; Lampiran III Rp6.426.345.746. {SAME}"
)
PROGRAM_3 = (
    "Program 8.01.03 (Program Peningkatan Peran Partai Politik dan Lembaga Pendidikan melalui "
    "Pendidikan Politik dan Pengembangan Etika serta Budaya Politik): pagu tercetak berbeda: "
    "Bab II Rp20.333.317.095; Bab III bagian C Rp20.333.317.095; Table 10 Rp20.333.317.095; "
    f"Lampiran III Rp20.029.431.772. {SAME}"
)
PROGRAM_5 = (
    "Program 8.01.05 (Program Pembinaan dan Pengembangan Ketahanan Ekonomi, Sosial Budaya dan "
    "Agama): realisasi tercetak berbeda: Bab III bagian C Rp959.293.820; Table 12 "
    f"Rp959.293.860; Lampiran III Rp959.293.860. {SAME}"
)
PROGRAM_6 = (
    "Program 8.01.06 (Program Peningkatan Kewaspadaan Nasional dan Peningkatan Kualitas dan "
    "Fasilitas Penanganan Konflik Sosial): realisasi tercetak berbeda: Bab III bagian C "
    f"Rp2.322.957.407; Table 13 Rp2.322.967.407; Lampiran III Rp2.322.957.407. {SAME}"
)
TREND_YEARS = "(2019: 98,00%; 2020: 86,00%; 2021: 80,16%; 2022: 95,43%; 2023: 96,34%)"
TREND_PERFORMANCE = (
    "Tabel 14, rata-rata capaian kinerja: tercetak 95,93, padahal rata-rata kelima tahun "
    f"yang tercetak di tabel itu {TREND_YEARS} adalah 91,19%."
)
TREND_BUDGET = (
    "Tabel 14, rata-rata realisasi anggaran: tercetak 95,93, padahal rata-rata kelima tahun "
    f"yang tercetak di tabel itu {TREND_YEARS} adalah 91,19%."
)
TREND_RISE = (
    "Kalimat setelah Tabel 14: tercetak “tercatat capaian kinerja naik sebesar 38,91% dari "
    "tahun 2022”, padahal capaian kinerja tahun 2023 (96,34%) dibanding tahun 2022 (95,43%) "
    "naik 0,91 poin persentase, atau 0,95%."
)
EFFICIENCY = [
    # DOMAIN §7: every efisiensi in Rupiah is right, every percentage beside it wrong.
    (
        table,
        f"Program {code}: efisiensi (%)",
        (
            f"{table}, efisiensi anggaran program {code}: tercetak {printed}, padahal efisiensi "
            f"÷ pagu × 100 = {saved} ÷ {pagu} × 100 = {percent}%."
        ),
    )
    for table, code, printed, saved, pagu, percent in [
        ("Table 8", "8.01.01", "18,10 %", "Rp514.554.900", "Rp6.426.345.746", "8,01"),
        ("Table 9", "8.01.02", "0,06%", "Rp8.575.020", "Rp1.980.439.500", "0,43"),
        ("Table 10", "8.01.03", "61,23 %", "Rp336.528.901", "Rp20.333.317.095", "1,66"),
        ("Table 11", "8.01.04", "0,91 %", "Rp6.866.605", "Rp302.487.250", "2,27"),
        ("Table 12", "8.01.05", "2,94%", "Rp4.026.940", "Rp963.320.800", "0,42"),
        ("Table 13", "8.01.06", "7,11 %", "Rp326.031.593", "Rp2.648.999.000", "12,31"),
    ]
]
SUMMARY = (
    "Ikhtisar Eksekutif: capaian indikator sasaran tercetak 96,34%, padahal rata-rata capaian "
    "IKU tahun 2023 adalah 106,56% (Tabel 7 mencetak 98,18). 96,34% adalah penyerapan "
    "anggaran (Bab III B: Rp31.458.315.432 ÷ Rp32.654.919.391 × 100), bukan capaian kinerja."
)


def _errors(kesbangpol, table: str | None = None) -> list[str]:
    report = iku.load(kesbangpol, 2023)
    return [c.message or "" for c in report.lkjip_errors if table is None or c.table == table]


def test_the_seed_lkjip_budget_trend_and_summary_have_exactly_these_errors(kesbangpol):
    report = iku.load(kesbangpol, 2023)
    new = [
        (c.table, c.subject, c.message)
        for c in report.lkjip_errors
        if not (c.table in ("Tabel 7", "Table 8") and c.subject.startswith("Rata-rata"))
    ]
    assert new == [
        ("Bab III B", "BELANJA: jumlah pagu", BELANJA_SUM),
        ("Bab II/III", "Program 8.01.01: pagu", PROGRAM_1),
        ("Bab II/III", "Program 8.01.03: pagu", PROGRAM_3),
        ("Bab II/III", "Program 8.01.05: realisasi", PROGRAM_5),
        ("Bab II/III", "Program 8.01.06: realisasi", PROGRAM_6),
        ("Bab II/III", "Jumlah anggaran perangkat daerah", TOTAL),
        *EFFICIENCY,
        ("Tabel 14", "Rata-rata capaian kinerja 2019–2023", TREND_PERFORMANCE),
        ("Tabel 14", "Rata-rata realisasi anggaran 2019–2023", TREND_BUDGET),
        ("Tabel 14", "Kenaikan capaian kinerja dari tahun 2022", TREND_RISE),
        ("Ikhtisar Eksekutif", "Capaian indikator sasaran", SUMMARY),
    ]


def test_every_efisiensi_in_rupiah_is_right_and_is_not_flagged(kesbangpol):
    checks = [c for c in iku.load(kesbangpol, 2023).lkjip_checks if "efisiensi (Rp)" in c.subject]
    assert [(c.table, c.printed, c.ok) for c in checks] == [
        ("Table 8", 514_554_900, True),
        ("Table 9", 8_575_020, True),
        ("Table 10", 336_528_901, True),
        ("Table 11", 6_866_605, True),
        ("Table 12", 4_026_940, True),
        ("Table 13", 326_031_593, True),
    ]


def test_a_wrong_efisiensi_in_rupiah_is_flagged(kesbangpol):
    PrintedFigure.objects.filter(key="objective:1:efficiency_rp").update(
        value=Decimal(514_554_000), text="Rp. 514.554.000,-"
    )
    assert _errors(kesbangpol, "Table 8")[-2:] == [
        "Table 8, efisiensi anggaran program 8.01.01: tercetak Rp514.554.000, padahal pagu − "
        "realisasi = Rp6.426.345.746 − Rp5.911.790.846 = Rp514.554.900.",
        EFFICIENCY[0][2],
    ]


def test_a_right_efisiensi_percentage_is_not_flagged(kesbangpol):
    PrintedFigure.objects.filter(key="objective:1:efficiency_percent").update(
        value=Decimal("8.01"), text="8,01 %"
    )
    assert not any("efisiensi" in m for m in _errors(kesbangpol, "Table 8"))


def test_the_spending_lines_that_add_up_and_every_printed_percentage_are_not_flagged(
    kesbangpol,
):
    report = iku.load(kesbangpol, 2023)
    spending = {c.subject: c for c in report.lkjip_checks if c.table == "Bab III B"}
    assert [s for s, c in spending.items() if not c.ok] == ["BELANJA: jumlah pagu"]
    # BELANJA's realisasi is the sum of its parts; BELANJA OPERASI and BELANJA MODAL add up.
    realisasi = spending["BELANJA: jumlah realisasi"]
    assert realisasi.ok and realisasi.expected == 31_458_315_432
    for parent in ("BELANJA OPERASI", "BELANJA MODAL"):
        assert spending[f"{parent}: jumlah pagu"].ok
        assert spending[f"{parent}: jumlah realisasi"].ok
    # Every line with a pagu has its percentage checked, and every one is printed right
    # (the two empty Belanja Modal lines print "-" and are not checked).
    percents = [s for s in spending if s.endswith("persentase realisasi")]
    assert len(percents) == 7
    assert all(spending[s].ok for s in percents)
    assert spending["Belanja Pegawai: persentase realisasi"].expected == pytest.approx(
        Decimal("90.924"), abs=Decimal("0.001")
    )


def test_a_percentage_that_is_not_realisasi_over_pagu_is_flagged(kesbangpol):
    PrintedSpending.objects.filter(name="Belanja Pegawai").update(
        percent=Decimal("90.29"), percent_printed="90,29"
    )
    assert _errors(kesbangpol, "Bab III B") == [
        BELANJA_SUM,
        "Bab III B, Belanja Pegawai: persentase realisasi tercetak 90,29, padahal realisasi ÷ "
        "pagu × 100 = Rp5.014.692.992 ÷ Rp5.515.255.369 × 100 = 90,92%.",
    ]


def test_a_realisasi_that_does_not_add_up_is_flagged_on_its_parent(kesbangpol):
    PrintedSpending.objects.filter(name="Belanja Hibah").update(realisasi=19_427_869_000)
    assert _errors(kesbangpol, "Bab III B") == [
        BELANJA_SUM,
        "Bab III B, BELANJA OPERASI: realisasi tercetak Rp31.371.307.832, padahal jumlah "
        "rinciannya (Belanja Pegawai Rp5.014.692.992 + Belanja Barang dan Jasa "
        "Rp6.928.744.921 + Belanja Hibah Rp19.427.869.000) adalah Rp31.371.306.913; selisih "
        "Rp919.",
        # 919 Rupiah less still leaves Belanja Hibah's 98,35 % right; BELANJA still adds
        # up, over BELANJA OPERASI as printed.
    ]


def test_a_rise_printed_in_percentage_points_or_as_a_relative_change_is_accepted(kesbangpol):
    for value, text in (("0.91", "naik sebesar 0,91%"), ("0.95", "naik sebesar 0,95%")):
        PrintedFigure.objects.filter(key="trend:claimed_increase").update(
            value=Decimal(value), text=text
        )
        assert TREND_RISE not in _errors(kesbangpol)
        assert not [m for m in _errors(kesbangpol) if m.startswith("Kalimat setelah Tabel 14")]


def test_a_right_table_14_average_and_a_right_summary_are_not_flagged(kesbangpol):
    PrintedFigure.objects.filter(key__startswith="trend:average:").update(
        value=Decimal("91.19"), text="91,19"
    )
    PrintedFigure.objects.filter(key="summary:indicator_achievement").update(
        value=Decimal("106.56"), text="106,56"
    )
    messages = _errors(kesbangpol)
    assert TREND_PERFORMANCE not in messages and TREND_BUDGET not in messages
    assert not [m for m in messages if m.startswith("Ikhtisar")]


def test_the_messages_quote_computed_figures_with_the_pemdas_rounding(kesbangpol):
    Policy.objects.filter(pemda=kesbangpol.pemda).update(rounding="truncate", decimals=2)
    messages = _errors(kesbangpol)
    # 91,186 truncated is 91,18; 106,557… truncated is 106,55.
    assert TREND_PERFORMANCE.replace("91,19%", "91,18%") in messages
    assert "rata-rata capaian IKU tahun 2023 adalah 106,55%" in " ".join(messages)
    Policy.objects.filter(pemda=kesbangpol.pemda).update(rounding="half_up", decimals=1)
    messages = " ".join(_errors(kesbangpol))
    assert "adalah 91,2%." in messages
    assert "naik 0,9 poin persentase, atau 1,0%." in messages


def test_the_page_the_spreadsheet_and_the_check_report_show_the_new_findings(login, kesbangpol):
    client = login("operator_a")
    url = f"/opd/{kesbangpol.pk}/pengukuran-kinerja/2023/"
    page = client.get(url).content.decode()
    for message in (BELANJA_SUM, TOTAL, PROGRAM_1, PROGRAM_3, PROGRAM_5, PROGRAM_6):
        assert message in page
    for message in (TREND_PERFORMANCE, TREND_BUDGET, TREND_RISE, SUMMARY):
        assert message in page
    assert "18 angka tercetak salah" in page

    sheet = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    flagged: dict[object, str] = {}
    for row in sheet.iter_rows():
        for c in row:
            if c.comment is not None:
                flagged[c.value] = flagged.get(c.value, "") + c.comment.text
    # BELANJA's pagu is flagged twice: not the sum of its parts, and printed differently.
    assert BELANJA_SUM in flagged[32_654_919_391] and TOTAL in flagged[32_654_919_391]
    assert PROGRAM_6 in flagged[2_322_967_407]
    assert TREND_PERFORMANCE in flagged[95.93] and TREND_BUDGET in flagged[95.93]

    reader = PdfReader(io.BytesIO(client.get(url + "?format=pdf&isi=pemeriksaan").content))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Bab III B, BELANJA: pagu tercetak Rp32.654.919.391" in text
    assert "Tabel 14, rata-rata capaian kinerja: tercetak 95,93" in text
    assert "Ikhtisar Eksekutif: capaian indikator sasaran tercetak 96,34%" in text
