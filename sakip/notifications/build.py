"""What to tell whom, as of now: entry windows opening and closing soon, quarters
submitted / returned / approved / unlocked, PKs unsigned past the Pemda's deadline.

Each notification's key names its cause, unique per recipient (models.Notification), so
running :func:`deliver` again creates and sends nothing twice. Reads a fixed number of
queries whatever the number of Pemdas, agencies, users or events."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sakip.accounts.models import Role, User
from sakip.agreements.models import Agreement, BudgetApproval, signing_deadline
from sakip.measurement.models import EntryWindow, MeasurementEvent, QuarterReport
from sakip.notifications.models import Notification
from sakip.organisation.models import Pemda
from sakip.rules import formatting

#: A window "closes soon" this many days before its last day (and on it).
CLOSING_SOON_DAYS = 3
#: Workflow events older than this are not announced any more (a new installation, or
#: the command not run for a while, does not flood everyone with old news).
EVENT_HORIZON = datetime.timedelta(days=14)
ROMAN = ("I", "II", "III", "IV")
Kind = Notification.Kind


@dataclass(frozen=True)
class Draft:
    user_id: int
    kind: str
    key: str
    subject: str
    body: str
    url: str


class _People:
    """The active users of every Pemda by role, and of every agency (one query)."""

    def __init__(self) -> None:
        self.by_pemda: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.by_agency: dict[tuple[int, str], list[int]] = defaultdict(list)
        #: Pemda → the agencies that have an operator.
        self.operated: dict[int, set[int]] = defaultdict(set)
        for pk, pemda_id, agency_id, role in User.objects.filter(
            is_active=True, pemda__isnull=False
        ).values_list("pk", "pemda_id", "agency_id", "role"):
            self.by_pemda[(pemda_id, role)].append(pk)
            if agency_id:
                self.by_agency[(agency_id, role)].append(pk)
                if role == Role.OPERATOR:
                    self.operated[pemda_id].add(agency_id)

    def pemda(self, pemda_id: int, *roles: str) -> list[int]:
        return [pk for role in roles for pk in self.by_pemda[(pemda_id, role)]]

    def agency(self, agency_id: int, *roles: str) -> list[int]:
        return [pk for role in roles for pk in self.by_agency[(agency_id, role)]]


def _today(pemda: Pemda, now: datetime.datetime) -> datetime.date:
    """The date on the Pemda's office wall (WIB/WITA/WIT)."""
    try:
        zone = zoneinfo.ZoneInfo(pemda.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return now.astimezone(zone).date()


def _window_drafts(people: _People, now: datetime.datetime) -> list[Draft]:
    utc_today = now.date()
    windows = list(
        EntryWindow.objects.filter(
            closes_on__gte=utc_today - datetime.timedelta(days=1),
            opens_on__lte=utc_today + datetime.timedelta(days=1),
        ).select_related("pemda")
    )
    done = {
        (agency_id, year, quarter)
        for agency_id, year, quarter in QuarterReport.objects.filter(
            year__in={w.year for w in windows},
            state__in=[QuarterReport.State.SUBMITTED, QuarterReport.State.APPROVED],
        ).values_list("agency_id", "year", "quarter")
    }
    out: list[Draft] = []
    for w in windows:
        today = _today(w.pemda, now)
        if not w.opens_on <= today <= w.closes_on:
            continue
        period = f"TW {ROMAN[w.quarter - 1]} {w.year}"
        closes = formatting.format_date(w.closes_on)
        for user_id in people.pemda(w.pemda_id, Role.OPERATOR):
            out.append(
                Draft(
                    user_id,
                    Kind.WINDOW_OPENING,
                    f"window-open:{w.pk}:{w.opens_on}:{w.closes_on}",
                    f"Pengisian realisasi {period} dibuka",
                    f"Realisasi {period} dapat diisi dan diajukan sampai {closes}.",
                    reverse("home"),
                )
            )
        days_left = (w.closes_on - today).days
        if days_left <= CLOSING_SOON_DAYS:
            when = "hari ini" if days_left == 0 else f"{days_left} hari lagi ({closes})"
            for agency_id in sorted(people.operated[w.pemda_id]):
                if (agency_id, w.year, w.quarter) in done:
                    continue
                for user_id in people.agency(agency_id, Role.OPERATOR):
                    out.append(
                        Draft(
                            user_id,
                            Kind.WINDOW_CLOSING,
                            f"window-close:{w.pk}:{w.closes_on}",
                            f"Pengisian realisasi {period} ditutup {when}",
                            f"Realisasi {period} perangkat daerah Anda belum diajukan; "
                            f"jadwal pengisian ditutup {when}.",
                            reverse("measurement_quarter", args=[agency_id, w.year, w.quarter]),
                        )
                    )
    return out


Action = MeasurementEvent.Action

#: Who hears of each workflow event: roles of the agency, roles of the Pemda. Where the
#: Pemda's policy has the pimpinan approve first, a submission goes to the pimpinan alone
#: and reaches the verifikator with the pimpinan's approval.
_EVENT_AUDIENCE: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    Action.SUBMITTED: (Kind.SUBMITTED, (Role.PIMPINAN,), (Role.VERIFIKATOR,)),
    Action.SUBMITTED_TO_HEAD: (Kind.SUBMITTED, (Role.PIMPINAN,), ()),
    Action.HEAD_APPROVED: (Kind.SUBMITTED, (Role.OPERATOR,), (Role.VERIFIKATOR,)),
    Action.HEAD_RETURNED: (Kind.RETURNED, (Role.OPERATOR,), ()),
    Action.RETURNED: (Kind.RETURNED, (Role.OPERATOR, Role.PIMPINAN), ()),
    Action.APPROVED: (Kind.APPROVED, (Role.OPERATOR, Role.PIMPINAN), ()),
    Action.UNLOCKED: (Kind.UNLOCKED, (Role.OPERATOR, Role.PIMPINAN), (Role.VERIFIKATOR,)),
}
_EVENT_SUBJECT = {
    Action.SUBMITTED: "{agency}: realisasi {period} diajukan untuk diverifikasi",
    Action.SUBMITTED_TO_HEAD: "{agency}: realisasi {period} diajukan, menunggu persetujuan "
    "pimpinan",
    Action.HEAD_APPROVED: "{agency}: realisasi {period} disetujui pimpinan, diajukan untuk "
    "diverifikasi",
    Action.HEAD_RETURNED: "{agency}: realisasi {period} dikembalikan pimpinan",
    Action.RETURNED: "{agency}: realisasi {period} dikembalikan verifikator",
    Action.APPROVED: "{agency}: realisasi {period} disetujui dan dikunci",
    Action.UNLOCKED: "{agency}: kunci realisasi {period} dibuka admin",
}


def _event_drafts(people: _People, now: datetime.datetime) -> list[Draft]:
    out: list[Draft] = []
    for event in MeasurementEvent.objects.filter(
        action__in=list(_EVENT_AUDIENCE), at__gte=now - EVENT_HORIZON, agency__isnull=False
    ).select_related("agency"):
        kind, agency_roles, pemda_roles = _EVENT_AUDIENCE[event.action]
        agency = event.agency
        assert agency is not None and event.quarter
        period = f"TW {ROMAN[event.quarter - 1]} {event.year}"
        name = agency.short_name or agency.name
        subject = _EVENT_SUBJECT[event.action].format(agency=name, period=period)
        body = subject + "."
        if event.actor_name:
            body += f" Oleh {event.actor_name}."
        if event.reason:
            body += f" Catatan: {event.reason}"
        url = reverse("measurement_quarter", args=[agency.pk, event.year, event.quarter])
        recipients = people.agency(agency.pk, *agency_roles) + people.pemda(
            event.pemda_id, *pemda_roles
        )
        for user_id in dict.fromkeys(recipients):
            if user_id == event.actor_id:
                continue  # nobody is told of what they did themselves
            out.append(Draft(user_id, kind, f"event:{event.pk}", subject, body, url))
    return out


def _pk_drafts(people: _People, now: datetime.datetime) -> list[Draft]:
    """PKs unsigned a month after the APBD's approval (regulations.md §5.3)."""
    approvals = {
        (b.pemda_id, b.year): (b.approved_on, b.pemda)
        for b in BudgetApproval.objects.select_related("pemda")
    }
    out: list[Draft] = []
    for agreement in Agreement.objects.filter(
        state=Agreement.State.DRAFT, previous__isnull=True, next_version__isnull=True
    ).select_related("agency"):
        found = approvals.get((agreement.pemda_id, agreement.year))
        if found is None:
            continue
        approved_on, pemda = found
        deadline = signing_deadline(approved_on)
        if _today(pemda, now) <= deadline:
            continue
        if agreement.agency_id:
            recipients = people.agency(agreement.agency_id, Role.OPERATOR, Role.PIMPINAN)
        else:
            recipients = people.pemda(agreement.pemda_id, Role.ADMIN_PEMDA)
        subject = f"{agreement} belum ditandatangani"
        body = (
            f"{agreement} belum ditandatangani, padahal batasnya "
            f"{formatting.format_date(deadline)} (sebulan setelah APBD {agreement.year} "
            f"ditetapkan {formatting.format_date(approved_on)})."
        )
        for user_id in recipients:
            out.append(
                Draft(
                    user_id,
                    Kind.PK_OVERDUE,
                    f"pk-overdue:{agreement.pk}",
                    subject,
                    body,
                    reverse("agreement", args=[agreement.pk]),
                )
            )
    return out


def drafts(now: datetime.datetime | None = None) -> list[Draft]:
    now = now or timezone.now()
    people = _People()
    return _window_drafts(people, now) + _event_drafts(people, now) + _pk_drafts(people, now)


@dataclass(frozen=True)
class Delivered:
    created: int
    emailed: int


def deliver(now: datetime.datetime | None = None, base_url: str = "") -> Delivered:
    """Create the notifications not made yet, then e-mail those not e-mailed yet (each
    marked as it is sent, so a failure part-way sends none of them twice)."""
    now = now or timezone.now()
    found = drafts(now)
    with transaction.atomic():
        before = Notification.objects.count()
        Notification.objects.bulk_create(
            [
                Notification(
                    user_id=d.user_id,
                    kind=d.kind,
                    key=d.key,
                    subject=d.subject[:300],
                    body=d.body,
                    url=d.url,
                    created_at=now,
                )
                for d in found
            ],
            ignore_conflicts=True,
        )
        created = Notification.objects.count() - before
    emailed = 0
    for notification in (
        Notification.objects.filter(emailed_at__isnull=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    ):
        link = f"\n\n{base_url}{notification.url}" if notification.url else ""
        send_mail(
            f"[sakip] {notification.subject}",
            f"{notification.body}{link}",
            None,
            [notification.user.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        emailed += 1
    return Delivered(created, emailed)
