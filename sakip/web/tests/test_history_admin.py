"""The Django admin's history pages: a past version is shown to whoever may view the
object, but saved back (reverted) only where the object may be changed: never a signed
PK, never a measurement row (read-only in the admin), whoever asks."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from sakip.accounts.models import User
from sakip.agreements.models import Agreement
from sakip.measurement.models import QuarterReport
from sakip.measurement.tests.helpers import make_world
from sakip.web.history_admin import GuardedHistoryAdmin

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="admin.sistem"))
    return client


def test_every_history_admin_refuses_reverts_the_object_does_not_allow():
    history_admins = [a for a in admin.site._registry.values() if isinstance(a, SimpleHistoryAdmin)]
    assert history_admins
    assert all(isinstance(a, GuardedHistoryAdmin) for a in history_admins)


def test_a_signed_pk_is_not_changed_by_posting_an_old_version(superuser_client):
    agreement = Agreement.objects.filter(state=Agreement.State.SIGNED).first()
    if not agreement.history.exists():  # loaded in bulk: give it one past version
        Agreement.history.bulk_history_create([agreement])
    version = agreement.history.earliest("history_date")
    url = reverse("admin:agreements_agreement_simple_history", args=[agreement.pk, version.pk])
    assert superuser_client.get(url).status_code == 200  # reading a past version is fine
    before = Agreement.objects.values().get(pk=agreement.pk)
    response = superuser_client.post(
        url, {"place": "Diubah lewat riwayat", "date": "2024-01-02", "state": "draft"}
    )
    assert response.status_code == 403
    assert Agreement.objects.values().get(pk=agreement.pk) == before


def test_an_approved_quarter_is_not_changed_by_posting_an_old_version(superuser_client):
    world = make_world("riwayat")
    report = QuarterReport.objects.create(agency=world.agency, year=2024, quarter=1)
    report.state = QuarterReport.State.APPROVED
    report.save()
    version = report.history.earliest("history_date")
    url = reverse("admin:measurement_quarterreport_simple_history", args=[report.pk, version.pk])
    response = superuser_client.post(url, {"state": "open", "version": "1"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.state == QuarterReport.State.APPROVED


def test_a_staff_user_of_one_pemda_with_every_permission_cannot_open_the_admin():
    from django.contrib.auth.models import Permission

    admin_paser = User.objects.get(username="admin.paser")
    admin_paser.is_staff = True
    admin_paser.save()
    admin_paser.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(admin_paser)
    for url in ("/admin/", "/admin/organisation/pemda/", "/admin/agreements/agreement/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
