"""Fixtures of the measurement tests (evidence goes to the root conftest's temporary
MEDIA_ROOT): a small world of our own, and the demo data put back after transactional
tests (which empty the database when they end)."""

from __future__ import annotations

import pytest

from sakip.measurement.tests.helpers import World, make_world


@pytest.fixture
def world(db: None) -> World:
    return make_world()


@pytest.fixture
def neighbour(paser):
    """A second agency of Paser with its own operator ``operator.kominfo``, like the
    shared ``other_agency`` fixture but without hashing a password (force_login)."""
    from sakip.accounts.models import Role, User
    from sakip.organisation.models import Agency

    agency = Agency.objects.create(
        pemda=paser, code="kominfo", name="Dinas Komunikasi dan Informatika", kind="dinas"
    )
    person = User(username="operator.kominfo", role=Role.OPERATOR, pemda=paser, agency=agency)
    person.set_unusable_password()
    person.save()
    return agency
