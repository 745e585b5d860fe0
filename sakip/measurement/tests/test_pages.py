"""The measurement pages as people use them: entry in place (htmx), as-you-type
figures, evidence, the workflow buttons, history, and constant query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.accounts.models import User
from sakip.measurement import actions
from sakip.measurement.models import Actual, BudgetActual, Evidence, MeasurementEvent, QuarterReport
from sakip.measurement.tests.helpers import (
    PNG_BYTES,
    indicator_of,
    item_of,
    quarter_url,
    upload,
)
from sakip.planning.models import Indicator, IndicatorTarget, ItemBudget, ProgramItem
from sakip.rules.formatting import format_decimal_trimmed, format_percent

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def page(client, agency, year=2023, quarter=2) -> str:
    response = client.get(quarter_url("measurement_quarter", agency, year, quarter))
    assert response.status_code == 200
    return response.content.decode()


def test_saved_figures_are_shown_the_indonesian_way(login, kesbangpol):
    indicator = indicator_of(kesbangpol, "8.01.01.2.02.03")
    Actual.objects.filter(indicator=indicator, year=2023, quarter=2).update(value=Decimal("1250.5"))
    html = page(login("operator_a"), kesbangpol)
    assert 'value="1.250,5"' in html
    assert "Rp32.351.024.068" in html  # the Jumlah of the pagu
    assert "Realisasi Triwulan II Tahun 2023" in html


def test_the_operator_gets_inputs_and_the_head_and_inspektorat_only_read(login, kesbangpol):
    assert 'name="value"' in page(login("operator_a"), kesbangpol)
    for persona in ("head_a", "inspektorat", "verifikator"):
        html = page(login(persona), kesbangpol)
        assert 'name="value"' not in html
        assert 'name="amount"' not in html
        assert "tidak dapat mengubahnya" in html


def test_an_htmx_save_returns_the_row_with_its_new_figures_and_version(login, kesbangpol):
    indicator = indicator_of(kesbangpol, "8.01.01.2.06.04")  # cumulative, target 2 paket
    figure = Actual.objects.get(indicator=indicator, year=2023, quarter=4)
    url = quarter_url("measurement_save_k", kesbangpol, 2023, 4, indicator.pk)
    response = login("operator_a").post(url, {"value": "2", "version": figure.version}, **HTMX)
    html = response.content.decode()
    assert html.startswith(f'<tr id="k-{indicator.pk}"')
    assert "Tersimpan." in html
    assert f'name="version" value="{figure.version + 1}"' in html
    assert "Operator Kesbangpol Paser" in html  # who changed it last


def test_a_refused_save_keeps_what_was_typed_and_says_why(login, kesbangpol):
    indicator = indicator_of(kesbangpol, "8.01.01.2.06.04")
    figure = Actual.objects.get(indicator=indicator, year=2023, quarter=4)
    url = quarter_url("measurement_save_k", kesbangpol, 2023, 4, indicator.pk)
    html = login("operator_a").post(url, {"value": "dua", "version": figure.version}, **HTMX)
    html = html.content.decode()
    assert 'value="dua"' in html
    assert "“dua” bukan angka yang sah" in html
    assert Actual.objects.get(pk=figure.pk).version == figure.version


def test_the_later_of_two_saves_shows_the_conflict_and_the_current_figure(login, kesbangpol):
    indicator = indicator_of(kesbangpol, "8.01.01.2.06.04")
    figure = Actual.objects.get(indicator=indicator, year=2023, quarter=4)
    url = quarter_url("measurement_save_k", kesbangpol, 2023, 4, indicator.pk)
    opened_at = figure.version
    login("admin_pemda").post(url, {"value": "3", "version": opened_at}, **HTMX)
    html = login("operator_a").post(url, {"value": "4", "version": opened_at}, **HTMX)
    html = html.content.decode()
    assert "baru saja diubah oleh Admin Pemda (Bappedalitbang Paser)" in html
    assert "Simpanan Anda (4) tidak dipakai" in html
    # What the later user typed stays in the input (marked unsaved), beside the figure
    # now saved; the form carries the latest version, so saving again is deliberate.
    assert 'value="4" data-saved="3"' in html
    assert "mx-dirty" in html
    figure.refresh_from_db()
    assert figure.value == 3
    assert f'name="version" value="{figure.version}"' in html


def test_a_budget_conflict_keeps_the_amount_typed_in_the_input(login, kesbangpol):
    item = item_of(kesbangpol, "8.01.01.2.01.01")
    figure = BudgetActual.objects.get(item=item, year=2023, quarter=4)
    url = quarter_url("measurement_save_rp", kesbangpol, 2023, 4, item.pk)
    opened_at = figure.version
    login("admin_pemda").post(url, {"amount": "1.000", "version": opened_at}, **HTMX)
    html = login("operator_a").post(url, {"amount": "2.000", "version": opened_at}, **HTMX)
    html = html.content.decode()
    assert "menjadi Rp1.000" in html
    assert 'value="2.000" data-saved="1.000"' in html
    assert BudgetActual.objects.get(pk=figure.pk).amount == 1000


def test_a_narrative_conflict_keeps_the_typed_text_and_shows_the_saved_one(login, kesbangpol):
    url = quarter_url("measurement_narrative", kesbangpol, 2023, 2)
    QuarterReport.objects.filter(agency=kesbangpol, year=2023, quarter=2).delete()
    login("admin_pemda").post(url, {"driving_factors": "Dukungan pimpinan.", "version": "0"})
    response = login("operator_a").post(
        url, {"driving_factors": "Kerja sama lintas OPD.", "version": "0"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "sudah disimpan orang lain" in html
    assert ">Kerja sama lintas OPD.</textarea>" in html
    assert "Tersimpan oleh pengguna lain:</span> Dukungan pimpinan." in html
    report = QuarterReport.objects.get(agency=kesbangpol, year=2023, quarter=2)
    assert report.driving_factors == "Dukungan pimpinan."
    assert f'name="version" value="{report.version}"' in html


def test_a_refused_narrative_keeps_the_typed_text_for_copying(login, kesbangpol):
    QuarterReport.objects.update_or_create(
        agency=kesbangpol, year=2023, quarter=2, defaults={"state": "approved"}
    )
    url = quarter_url("measurement_narrative", kesbangpol, 2023, 2)
    response = login("operator_a").post(url, {"follow_up_renja": "Tambah pagu.", "version": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "terkunci" in html
    assert "readonly>Tambah pagu.</textarea>" in html


def test_typing_a_figure_recomputes_the_capaian_and_predikat_without_saving(login, kesbangpol):
    indicator = indicator_of(kesbangpol, "8.01.01.2.06.04")  # cumulative, target 2 paket
    earlier = sum(
        a.value
        for a in Actual.objects.filter(indicator=indicator, year=2023, quarter__in=[1, 2, 3])
    )
    url = quarter_url("measurement_preview_k", kesbangpol, 2023, 4, indicator.pk)
    before = Actual.objects.get(indicator=indicator, year=2023, quarter=4)
    html = login("operator_a").get(url, {"value": "3"}).content.decode()
    expected = format_percent((earlier + 3) / Decimal(2) * 100)
    assert f'<span class="mx-ach-value">{expected}</span>' in html
    assert "Sangat Tinggi" in html
    assert (
        f'id="k-{indicator.pk}-upto" hx-swap-oob="innerHTML">{format_decimal_trimmed(earlier + 3)}<'
        in html
    )
    html = login("operator_a").get(url, {"value": "-1"}).content.decode()
    assert "Realisasi: nilai negatif (-1) tidak lazim" in html
    after = Actual.objects.get(indicator=indicator, year=2023, quarter=4)
    assert (after.value, after.version) == (before.value, before.version)


def test_a_low_capaian_typed_asks_for_an_explanation(login, world):
    from django.test import Client

    client = Client()
    client.force_login(world.operator)
    url = quarter_url("measurement_preview_k", world.agency, 2024, 4, world.indicator.pk)
    html = client.get(url, {"value": "5"}).content.decode()
    assert "50,00%" in html
    assert "Sangat Rendah" in html
    assert 'data-explain="1"' in html
    assert "Penjelasan wajib" in html
    html = client.get(url, {"value": "5", "explanation": "Tertunda."}).content.decode()
    assert "Penjelasan wajib" not in html


def test_budget_entry_updates_the_line_and_the_sums_above_it(login, kesbangpol):
    item = item_of(kesbangpol, "8.01.01.2.06.04")
    figure = BudgetActual.objects.get(item=item, year=2023, quarter=4)
    url = quarter_url("measurement_save_rp", kesbangpol, 2023, 4, item.pk)
    html = (
        login("operator_a")
        .post(url, {"amount": "Rp1.000.000", "version": figure.version}, **HTMX)
        .content.decode()
    )
    assert 'value="1.000.000"' in html
    kegiatan = item_of(kesbangpol, "8.01.01.2.06")
    assert f'<tr id="rp-sum-{kegiatan.pk}"' in html and 'hx-swap-oob="true"' in html
    assert '<tr id="rp-total"' in html


def test_evidence_is_uploaded_and_downloaded_only_as_an_attachment(
    login, kesbangpol, private_media
):
    indicator = indicator_of(kesbangpol, "8.01.01.2.01.01")
    client = login("operator_a")
    url = quarter_url("measurement_upload", kesbangpol, 2023, 2) + f"?jenis=k&id={indicator.pk}"
    html = client.post(
        url, {"file": upload("foto kegiatan.png", PNG_BYTES, "application/pdf")}, **HTMX
    )
    assert "foto kegiatan.png" in html.content.decode()
    evidence = Evidence.objects.get()
    assert evidence.content_type == "image/png"  # by content, not by the claimed type
    response = login("inspektorat").get(reverse("measurement_evidence", args=[evidence.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="foto kegiatan.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_BYTES


def test_a_disguised_upload_is_refused_with_a_message_next_to_the_figure(login, kesbangpol):
    indicator = indicator_of(kesbangpol, "8.01.01.2.01.01")
    url = quarter_url("measurement_upload", kesbangpol, 2023, 2) + f"?jenis=k&id={indicator.pk}"
    html = (
        login("operator_a")
        .post(url, {"file": upload("bukti.pdf", b"<svg onload=alert(1)>")}, **HTMX)
        .content.decode()
    )
    assert "bukan PDF, JPG atau PNG" in html
    assert not Evidence.objects.exists()


def test_an_oversized_upload_is_refused(login, kesbangpol, settings):
    settings.SAKIP_EVIDENCE_MAX_BYTES = 100
    indicator = indicator_of(kesbangpol, "8.01.01.2.01.01")
    url = quarter_url("measurement_upload", kesbangpol, 2023, 2) + f"?jenis=k&id={indicator.pk}"
    html = login("operator_a").post(
        url, {"file": upload(content=b"%PDF-" + b"0" * 100_000)}, **HTMX
    )
    assert "terlalu besar" in html.content.decode()
    assert not Evidence.objects.exists()


def test_an_oversized_file_under_a_small_content_length_is_stopped_while_it_is_read(
    login, kesbangpol, settings, private_media
):
    # 5 000 bytes pass the Content-Length check (limit + 64 KB of form overhead); the
    # upload handler counts the file's own bytes and stops at the limit.
    settings.SAKIP_EVIDENCE_MAX_BYTES = 1000
    indicator = indicator_of(kesbangpol, "8.01.01.2.01.01")
    url = quarter_url("measurement_upload", kesbangpol, 2023, 2) + f"?jenis=k&id={indicator.pk}"
    html = login("operator_a").post(url, {"file": upload(content=b"%PDF-" + b"0" * 5000)}, **HTMX)
    assert "Berkas terlalu besar; batasnya 1000 B." in html.content.decode()
    assert not Evidence.objects.exists()
    assert not [p for p in private_media.rglob("*") if p.is_file()]


def test_removing_evidence_asks_for_a_reason_that_the_history_shows(
    login, kesbangpol, private_media
):
    indicator = indicator_of(kesbangpol, "8.01.01.2.01.01")
    operator = login("operator_a")
    url = quarter_url("measurement_upload", kesbangpol, 2023, 2) + f"?jenis=k&id={indicator.pk}"
    html = operator.post(url, {"file": upload("sp2d.pdf")}, **HTMX).content.decode()
    assert "hx-prompt=" in html and 'name="reason"' in html
    evidence = Evidence.objects.get()
    remove = reverse("measurement_evidence_delete", args=[evidence.pk])
    html = operator.post(remove, **HTMX).content.decode()
    assert "Tuliskan alasan menghapus bukti dukung “sp2d.pdf”" in html
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    html = operator.post(remove, HTTP_HX_PROMPT="Berkas salah kegiatan.", **HTMX).content.decode()
    assert "sp2d.pdf" not in html
    assert not Evidence.objects.exists()
    history = page(login("head_a"), kesbangpol)
    assert "Bukti dukung dihapus" in history and "Berkas salah kegiatan." in history


def test_the_page_history_shows_who_changed_what_from_what_to_what_and_why(login, kesbangpol):
    indicator = indicator_of(kesbangpol, "8.01.01.2.06.04")
    figure = Actual.objects.get(indicator=indicator, year=2023, quarter=2)
    url = quarter_url("measurement_save_k", kesbangpol, 2023, 2, indicator.pk)
    login("operator_a").post(
        url, {"value": "2", "version": figure.version, "reason": "Salah input"}
    )
    html = page(login("head_a"), kesbangpol)
    assert "Riwayat perubahan TW II" in html
    assert "Operator Kesbangpol Paser" in html
    assert '<span class="mx-old">1</span> → <span class="mx-new">2</span>' in html
    assert "Salah input" in html


def test_the_whole_workflow_through_the_pages(login, kesbangpol):
    quarter_args = (kesbangpol, 2023, 1)
    operator, verifikator, admin = login("operator_a"), login("verifikator"), login("admin_pemda")
    response = operator.post(
        quarter_url("measurement_submit", *quarter_args), {"confirm_blank": "1"}, follow=True
    )
    assert "diajukan ke verifikator" in response.content.decode()
    html = verifikator.get(quarter_url("measurement_quarter", *quarter_args)).content.decode()
    assert 'id="approve-quarter"' in html and 'id="return-quarter"' in html
    verifikator.post(quarter_url("measurement_return", *quarter_args), {"note": "Isi uraian."})
    html = page(operator, kesbangpol, 2023, 1)
    assert "Catatan verifikator:</strong> Isi uraian." in html
    operator.post(quarter_url("measurement_submit", *quarter_args), {"confirm_blank": "1"})
    verifikator.post(quarter_url("measurement_approve", *quarter_args))
    html = page(operator, kesbangpol, 2023, 1)
    assert 'name="value"' not in html
    assert "sudah disetujui verifikator dan terkunci" in html
    assert 'id="unlock-quarter"' in page(admin, kesbangpol, 2023, 1)
    admin.post(quarter_url("measurement_unlock", *quarter_args), {"reason": "Koreksi SP2D."})
    assert QuarterReport.objects.get(agency=kesbangpol, year=2023, quarter=1).state == "open"


def _blank_quarter(kesbangpol) -> tuple[int, int]:
    """Kesbangpol 2023 TW I with exactly one K figure and one Rp line left blank."""
    k = indicator_of(kesbangpol, "8.01.01.2.06.04")
    rp = item_of(kesbangpol, "8.01.01.2.01.01")
    Actual.objects.filter(indicator=k, year=2023, quarter=1).delete()
    BudgetActual.objects.filter(item=rp, year=2023, quarter=1).delete()
    return k.pk, rp.pk


def test_the_operator_sees_the_blank_figures_and_a_confirmation_box_before_submitting(
    login, kesbangpol
):
    _blank_quarter(kesbangpol)
    operator = login("operator_a")
    html = page(operator, kesbangpol, 2023, 1)
    assert 'name="confirm_blank"' in html and "Ajukan walaupun belum lengkap" in html
    assert "belum diisi" in html

    url = quarter_url("measurement_submit", kesbangpol, 2023, 1)
    response = operator.post(url, follow=True)
    text = response.content.decode()
    assert "Belum diajukan: " in text
    assert "indikator dan " in text and " sub kegiatan belum diisi: " in text
    listed = text.split('id="blank-figures"')[1].split("</details>")[0]
    assert "8.01.01.2.01.01" in listed
    assert indicator_of(kesbangpol, "8.01.01.2.06.04").name in listed
    assert not QuarterReport.objects.filter(agency=kesbangpol, state="submitted").exists()

    response = operator.post(url, {"confirm_blank": "1"}, follow=True)
    assert "diajukan ke verifikator" in response.content.decode()
    assert QuarterReport.objects.get(agency=kesbangpol, year=2023, quarter=1).state == "submitted"


def test_after_an_unlock_the_page_asks_for_a_reason_and_keeps_the_typed_figure_without_one(
    login, kesbangpol
):
    indicator = indicator_of(kesbangpol, "8.01.01.2.06.04")
    item = item_of(kesbangpol, "8.01.01.2.06.04")
    figure = Actual.objects.get(indicator=indicator, year=2023, quarter=2)
    amount = BudgetActual.objects.get(item=item, year=2023, quarter=2)
    admin = User.objects.get(username="admin.paser")
    QuarterReport.objects.update_or_create(
        agency=kesbangpol, year=2023, quarter=2, defaults={"state": "approved"}
    )
    actions.unlock_quarter(admin, kesbangpol, 2023, 2, "Koreksi.")
    operator = login("operator_a")
    assert "setiap perubahan angka wajib disertai alasan" in page(operator, kesbangpol)

    url = quarter_url("measurement_save_k", kesbangpol, 2023, 2, indicator.pk)
    html = operator.post(url, {"value": "7", "version": figure.version}, **HTMX).content.decode()
    assert "Alasan perubahan wajib diisi" in html
    assert 'value="7"' in html
    assert "Alasan perubahan (wajib: kunci triwulan ini pernah dibuka)" in html
    figure.refresh_from_db()
    assert figure.value != 7

    url = quarter_url("measurement_save_rp", kesbangpol, 2023, 2, item.pk)
    html = operator.post(url, {"amount": "123.456", "version": amount.version}, **HTMX)
    html = html.content.decode()
    assert "Alasan perubahan wajib diisi" in html and 'value="123.456"' in html
    amount.refresh_from_db()
    assert amount.amount != 123_456
    data = {"amount": "123.456", "version": amount.version, "reason": "Salah ketik."}
    html = operator.post(url, data, **HTMX).content.decode()
    assert "Tersimpan." in html
    amount.refresh_from_db()
    assert amount.amount == 123_456


def test_the_admin_sets_the_entry_windows_of_a_year(login, paser):
    client = login("admin_pemda")
    url = reverse("measurement_windows", args=[2024])
    client.post(url, {"quarter": "1", "opens_on": "2024-04-01", "closes_on": "2024-04-10"})
    html = client.get(url).content.decode()
    assert "1 April 2024 – 10 April 2024" in html
    response = client.post(
        url, {"quarter": "2", "opens_on": "2024-07-10", "closes_on": "2024-07-01"}, follow=True
    )
    assert "tidak boleh sebelum" in response.content.decode()


def test_the_rencana_aksi_editor_lists_the_pk_indicators_and_saves_a_row_in_place(
    login, kesbangpol
):
    client = login("operator_a")
    html = client.get(reverse("measurement_plan", args=[kesbangpol.pk, 2024])).content.decode()
    assert "Nilai Evaluasi SAKIP dan APIP" in html
    assert "Kepala Badan Kesatuan Bangsa dan Politik" in html
    from sakip.measurement.plan import load_plan_editor

    line = next(
        x for x in load_plan_editor(kesbangpol, 2024).lines if x.target_text.startswith("100")
    )
    url = reverse("measurement_plan_save", args=[kesbangpol.pk, 2024, line.indicator.pk])
    data = {
        "q1": "25",
        "q2": "50",
        "q3": "75",
        "q4": "90",
        "action": "Sosialisasi.",
        "version": line.version,
    }
    html = client.post(url, data, **HTMX).content.decode()
    assert "tidak sama dengan target tahunan PK 100" in html
    assert 'value="90"' in html  # what was typed is kept
    data["q4"] = "100"
    html = client.post(url, data, **HTMX).content.decode()
    assert "Tersimpan." in html


def test_the_rencana_aksi_editor_keeps_a_submitted_quarters_target_and_says_why(login, kesbangpol):
    from sakip.measurement.plan import load_plan_editor

    QuarterReport.objects.update_or_create(
        agency=kesbangpol, year=2024, quarter=1, defaults={"state": "approved"}
    )
    client = login("operator_a")
    html = client.get(reverse("measurement_plan", args=[kesbangpol.pk, 2024])).content.decode()
    assert "Target TW I tidak dapat diubah lagi" in html
    assert html.count('name="q1"') == html.count("readonly title=")
    line = next(
        x for x in load_plan_editor(kesbangpol, 2024).lines if x.target_text.startswith("100")
    )
    url = reverse("measurement_plan_save", args=[kesbangpol.pk, 2024, line.indicator.pk])
    data = {"q1": "25", "q2": "50", "q3": "75", "q4": "100", "version": line.version}
    html = client.post(url, data, **HTMX).content.decode()
    assert (
        "Target TW I tidak dapat diubah: realisasi TW I 2024 sudah disetujui dan dikunci." in html
    )
    assert 'value="75"' in html  # what was typed is kept
    assert load_plan_editor(kesbangpol, 2024, indicator_id=line.indicator.pk).lines[0].targets == (
        line.targets
    )


def test_the_agency_overview_links_each_quarter_with_its_state(login, kesbangpol):
    QuarterReport.objects.update_or_create(
        agency=kesbangpol, year=2023, quarter=3, defaults={"state": "approved"}
    )
    html = login("operator_a").get(reverse("agency", args=[kesbangpol.pk])).content.decode()
    assert quarter_url("measurement_quarter", kesbangpol, 2023, 3) in html
    assert 'title="Disetujui (terkunci)"' in html
    assert reverse("measurement_plan", args=[kesbangpol.pk, 2024]) in html


# --------------------------------------------------------------------------- queries


def _grow(agency, n: int, start: int = 60) -> None:
    """n more sub kegiatan with an indicator, targets, pagu, realisasi, evidence, events."""
    parent = ProgramItem.objects.get(renja__agency=agency, renja__year=2023, code="8.01.01.2.06")
    operator = User.objects.get(username="operator.kesbangpol")
    for i in range(n):
        item = ProgramItem.objects.create(
            agency=agency,
            renja=parent.renja,
            parent=parent,
            level="subkegiatan",
            code=f"8.01.01.2.06.{start + i:02d}",
            name=f"Tambahan {i}",
        )
        indicator = Indicator.objects.create(
            pemda=agency.pemda, agency=agency, name=f"Indikator {i}", program_item=item
        )
        IndicatorTarget.objects.create(
            indicator=indicator, kind="renja", year=2023, text="4", value=4
        )
        ItemBudget.objects.create(
            item=item, revision=parent.renja.revisions.get(number=0), pagu=1_000_000
        )
        for q in (1, 2):
            Actual.objects.create(
                indicator=indicator, year=2023, quarter=q, value=1, updated_by=operator
            )
            BudgetActual.objects.create(
                item=item, year=2023, quarter=q, amount=1000, updated_by=operator
            )
        actions.add_evidence(operator, agency, 2023, 2, indicator_id=indicator.pk, upload=upload())
        actions.add_evidence(operator, agency, 2023, 2, item_id=item.pk, upload=upload())


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    "view", ["quarter", "preview_k", "preview_rp", "history", "plan", "agency"]
)
def test_pages_run_a_constant_number_of_queries_whatever_the_data_size(
    login, kesbangpol, django_assert_num_queries, view
):
    client = login("operator_a")
    indicator = indicator_of(kesbangpol, "8.01.01.2.06.04")
    item = item_of(kesbangpol, "8.01.01.2.06.04")
    url = {
        "quarter": quarter_url("measurement_quarter", kesbangpol, 2023, 2),
        "preview_k": quarter_url("measurement_preview_k", kesbangpol, 2023, 2, indicator.pk)
        + "?value=1",
        "preview_rp": quarter_url("measurement_preview_rp", kesbangpol, 2023, 2, item.pk)
        + "?amount=1",
        "history": quarter_url("measurement_history", kesbangpol, 2023, 2),
        "plan": reverse("measurement_plan", args=[kesbangpol.pk, 2024]),
        "agency": reverse("agency", args=[kesbangpol.pk]),
    }[view]
    _grow(kesbangpol, 1)  # not empty: an empty list costs a query less
    client.get(url)  # warm the session
    before = _count(client, url)
    _grow(kesbangpol, 15, start=70)
    assert MeasurementEvent.objects.filter(agency=kesbangpol).count() >= 30
    with django_assert_num_queries(before):
        assert client.get(url).status_code == 200
