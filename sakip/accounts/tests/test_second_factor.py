"""Logging in with a second factor: required for admin, verifikator, evaluator and
superuser (enrolment on first login), optional for the others; TOTP codes and
single-use recovery codes; the session starts only after the code."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from sakip.accounts.models import Role, User, second_factor_required
from sakip.accounts.tests.helpers import PASSWORD, enrolled, totp_code

pytestmark = pytest.mark.django_db


def password_step(client: Client, username: str, password: str = PASSWORD, next_url: str = ""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def logged_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    ("role", "required"),
    [
        (Role.ADMIN_PEMDA, True),
        (Role.VERIFIKATOR, True),
        (Role.EVALUATOR, True),
        (Role.OPERATOR, False),
        (Role.PIMPINAN, False),
    ],
)
def test_the_second_factor_is_required_for_the_pemda_wide_roles(make_user, role, required):
    assert second_factor_required(make_user(role)) is required


def test_a_superuser_needs_a_second_factor():
    user = User.objects.create_superuser("uji.super", password=PASSWORD)
    assert second_factor_required(user)


def test_an_operator_without_a_second_factor_logs_in_with_the_password(make_user):
    make_user(Role.OPERATOR)
    client = Client()
    response = password_step(client, "uji.operator")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert logged_in(client)


def test_a_verifikator_enrols_on_first_login_before_the_session_starts(make_user):
    user = make_user(Role.VERIFIKATOR)
    client = Client()
    response = password_step(client, "uji.verifikator", next_url="/opd/1/")
    assert response["Location"] == reverse("login_enrol")
    assert not logged_in(client)  # the password alone opens nothing

    page = client.get(reverse("login_enrol"))
    html = page.content.decode()
    assert "<svg" in html and "wajib memakai verifikasi dua langkah" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert re.sub(r"\s", "", page.context["key"]) in html.replace(" ", "")

    wrong = client.post(reverse("login_enrol"), {"code": "000000"})
    assert "Kode tidak cocok" in wrong.content.decode()
    assert not logged_in(client)
    too_soon = client.post(reverse("login_enrol"), {"code": totp_code(device)})
    assert "Terlalu banyak kode salah" in too_soon.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)

    done = client.post(reverse("login_enrol"), {"code": totp_code(device)})
    assert done["Location"] == reverse("recovery_codes")
    codes_page = client.get(reverse("recovery_codes"))
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", codes_page.content.decode())
    assert len(codes) == 10
    assert codes_page["Cache-Control"] == "no-store"
    # Shown once: the page does not show them again.
    assert client.get(reverse("recovery_codes"))["Location"] == reverse("account")
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert logged_in(client)


def test_an_enrolled_user_logs_in_with_a_code_and_not_with_a_wrong_one(make_user):
    user = make_user(Role.ADMIN_PEMDA)
    device, _ = enrolled(user)
    client = Client()
    assert password_step(client, "uji.admin_pemda")["Location"] == reverse("login_code")
    response = client.post(reverse("login_code"), {"code": "123456"})
    assert "Kode tidak cocok" in response.content.decode()
    assert not logged_in(client)
    # A wrong code slows the next try (django-otp's throttling of the device).
    response = client.post(reverse("login_code"), {"code": totp_code(device)})
    assert "Terlalu banyak kode salah" in response.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(reverse("login_code"), {"code": totp_code(device)})
    assert response["Location"] == reverse("home")
    assert logged_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_code_is_not_accepted_twice(make_user):
    user = make_user(Role.EVALUATOR)
    device, _ = enrolled(user)
    first, second = Client(), Client()
    password_step(first, "uji.evaluator")
    code = totp_code(device)
    assert first.post(reverse("login_code"), {"code": code})["Location"] == reverse("home")
    password_step(second, "uji.evaluator")
    response = second.post(reverse("login_code"), {"code": code})
    assert response.status_code == 200 and not logged_in(second)


def test_a_recovery_code_logs_in_once(make_user):
    user = make_user(Role.VERIFIKATOR)
    _, codes = enrolled(user)
    client = Client()
    password_step(client, "uji.verifikator")
    response = client.post(reverse("login_code"), {"code": codes[0].upper()})
    assert response["Location"] == reverse("home")
    assert logged_in(client)

    again = Client()
    password_step(again, "uji.verifikator")
    response = again.post(reverse("login_code"), {"code": codes[0]})
    assert "Kode tidak cocok" in response.content.decode()
    assert not logged_in(again)


def test_the_code_page_without_a_password_step_goes_back_to_the_login():
    client = Client()
    assert client.get(reverse("login_code"))["Location"] == reverse("login")
    assert client.get(reverse("login_enrol"))["Location"] == reverse("login")


def test_a_pending_login_expires(make_user):
    user = make_user(Role.VERIFIKATOR)
    device, _ = enrolled(user)
    client = Client()
    password_step(client, "uji.verifikator")
    session = client.session
    session["sakip_pending_login"]["at"] -= 3600
    session.save()
    response = client.post(reverse("login_code"), {"code": totp_code(device)})
    assert response["Location"] == reverse("login")
    assert not logged_in(client)


def test_an_operator_may_enrol_and_remove_an_optional_second_factor(make_user):
    user = make_user(Role.OPERATOR)
    client = Client()
    client.force_login(user)
    client.get(reverse("enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(reverse("enrol"), {"code": totp_code(device)})["Location"] == reverse(
        "recovery_codes"
    )
    assert "Aktif" in client.get(reverse("account")).content.decode()

    # From now on the operator's login asks for the code too.
    other = Client()
    assert password_step(other, "uji.operator")["Location"] == reverse("login_code")

    assert client.post(reverse("remove_second_factor")).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert password_step(Client(), "uji.operator")["Location"] == reverse("home")


def test_a_required_role_cannot_remove_its_second_factor(make_user):
    user = make_user(Role.ADMIN_PEMDA)
    enrolled(user)
    client = Client()
    client.force_login(user)
    assert client.post(reverse("remove_second_factor")).status_code == 403
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_new_recovery_codes_replace_the_old_ones(make_user):
    user = make_user(Role.ADMIN_PEMDA)
    _, old = enrolled(user)
    client = Client()
    client.force_login(user)
    client.post(reverse("recovery_codes"))
    page = client.get(reverse("recovery_codes")).content.decode()
    new = re.findall(r"<li>([a-z2-7]{8})</li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    password_step(other := Client(), "uji.admin_pemda")
    assert (
        "Kode tidak cocok" in other.post(reverse("login_code"), {"code": old[1]}).content.decode()
    )


def test_the_admin_login_is_the_one_login(make_user):
    response = Client().get(reverse("admin:login") + "?next=/admin/")
    assert response["Location"] == reverse("login") + "?next=%2Fadmin%2F"


def test_a_login_does_not_redirect_to_another_site(make_user):
    make_user(Role.OPERATOR)
    response = password_step(Client(), "uji.operator", next_url="https://jahat.example/")
    assert response["Location"] == reverse("home")
