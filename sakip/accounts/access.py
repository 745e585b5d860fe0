"""The access gate: the only way views obtain scoped objects.

Every view asks these functions for what it shows or changes; none filters by Pemda
or agency by hand. Objects outside the user's scope are reported as not found (404),
so that their existence is not revealed; objects the user may see but not change
raise PermissionDenied (403)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from sakip.accounts.models import AGENCY_ROLES, Role
from sakip.organisation.models import Agency, Pemda

if TYPE_CHECKING:
    from sakip.accounts.models import User

M = TypeVar("M", bound=Model)

#: Roles that may read every agency of their Pemda.
PEMDA_WIDE_READERS = frozenset({Role.ADMIN_PEMDA, Role.VERIFIKATOR, Role.EVALUATOR})


def _is_active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def visible_pemdas(user: User) -> QuerySet[Pemda]:
    if not _is_active(user):
        return Pemda.objects.none()
    if user.is_superuser:
        return Pemda.objects.all()
    return Pemda.objects.filter(pk=user.pemda_id)


def visible_agencies(user: User) -> QuerySet[Agency]:
    """The agencies whose data the user may read."""
    if not _is_active(user):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    if user.role in PEMDA_WIDE_READERS:
        return Agency.objects.filter(pemda_id=user.pemda_id)
    if user.role in AGENCY_ROLES and user.agency_id:
        return Agency.objects.filter(pk=user.agency_id, pemda_id=user.pemda_id)
    return Agency.objects.none()


def scope(user: User, queryset: QuerySet[M], agency_path: str = "agency") -> QuerySet[M]:
    """Restrict ``queryset`` to rows of the agencies the user may read.

    ``agency_path`` is the lookup from the model to its Agency, e.g.
    ``"indicator__agency"``. Rows that belong to the Pemda itself (agency null, such as
    the Bupati's own PK) are visible to Pemda-wide readers only."""
    if not _is_active(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    agencies = visible_agencies(user)
    condition = Q(**{f"{agency_path}__in": agencies})
    if user.role in PEMDA_WIDE_READERS:
        pemda_path = agency_path.rsplit("agency", 1)[0] + "pemda"
        condition |= Q(**{f"{agency_path}__isnull": True, pemda_path: user.pemda_id})
    return queryset.filter(condition)


def get_for_user(user: User, queryset: QuerySet[M], pk: object, agency_path: str = "agency") -> M:
    """One object of ``queryset`` within the user's scope, or 404."""
    try:
        return scope(user, queryset, agency_path).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Data tidak ditemukan.") from exc


def agency_for_user(user: User, agency_id: object) -> Agency:
    try:
        return visible_agencies(user).select_related("pemda").get(pk=agency_id)
    except (Agency.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Perangkat daerah tidak ditemukan.") from exc


def can_edit_agency(user: User, agency: Agency) -> bool:
    """Operators edit their own agency's plans, drafts and realisasi; the Pemda's admin
    edits any agency of the Pemda."""
    if not _is_active(user):
        return False
    if user.is_superuser:
        return True
    if user.pemda_id != agency.pemda_id:
        return False
    if user.role == Role.ADMIN_PEMDA:
        return True
    return user.role == Role.OPERATOR and user.agency_id == agency.pk


def require_agency_edit(user: User, agency: Agency) -> None:
    if not can_edit_agency(user, agency):
        raise PermissionDenied("Anda tidak berwenang mengubah data perangkat daerah ini.")


def is_pemda_admin(user: User, pemda: Pemda) -> bool:
    if not _is_active(user):
        return False
    return bool(user.is_superuser or (user.role == Role.ADMIN_PEMDA and user.pemda_id == pemda.pk))


def pemda_for_admin(user: User) -> Pemda:
    """The Pemda the user administers, or 403."""
    if _is_active(user) and user.role == Role.ADMIN_PEMDA and user.pemda_id:
        return Pemda.objects.get(pk=user.pemda_id)
    raise PermissionDenied("Halaman ini hanya untuk admin pemerintah daerah.")
