"""Shared fixtures: the demo data, loaded once per test database, and the personas
every view test uses to assert who may and who may not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from sakip.accounts.models import Role, User
from sakip.organisation.models import Agency, Pemda


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: object) -> None:
    from sakip.web.demo import load_demo

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        load_demo()


@pytest.fixture
def paser(db: None) -> Pemda:
    return Pemda.objects.get(code="paser")


@pytest.fixture
def banyumas(db: None) -> Pemda:
    return Pemda.objects.get(code="banyumas")


@pytest.fixture
def kesbangpol(paser: Pemda) -> Agency:
    return Agency.objects.get(pemda=paser, code="kesbangpol")


@pytest.fixture
def sokaraja(banyumas: Pemda) -> Agency:
    return Agency.objects.get(pemda=banyumas, code="sokaraja")


@pytest.fixture
def other_agency(paser: Pemda) -> Agency:
    """A second agency of the same Pemda: Dinas Kominfo Paser, with its own operator."""
    agency = Agency.objects.create(
        pemda=paser, code="kominfo", name="Dinas Komunikasi dan Informatika", kind="dinas"
    )
    User.objects.create_user(
        "operator.kominfo", password="x", role=Role.OPERATOR, pemda=paser, agency=agency
    )
    return agency


PERSONAS = {
    "admin_pemda": "admin.paser",
    "operator_a": "operator.kesbangpol",
    "head_a": "pimpinan.kesbangpol",
    "verifikator": "verifikator.paser",
    "inspektorat": "inspektorat.paser",
    "operator_other_pemda": "operator.sokaraja",
    "admin_other_pemda": "admin.banyumas",
}


@pytest.fixture
def login(db: None) -> Callable[[str | None], Client]:
    """``login("operator_a")`` → a Client logged in as that persona;
    ``login(None)`` → an anonymous Client."""

    def make(persona: str | None) -> Client:
        client = Client()
        if persona is not None:
            username = PERSONAS.get(persona, persona)
            client.force_login(User.objects.get(username=username))
        return client

    return make
