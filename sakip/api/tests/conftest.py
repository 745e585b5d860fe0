from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client

from sakip.accounts.models import User
from sakip.api.models import ApiToken
from sakip.conftest import PERSONAS


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings: pytest.FixtureRequest) -> None:
    """Each test starts with no calls counted (the counts live in Django's cache)."""
    settings.SAKIP_API_RATE = "1000/m"  # type: ignore[attr-defined]
    cache.clear()


@pytest.fixture
def api_client(db: None) -> Callable[[str | None], Client]:
    """``api_client("operator_a")`` → a Client that sends that persona's new API token
    (and no session cookie); ``api_client(None)`` → one with no token."""

    def make(persona: str | None) -> Client:
        if persona is None:
            return Client()
        user = User.objects.get(username=PERSONAS.get(persona, persona))
        _, raw = ApiToken.issue(user, "uji")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make
