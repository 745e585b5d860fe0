"""The Django admin's pages that made one query a row (djangoproject.com's rule: a
constant number of queries whatever the data): the position list, the indicator list
and a PK's change page with its target and budget rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sakip.accounts.models import User
from sakip.agreements.models import Agreement
from sakip.organisation.models import Position
from sakip.planning.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="admin.sistem"))
    return client


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _clone(obj, **changes):
    obj.pk = None
    obj.id = None
    for key, value in changes.items():
        setattr(obj, key, value)
    obj.save()
    return obj


def test_the_position_list_does_not_query_per_row(superuser_client):
    url = "/admin/organisation/position/"
    before = _queries(superuser_client, url)
    template = Position.objects.filter(superior__isnull=False).first()
    for n in range(5):
        _clone(Position.objects.get(pk=template.pk), code=f"tambahan-{n}", title=f"Staf {n}")
    assert _queries(superuser_client, url) == before


def test_the_indicator_list_does_not_query_per_row(superuser_client):
    url = "/admin/planning/indicator/"
    before = _queries(superuser_client, url)
    template = Indicator.objects.filter(agency__isnull=False).first()
    for n in range(5):
        _clone(Indicator.objects.get(pk=template.pk), code=f"tambahan-{n}", name=f"Indikator {n}")
    assert _queries(superuser_client, url) == before


def test_a_pk_change_page_does_not_query_per_row(superuser_client):
    agreement = (
        Agreement.objects.exclude(state=Agreement.State.SIGNED)
        .filter(budget_rows__isnull=False, targets__isnull=False)
        .first()
    )
    if agreement is None:  # every demo PK is signed: a draft copy of one with rows
        source = Agreement.objects.filter(budget_rows__isnull=False, targets__isnull=False).first()
        rows = list(source.budget_rows.all()), list(source.targets.all())
        agreement = _clone(
            Agreement.objects.get(pk=source.pk), state=Agreement.State.DRAFT, version=99
        )
        for row in rows[0]:
            _clone(row, agreement=agreement)
        for row in rows[1]:
            _clone(row, agreement=agreement, serves=None)
    url = f"/admin/agreements/agreement/{agreement.pk}/change/"
    superuser_client.get(url)  # the first page of a session caches content types
    before = _queries(superuser_client, url)
    budget, target = agreement.budget_rows.first(), agreement.targets.first()
    for n in range(3):
        _clone(agreement.budget_rows.get(pk=budget.pk), order=100 + n)
        _clone(agreement.targets.get(pk=target.pk), order=100 + n, serves=None)
    assert _queries(superuser_client, url) == before
