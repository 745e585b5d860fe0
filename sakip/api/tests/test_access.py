"""Who may call every API endpoint, with a token: the personas of the demo Pemda
(Paser), an operator of another agency of the same Pemda, people of another Pemda,
and a caller with no token or a revoked one. The same gate as the pages: outside
one's scope is 404, readable but not writable is 403."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from sakip.measurement.models import Actual, BudgetActual
from sakip.measurement.tests.helpers import indicator_of, item_of

pytestmark = pytest.mark.django_db

YEAR, QUARTER = 2023, 1
READERS = {"operator_a", "head_a", "verifikator", "inspektorat", "admin_pemda"}
EDITORS = {"operator_a", "admin_pemda"}
OUTSIDERS = {"operator.kominfo", "operator_other_pemda", "admin_other_pemda"}
PERSONAS = [*sorted(READERS | OUTSIDERS), None]


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str  # {agency}, {indicator}, {item} filled in
    allowed: frozenset[str]
    scoped: bool = True  # per agency: outsiders get 404


ALL = READERS | OUTSIDERS
ENDPOINTS = [
    Endpoint("saya", "get", "/api/v1/saya", frozenset(ALL), scoped=False),
    Endpoint("opd", "get", "/api/v1/opd", frozenset(ALL), scoped=False),
    Endpoint("renja", "get", f"/api/v1/opd/{{agency}}/renja/{YEAR}", frozenset(READERS)),
    Endpoint("pk", "get", "/api/v1/opd/{agency}/pk/2024", frozenset(READERS)),
    Endpoint(
        "realisasi",
        "get",
        f"/api/v1/opd/{{agency}}/realisasi/{YEAR}/{QUARTER}",
        frozenset(READERS),
    ),
    Endpoint(
        "evaluasi-renja",
        "get",
        f"/api/v1/opd/{{agency}}/evaluasi-renja/{YEAR}/{QUARTER}",
        frozenset(READERS),
    ),
    Endpoint(
        "simpan-indikator",
        "put",
        f"/api/v1/opd/{{agency}}/realisasi/{YEAR}/{QUARTER}/indikator/{{indicator}}",
        frozenset(EDITORS),
    ),
    Endpoint(
        "simpan-anggaran",
        "put",
        f"/api/v1/opd/{{agency}}/realisasi/{YEAR}/{QUARTER}/anggaran/{{item}}",
        frozenset(EDITORS),
    ),
]


@pytest.fixture
def setting(kesbangpol, neighbour):
    indicator = indicator_of(kesbangpol, "8.01.01.2.01.01")
    item = item_of(kesbangpol, "8.01.01.2.01.01")
    return {"agency": kesbangpol.pk, "indicator": indicator.pk, "item": item.pk}


@pytest.fixture
def neighbour(paser):
    """A second agency of Paser with its own operator ``operator.kominfo``."""
    from sakip.accounts.models import Role, User
    from sakip.organisation.models import Agency

    agency = Agency.objects.create(
        pemda=paser, code="kominfo", name="Dinas Komunikasi dan Informatika", kind="dinas"
    )
    person = User(username="operator.kominfo", role=Role.OPERATOR, pemda=paser, agency=agency)
    person.set_unusable_password()
    person.save()
    return agency


def call(client: Client, endpoint: Endpoint, setting: dict[str, Any]):
    path = endpoint.path.format(**setting)
    if endpoint.method == "get":
        return client.get(path)
    body = (
        {"value": "7", "explanation": "", "version": _version(endpoint, setting)}
        if endpoint.name == "simpan-indikator"
        else {"amount": "1.250.000", "version": _version(endpoint, setting)}
    )
    return client.put(path, json.dumps(body), content_type="application/json")


def _version(endpoint: Endpoint, setting: dict[str, Any]) -> int:
    if endpoint.name == "simpan-indikator":
        row = Actual.objects.filter(
            indicator_id=setting["indicator"], year=YEAR, quarter=QUARTER
        ).first()
    else:
        row = BudgetActual.objects.filter(
            item_id=setting["item"], year=YEAR, quarter=QUARTER
        ).first()
    return row.version if row else 0


def _written(endpoint: Endpoint, setting: dict[str, Any]) -> bool:
    if endpoint.name == "simpan-indikator":
        return Actual.objects.filter(
            indicator_id=setting["indicator"], year=YEAR, quarter=QUARTER, value=7
        ).exists()
    return BudgetActual.objects.filter(
        item_id=setting["item"], year=YEAR, quarter=QUARTER, amount=1_250_000
    ).exists()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method}-{e.name}")
@pytest.mark.parametrize("persona", PERSONAS, ids=str)
def test_persona_matrix(api_client, setting, endpoint, persona):
    response = call(api_client(persona), endpoint, setting)
    if persona is None:
        expected = 401
    elif persona in endpoint.allowed:
        expected = 200
    elif endpoint.scoped and persona in OUTSIDERS:
        expected = 404
    else:
        expected = 403
    assert response.status_code == expected, response.content
    if endpoint.method == "put":
        assert _written(endpoint, setting) is (expected == 200)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method}-{e.name}")
def test_a_revoked_token_opens_nothing(api_client, setting, endpoint):
    from django.utils import timezone

    from sakip.api.models import ApiToken

    client = api_client("admin_pemda")
    ApiToken.objects.update(revoked_at=timezone.now())
    assert call(client, endpoint, setting).status_code == 401


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method}-{e.name}")
def test_a_made_up_token_opens_nothing(setting, endpoint):
    client = Client(HTTP_AUTHORIZATION="Bearer sakip_bukan-token-yang-sah")
    assert call(client, endpoint, setting).status_code == 401


def test_a_token_of_a_deactivated_user_opens_nothing(api_client, setting):
    from sakip.accounts.models import User

    client = api_client("operator_a")
    User.objects.filter(username="operator.kesbangpol").update(is_active=False)
    assert call(client, ENDPOINTS[0], setting).status_code == 401


def test_a_browser_session_reads_the_api_but_cannot_write_without_its_csrf_token(login, setting):
    client = login("operator_a")
    assert client.get("/api/v1/saya").json()["username"] == "operator.kesbangpol"
    strict = Client(enforce_csrf_checks=True)
    from sakip.accounts.models import User

    strict.force_login(User.objects.get(username="operator.kesbangpol"))
    put = next(e for e in ENDPOINTS if e.name == "simpan-indikator")
    # A cross-site page cannot write with the user's cookie: no CSRF token, no write.
    assert call(strict, put, setting).status_code in {401, 403}
    assert not _written(put, setting)


def test_the_agency_list_is_the_gate_s(api_client, banyumas, paser):
    names = {a["code"] for a in api_client("operator_a").get("/api/v1/opd").json()}
    assert names == {"kesbangpol"}
    other = api_client("admin_other_pemda").get("/api/v1/opd").json()
    assert other and {a["pemda"] for a in other} == {banyumas.name}
    admin = api_client("admin_pemda").get("/api/v1/opd").json()
    assert {a["id"] for a in admin} == set(paser.agencies.values_list("pk", flat=True))
