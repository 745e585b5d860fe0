from decimal import Decimal

import pytest

from sakip.rules.periods import Combine
from sakip.rules.policy import Policy, round_for_display
from sakip.rules.ratings import PERMENDAGRI_86_2017
from sakip.rules.renja import (
    Layout,
    RenjaInput,
    column_numbers,
    compute_row,
    footer,
    formula_captions,
    item_weights,
    sum_rows,
)
from sakip.rules.values import Polarity

D = Decimal
POLICY = Policy()


def shown(value: Decimal | None) -> Decimal:
    assert value is not None
    return round_for_display(value, POLICY)


def k(*values: int) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    return tuple(D(v) for v in values)  # type: ignore[return-value]


# Seed 003 Lampiran III, row 8.01.01.2.01.07 "Evaluasi Kinerja Perangkat Daerah".
EVALUASI_KINERJA = RenjaInput(
    target_renstra=D(19),
    realised_before=D(5),
    target_year=D(0),
    quarters=k(2, 1, 1, 1),
    pagu_renstra=30_000_000,
    spent_before=0,
    pagu_year=30_000_000,
    spent_quarters=(0, 15_178_200, 13_575_100, 0),
)

# Row 8.01.01.2.02.01 "Penyediaan Gaji dan Tunjangan ASN" (orang/bulan, non kumulatif).
GAJI = RenjaInput(
    target_renstra=D(35),
    realised_before=D(35),
    target_year=D(35),
    quarters=k(93, 93, 93, 93),
    quarter_combine=Combine.LAST,
    pagu_renstra=5_483_785_369,
    spent_before=0,
    pagu_year=5_483_785_369,
    spent_quarters=(582_308_620, 2_073_842_930, 1_167_872_568, 1_159_208_874),
)

# Row 8.01.01.2.01.01 "Penyusunan Dokumen Perencanaan Perangkat Daerah": Renstra target 0.
DOKUMEN_PERENCANAAN = RenjaInput(
    target_renstra=D(0),
    realised_before=D(5),
    target_year=D(0),
    quarters=k(2, 2, 1, 0),
    pagu_renstra=14_300_000,
    spent_before=0,
    pagu_year=14_300_000,
    spent_quarters=(0, 2_300_000, 12_000_000, 0),
)

# The six program rows (Lampiran III), K and Rp, as printed.
PROGRAMS = [
    RenjaInput(
        target_renstra=D(288), realised_before=D(0), target_year=D(288), quarters=k(18, 18, 18, 18),
        pagu_renstra=6_426_345_746, spent_before=0, pagu_year=6_426_345_746,
        spent_quarters=(757_376_352, 2_321_887_392, 1_407_302_684, 1_425_224_418),
    ),
    RenjaInput(
        target_renstra=D(500), realised_before=D(0), target_year=D(100), quarters=k(25, 25, 25, 25),
        pagu_renstra=1_980_439_500, spent_before=0, pagu_year=1_980_439_500,
        spent_quarters=(149_842_943, 91_806_786, 740_171_450, 990_043_301),
    ),
    RenjaInput(
        target_renstra=D(400), realised_before=D(0), target_year=D(80), quarters=k(20, 20, 20, 20),
        pagu_renstra=20_029_431_772, spent_before=0, pagu_year=20_029_431_772,
        spent_quarters=(85_771_200, 758_985_184, 184_998_005, 18_967_033_805),
    ),
    RenjaInput(
        target_renstra=D(375), realised_before=D(0), target_year=D(75), quarters=k(10, 25, 25, 15),
        pagu_renstra=302_487_250, spent_before=0, pagu_year=302_487_250,
        spent_quarters=(26_814_400, 36_115_750, 48_219_585, 184_470_910),
    ),
    RenjaInput(
        target_renstra=D(500), realised_before=D(0), target_year=D(100), quarters=k(25, 25, 25, 25),
        pagu_renstra=963_320_800, spent_before=0, pagu_year=963_320_800,
        spent_quarters=(47_366_561, 178_307_000, 298_277_784, 435_342_515),
    ),
    RenjaInput(
        target_renstra=D(500), realised_before=D(0), target_year=D(100), quarters=k(25, 25, 25, 25),
        pagu_renstra=2_648_999_000, spent_before=0, pagu_year=2_648_999_000,
        spent_quarters=(183_175_463, 286_843_126, 457_165_144, 1_395_773_674),
    ),
]  # fmt: skip


def test_layout_with_code_numbers_columns_as_seed_003():
    columns = column_numbers(Layout.WITH_CODE)
    assert columns["code"] == 3
    assert [columns[key] for key in ("target_renstra", "realised_before", "target_year")] == [
        6,
        7,
        8,
    ]
    assert [columns[f"q{i}"] for i in range(1, 5)] == [9, 10, 11, 12]
    assert columns["realised_year"] == 13
    assert columns["realised_renstra"] == 14
    assert columns["achievement_renstra"] == 15
    assert columns["note"] == 16
    assert (columns["no"], columns["objective"], columns["name"], columns["indicator"]) == (
        1,
        2,
        4,
        5,
    )


def test_layout_without_code_shifts_every_number_down_by_one():
    with_code = column_numbers(Layout.WITH_CODE)
    without = column_numbers("without_code")
    assert "code" not in without
    for key in with_code:
        if key not in ("code", "no", "objective"):
            assert without[key] == with_code[key] - 1
    assert without["target_renstra"] == 5
    assert without["achievement_renstra"] == 14


def test_formula_captions_follow_the_layout():
    assert formula_captions(Layout.WITH_CODE)["realised_renstra"] == "14 = 7 + 13"
    assert formula_captions(Layout.WITH_CODE)["achievement_renstra"] == "15 = 14/6 x 100%"
    assert formula_captions(Layout.WITHOUT_CODE)["realised_renstra"] == "13 = 6 + 12"


def test_row_8_01_01_2_01_07_performance_side():
    result = compute_row(EVALUASI_KINERJA, 4, POLICY)
    assert result.k.c13 == D(5)  # 2 + 1 + 1 + 1
    assert result.k.c14 == D(10)  # 7 + 13 = 5 + 5
    assert shown(result.k.c15.value) == D("52.63")  # 10 / 19 × 100
    # The year's K target is 0: no capaian for the year (DOMAIN §4.1).
    assert not result.k.achievement_year.computable


def test_row_8_01_01_2_01_07_money_side():
    result = compute_row(EVALUASI_KINERJA)
    assert result.rp.c13 == 28_753_300
    assert result.rp.c14 == 28_753_300
    assert shown(result.rp.c15.value) == D("95.84")
    assert shown(result.rp.achievement_year.value) == D("95.84")


def test_gaji_row_takes_the_last_quarter_and_adds_last_years_realisasi():
    # DOMAIN §7: col 13 = 93 (non kumulatif), col 14 = 7 + 13 = 35 + 93 = 128 (printed 64).
    result = compute_row(GAJI)
    assert result.k.c13 == D(93)
    assert result.k.c14 == D(128)
    assert result.rp.c13 == 4_983_232_992
    assert shown(result.rp.c15.value) == D("90.87")


def test_a_kondisi_akhir_indicator_takes_col_13_as_col_14():
    row = RenjaInput(
        target_renstra=D(35), realised_before=D(35), quarters=k(93, 93, 93, 93),
        quarter_combine=Combine.LAST, year_combine=Combine.LAST,
    )  # fmt: skip
    assert compute_row(row).k.c14 == D(93)


def test_row_8_01_01_2_01_01_with_renstra_target_0_is_not_computable():
    # DOMAIN §7: the seed prints col 15 K = 10 over a Renstra target of 0.
    result = compute_row(DOKUMEN_PERENCANAAN)
    assert result.k.c13 == D(5)
    assert result.k.c14 == D(10)
    assert result.k.c15.value is None
    assert result.k.c15.note == "tidak dapat dihitung: target 0"
    assert result.rp.c15.value == D(100)


def test_a_quarterly_form_leaves_later_quarters_blank():
    result = compute_row(EVALUASI_KINERJA, upto_quarter=2)
    assert result.k.quarters == (D(2), D(1), None, None)
    assert result.k.c13 == D(3)
    assert result.k.c14 == D(8)
    assert result.rp.spent_quarters == (0, 15_178_200, None, None)
    assert result.rp.c13 == 15_178_200
    assert result.upto_quarter == 2


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_the_evaluated_quarter_must_be_1_to_4(quarter):
    with pytest.raises(ValueError):
        compute_row(EVALUASI_KINERJA, quarter)


def test_a_row_needs_four_quarters_and_decimal_figures():
    with pytest.raises(ValueError):
        RenjaInput(quarters=(D(1), D(2)))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        RenjaInput(target_renstra=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        RenjaInput(pagu_year=D("1.5"))  # type: ignore[arg-type]


def test_money_percent_with_pagu_zero_or_missing_is_not_computable():
    result = compute_row(RenjaInput(pagu_renstra=0, pagu_year=None, spent_quarters=(5, 0, 0, 0)))
    assert result.rp.c15.value is None and result.rp.c15.note == "tidak dapat dihitung: pagu 0"
    assert result.rp.achievement_year.value is None


def test_lower_is_better_rows_use_the_lower_is_better_capaian():
    row = RenjaInput(
        target_renstra=D(10), realised_before=D(0), target_year=D(10), quarters=k(2, 2, 2, 2),
        polarity=Polarity.LOWER,
    )  # fmt: skip
    result = compute_row(row)
    assert result.k.c15.value == D(120)  # (2×10 − 8)/10 × 100


def test_the_jumlah_row_is_the_sum_of_the_programs():
    # Lampiran III JUMLAH: 32.351.024.068 / 1.250.346.919 / 3.673.945.238 / 3.136.134.652 /
    # 23.397.888.623 / 31.458.315.432 / 31.458.315.432 / 97,24.
    totals = sum_rows([compute_row(p) for p in PROGRAMS])
    assert totals.pagu_renstra == 32_351_024_068
    assert totals.pagu_year == 32_351_024_068
    assert totals.spent_before == 0
    assert totals.spent_quarters == (1_250_346_919, 3_673_945_238, 3_136_134_652, 23_397_888_623)
    assert totals.c13 == 31_458_315_432
    assert totals.c14 == 31_458_315_432
    assert shown(totals.c15.value) == D("97.24")


def test_sum_rows_also_takes_inputs():
    assert sum_rows(PROGRAMS) == sum_rows([compute_row(p) for p in PROGRAMS])


def test_a_parent_percentage_is_sum_over_sum_not_a_mean_of_percentages():
    rows = [
        compute_row(RenjaInput(pagu_renstra=100, pagu_year=100, spent_quarters=(100, 0, 0, 0))),
        compute_row(RenjaInput(pagu_renstra=900, pagu_year=900, spent_quarters=(0, 0, 0, 0))),
    ]
    assert sum_rows(rows).c15.value == D(10)  # 100 / 1000, not (100 + 0) / 2


def test_footer_averages_k_and_divides_rp_sums_and_rates_them():
    results = [compute_row(p) for p in PROGRAMS]
    summary = footer(results, POLICY, PERMENDAGRI_86_2017)
    # K, col 13 vs col 8: 72/288 = 25 % and five rows at 100 % → 87,5.
    assert summary.k_year == D("87.5")
    assert summary.k_year_rating is not None and summary.k_year_rating.label == "Tinggi"
    # K, col 15: 72/288 = 25 and five rows at 20 → 20,83.
    assert shown(summary.k_renstra) == D("20.83")
    assert summary.k_renstra_rating is not None
    assert summary.k_renstra_rating.label == "Sangat Rendah"  # as printed: "Sangat Rendah"
    assert shown(summary.rp_year) == D("97.24")
    assert shown(summary.rp_renstra) == D("97.24")
    assert summary.rp_renstra_rating is not None
    assert summary.rp_renstra_rating.label == "Sangat Tinggi"  # as printed: "Sangat tinggi"


def test_footer_skips_rows_that_are_not_computable():
    results = [compute_row(EVALUASI_KINERJA), compute_row(DOKUMEN_PERENCANAAN)]
    summary = footer(results)
    assert summary.k_excluded == 1
    assert summary.k_renstra == results[0].k.c15.value
    assert summary.k_year is None  # both rows have a year target of 0
    assert summary.k_year_rating is None


def test_footer_applies_the_policy_cap_for_averaging_only():
    policy = Policy(achievement_cap=D(100))
    results = [compute_row(GAJI)]  # col 15 K = 128 / 35 = 365,71 %
    assert shown(results[0].k.c15.value) == D("365.71")
    assert footer(results, policy).k_renstra == D(100)


def test_an_items_indicators_share_its_pagu_so_it_weighs_once():
    # A sub kegiatan of Rp900 with three indicators, and one of Rp300 with one.
    weights = item_weights([(900, 3), (900, 3), (900, 3), (300, 1)])
    assert weights == [Decimal(300), Decimal(300), Decimal(300), Decimal(300)]
    assert sum(weights[:3]) == 900
