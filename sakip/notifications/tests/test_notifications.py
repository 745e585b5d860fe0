"""Notifications: who is told what, once, in the app and by e-mail."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sakip.accounts.models import Role, User
from sakip.agreements.models import Agreement, BudgetApproval
from sakip.measurement.models import EntryWindow, MeasurementEvent, QuarterReport
from sakip.notifications.build import deliver, drafts
from sakip.notifications.models import Notification
from sakip.organisation.models import Agency, Employee, Position

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 4, 8, 3, 0, tzinfo=datetime.UTC)  # 11.00 WITA, 8 April 2024


@pytest.fixture(autouse=True)
def emails(db: None) -> None:
    User.objects.filter(pemda__isnull=False).update(email="")
    for username in ("operator.kesbangpol", "verifikator.paser", "pimpinan.kesbangpol"):
        User.objects.filter(username=username).update(email=f"{username}@paser.go.id")


def _mine(username: str) -> list[Notification]:
    return list(Notification.objects.filter(user__username=username).order_by("pk"))


def _window(paser, opens: datetime.date, closes: datetime.date, quarter: int = 1) -> EntryWindow:
    return EntryWindow.objects.create(
        pemda=paser, year=2024, quarter=quarter, opens_on=opens, closes_on=closes
    )


def _event(agency: Agency, action: str, actor: str, reason: str = "") -> MeasurementEvent:
    user = User.objects.get(username=actor)
    return MeasurementEvent.objects.create(
        pemda_id=agency.pemda_id,
        agency=agency,
        year=2024,
        quarter=1,
        action=action,
        actor=user,
        actor_name=user.get_full_name() or user.username,
        reason=reason,
        at=NOW - datetime.timedelta(hours=1),
    )


def test_an_open_window_is_announced_to_every_operator_of_the_pemda_once(
    paser, kesbangpol, other_agency
):
    _window(paser, datetime.date(2024, 4, 1), datetime.date(2024, 4, 30))
    first = deliver(NOW)
    [mine] = _mine("operator.kesbangpol")
    assert mine.kind == Notification.Kind.WINDOW_OPENING
    assert mine.subject == "Pengisian realisasi TW I 2024 dibuka"
    assert "sampai 30 April 2024" in mine.body
    assert len(_mine("operator.kominfo")) == 1
    assert _mine("operator.sokaraja") == []  # another Pemda
    assert _mine("verifikator.paser") == []
    assert first.emailed == 1 and mail.outbox[0].to == ["operator.kesbangpol@paser.go.id"]
    again = deliver(NOW + datetime.timedelta(hours=1))
    assert (again.created, again.emailed) == (0, 0)
    assert len(mail.outbox) == 1 and len(_mine("operator.kesbangpol")) == 1


def test_a_window_closing_soon_is_announced_to_agencies_that_have_not_submitted(
    paser, kesbangpol, other_agency
):
    _window(paser, datetime.date(2024, 4, 1), datetime.date(2024, 4, 10))
    QuarterReport.objects.create(
        agency=other_agency, year=2024, quarter=1, state=QuarterReport.State.SUBMITTED
    )
    deliver(NOW)
    closing = [n for n in _mine("operator.kesbangpol") if n.kind == "window_closing"]
    assert [n.subject for n in closing] == [
        "Pengisian realisasi TW I 2024 ditutup 2 hari lagi (10 April 2024)"
    ]
    assert not [n for n in _mine("operator.kominfo") if n.kind == "window_closing"]


def test_a_window_is_judged_by_the_pemdas_own_date(paser):
    # 23.30 UTC on 31 March is already 1 April in Paser (WITA, UTC+8).
    _window(paser, datetime.date(2024, 4, 1), datetime.date(2024, 4, 30))
    late = datetime.datetime(2024, 3, 31, 23, 30, tzinfo=datetime.UTC)
    assert any(d.kind == "window_opening" for d in drafts(late))
    early = datetime.datetime(2024, 3, 31, 15, 0, tzinfo=datetime.UTC)  # 23.00 WITA
    assert not any(d.kind == "window_opening" for d in drafts(early))


def test_a_submitted_quarter_is_told_to_the_verifikator_and_the_pimpinan_not_the_sender(
    kesbangpol,
):
    _event(kesbangpol, MeasurementEvent.Action.SUBMITTED, "operator.kesbangpol")
    deliver(NOW)
    [told] = _mine("verifikator.paser")
    assert told.kind == "submitted" and "diajukan untuk diverifikasi" in told.subject
    assert told.url == reverse("measurement_quarter", args=[kesbangpol.pk, 2024, 1])
    assert len(_mine("pimpinan.kesbangpol")) == 1
    assert _mine("operator.kesbangpol") == []
    assert _mine("admin.banyumas") == []


@pytest.mark.parametrize(
    "action,kind", [("returned", "returned"), ("approved", "approved"), ("unlocked", "unlocked")]
)
def test_the_operator_hears_what_happened_to_the_quarter_with_the_note(kesbangpol, action, kind):
    actor = "admin.paser" if action == "unlocked" else "verifikator.paser"
    _event(kesbangpol, action, actor, reason="Bukti dukung IKU 3 belum ada.")
    deliver(NOW)
    [told] = _mine("operator.kesbangpol")
    assert told.kind == kind
    assert "Bukti dukung IKU 3 belum ada." in told.body
    assert mail.outbox and "Bukti dukung IKU 3 belum ada." in mail.outbox[-1].body


def test_old_events_are_not_announced(kesbangpol):
    event = _event(kesbangpol, MeasurementEvent.Action.RETURNED, "verifikator.paser")
    MeasurementEvent.objects.filter(pk=event.pk).update(at=NOW - datetime.timedelta(days=30))
    deliver(NOW)
    assert _mine("operator.kesbangpol") == []


def test_a_pk_unsigned_past_the_deadline_is_told_to_its_agency(paser, kesbangpol):
    position = Position.objects.filter(agency=kesbangpol).order_by("pk").first()
    agreement = Agreement.objects.create(
        pemda=paser,
        agency=kesbangpol,
        year=2024,
        position=position,
        place="Tana Paser",
        date=datetime.date(2024, 1, 15),
        first_employee=Employee.objects.filter(pemda=paser).first(),
        first_name="Pihak Pertama",
        first_position_title=position.title,
    )
    BudgetApproval.objects.update_or_create(
        pemda=paser, year=2024, defaults={"approved_on": datetime.date(2024, 2, 1)}
    )
    deliver(NOW)
    [told] = [n for n in _mine("operator.kesbangpol") if n.kind == "pk_overdue"]
    assert "batasnya 1 Maret 2024" in told.body
    assert told.url == reverse("agreement", args=[agreement.pk])
    assert [n.kind for n in _mine("pimpinan.kesbangpol")] == ["pk_overdue"]
    # Signed: no new notification.
    Agreement.objects.filter(pk=agreement.pk).update(state=Agreement.State.SIGNED)
    assert not [d for d in drafts(NOW) if d.kind == "pk_overdue"]


def test_building_reads_the_same_queries_for_more_agencies_and_events(paser, kesbangpol):
    _window(paser, datetime.date(2024, 4, 1), datetime.date(2024, 4, 10))
    _event(kesbangpol, MeasurementEvent.Action.SUBMITTED, "operator.kesbangpol")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            drafts(NOW)
        return len(captured)

    before = count()
    for n in range(3):
        agency = Agency.objects.create(pemda=paser, code=f"opd-{n}", name=f"Dinas {n}")
        User.objects.create_user(f"op{n}", role=Role.OPERATOR, pemda=paser, agency=agency)
        _event(agency, MeasurementEvent.Action.SUBMITTED, f"op{n}")
    assert count() == before


def test_the_command_reports_what_it_did(paser, capsys):
    _window(paser, timezone.localdate() - datetime.timedelta(days=1), timezone.localdate())
    call_command("send_notifications")
    assert "pemberitahuan baru" in capsys.readouterr().out
    call_command("send_notifications")
    assert "0 pemberitahuan baru, 0 dikirim lewat surel." in capsys.readouterr().out


def test_a_person_reads_only_their_own_notifications_and_marks_them_read(login, paser, kesbangpol):
    _event(kesbangpol, MeasurementEvent.Action.RETURNED, "verifikator.paser", "Catatan A.")
    deliver(NOW)
    operator = login("operator_a")
    html = operator.get(reverse("notifications")).content.decode()
    assert "dikembalikan verifikator" in html and "Catatan A." in html
    [told] = _mine("operator.kesbangpol")
    assert told.subject in operator.get(reverse("home")).content.decode()
    assert (
        "Catatan A."
        not in login("admin_other_pemda").get(reverse("notifications")).content.decode()
    )
    assert "Catatan A." not in login("verifikator").get(reverse("notifications")).content.decode()
    assert operator.post(reverse("notifications_read")).status_code == 302
    assert all(n.read_at for n in _mine("operator.kesbangpol"))
    assert operator.get(reverse("notifications_read")).status_code == 405
