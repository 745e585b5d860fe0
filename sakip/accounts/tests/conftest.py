from __future__ import annotations

import pytest

from sakip.accounts.models import Role, User
from sakip.accounts.tests.helpers import PASSWORD


@pytest.fixture
def make_user(paser, kesbangpol):
    """``make_user("verifikator")`` → a new user of Paser with that role (operators and
    pimpinan of Kesbangpol), password ``PASSWORD``."""

    def make(role: str, username: str | None = None, **extra: object) -> User:
        agency = kesbangpol if role in {Role.OPERATOR, Role.PIMPINAN} else None
        return User.objects.create_user(
            username or f"uji.{role}",
            password=PASSWORD,
            role=role,
            pemda=paser,
            agency=agency,
            email=f"{username or role}@paser.go.id",
            **extra,
        )

    return make
