"""The measurement records read in Indonesian in the Django admin: the admin pages; every
field's and model's own label: sakip/web/tests/test_labels.py."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sakip.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_admin_list_of_realisasi_reads_in_indonesian(kesbangpol):
    from sakip.measurement import actions
    from sakip.measurement.tests.helpers import indicator_of, upload

    actions.add_evidence(
        User.objects.get(username="operator.kesbangpol"),
        kesbangpol,
        2023,
        1,
        indicator_id=indicator_of(kesbangpol, "8.01.01.2.01.01").pk,
        upload=upload(),
    )
    root = User(username="root", is_superuser=True, is_staff=True)
    root.set_unusable_password()
    root.save()
    client = Client()
    client.force_login(root)
    html = client.get(reverse("admin:measurement_actual_changelist")).content.decode()
    assert "Indikator" in html and "Diubah oleh" in html and "Versi" in html
    assert "Updated by" not in html and ">Version<" not in html
    html = client.get(reverse("admin:measurement_evidence_changelist")).content.decode()
    assert "Perangkat daerah" in html and "Diunggah oleh" in html
    assert "Agency" not in html and "Uploaded by" not in html
