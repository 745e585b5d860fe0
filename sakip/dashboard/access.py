"""Who may see the dashboard: the Pemda-wide readers (admin, verifikator, evaluator)
see their Pemda's; an agency's own page is open to whoever may read the agency
(sakip.accounts.access.agency_for_user)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sakip.accounts.access import PEMDA_WIDE_READERS, visible_pemdas
from sakip.organisation.models import Pemda

if TYPE_CHECKING:
    from sakip.accounts.models import User


def can_see_pemda_dashboard(user: User) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_superuser or (user.role in PEMDA_WIDE_READERS and user.pemda_id))


def pemda_for_dashboard(user: User, pemda_id: object = None) -> Pemda:
    """The Pemda whose dashboard the user sees (a superuser names one, else the first),
    or 403 for agency roles."""
    if not can_see_pemda_dashboard(user):
        raise PermissionDenied(
            "Dasbor pemerintah daerah hanya untuk admin, verifikator dan evaluator. "
            "Kinerja perangkat daerah Anda ada pada halaman perangkat daerah."
        )
    pemdas = visible_pemdas(user).order_by("name")
    if pemda_id not in (None, ""):
        try:
            return pemdas.get(pk=pemda_id)
        except (Pemda.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404("Pemerintah daerah tidak ditemukan.") from exc
    pemda = pemdas.first()
    if pemda is None:
        raise Http404("Belum ada pemerintah daerah.")
    return pemda
