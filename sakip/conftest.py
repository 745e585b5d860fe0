"""Shared fixtures: the demo data, loaded once per test run and copied into every test
database, and the personas every view test uses to assert who may and who may not."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client

from sakip.accounts.models import Role, User
from sakip.organisation.models import Agency, Pemda


def pytest_configure(config: pytest.Config) -> None:
    # Every demo user, persona and login hashes a password; the production hasher
    # (PBKDF2, slow by design) costs about 0.4 s of CPU each time. Django's testing
    # docs advise a fast hasher for tests: what is tested is who may log in and do
    # what, not the hash function.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: object,
    django_db_modify_db_settings: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """The test database: migrated, then the whole demo loaded — built once per run
    and copied into each xdist worker's database (sakip/testing.py), in place of
    pytest-django's own set-up, which would build it in every worker."""
    from django.test.utils import teardown_databases

    from sakip import testing
    from sakip.web.demo import load_demo

    if request.config.getvalue("reuse_db") or request.config.getvalue("nomigrations"):
        raise pytest.UsageError("sakip's test database is always built fresh and migrated")
    workerinput = getattr(request.config, "workerinput", None)
    process = workerinput["workerid"] if workerinput else "main"
    folder = testing.shared_folder(tmp_path_factory.getbasetemp(), workerinput is not None)
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        config = testing.setup(folder, process, load_demo, verbosity=max(verbosity, 0))
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        testing.end_other_sessions()
        teardown_databases(config, verbosity=verbosity)
        testing.teardown(folder, process)


@pytest.fixture(autouse=True)
def private_media(settings: object, tmp_path: Path) -> Path:
    """Stored files (evidence, import previews, prepared downloads) go to a temporary
    MEDIA_ROOT, never to the checkout's var/private."""
    root = tmp_path / "private"
    root.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = root  # type: ignore[attr-defined]
    return root


@pytest.fixture(autouse=True)
def session_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The session's idle end is moved on at most once a minute
    (accounts.middleware.refresh_idle_session): a test that counts a page's queries
    must not count that write because its own setup took more than a minute on a busy
    machine. The clock stands still; test_sessions.py moves it by hand."""
    from sakip.accounts import middleware

    stopped = middleware._seconds()
    monkeypatch.setattr(middleware, "_seconds", lambda: stopped)


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


@pytest.fixture(scope="module")
def demo_restored_after(django_db_blocker: object) -> Iterator[None]:
    """Use in a module of transactional tests: they empty the database when they end,
    and tests that run after them in the same process expect the database as the run
    started it (the demo data): copied back from the run's snapshot."""
    from sakip import testing

    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        testing.restore()
