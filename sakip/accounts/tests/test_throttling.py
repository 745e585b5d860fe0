"""Login throttling that nobody can turn against a user: failures are limited per client
address (the attacker's own address is stopped, also when it sprays one password over
many usernames), an account only slows down (seconds, not a 30-minute lockout), and
the browser its owner logged in from before is not slowed at all."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from sakip.accounts.client_ip import client_ip
from sakip.accounts.models import LoginFailures, Role
from sakip.accounts.tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def age_failures(username: str, seconds: int) -> None:
    """As if the account's latest failure were ``seconds`` ago."""
    LoginFailures.objects.filter(username=username).update(
        last_failure_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


def test_a_third_party_cannot_lock_a_user_out(make_user):
    make_user(Role.OPERATOR)
    owner = Client(REMOTE_ADDR="10.0.0.5")
    attempt(owner, "uji.operator", PASSWORD)  # the owner's usual browser
    owner.post(reverse("logout"))

    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT + 5):
        attempt(attacker, "uji.operator", "tebakan-salah")

    # The owner's browser is not slowed by the attacker's failures.
    response = attempt(owner, "uji.operator", PASSWORD)
    assert response.status_code == 302
    assert logged_in(owner)


def test_on_a_new_browser_the_account_waits_seconds_not_half_an_hour(make_user):
    make_user(Role.OPERATOR)
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT + 5):
        attempt(attacker, "uji.operator", "tebakan-salah")

    owner = Client(REMOTE_ADDR="10.0.0.6")
    refused = attempt(owner, "uji.operator", PASSWORD)
    assert "Coba lagi dalam" in refused.content.decode()
    assert not logged_in(owner)
    # The longest wait is the cap (a minute by default), however many failures.
    age_failures("uji.operator", settings.SAKIP_LOGIN_MAX_DELAY_SECONDS)
    assert attempt(owner, "uji.operator", PASSWORD).status_code == 302
    assert logged_in(owner)
    assert not LoginFailures.objects.filter(username="uji.operator").exists()


def test_an_account_slows_down_after_a_few_failures(make_user):
    make_user(Role.OPERATOR)
    client = Client(REMOTE_ADDR="10.0.0.7")
    free = settings.SAKIP_LOGIN_FREE_FAILURES
    for _ in range(free):
        response = attempt(client, "uji.operator", "salah")
        assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    # The next try comes too soon: refused before the password is even checked.
    response = attempt(client, "uji.operator", PASSWORD)
    assert "Coba lagi dalam 1 detik" in response.content.decode()
    age_failures("uji.operator", 1)
    attempt(client, "uji.operator", "salah")
    age_failures("uji.operator", 1)
    assert "Coba lagi dalam" in attempt(client, "uji.operator", "salah").content.decode()
    age_failures("uji.operator", 2)
    assert attempt(client, "uji.operator", PASSWORD).status_code == 302


def test_a_username_that_does_not_exist_is_slowed_like_one_that_does():
    client = Client(REMOTE_ADDR="10.0.0.8")
    for _ in range(settings.SAKIP_LOGIN_FREE_FAILURES):
        attempt(client, "tidak.ada", "salah")
    assert "Coba lagi dalam" in attempt(client, "tidak.ada", "salah").content.decode()


def test_one_password_sprayed_over_many_usernames_from_one_address_is_stopped(make_user):
    make_user(Role.OPERATOR)
    sprayer = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(sprayer, f"pegawai{n}", "Paser2024!")
        assert response.status_code == 200
    assert attempt(sprayer, "pegawai-terakhir", "Paser2024!").status_code == 429
    # The address is now stopped, whichever account it tries, even with a right password.
    stopped = attempt(sprayer, "uji.operator", PASSWORD)
    assert stopped.status_code == 429
    assert "dari alamat jaringan ini" in stopped.content.decode()
    assert not logged_in(sprayer)
    # Everyone else is unaffected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert attempt(other, "uji.operator", PASSWORD).status_code == 302


@override_settings(SAKIP_TRUSTED_PROXY_HEADER="X-Real-IP")
def test_behind_the_proxy_each_client_address_is_counted_on_its_own(make_user):
    make_user(Role.OPERATOR)
    proxy = "127.0.0.1"
    sprayer = Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="198.51.100.7")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(sprayer, f"pegawai{n}", "Paser2024!")
    assert "dari alamat jaringan ini" in attempt(sprayer, "x", "y").content.decode()
    colleague = Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="10.1.2.3")
    assert attempt(colleague, "uji.operator", PASSWORD).status_code == 302


def test_without_a_configured_header_a_forged_one_changes_nothing():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP="10.9.9.9")
    assert client_ip(request) == "198.51.100.7"


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [
        ("X-Real-IP", "10.1.2.3", "10.1.2.3"),
        # X-Forwarded-For: the last entry is the one the trusted proxy appended.
        ("X-Forwarded-For", "6.6.6.6, 10.1.2.3", "10.1.2.3"),
        ("X-Real-IP", "bukan-alamat", "192.0.2.1"),
        ("X-Real-IP", "", "192.0.2.1"),
    ],
)
def test_the_trusted_header_is_read_when_configured(settings, header, value, expected):
    settings.SAKIP_TRUSTED_PROXY_HEADER = header
    meta = {"HTTP_" + header.upper().replace("-", "_"): value}
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", **meta)
    assert client_ip(request) == expected
