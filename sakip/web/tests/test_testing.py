"""The run's snapshot of the test database (sakip/testing.py): a test that commits gets
the database back exactly as the run started it, and can write to it again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.core.management import call_command

from sakip import testing
from sakip.organisation.models import Pemda


@pytest.fixture(scope="module", autouse=True)
def restored_after(django_db_blocker: object) -> Iterator[None]:
    """The test below commits; the tests after it expect the demo back."""
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        testing.restore()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_every_row_a_committing_test_removed_or_changed():
    before = row_counts()
    paser = Pemda.objects.get(code="paser")
    assert before["organisation.Pemda"] >= 2 and before["accounts.User"] > 0
    Pemda.objects.filter(pk=paser.pk).update(name="Diubah")
    call_command("flush", interactive=False, verbosity=0)  # what a committing test leaves
    assert row_counts()["organisation.Pemda"] == 0

    testing.restore()

    assert row_counts() == before
    assert Pemda.objects.get(code="paser").name == paser.name
    # The database takes new rows again (its sequences came back with it).
    Pemda.objects.create(code="uji", name="Kabupaten Uji", kind="kabupaten", seat="Uji")
    assert Pemda.objects.count() == before["organisation.Pemda"] + 1


def test_restore_refuses_to_run_inside_a_transaction(db):
    with pytest.raises(RuntimeError, match="inside a transaction"):
        testing.restore()
