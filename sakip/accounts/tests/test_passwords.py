"""Changing one's own password, and resetting a forgotten one by e-mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from sakip.accounts.models import Role
from sakip.accounts.tests.helpers import PASSWORD, enrolled

pytestmark = pytest.mark.django_db
NEW = "Sandi-Baru-Paser-77"


def can_log_in(username: str, password: str) -> bool:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def test_a_user_changes_their_own_password(make_user):
    user = make_user(Role.OPERATOR)
    client = Client()
    client.force_login(user)
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "salah", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 200
    assert "is-invalid" in wrong.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == reverse("account")
    assert client.get(reverse("home")).status_code == 200  # still logged in
    assert can_log_in("uji.operator", NEW)
    assert not can_log_in("uji.operator", PASSWORD)


def test_a_too_simple_new_password_is_refused_in_indonesian(make_user):
    user = make_user(Role.OPERATOR)
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert "terlalu umum" in response.content.decode()


def _reset_link(email: str) -> str:
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email]
    return re.search(r"http://testserver(/masuk/atur-ulang/\S+/)", message.body)[1]


def test_a_forgotten_password_is_reset_by_e_mail(make_user):
    make_user(Role.OPERATOR)
    client = Client()
    response = client.post(reverse("password_reset"), {"email": "operator@paser.go.id"})
    assert response["Location"] == reverse("password_reset_done")
    link = _reset_link("operator@paser.go.id")
    form = client.get(link, follow=True)
    assert "Buat kata sandi baru" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("password_reset_complete")
    assert can_log_in("uji.operator", NEW)
    # The link works once.
    assert "tidak berlaku lagi" in Client().get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail():
    response = Client().post(reverse("password_reset"), {"email": "siapa@contoh.go.id"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_reset_does_not_skip_the_second_factor(make_user):
    user = make_user(Role.VERIFIKATOR)
    enrolled(user)
    client = Client()
    client.post(reverse("password_reset"), {"email": "verifikator@paser.go.id"})
    form = client.get(_reset_link("verifikator@paser.go.id"), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert client.get(reverse("home")).status_code == 302  # not logged in by the reset
    login = Client()
    response = login.post(reverse("login"), {"username": "uji.verifikator", "password": NEW})
    assert response["Location"] == reverse("login_code")
