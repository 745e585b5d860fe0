"""The measurement actions: figures saved with their history and no lost updates,
evidence, the quarter's workflow, entry windows and the Rencana Aksi."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sakip.measurement import actions
from sakip.measurement.models import (
    ActionPlanRow,
    Actual,
    BudgetActual,
    EntryWindow,
    Evidence,
    MeasurementEvent,
    QuarterReport,
)
from sakip.measurement.plan import load_plan_editor
from sakip.measurement.tests.helpers import World, upload

pytestmark = pytest.mark.django_db

Action = MeasurementEvent.Action


def save(world: World, raw: str, *, version: int = 0, quarter: int = 4, user=None, **kw):
    return actions.save_actual(
        user or world.operator,
        world.agency,
        world.year,
        quarter,
        world.indicator.pk,
        raw=raw,
        explanation=kw.pop("explanation", ""),
        version=version,
        **kw,
    )


def actual(world: World, quarter: int = 4) -> Actual:
    return Actual.objects.get(indicator=world.indicator, year=world.year, quarter=quarter)


def events(world: World, action: str) -> list[MeasurementEvent]:
    return list(MeasurementEvent.objects.filter(agency=world.agency, action=action).order_by("pk"))


# --------------------------------------------------------------------------- figures


def test_a_new_realisasi_is_saved_with_who_and_the_value_before_and_after(world):
    assert save(world, "12").changed
    figure = actual(world)
    assert (figure.value, figure.version, figure.updated_by) == (Decimal(12), 1, world.operator)
    [event] = events(world, Action.VALUE_CHANGED)
    assert (event.old_value, event.new_value, event.actor, event.quarter) == (
        "–",
        "12",
        world.operator,
        4,
    )
    assert event.subject == "TW IV 2024 · Jumlah dokumen"


def test_changing_a_realisasi_bumps_its_version_and_keeps_its_history_with_the_reason(world):
    save(world, "12")
    save(world, "1.250,5", version=1, reason="salah ketik", user=world.admin)
    figure = actual(world)
    assert (figure.value, figure.version) == (Decimal("1250.5"), 2)
    history = list(figure.history.order_by("history_date"))
    assert [h.value for h in history] == [Decimal(12), Decimal("1250.5")]
    assert history[-1].history_user == world.admin
    assert history[-1].history_change_reason == "salah ketik"
    last = events(world, Action.VALUE_CHANGED)[-1]
    assert (last.old_value, last.new_value, last.reason) == ("12", "1.250,5", "salah ketik")


def test_a_save_from_a_page_opened_before_another_save_is_refused_and_the_first_is_kept(world):
    save(world, "12")
    # Both operators opened the page at version 1; the second one saves first.
    save(world, "15", version=1, user=world.operator2)
    with pytest.raises(actions.Conflict) as refused:
        save(world, "13", version=1)
    assert "baru saja diubah oleh Operatordua" in refused.value.message
    assert "menjadi 15" in refused.value.message
    assert "Simpanan Anda (13) tidak dipakai" in refused.value.message
    figure = actual(world)
    assert (figure.value, figure.version) == (Decimal(15), 2)


def test_two_people_entering_an_empty_figure_the_second_is_refused(world):
    save(world, "8", user=world.operator2)
    with pytest.raises(actions.Conflict, match="menjadi 8"):
        save(world, "9", version=0)
    assert actual(world).value == Decimal(8)


def test_the_conditional_update_writes_nothing_once_the_version_moved_on(world):
    save(world, "12")
    figure = actual(world)
    assert actions.update_if_version(Actual, figure.pk, 1, value=Decimal(20))
    assert not actions.update_if_version(Actual, figure.pk, 1, value=Decimal(30))
    figure.refresh_from_db()
    assert (figure.value, figure.version) == (Decimal(20), 2)


def test_saving_the_same_figure_again_changes_nothing(world):
    save(world, "12")
    assert not save(world, "12,0", version=1).changed
    assert actual(world).version == 1
    assert len(events(world, Action.VALUE_CHANGED)) == 1


def test_a_negative_realisasi_is_refused(world):
    with pytest.raises(actions.Invalid, match="nilai negatif"):
        save(world, "-2")
    assert not Actual.objects.filter(indicator=world.indicator).exists()


def test_an_unreadable_realisasi_is_refused_in_indonesian(world):
    with pytest.raises(actions.Invalid, match="bukan angka yang sah"):
        save(world, "sepuluh")


def test_a_low_achievement_needs_an_explanation(world):
    # TW IV: 5 of the yearly 10 documents is 50 %, below the policy's 75 %.
    with pytest.raises(actions.Invalid, match="capaian 50,00% di bawah 75%"):
        save(world, "5")
    save(world, "5", explanation="Dua dokumen tertunda karena revisi regulasi.")
    assert actual(world).explanation == "Dua dokumen tertunda karena revisi regulasi."
    [note] = events(world, Action.EXPLANATION_CHANGED)
    assert note.new_value.startswith("Dua dokumen")


def test_a_cumulative_indicator_early_in_the_year_needs_no_explanation_without_quarterly_targets(
    world,
):
    # TW I: 2 of the yearly 10 is only a fifth of the year's work, not a failure.
    assert save(world, "2", quarter=1).changed


def test_against_a_rencana_aksi_target_a_low_quarter_needs_an_explanation(world):
    from sakip.measurement.models import ActionPlan

    plan = ActionPlan.objects.create(agency=world.agency, year=world.year)
    ActionPlanRow.objects.create(
        plan=plan,
        order=1,
        level="subkegiatan",
        indicator=world.indicator,
        name="Sub Uji",
        q1_target=Decimal(4),
        q2_target=Decimal(2),
        q3_target=Decimal(2),
        q4_target=Decimal(2),
    )
    with pytest.raises(actions.Invalid, match="capaian 25,00%"):
        save(world, "1", quarter=1)


def test_a_budget_realisasi_is_saved_in_whole_rupiah_with_its_history(world):
    actions.save_budget_actual(
        world.operator, world.agency, 2024, 1, world.item.pk, raw="Rp250.000", version=0
    )
    figure = BudgetActual.objects.get(item=world.item, year=2024, quarter=1)
    assert (figure.amount, figure.version) == (250_000, 1)
    actions.save_budget_actual(
        world.operator,
        world.agency,
        2024,
        1,
        world.item.pk,
        raw="300.000",
        version=1,
        reason="SP2D susulan",
    )
    figure.refresh_from_db()
    assert (figure.amount, figure.version) == (300_000, 2)
    assert figure.history.count() == 2
    last = events(world, Action.VALUE_CHANGED)[-1]
    assert (last.old_value, last.new_value, last.reason) == (
        "Rp250.000",
        "Rp300.000",
        "SP2D susulan",
    )
    assert last.subject == "TW I 2024 · Anggaran 8.01.01.2.01.01 Sub Uji"


def test_a_stale_budget_save_is_refused(world):
    actions.save_budget_actual(
        world.operator, world.agency, 2024, 1, world.item.pk, raw="1.000", version=0
    )
    actions.save_budget_actual(
        world.operator2, world.agency, 2024, 1, world.item.pk, raw="2.000", version=1
    )
    with pytest.raises(actions.Conflict, match=r"menjadi Rp2\.000"):
        actions.save_budget_actual(
            world.operator, world.agency, 2024, 1, world.item.pk, raw="3.000", version=1
        )


def test_a_negative_budget_realisasi_is_refused(world):
    with pytest.raises(actions.Invalid, match="nilai negatif"):
        actions.save_budget_actual(
            world.operator, world.agency, 2024, 1, world.item.pk, raw="-5", version=0
        )


def test_a_figure_outside_the_agencys_sheet_is_not_found(world, kesbangpol):
    from sakip.planning.models import Indicator

    foreign = Indicator.objects.filter(program_item__agency=kesbangpol).first()
    with pytest.raises(actions.NotFound):
        actions.save_actual(
            world.operator, world.agency, 2024, 1, foreign.pk, raw="1", explanation="", version=0
        )


# --------------------------------------------------------------------------- evidence


def test_evidence_is_stored_under_a_generated_name_in_the_private_root(world, private_media):
    evidence = actions.add_evidence(
        world.operator,
        world.agency,
        2024,
        1,
        indicator_id=world.indicator.pk,
        upload=upload("../../rahasia laporan.pdf"),
    )
    stored = private_media / evidence.file.name
    assert stored.is_file()
    assert "rahasia" not in evidence.file.name
    assert evidence.file.name.endswith(".pdf")
    assert evidence.original_name == "rahasia laporan.pdf"
    [event] = events(world, Action.EVIDENCE_ADDED)
    assert event.new_value.startswith("rahasia laporan.pdf (")


def test_the_same_file_is_not_attached_twice_to_one_figure(world, private_media):
    first = actions.add_evidence(
        world.operator, world.agency, 2024, 1, item_id=world.item.pk, upload=upload()
    )
    files_before = sorted(p.name for p in private_media.rglob("*") if p.is_file())
    with pytest.raises(
        actions.Invalid, match=r"sudah dilampirkan pada angka ini sebagai “laporan\.pdf”"
    ):
        actions.add_evidence(
            world.operator, world.agency, 2024, 1, item_id=world.item.pk, upload=upload("lagi.pdf")
        )
    assert list(Evidence.objects.all()) == [first]
    assert sorted(p.name for p in private_media.rglob("*") if p.is_file()) == files_before
    # The same file may still support another figure.
    other = actions.add_evidence(
        world.operator, world.agency, 2024, 1, indicator_id=world.indicator.pk, upload=upload()
    )
    assert Evidence.objects.count() == 2 and other.sha256 == first.sha256


def test_removing_evidence_deletes_its_file_once_committed(
    world, private_media, django_capture_on_commit_callbacks
):
    evidence = actions.add_evidence(
        world.operator, world.agency, 2024, 1, item_id=world.item.pk, upload=upload()
    )
    stored = private_media / evidence.file.name
    with pytest.raises(
        actions.Invalid, match=r"Tuliskan alasan menghapus bukti dukung “laporan\.pdf”"
    ):
        actions.remove_evidence(world.operator, evidence, "  ")
    assert stored.exists() and Evidence.objects.exists()
    assert not events(world, Action.EVIDENCE_REMOVED)
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_evidence(world.operator, evidence, "Salah unggah berkas.")
    assert not stored.exists()
    assert not Evidence.objects.exists()
    [removed] = events(world, Action.EVIDENCE_REMOVED)
    assert removed.old_value.startswith("laporan.pdf")
    assert removed.reason == "Salah unggah berkas."


def test_a_file_written_for_evidence_is_removed_when_the_transaction_rolls_back(
    world, private_media, monkeypatch
):
    def failing_record(**kwargs):
        raise RuntimeError("basis data gagal")

    monkeypatch.setattr(actions, "record", failing_record)
    with pytest.raises(RuntimeError):
        actions.add_evidence(
            world.operator, world.agency, 2024, 1, item_id=world.item.pk, upload=upload()
        )
    assert not Evidence.objects.exists()
    assert not [p for p in private_media.rglob("*") if p.is_file()]


def test_an_upload_of_unknown_size_is_read_in_chunks_and_refused_at_the_limit(
    world, private_media, settings
):
    """A body sent without Content-Length: the upload claims no size; reading stops at
    the limit, not at the end of the stream."""
    from django.core.files.uploadedfile import InMemoryUploadedFile

    from sakip.measurement.tests.helpers import PDF_BYTES

    settings.SAKIP_EVIDENCE_MAX_BYTES = 1000

    class Endless:
        """A stream that never ends, counting what was read."""

        read_bytes = 0
        name = "besar.pdf"

        def read(self, size=-1):
            size = 64 if size is None or size < 0 else size
            self.read_bytes += size
            return (PDF_BYTES * (size // len(PDF_BYTES) + 1))[:size]

        def seek(self, *args):
            return 0

    stream = Endless()
    unknown = InMemoryUploadedFile(stream, "file", "besar.pdf", "application/pdf", None, None)
    unknown.chunks = lambda chunk_size=None: iter(lambda: stream.read(100), b"")  # type: ignore[method-assign]
    with pytest.raises(actions.Invalid, match="Berkas terlalu besar; batasnya 1000 B"):
        actions.add_evidence(
            world.operator, world.agency, 2024, 1, item_id=world.item.pk, upload=unknown
        )
    assert stream.read_bytes <= 1000 + 16 + 100
    assert not Evidence.objects.exists()
    assert not [p for p in private_media.rglob("*") if p.is_file()]


def test_evidence_that_is_not_a_pdf_or_image_is_refused_and_nothing_is_stored(world, private_media):
    with pytest.raises(actions.Invalid, match="bukan PDF, JPG atau PNG"):
        actions.add_evidence(
            world.operator,
            world.agency,
            2024,
            1,
            indicator_id=world.indicator.pk,
            upload=upload("bukti.pdf", b"<html>bukan pdf</html>"),
        )
    assert not any(private_media.rglob("*.*"))


# --------------------------------------------------------------------------- workflow


def state(world: World, quarter: int = 1) -> str:
    return QuarterReport.objects.get(agency=world.agency, year=2024, quarter=quarter).state


def test_a_quarter_goes_through_submission_return_resubmission_approval_and_unlocking(world):
    save(world, "3", quarter=1)
    actions.submit_quarter(world.operator, world.agency, 2024, 1, confirm_blank=True)
    assert state(world) == QuarterReport.State.SUBMITTED
    with pytest.raises(actions.Refused, match="sedang diverifikasi"):
        save(world, "4", quarter=1, version=1)

    with pytest.raises(actions.Invalid, match="Tuliskan catatan"):
        actions.return_quarter(world.verifikator, world.agency, 2024, 1, "  ")
    actions.return_quarter(world.verifikator, world.agency, 2024, 1, "Lampirkan bukti dukung.")
    report = QuarterReport.objects.get(agency=world.agency, year=2024, quarter=1)
    assert (report.state, report.review_note) == ("returned", "Lampirkan bukti dukung.")

    save(world, "4", quarter=1, version=1)
    actions.submit_quarter(world.operator, world.agency, 2024, 1, confirm_blank=True)
    actions.approve_quarter(world.verifikator, world.agency, 2024, 1)
    assert state(world) == QuarterReport.State.APPROVED

    for who in (world.operator, world.admin):
        with pytest.raises(actions.Refused, match="terkunci"):
            save(world, "5", quarter=1, version=2, user=who)
    with pytest.raises(actions.Refused, match="terkunci"):
        actions.add_evidence(
            world.operator, world.agency, 2024, 1, indicator_id=world.indicator.pk, upload=upload()
        )
    assert actual(world, 1).value == Decimal(4)

    with pytest.raises(actions.Invalid, match="alasan"):
        actions.unlock_quarter(world.admin, world.agency, 2024, 1, "")
    actions.unlock_quarter(world.admin, world.agency, 2024, 1, "Koreksi data SP2D.")
    assert state(world) == QuarterReport.State.OPEN
    save(world, "5", quarter=1, version=2, reason="Koreksi data SP2D.")

    trail = [e.action for e in MeasurementEvent.objects.filter(agency=world.agency).order_by("pk")]
    workflow = [
        a
        for a in trail
        if a in {Action.SUBMITTED, Action.RETURNED, Action.APPROVED, Action.UNLOCKED}
    ]
    assert workflow == [
        Action.SUBMITTED,
        Action.RETURNED,
        Action.SUBMITTED,
        Action.APPROVED,
        Action.UNLOCKED,
    ]
    unlock = events(world, Action.UNLOCKED)[0]
    assert (unlock.actor, unlock.reason) == (world.admin, "Koreksi data SP2D.")
    assert QuarterReport.objects.get(agency=world.agency, year=2024, quarter=1).history.count() >= 5


def test_submitting_with_blank_figures_lists_them_and_changes_nothing_without_confirmation(
    world,
):
    save(world, "3", quarter=1)  # the K figure; the Rp line stays blank
    with pytest.raises(actions.NeedsConfirmation) as refused:
        actions.submit_quarter(world.operator, world.agency, 2024, 1)
    assert "1 sub kegiatan belum diisi: 8.01.01.2.01.01 Sub Uji." in refused.value.message
    assert "indikator" not in refused.value.message.split("belum diisi")[0]
    assert state(world) == QuarterReport.State.OPEN
    assert not events(world, Action.SUBMITTED)

    actions.submit_quarter(world.operator, world.agency, 2024, 1, confirm_blank=True)
    assert state(world) == QuarterReport.State.SUBMITTED
    [event] = events(world, Action.SUBMITTED)
    assert event.new_value == "1 dari 1 indikator dan 0 dari 1 sub kegiatan terisi"


def test_a_quarter_with_nothing_entered_names_both_kinds_of_blank_figure(world):
    with pytest.raises(actions.NeedsConfirmation) as refused:
        actions.submit_quarter(world.operator, world.agency, 2024, 2)
    assert refused.value.message.startswith(
        "Belum diajukan: 1 indikator dan 1 sub kegiatan belum diisi: Jumlah dokumen; "
        "8.01.01.2.01.01 Sub Uji."
    )
    assert not QuarterReport.objects.filter(agency=world.agency, state="submitted").exists()


def test_a_complete_quarter_is_submitted_without_asking_for_confirmation(world):
    save(world, "3", quarter=1)
    actions.save_budget_actual(
        world.operator, world.agency, 2024, 1, world.item.pk, raw="100.000", version=0
    )
    actions.submit_quarter(world.operator, world.agency, 2024, 1)
    assert state(world) == QuarterReport.State.SUBMITTED


def test_only_a_verifikator_approves_or_returns(world):
    actions.submit_quarter(world.operator, world.agency, 2024, 1, confirm_blank=True)
    for who in (world.operator, world.admin):
        with pytest.raises(PermissionDenied):
            actions.approve_quarter(who, world.agency, 2024, 1)
        with pytest.raises(PermissionDenied):
            actions.return_quarter(who, world.agency, 2024, 1, "catatan")
    assert state(world) == QuarterReport.State.SUBMITTED


def test_only_the_pemda_admin_unlocks(world):
    actions.submit_quarter(world.operator, world.agency, 2024, 1, confirm_blank=True)
    actions.approve_quarter(world.verifikator, world.agency, 2024, 1)
    for who in (world.operator, world.verifikator):
        with pytest.raises(PermissionDenied):
            actions.unlock_quarter(who, world.agency, 2024, 1, "alasan")
    assert state(world) == QuarterReport.State.APPROVED


def test_a_verifikator_of_another_pemda_cannot_approve(world, kesbangpol):
    from sakip.accounts.models import User

    stranger = User.objects.get(username="verifikator.paser")
    actions.submit_quarter(world.operator, world.agency, 2024, 1, confirm_blank=True)
    with pytest.raises(PermissionDenied):
        actions.approve_quarter(stranger, world.agency, 2024, 1)


def test_approving_a_quarter_that_is_not_submitted_is_refused(world):
    with pytest.raises(actions.Refused, match="Terbuka"):
        actions.approve_quarter(world.verifikator, world.agency, 2024, 1)


def test_a_quarter_with_a_missing_explanation_cannot_be_submitted(world):
    # An imported figure far below its target, without the explanation the policy asks.
    Actual.objects.create(indicator=world.indicator, year=2024, quarter=4, value=Decimal(2))
    with pytest.raises(actions.Invalid) as refused:
        actions.submit_quarter(world.operator, world.agency, 2024, 4)
    assert "1 angka masih perlu diperbaiki" in refused.value.message
    assert "Jumlah dokumen: Penjelasan wajib: capaian 20,00%" in refused.value.details[0]
    assert not QuarterReport.objects.filter(agency=world.agency, state="submitted").exists()


def test_the_operator_enters_only_inside_the_entry_window_and_the_admin_any_time(
    world, monkeypatch
):
    actions.set_entry_window(
        world.admin, world.pemda, 2024, 1, datetime.date(2024, 4, 1), datetime.date(2024, 4, 10)
    )
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2024, 4, 11))
    with pytest.raises(actions.Refused, match="berakhir 10 April 2024"):
        save(world, "3", quarter=1)
    with pytest.raises(actions.Refused, match="berakhir 10 April 2024"):
        actions.submit_quarter(world.operator, world.agency, 2024, 1, confirm_blank=True)
    save(world, "3", quarter=1, user=world.admin)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2024, 3, 30))
    with pytest.raises(actions.Refused, match="baru dibuka 1 April 2024"):
        save(world, "4", quarter=1, version=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2024, 4, 10))
    save(world, "4", quarter=1, version=1)
    assert actual(world, 1).value == Decimal(4)


def test_only_the_pemda_admin_sets_an_entry_window_and_the_change_is_recorded(world):
    with pytest.raises(PermissionDenied):
        actions.set_entry_window(
            world.operator,
            world.pemda,
            2024,
            2,
            datetime.date(2024, 7, 1),
            datetime.date(2024, 7, 10),
        )
    with pytest.raises(actions.Invalid, match="tidak boleh sebelum"):
        actions.set_entry_window(
            world.admin, world.pemda, 2024, 2, datetime.date(2024, 7, 10), datetime.date(2024, 7, 1)
        )
    actions.set_entry_window(
        world.admin, world.pemda, 2024, 2, datetime.date(2024, 7, 1), datetime.date(2024, 7, 10)
    )
    actions.set_entry_window(world.admin, world.pemda, 2024, 2, None, None)
    assert not EntryWindow.objects.exists()
    trail = [
        (e.old_value, e.new_value)
        for e in MeasurementEvent.objects.filter(action=Action.WINDOW_SET).order_by("pk")
    ]
    assert trail == [
        ("belum diatur", "1 Juli 2024 – 10 Juli 2024"),
        ("1 Juli 2024 – 10 Juli 2024", "belum diatur"),
    ]


def test_the_narrative_is_saved_and_a_stale_form_is_refused(world):
    actions.save_narrative(
        world.operator, world.agency, 2024, 1, {"driving_factors": "Dukungan pimpinan."}, 0
    )
    report = QuarterReport.objects.get(agency=world.agency, year=2024, quarter=1)
    assert report.driving_factors == "Dukungan pimpinan."
    with pytest.raises(actions.Conflict):
        actions.save_narrative(
            world.operator2, world.agency, 2024, 1, {"driving_factors": "Lain."}, 1
        )
    [event] = events(world, Action.NARRATIVE_CHANGED)
    assert event.subject == "TW I 2024 · Faktor pendorong keberhasilan kinerja"


def test_of_two_users_writing_the_first_narrative_of_a_quarter_the_later_is_refused(world):
    """Both pages were opened before the quarter had a report (version 0)."""
    assert not QuarterReport.objects.filter(agency=world.agency, quarter=1).exists()
    actions.save_narrative(
        world.operator, world.agency, 2024, 1, {"driving_factors": "Dukungan pimpinan."}, 0
    )
    with pytest.raises(actions.Conflict, match="sudah disimpan orang lain"):
        actions.save_narrative(
            world.operator2, world.agency, 2024, 1, {"driving_factors": "Anggaran cukup."}, 0
        )
    report = QuarterReport.objects.get(agency=world.agency, year=2024, quarter=1)
    assert report.driving_factors == "Dukungan pimpinan."
    assert len(events(world, Action.NARRATIVE_CHANGED)) == 1


def test_a_first_narrative_is_saved_even_when_a_figure_created_the_quarter_meanwhile(world):
    """The page was read at version 0; a figure's save then created the report: the
    narrative is still empty, so the form is not stale."""
    save(world, "3", quarter=1)
    assert QuarterReport.objects.filter(agency=world.agency, quarter=1).exists()
    actions.save_narrative(
        world.operator2, world.agency, 2024, 1, {"inhibiting_factors": "Cuaca."}, 0
    )
    report = QuarterReport.objects.get(agency=world.agency, year=2024, quarter=1)
    assert report.inhibiting_factors == "Cuaca."


# --------------------------------------------------------------------------- Rencana Aksi


@pytest.fixture
def pk_line(kesbangpol):
    """A cumulative PK indicator of 2024 with a numeric yearly target."""
    editor = load_plan_editor(kesbangpol, 2024)
    return next(
        line
        for line in editor.lines
        if line.indicator.quarter_combine == "sum"
        and line.combined is None
        and line.target_text[:1].isdigit()
        and line.plan_row is not None
    )


def test_quarterly_targets_that_do_not_make_the_pk_target_are_refused(kesbangpol, pk_line, login):
    from sakip.accounts.models import User
    from sakip.rules.values import parse_figure

    operator = User.objects.get(username="operator.kesbangpol")
    yearly = parse_figure(pk_line.target_text).value
    with pytest.raises(actions.Invalid, match="tidak sama dengan target tahunan PK"):
        actions.save_plan_row(
            operator,
            kesbangpol,
            2024,
            pk_line.indicator.pk,
            raw_targets=["0", str(yearly + 1), "", ""],
            action_text="",
            version=pk_line.version,
        )
    actions.save_plan_row(
        operator,
        kesbangpol,
        2024,
        pk_line.indicator.pk,
        raw_targets=["", str(yearly), "", ""],
        action_text="Menyusun dokumen.",
        version=pk_line.version,
    )
    row = ActionPlanRow.objects.get(pk=pk_line.plan_row.pk)
    assert (row.q2_target, row.q2, row.q1, row.action, row.version) == (
        yearly,
        True,
        False,
        "Menyusun dokumen.",
        2,
    )
    assert (
        MeasurementEvent.objects.filter(
            action=Action.PLAN_CHANGED, indicator=pk_line.indicator
        ).count()
        == 2
    )
    with pytest.raises(actions.Conflict):
        actions.save_plan_row(
            operator,
            kesbangpol,
            2024,
            pk_line.indicator.pk,
            raw_targets=["", str(yearly), "", ""],
            action_text="Lain.",
            version=pk_line.version,
        )


def test_a_non_cumulative_indicator_takes_its_last_quarterly_target_as_the_year(kesbangpol):
    from sakip.accounts.models import User

    operator = User.objects.get(username="operator.kesbangpol")
    editor = load_plan_editor(kesbangpol, 2024)
    line = next(
        x
        for x in editor.lines
        if x.indicator.quarter_combine == "last" and x.target_text.startswith("100")
    )
    actions.save_plan_row(
        operator,
        kesbangpol,
        2024,
        line.indicator.pk,
        raw_targets=["25", "50", "75", "100"],
        action_text="",
        version=line.version,
    )
    assert load_plan_editor(kesbangpol, 2024, indicator_id=line.indicator.pk).lines[
        0
    ].combined == Decimal(100)


def test_a_pk_indicator_without_a_plan_row_gets_one(kesbangpol):
    from sakip.accounts.models import User

    operator = User.objects.get(username="operator.kesbangpol")
    editor = load_plan_editor(kesbangpol, 2024)
    line = editor.lines[0]
    if line.plan_row is not None:
        line.plan_row.delete()
    actions.save_plan_row(
        operator,
        kesbangpol,
        2024,
        line.indicator.pk,
        raw_targets=["", "", "", ""],
        action_text="Evaluasi internal.",
        version=0,
    )
    row = ActionPlanRow.objects.get(
        plan__agency=kesbangpol, plan__year=2024, indicator=line.indicator
    )
    assert row.action == "Evaluasi internal."
    assert row.indicator_text == line.indicator.name


def _plan_save(kesbangpol, line, targets, action_text="", version=None):
    from sakip.accounts.models import User

    return actions.save_plan_row(
        User.objects.get(username="operator.kesbangpol"),
        kesbangpol,
        2024,
        line.indicator.pk,
        raw_targets=targets,
        action_text=action_text,
        version=line.version if version is None else version,
    )


def test_a_part_filled_rencana_aksi_is_saved_and_the_editor_says_what_is_still_blank(
    kesbangpol, pk_line
):
    from sakip.rules.formatting import format_decimal_trimmed
    from sakip.rules.values import parse_figure

    yearly = parse_figure(pk_line.target_text).value
    part = yearly - 1 if yearly > 1 else Decimal(0)
    assert _plan_save(kesbangpol, pk_line, [format_decimal_trimmed(part), "", "", ""]).changed
    row = ActionPlanRow.objects.get(pk=pk_line.plan_row.pk)
    assert (row.q1_target, row.q2_target, row.q3_target, row.q4_target) == (part, None, None, None)
    line = load_plan_editor(kesbangpol, 2024, indicator_id=pk_line.indicator.pk).lines[0]
    assert "TW II dan TW III dan TW IV belum bertarget" in line.problem


def test_a_part_filled_cumulative_plan_already_above_the_year_is_still_refused(kesbangpol, pk_line):
    from sakip.rules.values import parse_figure

    yearly = parse_figure(pk_line.target_text).value
    with pytest.raises(actions.Invalid, match="tidak sama dengan target tahunan PK"):
        _plan_save(kesbangpol, pk_line, [str(yearly + 1), "", "", ""])
    assert ActionPlanRow.objects.get(pk=pk_line.plan_row.pk).q1_target is None


@pytest.mark.parametrize(
    ("state", "said"),
    [("submitted", "sudah diajukan ke verifikator"), ("approved", "sudah disetujui dan dikunci")],
)
def test_the_target_of_a_submitted_or_approved_quarter_cannot_be_changed(
    kesbangpol, pk_line, state, said
):
    from sakip.rules.values import parse_figure

    yearly = parse_figure(pk_line.target_text).value
    QuarterReport.objects.update_or_create(
        agency=kesbangpol, year=2024, quarter=1, defaults={"state": state}
    )
    before = MeasurementEvent.objects.filter(action=Action.PLAN_CHANGED).count()
    with pytest.raises(actions.Refused) as refused:
        _plan_save(kesbangpol, pk_line, [str(yearly), "", "", ""], "Rapat.")
    assert refused.value.message.startswith(
        f"Target TW I tidak dapat diubah: realisasi TW I 2024 {said}."
    )
    row = ActionPlanRow.objects.get(pk=pk_line.plan_row.pk)
    assert (row.q1_target, row.action, row.version) == (None, pk_line.plan_row.action, 1)
    assert MeasurementEvent.objects.filter(action=Action.PLAN_CHANGED).count() == before

    # The quarters still open can be planned, and the closed one kept as it is.
    _plan_save(kesbangpol, pk_line, ["", str(yearly), "", ""], "Rapat.")
    row.refresh_from_db()
    assert (row.q1_target, row.q2_target, row.action) == (None, yearly, "Rapat.")


def _approved_then_unlocked(world: World) -> None:
    save(world, "3", quarter=1)
    actions.save_budget_actual(
        world.operator, world.agency, 2024, 1, world.item.pk, raw="100.000", version=0
    )
    actions.submit_quarter(world.operator, world.agency, 2024, 1)
    actions.approve_quarter(world.verifikator, world.agency, 2024, 1)
    actions.unlock_quarter(world.admin, world.agency, 2024, 1, "Koreksi SP2D.")


def test_after_an_unlock_a_changed_figure_needs_a_reason_and_is_kept_unsaved_without_one(world):
    _approved_then_unlocked(world)
    for who in (world.operator, world.admin):
        with pytest.raises(actions.Invalid, match="Alasan perubahan wajib diisi"):
            save(world, "4", quarter=1, version=1, user=who)
        with pytest.raises(actions.Invalid, match="Alasan perubahan wajib diisi"):
            actions.save_budget_actual(
                who, world.agency, 2024, 1, world.item.pk, raw="150.000", version=1, reason=" "
            )
    assert actual(world, 1).value == Decimal(3)
    assert BudgetActual.objects.get(item=world.item, year=2024, quarter=1).amount == 100_000
    assert not [e for e in events(world, Action.VALUE_CHANGED) if e.new_value in ("4", "Rp150.000")]

    save(world, "4", quarter=1, version=1, reason="SP2D TW I terlambat dicatat.")
    assert actual(world, 1).value == Decimal(4)
    assert events(world, Action.VALUE_CHANGED)[-1].reason == "SP2D TW I terlambat dicatat."
    # Saving the same figure again is no change and needs no reason.
    assert not save(world, "4", quarter=1, version=2).changed


def test_a_quarter_never_unlocked_takes_changes_without_a_reason(world):
    save(world, "3", quarter=1)
    assert save(world, "4", quarter=1, version=1).changed
    assert actual(world, 1).value == Decimal(4)


def test_a_file_left_by_an_outer_rollback_is_removed_by_the_orphan_cleanup(world, private_media):
    import datetime as dt

    from django.db import transaction

    from sakip.measurement.evidence import remove_orphaned_files

    kept = actions.add_evidence(
        world.operator, world.agency, 2024, 1, item_id=world.item.pk, upload=upload()
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.add_evidence(
            world.operator, world.agency, 2024, 1, indicator_id=world.indicator.pk, upload=upload()
        )
        raise RuntimeError("transaksi pemanggil gagal")
    files = sorted(str(p.relative_to(private_media)) for p in private_media.rglob("*.pdf"))
    assert len(files) == 2  # the rolled-back one is still there
    assert remove_orphaned_files() == []  # too young: its transaction may be open
    removed = remove_orphaned_files(dt.timedelta(0))
    assert removed == [f for f in files if f != kept.file.name]
    assert [str(p.relative_to(private_media)) for p in private_media.rglob("*.pdf")] == [
        kept.file.name
    ]


def test_the_orphan_cleanup_command_says_how_many_files_it_removed(world, private_media):
    from io import StringIO

    from django.core.management import call_command

    orphan = private_media / "bukti" / "9" / "2024" / "yatim.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-")
    out = StringIO()
    call_command("remove_orphaned_evidence", "--jam", "0", stdout=out)
    assert "1 berkas bukti dukung tanpa catatan dihapus." in out.getvalue()
    assert not orphan.exists()
