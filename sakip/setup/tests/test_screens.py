"""The set-up screens: adding and changing records, NIP checks, typed values kept on
an error, invitation and deactivation, the platform operator's new Pemda, and a
constant number of queries on every list page."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.accounts.models import Role, User
from sakip.organisation.models import Agency, Employee, Pemda, Position, PositionHolding
from sakip.setup.actions import invitation_path
from sakip.setup.lists import LISTS
from sakip.setup.models import SetupEvent

pytestmark = pytest.mark.django_db


def test_an_employee_with_a_malformed_nip_is_refused_and_the_typed_values_kept(login, paser):
    client = login("admin_pemda")
    response = client.post(
        reverse("setup_create", args=["pegawai"]),
        {"code": "ani", "name": "Ani, S.E.", "nip": "197-10607199703 1 007", "golongan": "III/a"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Periksa kembali" in page
    assert 'value="Ani, S.E."' in page and 'value="197-10607199703 1 007"' in page
    assert not Employee.objects.filter(pemda=paser, code="ani").exists()
    response = client.post(
        reverse("setup_create", args=["pegawai"]),
        {"code": "ani", "name": "Ani, S.E.", "nip": "19710607 199703 2 007", "golongan": "III/a"},
    )
    assert response.status_code == 302
    ani = Employee.objects.get(pemda=paser, code="ani")
    assert ani.nip == "197106071997032007" and ani.pangkat == "Penata Muda"
    event = SetupEvent.objects.get(pemda=paser, subject_type="pegawai", subject="Ani, S.E.")
    assert event.action == "created" and event.actor_name


def test_a_holder_is_recorded_as_plh_with_dates_in_the_year(login, paser):
    client = login("admin_pemda")
    position = Position.objects.get(pemda=paser, code="bupati")
    employee = Employee.objects.filter(pemda=paser).first()
    url = reverse("setup_create", args=["pemangku-jabatan"])
    data = {
        "year": 2025,
        "position": position.pk,
        "employee": employee.pk,
        "kind": "plh",
        "start_date": "2025-03-01",
        "end_date": "2025-02-01",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "sebelum tanggal mulai" in response.content.decode()
    data["end_date"] = "2025-03-15"
    assert client.post(url, data).status_code == 302
    holding = PositionHolding.objects.get(position=position, employee=employee, year=2025)
    assert (holding.kind, holding.acting) == ("plh", True)


def test_a_position_cannot_be_its_own_superiors_superior(login, paser):
    client = login("admin_pemda")
    kaban = Position.objects.get(pemda=paser, code="kaban")
    sub = Position.objects.filter(superior=kaban).first()
    response = client.post(
        reverse("setup_edit", args=["jabatan", kaban.pk]),
        {
            "code": kaban.code,
            "title": kaban.title,
            "agency": kaban.agency_id,
            "eselon": kaban.eselon,
            "superior": sub.pk,
        },
    )
    assert response.status_code == 200
    assert "lingkaran" in response.content.decode()


def test_a_new_user_gets_an_invitation_link_and_sets_a_password_once(login, paser):
    client = login("admin_pemda")
    agency = Agency.objects.get(pemda=paser, code="kesbangpol")
    response = client.post(
        reverse("setup_create", args=["pengguna"]),
        {
            "username": "operator.baru",
            "first_name": "Rina",
            "role": "operator",
            "agency": agency.pk,
        },
    )
    user = User.objects.get(username="operator.baru")
    assert response["Location"] == reverse("setup_user", args=[user.pk])
    assert (user.pemda, user.agency, user.is_staff, user.is_superuser) == (
        paser,
        agency,
        False,
        False,
    )
    assert not user.has_usable_password()
    page = client.post(reverse("setup_user", args=[user.pk])).content.decode()
    link = re.search(r'value="http://testserver(/undangan/[^"]+)"', page).group(1)
    assert link.startswith(invitation_path(user).rsplit("-", 1)[0].rsplit("/", 1)[0])
    assert SetupEvent.objects.filter(pemda=paser, action="invited", subject="operator.baru")
    visitor = Client()
    response = visitor.post(
        link, {"new_password1": "Sandi-yang-kuat-2025", "new_password2": "Sandi-yang-kuat-2025"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Sandi-yang-kuat-2025")
    # The link does not work a second time.
    assert "tidak berlaku" in Client().get(link).content.decode()


def test_an_operator_needs_an_agency(login, paser):
    client = login("admin_pemda")
    response = client.post(
        reverse("setup_create", args=["pengguna"]), {"username": "tanpa.opd", "role": "operator"}
    )
    assert response.status_code == 200
    assert "wajib terikat pada satu perangkat daerah" in response.content.decode()


def test_deactivating_keeps_the_person_and_stops_the_login(login, paser):
    client = login("admin_pemda")
    user = User.objects.get(username="operator.kesbangpol")
    response = client.post(reverse("setup_active", args=["pengguna", user.pk]), {"aktif": "0"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert login("operator_a").get("/").status_code in (302, 403)
    admin = User.objects.get(username="admin.paser")
    client.post(reverse("setup_active", args=["pengguna", admin.pk]), {"aktif": "0"})
    admin.refresh_from_db()
    assert admin.is_active  # never oneself
    employee = Employee.objects.filter(pemda=paser).first()
    client.post(reverse("setup_active", args=["pegawai", employee.pk]), {"aktif": "0"})
    employee.refresh_from_db()
    assert not employee.active
    assert Employee.objects.filter(pk=employee.pk).exists()


def test_a_superuser_creates_a_pemda_and_its_first_admin(db):
    root = User.objects.create_superuser("root.test", password="x")
    client = Client()
    client.force_login(root)
    response = client.post(
        reverse("setup_pemdas"),
        {
            "code": "kota-contoh",
            "name": "Kota Contoh",
            "kind": "kota",
            "seat": "Contoh",
            "head_title": "Wali Kota",
            "time_zone": Pemda.TimeZone.WITA,
            "admin_username": "admin.contoh",
            "admin_name": "Admin Contoh",
        },
    )
    assert response.status_code == 200
    pemda = Pemda.objects.get(code="kota-contoh")
    admin = User.objects.get(username="admin.contoh")
    assert (admin.pemda, admin.role) == (pemda, Role.ADMIN_PEMDA)
    assert pemda.policy is not None
    link = re.search(r'value="http://testserver(/undangan/[^"]+)"', response.content.decode())
    assert link.group(1).split("/")[2] == invitation_path(admin).split("/")[2]  # the admin's


@pytest.mark.parametrize("key", list(LISTS))
def test_each_list_page_costs_the_same_queries_with_more_rows(
    login, paser, key, django_assert_num_queries
):
    client = login("admin_pemda")
    url = reverse("setup_list", args=[key])
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _grow(paser, key)
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200


def _grow(paser, key: str) -> None:
    agency = Agency.objects.get(pemda=paser, code="kesbangpol")
    for n in range(5):
        if key == "perangkat-daerah":
            Agency.objects.create(pemda=paser, code=f"pd{n}", name=f"PD {n}", kind="dinas")
        elif key == "unit-kerja":
            agency.units.create(code=f"u{n}", name=f"Unit {n}", parent=agency.units.first())
        elif key == "jabatan":
            Position.objects.create(
                pemda=paser,
                agency=agency,
                code=f"j{n}",
                title=f"J {n}",
                superior=Position.objects.get(pemda=paser, code="kaban"),
            )
        elif key == "pegawai":
            Employee.objects.create(pemda=paser, code=f"e{n}", name=f"E {n}")
        elif key == "pemangku-jabatan":
            e = Employee.objects.create(pemda=paser, code=f"e{n}", name=f"E {n}")
            PositionHolding.objects.create(
                position=Position.objects.get(pemda=paser, code="kaban"), employee=e, year=2030
            )
        elif key == "pengguna":
            User.objects.create_user(
                f"u{n}",
                role=Role.OPERATOR,
                pemda=paser,
                agency=agency,
                position=Position.objects.get(pemda=paser, code="kaban"),
            )
