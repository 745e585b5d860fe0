"""The account pages every persona has for their own account (anonymous visitors are
sent to the login: test_login_required), and the token list's constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.accounts.models import User
from sakip.api.models import ApiToken
from sakip.conftest import PERSONAS

pytestmark = pytest.mark.django_db

OWN_PAGES = ["account", "enrol", "password_change", "api_tokens", "password_reset"]


@pytest.mark.parametrize("name", OWN_PAGES)
@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_every_persona_reaches_their_own_account_pages(login, persona, name):
    response = login(persona).get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_recovery_codes_without_new_ones_go_back_to_the_account(login):
    assert login("operator_a").get(reverse("recovery_codes"))["Location"] == reverse("account")


def test_recovery_codes_cannot_be_made_without_a_second_factor(login):
    assert login("operator_a").post(reverse("recovery_codes")).status_code == 403


def test_the_token_list_costs_the_same_queries_with_more_tokens(login, django_assert_num_queries):
    admin = login("admin_pemda")
    for username in ("operator.kesbangpol", "admin.paser"):
        ApiToken.issue(User.objects.get(username=username), "satu")
    with CaptureQueriesContext(connection) as few:
        admin.get(reverse("api_tokens"))
    for username in ("pimpinan.kesbangpol", "verifikator.paser", "inspektorat.paser"):
        for n in range(3):
            ApiToken.issue(User.objects.get(username=username), f"token {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        page = admin.get(reverse("api_tokens"))
    assert page.content.decode().count("Cabut</button>") == 11
