"""Approval of an agency's plans (Renstra, IKU, Renja of a year): the operator submits,
the agency's pimpinan approves, an approved plan is read-only until the Pemda's admin
reopens it with a reason. The admin may also lock the Renja of a year of every agency
at once (e.g. when the APBD is set). Every step is written in one transaction with its
event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from sakip.accounts.access import can_edit_agency
from sakip.accounts.models import Role, User
from sakip.organisation.models import Agency, Pemda
from sakip.setup.models import PlanApproval, SetupEvent

Plan = PlanApproval.Plan
State = PlanApproval.State


def state_of(agency: Agency, plan: str, year: int) -> str:
    found = PlanApproval.objects.filter(agency=agency, plan=plan, year=year).first()
    return found.state if found else State.DRAFT


def label(plan: str, year: int) -> str:
    name = Plan(plan).label
    return f"{name} {year}" if year else str(name)


def require_unlocked(agency: Agency, plan: str, year: int) -> None:
    """Raise PermissionDenied (Indonesian) when the plan is approved."""
    if state_of(agency, plan, year) == State.APPROVED:
        raise PermissionDenied(
            f"{label(plan, year)} {agency.name} sudah disetujui pimpinan dan hanya dapat "
            "dibaca. Minta admin pemerintah daerah membukanya kembali."
        )


def may_submit(user: User, agency: Agency) -> bool:
    return can_edit_agency(user, agency)


def may_approve(user: User, agency: Agency) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.PIMPINAN
        and user.agency_id == agency.pk
    )


def may_reopen(user: User, agency: Agency) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.ADMIN_PEMDA
        and user.pemda_id == agency.pemda_id
    )


@transaction.atomic
def _move(
    actor: User, agency: Agency, plan: str, year: int, to: str, action: str, reason: str = ""
) -> PlanApproval:
    approval, _ = PlanApproval.objects.select_for_update().get_or_create(
        agency=agency, plan=plan, year=year
    )
    allowed = {
        State.SUBMITTED: {State.DRAFT},
        State.APPROVED: {State.DRAFT, State.SUBMITTED},
        State.DRAFT: {State.APPROVED, State.SUBMITTED},
    }[State(to)]
    if approval.state not in allowed:
        raise ValueError(
            f"{label(plan, year)} berstatus {approval.get_state_display().lower()}; "
            "langkah ini tidak dapat dilakukan."
        )
    approval.state = to
    approval.changed_at = timezone.now()
    approval.save(update_fields=["state", "changed_at"])
    SetupEvent.objects.create(
        pemda_id=agency.pemda_id,
        agency=agency,
        action=action,
        subject_type=str(Plan(plan).label),
        subject=label(plan, year),
        detail=reason,
        actor=actor,
    )
    return approval


def submit(actor: User, agency: Agency, plan: str, year: int) -> PlanApproval:
    if not may_submit(actor, agency):
        raise PermissionDenied("Anda tidak berwenang mengajukan rencana perangkat daerah ini.")
    return _move(actor, agency, plan, year, State.SUBMITTED, SetupEvent.Action.SUBMITTED)


def approve(actor: User, agency: Agency, plan: str, year: int) -> PlanApproval:
    if not may_approve(actor, agency):
        raise PermissionDenied("Hanya pimpinan perangkat daerah ini yang dapat menyetujui.")
    return _move(actor, agency, plan, year, State.APPROVED, SetupEvent.Action.APPROVED)


def reopen(actor: User, agency: Agency, plan: str, year: int, reason: str) -> PlanApproval:
    if not may_reopen(actor, agency):
        raise PermissionDenied("Hanya admin pemerintah daerah yang dapat membuka kembali.")
    if not reason.strip():
        raise ValueError("Tuliskan alasan membuka kembali rencana ini.")
    return _move(actor, agency, plan, year, State.DRAFT, SetupEvent.Action.REOPENED, reason.strip())


def renja_years(pemda: Pemda) -> list[tuple[int, int, int]]:
    """Each year the Pemda's agencies have a Renja of: (year, Renjas, of them locked)."""
    from sakip.planning.models import Renja

    totals = dict(
        Renja.objects.filter(agency__pemda=pemda)
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    locked = dict(
        PlanApproval.objects.filter(
            agency__pemda=pemda, plan=Plan.RENJA, state=State.APPROVED, year__in=list(totals)
        )
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(year, totals[year], locked.get(year, 0)) for year in sorted(totals, reverse=True)]


def lock_year(actor: User, pemda: Pemda, year: int, reason: str) -> int:
    """Lock the Renja of ``year`` of every agency of the Pemda that has one (read-only
    until the admin reopens an agency's); returns how many were locked now. All or
    nothing, one event per agency with the reason."""

    if not (actor.is_authenticated and actor.is_active and actor.role == Role.ADMIN_PEMDA):
        raise PermissionDenied("Hanya admin pemerintah daerah yang dapat mengunci Renja.")
    if actor.pemda_id != pemda.pk:
        raise PermissionDenied("Anda hanya dapat mengunci Renja pemerintah daerah Anda.")
    reason = reason.strip()
    if not reason:
        raise ValueError("Tuliskan alasan mengunci Renja tahun ini (misalnya penetapan APBD).")
    agencies = list(Agency.objects.filter(pemda=pemda, renjas__year=year).distinct().order_by("pk"))
    if not agencies:
        raise ValueError(f"Belum ada Renja tahun {year} untuk dikunci.")
    already = set(
        PlanApproval.objects.filter(
            agency__in=agencies, plan=Plan.RENJA, year=year, state=State.APPROVED
        ).values_list("agency_id", flat=True)
    )
    to_lock = [agency for agency in agencies if agency.pk not in already]
    with transaction.atomic():
        for agency in to_lock:
            _move(
                actor,
                agency,
                Plan.RENJA,
                year,
                State.APPROVED,
                SetupEvent.Action.YEAR_LOCKED,
                reason,
            )
    return len(to_lock)
