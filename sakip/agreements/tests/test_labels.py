"""The PK models read in Indonesian in the Django admin: the admin page of a PK; every
field's and model's own label: sakip/web/tests/test_labels.py."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sakip.accounts.models import User
from sakip.agreements.models import Agreement

pytestmark = pytest.mark.django_db


def test_the_admin_page_of_a_pk_reads_in_indonesian(kesbangpol):
    client = Client()
    client.force_login(User.objects.create_superuser("akar", "akar@contoh.invalid", "x"))
    pk = Agreement.objects.get(code="pk-kaban-2024")
    page = client.get(reverse("admin:agreements_agreement_change", args=[pk.pk])).content.decode()
    for label in ["Pemerintah daerah:", "Perangkat daerah:", "Jabatan:", "Pegawai pihak pertama:"]:
        assert label in page
    for english in ["Pemda:", "Agency:", "Position:", "First employee:", "Second employee:"]:
        assert english not in page
