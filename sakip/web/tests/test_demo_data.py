"""The demo data holds the three seeds without loss, errors included (DOMAIN §7)."""

from __future__ import annotations

import datetime
import shutil
from decimal import Decimal

import pytest
from django.db.models import Sum

from sakip.accounts.models import User
from sakip.agreements.models import Agreement, AgreementBudget
from sakip.measurement.models import ActionPlanRow, Actual, BudgetActual
from sakip.organisation.models import Agency, Employee, PositionHolding
from sakip.planning.models import Indicator, IndicatorTarget, ItemBudget, Objective, ProgramItem
from sakip.reports.models import PrintedFigure, SourceDocument
from sakip.rules.nip import parse_nip
from sakip.web.demo import (
    DEMO_DIR,
    DEMO_LOGINS,
    Registry,
    load_demo,
    load_lkjip,
    stale_demo_pemdas,
)
from sakip.web.models import DemoLoad

pytestmark = pytest.mark.django_db


def test_lampiran_iii_is_loaded_row_by_row(kesbangpol):
    items = ProgramItem.objects.filter(renja__agency=kesbangpol, renja__year=2023)
    assert items.count() == 51  # urusan 8, bidang 8.01 and the 49 coded rows of DOMAIN §7
    levels = {level: items.filter(level=level).count() for level in ProgramItem.Level.values}
    assert levels == {"urusan": 1, "bidang": 1, "program": 6, "kegiatan": 11, "subkegiatan": 32}
    assert items.get(code="8.01.01.2.02.01").parent.code == "8.01.01.2.02"


def test_lampiran_iii_pagu_and_realisasi_add_up_to_the_seeds_totals(kesbangpol):
    pagu = ItemBudget.objects.filter(item__agency=kesbangpol, revision__renja__year=2023).aggregate(
        s=Sum("pagu")
    )["s"]
    spent = BudgetActual.objects.filter(
        item__agency=kesbangpol, year=2023, quarter__in=[1, 2, 3, 4]
    ).aggregate(s=Sum("amount"))["s"]
    assert pagu == 32_351_024_068
    assert spent == 31_458_315_432


def test_the_gaji_row_keeps_its_non_cumulative_rule_and_quarters(kesbangpol):
    indicator = Indicator.objects.get(
        program_item__renja__agency=kesbangpol,
        program_item__renja__year=2023,
        program_item__code="8.01.01.2.02.01",
    )
    assert indicator.quarter_combine == "last"
    assert indicator.unit == "orang/bulan"
    quarters = Actual.objects.filter(indicator=indicator, year=2023).exclude(quarter=0)
    assert sorted(a.value for a in quarters) == [93, 93, 93, 93]


def test_the_renstra_and_iku_of_table_3_and_6_are_loaded(kesbangpol):
    objectives = Objective.objects.filter(agency=kesbangpol)
    assert objectives.count() == 6
    iku = Indicator.objects.filter(agency=kesbangpol, is_iku=True)
    assert set(iku.values_list("code", flat=True)) == {
        "sakip",
        "pancasila",
        "pemilu",
        "ormas",
        "ekososbud",
        "konflik",
    }
    sakip = iku.get(code="sakip")
    assert sakip.baseline_text == "CC"
    renstra = {t.year: t.text for t in sakip.targets.filter(kind=IndicatorTarget.Kind.RENSTRA)}
    assert renstra == {2022: "B", 2023: "B", 2024: "BB", 2025: "A", 2026: "A"}
    konflik = iku.get(code="konflik")
    assert konflik.formula and konflik.responsible_unit


def test_the_2024_pk_cascade_is_loaded_with_its_printed_errors(kesbangpol):
    pks = Agreement.objects.filter(agency=kesbangpol, year=2024)
    assert pks.count() == 13
    kepala = pks.get(position__code="kaban")
    lines = sum(kepala.budget_rows.values_list("amount", flat=True))
    assert lines == 45_231_971_529
    assert kepala.printed_total == 45_267_771_529
    assert kepala.second_name == "dr. FAHMI FADLI"
    assert kepala.first_nip == "19710607 199703 1 007"
    odd = AgreementBudget.objects.get(agreement__agency=kesbangpol, amount_printed="Rp. 122952.700")
    assert odd.amount == 122_952_700


def test_the_pk_dates_and_titles_are_loaded_as_printed_misprints_included(kesbangpol):
    pks = Agreement.objects.filter(agency=kesbangpol, year=2024)
    kewaspadaan = pks.get(code="pk-kabid-kewaspadaan-2024")
    assert (kewaspadaan.date_printed, kewaspadaan.date_printed_lampiran) == (
        "Januari 2024",
        "Januari 2023",
    )
    forkopimda = pks.get(code="pk-jf-forkopimda-2024")
    assert (forkopimda.date_printed, forkopimda.date_printed_lampiran) == (
        "Januari 2023",
        "Januari 2024",
    )
    kasubag = pks.get(code="pk-kasubag-umum-2024")
    assert kasubag.lampiran_title_printed.startswith("PERJANJIAN KINERJA TAHUN 2023")


def test_a_malformed_nip_keeps_its_printed_text_and_is_marked_invalid(kesbangpol):
    printed = set(
        Agreement.objects.filter(agency=kesbangpol).values_list("second_nip_lampiran", flat=True)
    )
    assert "19710607117031007" in printed
    assert not parse_nip("19710607117031007").valid


def test_every_pk_party_holds_the_position_in_that_year(kesbangpol):
    for pk in Agreement.objects.filter(agency=kesbangpol).select_related("position"):
        assert PositionHolding.objects.filter(
            position=pk.position, employee=pk.first_employee, year=pk.year
        ).exists(), pk


def test_every_employee_nip_is_valid_or_absent(paser, banyumas):
    for employee in Employee.objects.filter(pemda__in=[paser, banyumas]):
        assert employee.nip == "" or employee.nip_check.valid, employee


def test_the_rencana_aksi_2024_is_loaded(kesbangpol):
    rows = ActionPlanRow.objects.filter(plan__agency=kesbangpol, plan__year=2024)
    assert rows.count() == 60
    assert rows.filter(level="objective").count() == 6


def test_banyumas_holds_both_seed_pks(banyumas):
    kesbangpol = Agency.objects.get(pemda=banyumas, code="kesbangpol")
    sokaraja = Agency.objects.get(pemda=banyumas, code="sokaraja")
    pk2024 = Agreement.objects.get(agency=kesbangpol, year=2024)
    assert pk2024.date.isoformat() == "2024-01-29"
    assert pk2024.printed_total is None
    assert sum(pk2024.budget_rows.values_list("amount", flat=True)) == 59_788_087_359
    pk2020 = Agreement.objects.get(agency=sokaraja, year=2020)
    assert (
        pk2020.printed_total
        == 834_756_000
        == sum(pk2020.budget_rows.values_list("amount", flat=True))
    )
    deviation = Indicator.objects.get(agency=kesbangpol, code="kesbangpol_sd_konflik")
    assert deviation.polarity == "lower"
    assert "stdev" in deviation.formula


def test_every_demo_login_exists_with_its_role():
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert user.role == login.role
        assert user.check_password("sakip-demo-2024")


def test_loading_the_demo_twice_changes_nothing(kesbangpol):
    before = (ProgramItem.objects.count(), Agreement.objects.count(), User.objects.count())
    assert load_demo() == []
    assert (ProgramItem.objects.count(), Agreement.objects.count(), User.objects.count()) == before


def test_reset_reloads_the_demo_cleanly(kesbangpol):
    ItemBudget.objects.filter(item__agency=kesbangpol).update(pagu=1)
    assert sorted(load_demo(reset=True)) == ["banyumas", "paser"]
    agency = Agency.objects.get(pemda__code="paser", code="kesbangpol")
    assert (
        ItemBudget.objects.filter(item__agency=agency, revision__renja__year=2023).aggregate(
            s=Sum("pagu")
        )["s"]
        == 32_351_024_068
    )


def test_a_demo_loaded_from_the_files_as_they_are_is_not_stale(kesbangpol, tmp_path):
    assert stale_demo_pemdas() == []
    # A copy of the files with one figure changed: only that Pemda's data is older.
    copy = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, copy)
    renja = copy / "paser" / "renja_2023.yaml"
    renja.write_text(renja.read_text().replace("32351024068", "32351024069", 1))
    assert stale_demo_pemdas(copy) == ["paser"]


def test_make_demo_warns_when_the_database_holds_an_older_demo_and_reset_clears_it(kesbangpol):
    from io import StringIO

    from django.core.management import call_command

    DemoLoad.objects.filter(pemda__code="paser").update(fingerprint="0" * 64)
    out = StringIO()
    call_command("load_demo", "--quiet-logins", stdout=out)
    assert "PERHATIAN: data demo paser di basis data dimuat dari berkas demo versi lama" in (
        out.getvalue()
    )
    assert "load_demo --reset" in out.getvalue()
    out = StringIO()
    call_command("load_demo", "--reset", "--quiet-logins", stdout=out)
    assert "PERHATIAN" not in out.getvalue() and stale_demo_pemdas() == []


def test_make_demo_prints_the_superuser_with_the_other_logins():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "kata sandi untuk semua: sakip-demo-2024" in text
    assert "admin.sistem" in text and "Django admin" in text
    assert "operator.kesbangpol" in text


def _lkjip(kesbangpol) -> SourceDocument:
    return SourceDocument.objects.get(agency=kesbangpol, kind="lkjip", year=2023)


def test_the_lkjip_keeps_its_signatory_with_the_malformed_nip_as_printed(kesbangpol):
    document = _lkjip(kesbangpol)
    assert document.signatory_name == "NONDING, S.Sos., MM."
    assert document.signatory_title == ("KEPALA BADAN KESATUAN BANGSA DAN POLITIK KABUPATEN PASER,")
    assert document.place == "Tana Paser"
    assert document.date == datetime.date(2024, 2, 5)
    assert document.date_printed == "05 Februari 2024"
    assert document.signatory_nip == "197-10607199703 1 007"
    check = document.signatory_nip_check
    assert check is not None and not check.valid
    assert any("selain angka" in e for e in check.errors)


def test_the_lkjip_spending_by_type_is_kept_line_by_line_with_its_tree(kesbangpol):
    lines = list(_lkjip(kesbangpol).spending_lines.all())
    assert [(line.level, line.name) for line in lines][:3] == [
        (0, "BELANJA"),
        (1, "BELANJA OPERASI"),
        (2, "Belanja Pegawai"),
    ]
    assert len(lines) == 9
    total, operasi = lines[0], lines[1]
    assert total.pagu == 32_654_919_391 and total.pagu_printed == "32.654.919.391"
    assert total.realisasi == 31_458_315_432
    assert total.percent == Decimal("96.34") and total.percent_printed == "96,34"
    # The seed's total is 10.000 more than its parts (a finding for the checks to make).
    groups = [line for line in lines if line.level == 1]
    assert sum(line.pagu for line in groups) == 32_654_909_391 != total.pagu
    assert operasi.pagu == sum(line.pagu for line in lines[2:5])
    empty = lines[-1]
    assert empty.name == "Belanja Modal Aset Tetap Lainnya"
    assert empty.pagu is None and empty.pagu_printed == "-"


def test_the_lkjip_table_14_trend_is_kept_with_its_average_and_claim(kesbangpol):
    figures = {f.key: f for f in _lkjip(kesbangpol).figures.filter(key__startswith="trend:")}
    years = range(2019, 2024)
    assert [figures[f"trend:{y}:performance"].value for y in years] == [
        Decimal(v) for v in ("98", "86", "80.16", "95.43", "96.34")
    ]
    assert figures["trend:2023:budget"].text == "96,34"
    assert "Tabel 14" in figures["trend:2023:budget"].label
    average = figures["trend:average:performance"]
    assert average.value == Decimal("95.93") and average.text == "95,93"
    # The printed average is not the mean of the five years (91,19).
    assert sum(figures[f"trend:{y}:performance"].value for y in years) / 5 != average.value
    claim = figures["trend:claimed_increase"]
    assert claim.value == Decimal("38.91") and "naik sebesar 38,91%" in claim.text


def test_the_lkjip_budget_by_program_keeps_every_printed_figure_and_text(kesbangpol):
    figures = {
        f.key: f for f in _lkjip(kesbangpol).figures.filter(key__startswith="program:8.01.01:")
    }
    assert figures["program:8.01.01:pagu_bab2"].value == 6_426_345_746
    pagu = figures["program:8.01.01:pagu_bab3_text"]
    assert pagu.value == 6_426_345_764 and pagu.text == "Rp.6.426.345.764,00"
    percent = figures["program:8.01.01:percent_bab3_text"]
    assert percent.value == Decimal("91.99") and percent.text == "(91,99%)"
    name = figures["program:8.01.01:name_bab3_text"]
    assert name.value is None
    assert name.text == "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
    assert (
        PrintedFigure.objects.filter(
            document__agency=kesbangpol, key__endswith=":outputs_bab3_printed"
        ).count()
        == 5
    )


@pytest.mark.parametrize(
    ("line", "named"),
    [
        # A figure that is not a number stops the load naming its key.
        ('{code: "8.01.01", pagu_bab2: "6.426.345.746,-"}', r"program:8\.01\.01:pagu_bab2"),
        # So does a key the loader does not know (no figure silently dropped).
        ('{code: "8.01.01", pagu_bab4: 1}', "pagu_bab4"),
    ],
)
def test_a_budget_by_program_figure_the_loader_cannot_read_stops_the_load(
    tmp_path, kesbangpol, line, named
):
    path = tmp_path / "lkjip_2023.yaml"
    path.write_text(
        f"lkjip:\n  agency: kesbangpol\n  year: 2023\n  budget_by_program:\n    - {line}\n",
        encoding="utf-8",
    )
    reg = Registry(pemda=kesbangpol.pemda, agencies={"kesbangpol": kesbangpol})
    SourceDocument.objects.filter(agency=kesbangpol, kind="lkjip").delete()
    with pytest.raises(ValueError, match=named):
        load_lkjip(reg, path)


def test_the_lkjip_summary_claims_are_kept_with_their_sentences(kesbangpol):
    figures = {f.key: f for f in _lkjip(kesbangpol).figures.all()}
    claim = figures["summary:indicator_achievement"]
    assert claim.value == Decimal("96.34") and "Sangat Berhasil" in claim.text
    assert figures["summary:budget_absorption"].value == Decimal("96.34")
    blank = figures["closing:indicator_achievement"]
    assert blank.value is None and blank.text.endswith("sebesar .%")


def _lines(agreement: Agreement) -> int:
    return sum(agreement.budget_rows.values_list("amount", flat=True))


def test_the_kasubag_umum_pk_keeps_lines_that_do_not_sum_to_its_printed_total(kesbangpol):
    # DOMAIN §7: lines Rp859.327.356, printed total Rp793.930.420.
    pk = Agreement.objects.get(
        agency=kesbangpol, year=2024, position__code="kasubag_umum", first_employee__code="hanik"
    )
    assert _lines(pk) == 859_327_356
    assert pk.printed_total == 793_930_420
    assert pk.budget_rows.filter(amount_printed="Rp. 122952.700").count() == 1


def test_both_of_deri_fitriadis_pks_keep_lines_that_do_not_sum_to_their_printed_totals(
    kesbangpol,
):
    # DOMAIN §7: ormas lines 908.240.992 / total 908.741.292; politik lines 33.812.298.697 /
    # total 33.831.271.197.
    pks = Agreement.objects.filter(agency=kesbangpol, year=2024, first_employee__code="deri")
    sums = sorted((_lines(pk), pk.printed_total) for pk in pks)
    assert sums == [(908_240_992, 908_741_292), (33_812_298_697, 33_831_271_197)]
