"""What each role's home page shows: the work waiting for that person (issue 12).

Each function reads in a fixed number of queries whatever the number of agencies,
quarters or PKs, and only within the user's scope (the access gate's querysets)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from sakip.accounts.access import visible_agencies
from sakip.accounts.models import Role
from sakip.agreements.actions import is_overdue
from sakip.agreements.models import Agreement, BudgetApproval, signing_deadline
from sakip.measurement.models import (
    AWAITING_HEAD,
    QUARTERS,
    ActionPlan,
    EntryWindow,
    MeasurementEvent,
    QuarterReport,
)
from sakip.organisation.models import Agency

if TYPE_CHECKING:
    from sakip.accounts.models import User

#: How many days ahead a window that is about to open is announced.
OPENING_SOON_DAYS = 14
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class WindowDue:
    year: int
    quarter: int
    opens_on: datetime.date
    closes_on: datetime.date
    days_left: int  # until it closes (0 = closes today); until it opens when not yet open
    is_open: bool
    state: str  # the agency's quarter state

    @property
    def roman(self) -> str:
        return ROMAN[self.quarter - 1]

    @property
    def submitted(self) -> bool:
        return self.state in (QuarterReport.State.SUBMITTED, QuarterReport.State.APPROVED)


@dataclass(frozen=True)
class PkDue:
    agreement: Agreement
    overdue: bool
    deadline: datetime.date | None


@dataclass(frozen=True)
class QueueItem:
    report: QuarterReport
    submitted_at: datetime.datetime | None

    @property
    def roman(self) -> str:
        return ROMAN[self.report.quarter - 1]


@dataclass
class Work:
    """Everything a home page lists; each role fills its part."""

    windows: list[WindowDue] = field(default_factory=list)
    returned: list[QuarterReport] = field(default_factory=list)
    unsigned: list[PkDue] = field(default_factory=list)
    empty_plans: list[int] = field(default_factory=list)  # years without Rencana Aksi rows
    queue: list[QueueItem] = field(default_factory=list)
    #: Verifikator: submitted quarters still with their agency's pimpinan (not theirs yet).
    with_heads: int = 0
    #: Pimpinan: the agency's submitted quarters awaiting their approval (where the
    #: Pemda's policy asks for it), in the order of the quarters.
    to_approve: list[QueueItem] = field(default_factory=list)
    #: Admin: (agency, [state of TW I..IV]) for ``year``.
    completion: list[tuple[Agency, list[str]]] = field(default_factory=list)
    #: Evaluator: (agency, approved quarters of ``year``).
    to_evaluate: list[tuple[Agency, int]] = field(default_factory=list)
    year: int | None = None


def _unsigned(agreements: QuerySet[Agreement], today: datetime.date) -> list[PkDue]:
    """Drafts still to be signed (the latest version of each PK), each with its
    deadline: one month after the Pemda's APBD approval (regulations.md §5.3)."""
    drafts = list(
        agreements.filter(state=Agreement.State.DRAFT, next_version__isnull=True)
        .select_related("agency", "position")
        .order_by("year", "pk")
    )
    approvals = {
        (b.pemda_id, b.year): b.approved_on
        for b in BudgetApproval.objects.filter(
            pemda_id__in={a.pemda_id for a in drafts}, year__in={a.year for a in drafts}
        )
    }
    out = []
    for agreement in drafts:
        approved_on = approvals.get((agreement.pemda_id, agreement.year))
        out.append(
            PkDue(
                agreement,
                is_overdue(approved_on, today) if agreement.previous_id is None else False,
                signing_deadline(approved_on) if approved_on else None,
            )
        )
    return out


def operator_work(user: User, agency: Agency, today: datetime.date) -> Work:
    """Open (and soon opening) entry windows with days left and the agency's state,
    returned quarters with the verifikator's note, unsigned PKs, and the years whose
    PKs have no Rencana Aksi rows yet."""
    work = Work()
    windows = list(
        EntryWindow.objects.filter(
            pemda_id=agency.pemda_id,
            closes_on__gte=today,
            opens_on__lte=today + datetime.timedelta(days=OPENING_SOON_DAYS),
        ).order_by("closes_on")
    )
    states = {
        (r.year, r.quarter): r.state
        for r in QuarterReport.objects.filter(
            agency=agency, year__in={w.year for w in windows}
        ).only("year", "quarter", "state")
    }
    for w in windows:
        is_open = w.opens_on <= today
        work.windows.append(
            WindowDue(
                w.year,
                w.quarter,
                w.opens_on,
                w.closes_on,
                ((w.closes_on if is_open else w.opens_on) - today).days,
                is_open,
                states.get((w.year, w.quarter), QuarterReport.State.OPEN),
            )
        )
    work.returned = list(
        QuarterReport.objects.filter(agency=agency, state=QuarterReport.State.RETURNED).order_by(
            "year", "quarter"
        )
    )
    work.unsigned = _unsigned(Agreement.objects.filter(agency=agency), today)
    pk_years = set(Agreement.objects.filter(agency=agency).values_list("year", flat=True))
    with_rows = set(
        ActionPlan.objects.filter(agency=agency)
        .annotate(row_count=Count("rows"))
        .filter(row_count__gt=0)
        .values_list("year", flat=True)
    )
    work.empty_plans = sorted(pk_years - with_rows)
    return work


def _latest(*actions: str) -> Subquery:
    """The time of the quarter's latest event among ``actions``: when it reached whoever
    has it now."""
    return Subquery(
        MeasurementEvent.objects.filter(
            agency_id=OuterRef("agency_id"),
            year=OuterRef("year"),
            quarter=OuterRef("quarter"),
            action__in=actions,
        )
        .order_by("-at")
        .values("at")[:1]
    )


def pimpinan_work(user: User, agency: Agency, today: datetime.date) -> Work:
    """The PKs that await the pimpinan's signature (as first or second party: the PKs
    of their own position and of the positions directly under it; every draft of the
    agency when the account names no position), the agency's quarters awaiting the
    pimpinan's approval (where the Pemda's policy asks for it), and its quarters
    submitted to the verifikator and returned."""
    work = Work()
    agreements = Agreement.objects.filter(agency=agency)
    if user.position_id:
        agreements = agreements.filter(
            Q(position_id=user.position_id) | Q(position__superior_id=user.position_id)
        )
    work.unsigned = _unsigned(agreements, today)
    submitted = (
        QuarterReport.objects.filter(agency=agency, state=QuarterReport.State.SUBMITTED)
        .with_head_pending()
        .annotate(submitted_at=_latest(MeasurementEvent.Action.SUBMITTED_TO_HEAD))
        .order_by("year", "quarter")
    )
    for r in submitted:
        if r.head_pending:  # type: ignore[attr-defined]
            work.to_approve.append(QueueItem(r, r.submitted_at))  # type: ignore[attr-defined]
        else:
            work.queue.append(QueueItem(r, None))
    work.returned = list(
        QuarterReport.objects.filter(agency=agency, state=QuarterReport.State.RETURNED).order_by(
            "year", "quarter"
        )
    )
    return work


def verifikator_queue(user: User) -> Work:
    """The submitted quarters of every agency the user may read, oldest submission
    first (the time it reached the verifikator: the latest 'submitted' event of that
    quarter, or the pimpinan's approval where the Pemda's policy asks for one). Quarters
    still awaiting their pimpinan are not the verifikator's yet."""
    Action = MeasurementEvent.Action
    reports = (
        QuarterReport.objects.filter(agency__in=visible_agencies(user))
        .with_verifier()
        .select_related("agency")
        .annotate(
            submitted_at=_latest(Action.SUBMITTED, Action.SUBMITTED_TO_HEAD, Action.HEAD_APPROVED)
        )
        .order_by("submitted_at", "year", "quarter", "agency__name")
    )
    with_heads = (
        QuarterReport.objects.filter(agency__in=visible_agencies(user)).awaiting_head().count()
    )
    return Work(
        queue=[QueueItem(r, r.submitted_at) for r in reports],  # type: ignore[attr-defined]
        with_heads=with_heads,
    )


def latest_year(user: User, today: datetime.date) -> int:
    """The latest year any visible agency has a quarter's workflow in (this year when
    none has)."""
    years = (
        QuarterReport.objects.filter(agency__in=visible_agencies(user))
        .order_by("-year")
        .values_list("year", flat=True)[:1]
    )
    return years[0] if years else today.year


def admin_completion(user: User, year: int) -> Work:
    """Each agency's four quarters of ``year``: open, submitted, returned, approved, and
    (where the Pemda's policy has the pimpinan approve first) awaiting the pimpinan, so
    the admin sees where quarters wait."""
    agencies = list(visible_agencies(user).order_by("name"))
    states = {
        (r.agency_id, r.quarter): AWAITING_HEAD if r.head_pending else r.state  # type: ignore[attr-defined]
        for r in QuarterReport.objects.filter(agency__in=visible_agencies(user), year=year)
        .with_head_pending()
        .only("agency_id", "quarter", "state")
    }
    return Work(
        completion=[
            (a, [states.get((a.pk, q), QuarterReport.State.OPEN) for q in QUARTERS])
            for a in agencies
        ],
        year=year,
    )


def evaluator_work(user: User, year: int) -> Work:
    """The agencies of the Pemda with how many quarters of ``year`` are approved: an
    agency whose four are approved has a complete year to evaluate (its Pengukuran
    Kinerja and Evaluasi Hasil Renja TW IV)."""
    agencies = list(
        visible_agencies(user)
        .annotate(
            approved=Count(
                "quarter_reports",
                filter=Q(
                    quarter_reports__year=year,
                    quarter_reports__state=QuarterReport.State.APPROVED,
                ),
            )
        )
        .order_by("-approved", "name")
    )
    return Work(to_evaluate=[(a, a.approved) for a in agencies], year=year)  # type: ignore[attr-defined]


def work_for(user: User, today: datetime.date) -> Work:
    agency = user.agency if user.agency_id else None
    match user.role:
        case Role.OPERATOR if agency is not None:
            return operator_work(user, agency, today)
        case Role.PIMPINAN if agency is not None:
            return pimpinan_work(user, agency, today)
        case Role.VERIFIKATOR:
            return verifikator_queue(user)
        case Role.ADMIN_PEMDA:
            return admin_completion(user, latest_year(user, today))
        case Role.EVALUATOR:
            return evaluator_work(user, latest_year(user, today))
    return Work()
