"""The PK in the Django admin: a signed PK, its rows and its budget rows are read-only
even for a superuser (a change is a perubahan made in sakip); a draft stays editable."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sakip.accounts.models import User
from sakip.agreements import actions
from sakip.agreements.models import Agreement
from sakip.organisation.models import Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("akar", "akar@contoh.invalid", "x"))
    return client


def _change_url(agreement: Agreement) -> str:
    return reverse("admin:agreements_agreement_change", args=[agreement.pk])


def test_a_signed_pk_and_its_rows_are_read_only_in_the_admin_even_for_a_superuser(
    superuser_client, kesbangpol
):
    pk = Agreement.objects.get(code="pk-kaban-2024")
    page = superuser_client.get(_change_url(pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "hanya dapat dibaca" in html and "Buat perubahan (versi baru)" in html
    assert 'name="_save"' not in html
    assert 'name="first_name"' not in html  # the header fields are shown, not offered
    assert 'name="targets-0-indicator_text"' not in html
    assert 'name="budget_rows-0-amount"' not in html
    assert "NONDING, S.Sos., M.M" in html  # still readable
    assert (
        superuser_client.get(reverse("admin:agreements_agreement_delete", args=[pk.pk])).status_code
        == 403
    )


def test_posting_a_change_to_a_signed_pk_in_the_admin_changes_nothing(superuser_client, kesbangpol):
    pk = Agreement.objects.get(code="pk-kaban-2024")
    response = superuser_client.post(_change_url(pk), {"first_name": "ORANG LAIN"})
    assert response.status_code == 403
    pk.refresh_from_db()
    assert pk.first_name == "NONDING, S.Sos., M.M"


def test_a_draft_pk_and_its_rows_stay_editable_in_the_admin(superuser_client, next_year):
    draft = actions.create_draft(
        User.objects.get(username="admin.paser"),
        Position.objects.get(code="kasubag_umum", pemda__code="paser"),
        next_year,
    )
    html = superuser_client.get(_change_url(draft)).content.decode()
    assert 'name="_save"' in html and 'name="first_name"' in html
    assert 'name="targets-TOTAL_FORMS"' in html and 'name="budget_rows-TOTAL_FORMS"' in html
    assert "hanya dapat dibaca" not in html
