"""Who may do what with a SAKIP evaluation. Built on the access gate
(sakip.accounts.access): views obtain the agency through ``agency_for_user`` first, so
these functions only decide between reading and the evaluation's actions.

- answer the criteria, write findings and recommendations, finalise: an evaluator
  (Inspektorat) of the Pemda, while the evaluation is a draft;
- read a draft's answers and scores: the evaluators and the admin of the Pemda;
- read a final evaluation: also the verifikator and the agency's own staff;
- fill the self-assessment (penilaian mandiri) and add evidence: the agency's operator,
  while the evaluation is a draft;
- reopen a final evaluation: the Pemda's admin, with a reason;
- copy and adjust the Pemda's LKE template: the admin and the evaluators of the Pemda.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from sakip.accounts.access import is_pemda_admin
from sakip.accounts.models import Role
from sakip.evaluation.models import Evaluation, EvidenceLink, Template
from sakip.organisation.models import Agency, Pemda

if TYPE_CHECKING:
    from sakip.accounts.models import User


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_evaluator(user: User, pemda: Pemda | int) -> bool:
    if not _active(user):
        return False
    pemda_id = pemda if isinstance(pemda, int) else pemda.pk
    return bool(user.is_superuser or (user.role == Role.EVALUATOR and user.pemda_id == pemda_id))


def can_evaluate(user: User, agency: Agency) -> bool:
    return is_evaluator(user, agency.pemda_id)


def can_read_draft(user: User, agency: Agency) -> bool:
    return reads_drafts(user, agency.pemda)


def reads_drafts(user: User, pemda: Pemda) -> bool:
    """Whether drafts count for the user in the Pemda's recap."""
    return is_evaluator(user, pemda) or is_pemda_admin(user, pemda)


def can_read_result(user: User, evaluation: Evaluation | None) -> bool:
    """Whether the user sees the evaluator's answers, scores and grade (the agency,
    through ``agency_for_user``, is already known to be visible to the user)."""
    if evaluation is None:
        return False
    return evaluation.is_final or can_read_draft(user, evaluation.agency)


def can_self_assess(user: User, agency: Agency) -> bool:
    return bool(
        _active(user)
        and user.role == Role.OPERATOR
        and user.agency_id == agency.pk
        and user.pemda_id == agency.pemda_id
    )


def can_reopen(user: User, agency: Agency) -> bool:
    return is_pemda_admin(user, agency.pemda)


def can_manage_templates(user: User, pemda: Pemda) -> bool:
    return is_evaluator(user, pemda) or is_pemda_admin(user, pemda)


def can_read_recap(user: User, pemda: Pemda) -> bool:
    """The Pemda recap: the Pemda-wide readers (admin, verifikator, evaluator)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.pemda_id == pemda.pk and user.role in (
        Role.ADMIN_PEMDA,
        Role.VERIFIKATOR,
        Role.EVALUATOR,
    )


def recap_pemda(user: User) -> Pemda:
    """The Pemda whose recap the user reads, or 403."""
    if _active(user) and user.pemda_id:
        pemda = Pemda.objects.get(pk=user.pemda_id)
        if can_read_recap(user, pemda):
            return pemda
    raise PermissionDenied("Rekap evaluasi SAKIP hanya untuk admin, verifikator dan evaluator.")


def user_pemda(user: User) -> Pemda | None:
    """The Pemda the user belongs to (None for a platform superuser or nobody)."""
    if not _active(user) or not user.pemda_id:
        return None
    return Pemda.objects.filter(pk=user.pemda_id).first()


def templates_for_user(user: User) -> QuerySet[Template]:
    """The templates the user may read: the shipped ones and their Pemda's."""
    if not _active(user):
        return Template.objects.none()
    if user.is_superuser:
        return Template.objects.all()
    return Template.objects.filter(Q(pemda=None) | Q(pemda_id=user.pemda_id))


def evidence_visible(user: User, link: EvidenceLink) -> bool:
    """Evidence of an answer: the evaluation's readers of drafts, and the agency's own
    staff (who provide most of it)."""
    agency = link.answer.evaluation.agency
    if can_read_draft(user, agency):
        return True
    if user.is_authenticated and user.agency_id == agency.pk and user.pemda_id == agency.pemda_id:
        return True
    return link.answer.evaluation.is_final and can_read_recap(user, agency.pemda)
