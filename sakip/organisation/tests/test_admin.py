"""The Django admin: a Pemda created there works like one created by the actions, and
the demo's superuser can use it."""

from __future__ import annotations

import pytest
from django.test import Client

from sakip.accounts.models import Role, User
from sakip.organisation.actions import DEFAULT_LKJIP_SCALE, DEFAULT_RENJA_SCALE
from sakip.organisation.models import Agency, Pemda

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="admin.sistem"))
    return client


def test_a_pemda_created_in_the_admin_gets_the_default_policy_and_its_pages_work(
    superuser_client,
):
    response = superuser_client.post(
        "/admin/organisation/pemda/add/",
        {
            "code": "berau",
            "name": "Kabupaten Berau",
            "kind": "kabupaten",
            "seat": "Tanjung Redeb",
            "head_title": "Bupati",
            "time_zone": "Asia/Makassar",  # Kalimantan Timur: WITA
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    berau = Pemda.objects.get(code="berau")
    assert berau.time_zone == "Asia/Makassar"
    assert berau.policy.renja_scale.code == DEFAULT_RENJA_SCALE
    assert berau.policy.lkjip_scale.code == DEFAULT_LKJIP_SCALE

    response = superuser_client.post(
        "/admin/organisation/agency/add/",
        {"pemda": berau.pk, "code": "bappeda", "name": "Bappeda", "kind": "badan"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agency = Agency.objects.get(pemda=berau, code="bappeda")

    admin = User.objects.create_user(
        "admin.berau", password="x", role=Role.ADMIN_PEMDA, pemda=berau
    )
    client = Client()
    client.force_login(admin)
    for url in [
        "/",
        "/kebijakan/",
        "/kebijakan/skala-lkjip/",
        f"/opd/{agency.pk}/",
        f"/opd/{agency.pk}/renstra/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Bappeda" in client.get("/").content.decode()


def test_editing_a_pemda_in_the_admin_keeps_its_policy(superuser_client, paser):
    policy_pk = paser.policy.pk
    response = superuser_client.post(
        f"/admin/organisation/pemda/{paser.pk}/change/",
        {
            "code": paser.code,
            "name": paser.name,
            "kind": paser.kind,
            "seat": "Tana Paser",
            "head_title": paser.head_title,
            "time_zone": paser.time_zone,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    paser.refresh_from_db()
    assert paser.seat == "Tana Paser"
    assert paser.policy.pk == policy_pk


def test_the_demo_superuser_logs_in_to_the_django_admin():
    """Through the one login (the admin's login page sends there): a superuser enrols
    an authenticator on first login (sakip.accounts), then reaches the admin."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sakip.accounts.tests.helpers import totp_code

    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"] == "/masuk/?next=%2Fadmin%2F"
    response = client.post(
        "/masuk/", {"username": "admin.sistem", "password": "sakip-demo-2024", "next": "/admin/"}
    )
    assert response["Location"] == "/masuk/daftar-2fa/", response.content.decode()[:2000]
    client.get("/masuk/daftar-2fa/")
    device = TOTPDevice.objects.get(user__username="admin.sistem", confirmed=False)
    assert client.post("/masuk/daftar-2fa/", {"code": totp_code(device)}).status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Administrasi data" in response.content.decode()
    user = User.objects.get(username="admin.sistem")
    assert user.is_superuser and user.is_staff and user.pemda_id is None
