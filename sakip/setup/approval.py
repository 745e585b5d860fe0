"""Approval of an agency's plans (Renstra, IKU, Renja of a year): the operator submits,
the agency's pimpinan approves, an approved plan is read-only until the Pemda's admin
reopens it with a reason. Every step is written in one transaction with its event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sakip.accounts.access import can_edit_agency
from sakip.accounts.models import Role, User
from sakip.organisation.models import Agency
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
        actor_name=actor.get_full_name() or actor.username,
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
