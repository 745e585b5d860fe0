"""Each role's home page shows its own work (issue 12), within its scope, in a fixed
number of queries."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sakip.accounts.models import User
from sakip.agreements.models import Agreement, BudgetApproval
from sakip.measurement.models import EntryWindow, MeasurementEvent, QuarterReport
from sakip.organisation.models import Agency, Employee, Position

pytestmark = pytest.mark.django_db


def _report(agency: Agency, year: int, quarter: int, state: str, note: str = "") -> QuarterReport:
    report, _ = QuarterReport.objects.update_or_create(
        agency=agency, year=year, quarter=quarter, defaults={"state": state, "review_note": note}
    )
    return report


def _submitted(agency: Agency, year: int, quarter: int, at: datetime.datetime) -> None:
    _report(agency, year, quarter, QuarterReport.State.SUBMITTED)
    MeasurementEvent.objects.create(
        pemda_id=agency.pemda_id,
        agency=agency,
        year=year,
        quarter=quarter,
        action=MeasurementEvent.Action.SUBMITTED,
        at=at,
    )


def _draft(agency: Agency, position: Position, year: int) -> Agreement:
    return Agreement.objects.create(
        pemda_id=agency.pemda_id,
        agency=agency,
        year=year,
        position=position,
        place="Tana Paser",
        date=datetime.date(year, 1, 15),
        first_employee=Employee.objects.filter(pemda_id=agency.pemda_id).first(),
        first_name="Konsep Pihak Pertama",
        first_position_title=position.title,
    )


def _home(login, persona: str) -> str:
    response = login(persona).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_an_operator_sees_open_windows_with_days_left_and_returned_quarters_with_the_note(
    login, kesbangpol, paser
):
    # The page's "today" is the Pemda's (Paser: WITA), a day ahead of Jakarta's in the
    # hour before Jakarta's midnight.
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(paser.time_zone))
    EntryWindow.objects.create(
        pemda=paser,
        year=today.year,
        quarter=1,
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=5),
    )
    _report(kesbangpol, 2023, 2, QuarterReport.State.RETURNED, "Lengkapi bukti dukung IKU 2.")
    html = _home(login, "operator_a")
    assert f"TW I {today.year}" in html and "5 hari lagi" in html and "belum diajukan" in html
    assert "Lengkapi bukti dukung IKU 2." in html
    assert reverse("measurement_quarter", args=[kesbangpol.pk, 2023, 2]) in html


def test_an_operator_sees_unsigned_pks_with_their_deadline_and_years_without_rencana_aksi(
    login, kesbangpol, paser
):
    position = Position.objects.filter(agency=kesbangpol).order_by("pk").first()
    draft = _draft(kesbangpol, position, 2025)
    BudgetApproval.objects.create(pemda=paser, year=2025, approved_on=datetime.date(2024, 11, 20))
    html = _home(login, "operator_a")
    assert reverse("agreement", args=[draft.pk]) in html
    assert "lewat batas 20 Desember 2024" in html
    # A PK of 2025 without a Rencana Aksi of 2025.
    assert reverse("measurement_plan", args=[kesbangpol.pk, 2025]) in html


def test_an_operator_sees_nothing_of_another_agency(login, kesbangpol, other_agency):
    _report(other_agency, 2023, 1, QuarterReport.State.RETURNED, "Catatan untuk Kominfo.")
    assert "Catatan untuk Kominfo." not in _home(login, "operator_a")
    assert "Catatan untuk Kominfo." in _home(login, "operator.kominfo")


def test_the_verifikator_queue_lists_submitted_quarters_oldest_first(
    login, kesbangpol, other_agency, sokaraja
):
    now = timezone.now()
    _submitted(kesbangpol, 2023, 3, now - datetime.timedelta(days=1))
    _submitted(other_agency, 2023, 1, now - datetime.timedelta(days=5))
    _submitted(sokaraja, 2023, 2, now - datetime.timedelta(days=9))  # another Pemda
    html = _home(login, "verifikator")
    older = html.index(reverse("measurement_quarter", args=[other_agency.pk, 2023, 1]))
    newer = html.index(reverse("measurement_quarter", args=[kesbangpol.pk, 2023, 3]))
    assert older < newer
    assert reverse("measurement_quarter", args=[sokaraja.pk, 2023, 2]) not in html


def test_the_verifikator_queue_reads_the_same_queries_for_more_agencies(
    login, kesbangpol, other_agency
):
    client = login("verifikator")
    now = timezone.now()
    _submitted(kesbangpol, 2023, 3, now)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("home"))
        return len(captured)

    before = count()
    _submitted(other_agency, 2023, 1, now)
    extra = Agency.objects.create(pemda=kesbangpol.pemda, code="extra", name="Dinas Tambahan")
    _submitted(extra, 2023, 2, now)
    assert count() == before


def test_the_pimpinan_sees_the_pks_awaiting_their_signature(login, kesbangpol):
    head = User.objects.get(username="pimpinan.kesbangpol")
    below = Position.objects.filter(superior=head.position).order_by("pk").first()
    assert below is not None
    draft = _draft(kesbangpol, below, 2025)
    unrelated_parent = Position.objects.filter(agency=kesbangpol).exclude(
        pk__in=[head.position_id, below.pk]
    )
    unrelated = unrelated_parent.exclude(superior=head.position).first()
    html = _home(login, "head_a")
    assert reverse("agreement", args=[draft.pk]) in html
    if unrelated is not None:
        other = _draft(kesbangpol, unrelated, 2025)
        assert reverse("agreement", args=[other.pk]) not in _home(login, "head_a")


def test_the_admin_sees_each_agencys_quarters(login, kesbangpol):
    _report(kesbangpol, 2023, 4, QuarterReport.State.APPROVED)
    _report(kesbangpol, 2023, 3, QuarterReport.State.RETURNED)
    html = _home(login, "admin_pemda")
    assert "Status realisasi 2023 per perangkat daerah" in html
    assert "Disetujui (terkunci)" in html and "Dikembalikan" in html
    assert reverse("dashboard") in html


def test_the_evaluator_sees_which_agencies_have_a_whole_year_approved(login, kesbangpol):
    for quarter in (1, 2, 3, 4):
        _report(kesbangpol, 2023, quarter, QuarterReport.State.APPROVED)
    html = _home(login, "inspektorat")
    assert "4 dari 4 — siap dievaluasi" in html
    assert reverse("iku", args=[kesbangpol.pk, 2023]) in html


def test_a_person_of_another_pemda_sees_none_of_paser(login, kesbangpol):
    _report(kesbangpol, 2023, 3, QuarterReport.State.RETURNED, "Catatan Paser.")
    html = _home(login, "admin_other_pemda")
    assert reverse("agency", args=[kesbangpol.pk]) not in html and "Catatan Paser." not in html
