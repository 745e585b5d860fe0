"""Who is calling: a bearer token (``Authorization: Bearer sakip_…``) or the browser's
logged-in session (with its CSRF token, as the pages). Either way the request then
carries the user as ``request.user``, so the access gate, the actions and the row
history (django-simple-history reads ``request.user``) see the same person as on the
pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import SimpleRateThrottle

from sakip.accounts.client_ip import client_ip
from sakip.api.models import ApiToken, digest


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class ApiRateThrottle(SimpleRateThrottle):
    """Calls per user (token or session alike), else per client address."""

    scope = "api"

    def __init__(self) -> None:
        super().__init__(settings.SAKIP_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        # The rate is read per call, so a changed setting applies without a restart.
        self.rate = settings.SAKIP_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        user = getattr(request, "auth", None)
        ident = f"user-{user.pk}" if user is not None else f"ip-{client_ip(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


AUTH = [TokenAuth(), SessionAuth()]
