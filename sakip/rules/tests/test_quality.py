import datetime
from decimal import Decimal

from sakip.rules.achievement import compute_achievement
from sakip.rules.budget import efficiency
from sakip.rules.periods import Combine
from sakip.rules.policy import Policy
from sakip.rules.quality import (
    Finding,
    check_document_date,
    check_far_beyond,
    check_figure_text,
    check_low_achievement,
    check_mean,
    check_negative,
    check_nip,
    check_nip_consistency,
    check_printed_value,
    check_quarters,
    check_total,
    quarter_findings,
)

D = Decimal
POLICY = Policy()


def test_kepala_pk_printed_total_is_flagged_with_the_difference():
    # DOMAIN §7, seed 003 Lampiran I: the Kepala's program lines sum to Rp45.231.971.529
    # but the total is printed Rp45.267.771.529 (program 5 259.000.000 should be 295.000.000,
    # program 6 1.764.814.380 should be 1.764.614.380).
    lines = [6_000_000_000, 1_000_000_000, 36_208_157_149, 259_000_000, 0, 1_764_814_380]
    lines[4] = 45_231_971_529 - sum(lines)
    finding = check_total(lines, 45_267_771_529, "")
    assert isinstance(finding, Finding)
    assert finding.code == "total_mismatch"
    assert finding.severity == "error"
    assert finding.message == (
        "Jumlah tercetak Rp45.267.771.529 tidak sama dengan jumlah baris Rp45.231.971.529 "
        "(selisih Rp35.800.000)."
    )
    assert (finding.printed, finding.expected) == (45_267_771_529, 45_231_971_529)
    corrected = [*lines[:3], 295_000_000, lines[4], 1_764_614_380]
    assert check_total(corrected, 45_267_771_529, "") is None


def test_a_label_prefixes_the_message():
    finding = check_total([1, 2], 4, "PK Kasubag Umum")
    assert finding is not None
    assert finding.message.startswith("PK Kasubag Umum: jumlah tercetak Rp4")


def test_a_total_of_counts_is_shown_without_rp():
    finding = check_total([1, 2], 4, "", money=False)
    assert finding is not None and "Rp" not in finding.message


def test_table_7_printed_mean_is_flagged():
    first = compute_achievement(D(73), D("65.22")).value
    assert first is not None
    values = [first, D(100), D(125), D(125), D(100), D(100)]
    finding = check_mean(values, D("98.18"), POLICY, "Tabel 7")
    assert finding is not None
    assert finding.code == "mean_mismatch"
    assert "98,18" in finding.message and "106,56" in finding.message
    assert check_mean(values, D("106.56"), POLICY, "Tabel 7") is None


def test_table_8_average_of_189_34_is_flagged():
    # DOMAIN §7: "Rata-rata Capaian 189,34 %" of 89,34 and 100 (mean 94,67).
    finding = check_mean([D("89.34"), D(100)], D("189.34"), POLICY, "Tabel 8")
    assert finding is not None and "94,67" in finding.message


def test_check_mean_with_nothing_to_average():
    assert check_mean([None], D(5), POLICY, "") is None


def test_a_printed_value_matches_at_its_own_precision():
    # Lampiran III 8.01.01.2.08.02 Rp: 10.892.180 / 17.233.236 = 63,204… printed "63,2".
    computed = D(10_892_180) / D(17_233_236) * 100
    assert check_printed_value(computed, D("63.2"), POLICY, "") is None
    assert check_printed_value(computed, D("63.20"), POLICY, "") is None
    assert check_printed_value(D("99.9999"), D("100"), POLICY, "") is None


def test_a_wrong_printed_value_is_flagged():
    # Lampiran III 8.01.01.2.02.01: col 14 K printed 64 where 7 + 13 = 35 + 93 = 128.
    finding = check_printed_value(D(128), D(64), POLICY, "Kolom 14")
    assert finding is not None
    assert finding.code == "value_mismatch"
    assert finding.message == "Kolom 14: tercetak 64, padahal hasil hitungnya 128."


def test_wrong_efficiency_percentages_are_flagged():
    # DOMAIN §7: program 1 efisiensi 514.554.900 of 6.426.345.746 is 8,01 %, printed 18,10 %.
    percent = efficiency(6_426_345_746, 5_911_790_846).percent
    finding = check_printed_value(percent, D("18.10"), POLICY, "Efisiensi program 1")
    assert finding is not None and "8,01" in finding.message


def test_wrong_rupiah_are_shown_as_rupiah():
    finding = check_printed_value(64, 65, POLICY, "")
    assert finding is not None and "Rp65" in finding.message


def test_a_percentage_printed_over_a_zero_target_is_flagged():
    # DOMAIN §7: rows 8.01.01.2.01.01 and 8.01.01.2.07 print a col-15 K over a target of 0.
    achievement = compute_achievement(D(0), D(10))
    finding = check_printed_value(achievement.value, D(10), POLICY, "8.01.01.2.01.01")
    assert finding is not None
    assert finding.code == "percent_over_zero_target"
    assert check_printed_value(achievement.value, None, POLICY, "") is None


def test_non_cumulative_quarters_that_were_summed_are_flagged():
    finding = check_quarters([D(93)] * 4, Combine.LAST, D(372))
    assert finding is not None
    assert finding.code == "quarters_summed"
    assert "93" in finding.message


def test_correct_year_values_pass():
    assert check_quarters([D(93)] * 4, Combine.LAST, D(93)) is None
    assert check_quarters([D(2), D(1), D(1), D(1)], Combine.SUM, D(5)) is None
    assert check_quarters([D(2), D(1)], Combine.SUM, None) is None


def test_a_year_value_that_is_neither_is_flagged():
    finding = check_quarters([D(2), D(1), D(1), D(1)], Combine.SUM, D(6))
    assert finding is not None and finding.code == "year_mismatch"


def test_a_missing_quarter_is_flagged_first():
    findings = quarter_findings([D(2), None, D(1)], Combine.SUM, D(5))
    assert [f.code for f in findings] == ["missing_quarter", "year_mismatch"]
    assert findings[0].message == "Realisasi triwulan II belum diisi."
    assert check_quarters([D(2), None, D(1)], Combine.SUM, None) == findings[0]


def test_realisasi_far_beyond_the_target_is_flagged():
    # Lampiran III gaji row: 93 against a target of 35 (265,71 %): a unit mix-up.
    finding = check_far_beyond(D(35), D(93), POLICY)
    assert finding is not None
    assert finding.code == "far_beyond_target"
    assert finding.severity == "warning"
    assert "265,71%" in finding.message
    assert check_far_beyond(D(35), D(70), POLICY) is None
    assert check_far_beyond(D(0), D(70), POLICY) is None
    assert check_far_beyond(None, D(70), POLICY) is None
    assert check_far_beyond(D(35), D(70), Policy(far_beyond_target_percent=D(150))) is not None


def test_negative_values_are_flagged():
    finding = check_negative(D(-5), "Realisasi TW I")
    assert finding is not None
    assert finding.code == "negative_value"
    assert finding.message.startswith("Realisasi TW I: nilai negatif (-5)")
    assert check_negative(D(0)) is None
    assert check_negative(None) is None


def test_low_achievement_needs_an_explanation():
    finding = check_low_achievement(D("52.63"), "", POLICY, "8.01.01.2.01.07")
    assert finding is not None and finding.code == "explanation_required"
    assert "52,63%" in finding.message and "75%" in finding.message
    assert check_low_achievement(D("52.63"), "Kegiatan ditunda", POLICY) is None
    assert check_low_achievement(D("80"), None, POLICY) is None
    assert check_low_achievement(None, None, POLICY) is None


def test_a_2024_pk_dated_january_2023_is_flagged():
    finding = check_document_date(2024, datetime.date(2023, 1, 2), "PK 2024")
    assert finding is not None
    assert finding.code == "date_year_mismatch"
    assert "Januari 2023" in finding.message
    assert check_document_date(2024, datetime.date(2024, 1, 29)) is None
    assert check_document_date(2024, datetime.date(2023, 12, 28)) is None


def test_malformed_nips_are_flagged():
    for printed in ("197-10607199703 1 007", "19710607117031007"):
        finding = check_nip(printed, "Penandatangan")
        assert finding is not None and finding.code == "invalid_nip"
        assert printed in finding.message
    assert check_nip("19710607 199703 1 007") is None
    assert check_nip("") is None  # a Bupati has no NIP


def test_compound_and_unreadable_targets_are_flagged():
    finding = check_figure_text("2 Dokumen dan 10 Kec")
    assert finding is not None and finding.code == "compound_target"
    finding = check_figure_text("144 Laporan 24 Dokumen, 1.108 Orang")
    assert finding is not None and finding.code == "compound_target"
    finding = check_figure_text("59,97-")
    assert finding is not None and finding.code == "unreadable_figure"
    assert check_figure_text("73 %") is None
    assert check_figure_text("BB") is None


def test_one_person_printed_with_two_nips_is_flagged():
    # Seed 000: the Kepala Badan's NIP on the statement page and under the lampiran.
    finding = check_nip_consistency(
        ["19670425 198903 1 005", "195704181989031005"], "EKO HERU SURONO, S.Sos"
    )
    assert finding is not None and finding.code == "nip_mismatch"
    assert "19570418 198903 1 005" in finding.message
    assert check_nip_consistency(["19710607 199703 1 007", "197106071997031007", None]) is None


TRUNCATE_2 = Policy(rounding="truncate", decimals=2)
HALF_UP_1 = Policy(rounding="half_up", decimals=1)


def test_far_beyond_target_quotes_its_figures_with_the_pemdas_rounding_policy():
    # 93,456 of 35 is 267,0171…%: truncated to 2 decimals "93,45" and "267,01"; half-up
    # to 1 decimal "93,5" and "267,0", as the report shows them.
    truncated = check_far_beyond(D(35), D("93.456"), TRUNCATE_2)
    rounded = check_far_beyond(D(35), D("93.456"), HALF_UP_1)
    assert truncated is not None and rounded is not None
    assert truncated.message.startswith("Realisasi 93,45 adalah 267,01% dari target 35,")
    assert rounded.message.startswith("Realisasi 93,5 adalah 267,0% dari target 35,")


def test_summed_quarters_quote_the_expected_year_figure_with_the_pemdas_rounding_policy():
    quarters = [D("1.2355")] * 4  # non-cumulative: the year is 1,2355, printed 4,942
    truncated = quarter_findings(quarters, Combine.LAST, D("4.942"), TRUNCATE_2)
    rounded = quarter_findings(quarters, Combine.LAST, D("4.942"), HALF_UP_1)
    assert [f.code for f in truncated] == [f.code for f in rounded] == ["quarters_summed"]
    assert "tercetak 4,942 adalah jumlah keempat triwulan; seharusnya 1,23." in (
        truncated[0].message
    )
    assert "seharusnya 1,2." in rounded[0].message
    default = quarter_findings(quarters, Combine.LAST, D("4.942"))
    assert "seharusnya 1,24." in default[0].message  # half-up, 2 decimals


def test_a_wrong_printed_value_quotes_the_computed_one_rounded_per_policy():
    truncated = check_printed_value(D("63.2049"), D("63.3"), TRUNCATE_2)
    rounded = check_printed_value(D("63.2049"), D("63.3"), HALF_UP_1)
    assert truncated is not None and rounded is not None
    assert truncated.message == "Tercetak 63,3, padahal hasil hitungnya 63,2."
    assert "hasil hitungnya 63,2." in rounded.message
    wider = check_printed_value(D("63.2069"), D("63.31"), Policy(decimals=2))
    assert wider is not None and "hasil hitungnya 63,21." in wider.message
    cut = check_printed_value(D("63.2069"), D("63.31"), TRUNCATE_2)
    assert cut is not None and "hasil hitungnya 63,2." in cut.message  # 63,20 trimmed
