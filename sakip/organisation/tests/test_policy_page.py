"""The policy page (/kebijakan/): who may change a Pemda's computation choices, how a
wrong entry is answered, and that every figure of both reports follows the policy."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sakip.organisation.models import Policy
from sakip.planning.models import Indicator
from sakip.reports import evaluasi_renja, iku
from sakip.rules import formatting

pytestmark = pytest.mark.django_db

URL = "/kebijakan/"


def _form(policy: Policy, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "lower_is_better_formula": policy.lower_is_better_formula,
        "achievement_cap": "" if policy.achievement_cap is None else str(policy.achievement_cap),
        "rounding": policy.rounding,
        "decimals": policy.decimals,
        "low_achievement_threshold": "75",
        "far_beyond_target_percent": "200",
        "renja_scale": policy.renja_scale_id,
        "lkjip_scale": policy.lkjip_scale_id,
    }
    if policy.weighted_average:
        data["weighted_average"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _save(login, paser, **changes: object) -> None:
    response = login("admin_pemda").post(URL, _form(paser.policy, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]


def _renja_cell(kesbangpol, code: str, column: int) -> str:
    """The text of a cell of the form: ``column`` counted from 0 in the with-Kode layout."""
    document = evaluasi_renja.build_document(evaluasi_renja.load(kesbangpol, 2023, 4))
    row = next(r for r in document.tables[0].rows if any(c.text == code for c in r.cells))
    return row.cells[column].text


K15 = 5 + 18  # No, Sasaran, Kode, name, indicator, then the K of column 15


@pytest.mark.parametrize(
    "persona", ["operator_a", "head_a", "verifikator", "inspektorat", "operator_other_pemda"]
)
def test_only_the_pemdas_admin_may_see_or_change_the_policy(login, paser, persona):
    client = login(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form(paser.policy, rounding="truncate")).status_code == 403
    paser.policy.refresh_from_db()
    assert paser.policy.rounding == "half_up"


def test_an_anonymous_visitor_is_sent_to_the_login_page(login):
    response = login(None).get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/kebijakan/"


def test_the_admin_of_another_pemda_changes_only_their_own_policy(login, paser, banyumas):
    client = login("admin_other_pemda")
    page = client.get(URL).content.decode()
    assert "Kebijakan perhitungan Kabupaten Banyumas" in page
    assert client.post(URL, _form(banyumas.policy, decimals=3)).status_code == 302
    banyumas.policy.refresh_from_db()
    paser.policy.refresh_from_db()
    assert (banyumas.policy.decimals, paser.policy.decimals) == (3, 2)


def test_invalid_input_is_answered_in_indonesian_and_keeps_what_was_typed(login, paser):
    client = login("admin_pemda")
    response = client.post(
        URL,
        _form(
            paser.policy,
            decimals="dua",
            achievement_cap="0,5",
            far_beyond_target_percent="0",
            rounding="ke atas",
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Masukkan keseluruhan angka bilangan." in page  # decimals "dua"
    assert "Pastikan nilai ini lebih besar dari atau sama dengan 1." in page  # cap 0,5
    assert "Ambang harus lebih dari 0." in page
    assert "Masukkan pilihan yang valid. ke atas bukan salah satu" in page  # rounding
    assert 'value="dua"' in page and 'value="0,5"' in page and 'value="0"' in page
    assert "Periksa kembali isian yang ditandai." in page
    paser.policy.refresh_from_db()
    assert (paser.policy.decimals, paser.policy.achievement_cap) == (2, None)


def test_a_cap_is_typed_with_a_decimal_comma_and_shown_back_the_same_way(login, paser):
    _save(login, paser, achievement_cap="110,5")
    paser.policy.refresh_from_db()
    assert paser.policy.achievement_cap == Decimal("110.5")
    assert 'value="110,50"' in login("admin_pemda").get(URL).content.decode()


def test_truncation_and_decimals_change_the_displayed_capaian_in_both_reports(
    login, paser, kesbangpol
):
    # 8.01.01.2.06.01: 1 of a Renstra target of 6 = 16,666…%; the IKU average 106,557…%.
    assert _renja_cell(kesbangpol, "8.01.01.2.06.01", K15) == "16,67"
    assert iku.build_document(iku.load(kesbangpol, 2023)).tables[0].rows[-1].cells[1].text == (
        "106,56"
    )
    _save(login, paser, rounding="truncate")
    assert _renja_cell(kesbangpol, "8.01.01.2.06.01", K15) == "16,66"
    iku_page = login("operator_a").get(f"/opd/{kesbangpol.pk}/pengukuran-kinerja/2023/")
    assert "106,55" in iku_page.content.decode()
    renja_page = login("operator_a").get(f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw4/")
    assert "16,66" in renja_page.content.decode()
    # A document's own rounding is not the Pemda's display policy: no new findings.
    assert len(evaluasi_renja.load(kesbangpol, 2023, 4).findings) == 5

    _save(login, paser, rounding="half_up", decimals=1)
    assert _renja_cell(kesbangpol, "8.01.01.2.06.01", K15) == "16,7"
    rows = iku.build_document(iku.load(kesbangpol, 2023)).tables[0].rows
    capaian = [row.cells[6].text for row in rows[:6]]
    assert capaian == ["89,3", "100,0", "125,0", "125,0", "100,0", "100,0"]
    assert (
        "106,6"
        in login("operator_a")
        .get(f"/opd/{kesbangpol.pk}/pengukuran-kinerja/2023/")
        .content.decode()
    )
    paser.policy.refresh_from_db()
    footer = evaluasi_renja.load(kesbangpol, 2023, 4).footer
    assert formatting.format_number(footer.k_year, policy=paser.policy.to_rules()) == "102,2"


def test_a_cap_changes_the_averages_but_never_the_raw_capaian(login, paser, kesbangpol):
    _save(login, paser, achievement_cap="110")
    report = iku.load(kesbangpol, 2023)
    document = iku.build_document(report)
    rows = document.tables[0].rows
    assert [r.cells[6].text for r in rows[:6]] == [
        "89,34",
        "100,00",
        "125,00",
        "125,00",
        "100,00",
        "100,00",
    ]
    # (89,34 + 100 + 110 + 110 + 100 + 100) / 6 = 101,56
    assert rows[-1].cells[1].text == "101,56"
    assert "capaian di atas 110% dihitung 110% untuk rata-rata" in " ".join(
        b.text for b in document.blocks if type(b).__name__ == "Paragraph"
    )
    # The Evaluasi Renja footer averages with the same cap (the gaji row's 265,71 counts
    # 110), while the row itself still shows its 365,71.
    renja = evaluasi_renja.load(kesbangpol, 2023, 4)
    year = [
        line.result.k.achievement_year.value
        for line in renja.lines
        if line.level == "subkegiatan" and line.result.k.achievement_year.computable
    ]
    assert max(year) > 110  # the gaji row: 93 of 35 = 265,71%
    expected = sum(min(v, Decimal(110)) for v in year) / len(year)
    assert round(renja.footer.k_year, 20) == round(expected, 20)
    assert formatting.format_number(renja.footer.k_year) == "96,99"  # 102,18 uncapped
    assert _renja_cell(kesbangpol, "8.01.01.2.02.01", K15) == "365,71"


def test_the_lower_is_better_formula_changes_a_lower_is_better_indicators_capaian(
    login, paser, kesbangpol
):
    # Pemilu: target 80, realisasi 100. Made "semakin rendah semakin baik" for the test.
    pemilu = Indicator.objects.get(agency=kesbangpol, code="pemilu")
    pemilu.polarity = "lower"
    pemilu.save(update_fields=["polarity"])
    # 8.01.01.2.06.01: Renstra target 6, realisasi s/d 2023 1.
    item = Indicator.objects.get(
        program_item__renja__agency=kesbangpol,
        program_item__renja__year=2023,
        program_item__code="8.01.01.2.06.01",
    )
    item.polarity = "lower"
    item.save(update_fields=["polarity"])

    def pemilu_capaian() -> str:
        return iku.build_document(iku.load(kesbangpol, 2023)).tables[0].rows[2].cells[6].text

    assert pemilu_capaian() == "75,00"  # (2 × 80 − 100) / 80 × 100
    assert _renja_cell(kesbangpol, "8.01.01.2.06.01", K15) == "183,33"  # (12 − 1) / 6 × 100
    _save(login, paser, lower_is_better_formula="ratio")
    assert pemilu_capaian() == "80,00"  # 80 / 100 × 100
    assert _renja_cell(kesbangpol, "8.01.01.2.06.01", K15) == "600,00"  # 6 / 1 × 100
    # An indicator's own formula wins over the Pemda's.
    pemilu.lower_is_better_formula = "inverse_2t"
    pemilu.save(update_fields=["lower_is_better_formula"])
    assert pemilu_capaian() == "75,00"


def test_a_weighted_average_weighs_each_sub_kegiatan_by_its_pagu(login, paser, kesbangpol):
    simple = evaluasi_renja.load(kesbangpol, 2023, 4)
    leaves = [line for line in simple.lines if line.level == "subkegiatan"]
    pairs = [
        (line.result.k.achievement_year.value, line.inputs.pagu_year)
        for line in leaves
        if line.result.k.achievement_year.value is not None
    ]
    expected = sum(v * p for v, p in pairs) / sum(p for _, p in pairs)
    _save(login, paser, weighted_average="on")
    weighted = evaluasi_renja.load(kesbangpol, 2023, 4).footer.k_year
    assert round(weighted, 20) == round(expected, 20)
    assert formatting.format_number(weighted) != formatting.format_number(simple.footer.k_year)
    document = evaluasi_renja.build_document(evaluasi_renja.load(kesbangpol, 2023, 4))
    assert any("rata-rata tertimbang pagu" in getattr(b, "text", "") for b in document.blocks)
    # The IKU have no weights: their average stays the simple mean, and says so.
    report = iku.load(kesbangpol, 2023)
    assert formatting.format_number(report.average) == "106,56"
    notes = " ".join(getattr(b, "text", "") for b in iku.build_document(report).blocks)
    assert "IKU belum memiliki bobot" in notes


def test_the_admin_turns_the_pimpinans_approval_of_quarters_on_and_off(login, paser):
    page = login("admin_pemda").get(URL).content.decode()
    assert "Realisasi triwulan disetujui pimpinan OPD sebelum diverifikasi" in page
    assert paser.policy.head_approves_quarters is False  # the default
    _save(login, paser, head_approves_quarters="on")
    paser.policy.refresh_from_db()
    assert paser.policy.head_approves_quarters is True
    _save(login, paser)  # an unticked box is off
    paser.policy.refresh_from_db()
    assert paser.policy.head_approves_quarters is False
