"""The API token page: a user makes a token for themself (shown once, stored hashed),
revokes it; a Pemda's admin sees and revokes the Pemda's users' tokens; nobody else
sees or touches them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sakip.accounts.models import User
from sakip.api.models import ApiToken, digest
from sakip.conftest import PERSONAS

pytestmark = pytest.mark.django_db


def test_a_user_makes_a_token_that_is_shown_once_and_stored_hashed(login):
    client = login("operator_a")
    response = client.post(reverse("api_tokens"), {"name": "Ekspor e-Kinerja"})
    assert response["Location"] == reverse("api_tokens")
    page = client.get(reverse("api_tokens")).content.decode()
    raw = re.search(r'id="new-token">(sakip_[\w-]+)<', page)[1]
    token = ApiToken.objects.get(name="Ekspor e-Kinerja")
    assert token.user.username == "operator.kesbangpol"
    assert token.key_hash == digest(raw) and raw.startswith(token.prefix)
    stored = [
        str(v)
        for v in ApiToken.objects.values_list(
            *[f.attname for f in ApiToken._meta.concrete_fields]
        ).get()
    ]
    assert raw not in stored
    assert raw not in client.get(reverse("api_tokens")).content.decode()  # once only

    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/saya").status_code == 200


def test_a_token_needs_a_name(login):
    client = login("operator_a")
    response = client.post(reverse("api_tokens"), {"name": " "})
    assert "Nama token wajib diisi." in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.fixture
def operator_token():
    token, raw = ApiToken.issue(User.objects.get(username="operator.kesbangpol"), "sipd")
    return token, raw


@pytest.mark.parametrize(
    ("persona", "may"),
    [
        ("operator_a", True),  # the owner
        ("admin_pemda", True),  # the Pemda's admin
        ("head_a", False),
        ("verifikator", False),
        ("inspektorat", False),
        ("operator_other_pemda", False),
        ("admin_other_pemda", False),
    ],
)
def test_who_may_revoke_a_token(login, operator_token, persona, may):
    token, raw = operator_token
    client = login(persona)
    listed = "sipd" in client.get(reverse("api_tokens")).content.decode()
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert listed is may
    assert response.status_code == (302 if may else 404)
    assert (token.revoked_at is not None) is may

    status = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/saya").status_code
    assert status == (401 if may else 200)
    if may:
        assert token.revoked_by.username == PERSONAS[persona]


def test_an_anonymous_visitor_is_sent_to_the_login(operator_token):

    token, _ = operator_token
    for response in (
        Client().get(reverse("api_tokens")),
        Client().post(reverse("api_token_revoke", args=[token.pk])),
    ):
        assert response.status_code == 302 and "/masuk/" in response["Location"]
    token.refresh_from_db()
    assert token.revoked_at is None
