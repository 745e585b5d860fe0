"""Which API tokens a user may see and revoke: their own; a Pemda's admin also those
of every user of the Pemda (to cut off a leaked token or a departed colleague); a
superuser all. Built on the same rules as the access gate: outside scope is 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from sakip.accounts.models import Role
from sakip.api.models import ApiToken

if TYPE_CHECKING:
    from sakip.accounts.models import User


def visible_tokens(user: User) -> QuerySet[ApiToken]:
    if not (user.is_authenticated and user.is_active):
        return ApiToken.objects.none()
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    if user.is_superuser:
        return tokens
    if user.role == Role.ADMIN_PEMDA and user.pemda_id:
        return tokens.filter(Q(user=user) | Q(user__pemda_id=user.pemda_id))
    return tokens.filter(user=user)


def token_for_user(user: User, pk: object) -> ApiToken:
    try:
        return visible_tokens(user).get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Token tidak ditemukan.") from exc
