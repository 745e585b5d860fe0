"""The access gate: who may read and change what (DOMAIN §2, ENGINEERING 'one access gate')."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sakip.accounts.access import can_edit_agency, visible_agencies
from sakip.accounts.models import User
from sakip.agreements.models import Agreement
from sakip.organisation.models import Employee, Position

pytestmark = pytest.mark.django_db


def agency_pages(agency_id: int) -> list[str]:
    return [
        reverse("agency", args=[agency_id]),
        reverse("renstra", args=[agency_id]),
        reverse("agreements", args=[agency_id]),
    ]


def test_an_anonymous_visitor_is_sent_to_the_login_page(login, kesbangpol):
    client = login(None)
    for url in [
        reverse("home"),
        *agency_pages(kesbangpol.pk),
        reverse("renja", args=[kesbangpol.pk, 2023]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_the_login_page_is_the_one_page_an_anonymous_visitor_sees(login):
    response = login(None).get(reverse("login"))
    assert response.status_code == 200
    assert "Masuk ke sakip" in response.content.decode()


def test_an_operator_of_kesbangpol_paser_gets_404_on_sokaraja(login, sokaraja):
    client = login("operator_a")
    for url in [*agency_pages(sokaraja.pk)]:
        assert client.get(url).status_code == 404, url


def test_an_operator_gets_404_on_another_pemdas_agreements(login, banyumas):
    client = login("operator_a")
    for agreement in Agreement.objects.filter(pemda=banyumas):
        assert client.get(reverse("agreement", args=[agreement.pk])).status_code == 404


def test_an_operator_gets_404_on_another_agency_of_the_same_pemda(login, other_agency):
    client = login("operator_a")
    for url in agency_pages(other_agency.pk):
        assert client.get(url).status_code == 404, url


def test_the_operator_of_the_other_agency_cannot_read_kesbangpols_pk(
    login, other_agency, kesbangpol
):
    client = login("operator.kominfo")
    agreement = Agreement.objects.filter(agency=kesbangpol).first()
    assert agreement is not None
    assert client.get(reverse("agreement", args=[agreement.pk])).status_code == 404


def test_the_bupatis_own_pk_is_hidden_from_agency_roles_and_shown_to_pemda_wide_readers(
    login, paser
):
    bupati = Position.objects.get(pemda=paser, agency=None)
    holder = Employee.objects.filter(holdings__position=bupati).first()
    own = Agreement.objects.create(
        pemda=paser,
        agency=None,
        year=2024,
        position=bupati,
        place=paser.seat,
        date=datetime.date(2024, 1, 2),
        first_employee=holder,
        first_name=holder.name,
        first_position_title=bupati.title,
    )
    assert login("operator_a").get(reverse("agreement", args=[own.pk])).status_code == 404
    assert login("inspektorat").get(reverse("agreement", args=[own.pk])).status_code == 200
    assert login("admin_other_pemda").get(reverse("agreement", args=[own.pk])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees_kesbangpol", "sees_sokaraja"),
    [
        ("admin_pemda", True, False),
        ("operator_a", True, False),
        ("head_a", True, False),
        ("verifikator", True, False),
        ("inspektorat", True, False),
        ("operator_other_pemda", False, True),
        ("admin_other_pemda", False, True),
    ],
)
def test_each_persona_sees_exactly_its_scope(
    login, persona, sees_kesbangpol, sees_sokaraja, kesbangpol, sokaraja
):
    client = login(persona)
    assert (
        client.get(reverse("agency", args=[kesbangpol.pk])).status_code == 200
    ) is sees_kesbangpol
    assert (client.get(reverse("agency", args=[sokaraja.pk])).status_code == 200) is sees_sokaraja


def test_the_home_page_lists_only_the_agencies_a_user_may_see(login, kesbangpol, other_agency):
    page = login("operator_a").get(reverse("home")).content.decode()
    assert kesbangpol.name in page
    assert other_agency.name not in page
    assert "Kecamatan Sokaraja" not in page
    admin_page = login("admin_pemda").get(reverse("home")).content.decode()
    assert other_agency.name in admin_page
    assert "Kecamatan Sokaraja" not in admin_page


def test_who_may_edit_an_agency(kesbangpol, other_agency):
    def user(name: str) -> User:
        return User.objects.get(username=name)

    assert can_edit_agency(user("operator.kesbangpol"), kesbangpol)
    assert can_edit_agency(user("admin.paser"), kesbangpol)
    assert not can_edit_agency(user("operator.kesbangpol"), other_agency)
    assert not can_edit_agency(user("pimpinan.kesbangpol"), kesbangpol)
    assert not can_edit_agency(user("inspektorat.paser"), kesbangpol)
    assert not can_edit_agency(user("verifikator.paser"), kesbangpol)
    assert not can_edit_agency(user("admin.banyumas"), kesbangpol)


def test_a_deactivated_user_sees_nothing(kesbangpol):
    operator = User.objects.get(username="operator.kesbangpol")
    operator.is_active = False
    assert not visible_agencies(operator).exists()
    assert not can_edit_agency(operator, kesbangpol)


def test_only_the_pemdas_admin_reaches_the_policy_page(login):
    assert login("admin_pemda").get(reverse("policy")).status_code == 200
    for persona in ["operator_a", "head_a", "verifikator", "inspektorat"]:
        assert login(persona).get(reverse("policy")).status_code == 403, persona
