"""The production path: the big PDF waits on the database queue until the worker
(`manage.py db_worker`, django-tasks-db) renders it; asking again meanwhile follows the
same download instead of queueing another. A committed (transactional) test: the
worker reads what the request committed, as it would from its own process."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sakip.downloads.models import PreparedDownload
from sakip.measurement.tests.helpers import ensure_demo
from sakip.organisation.models import Agency

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo_restored_after"),
]


def test_the_database_queue_holds_the_pdf_until_the_worker_renders_it(login, settings):
    ensure_demo()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SAKIP_BACKGROUND_WEIGHT = 5
    agency = Agency.objects.get(pemda__code="paser", code="kesbangpol")
    operator = login("operator_a")
    url = reverse("iku", args=[agency.pk, 2023]) + "?format=pdf"

    first = operator.get(url)
    prepared = PreparedDownload.objects.get()
    assert prepared.status == PreparedDownload.Status.QUEUED
    assert DBTaskResult.objects.count() == 1
    waiting = operator.get(first["Location"]).content.decode()
    assert 'http-equiv="refresh"' in waiting and "Menunggu giliran" in waiting
    # Asked again while waiting: the same download, nothing queued twice.
    assert operator.get(url)["Location"] == first["Location"]
    assert PreparedDownload.objects.count() == 1 and DBTaskResult.objects.count() == 1

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    prepared.refresh_from_db()
    assert prepared.status == PreparedDownload.Status.DONE
    assert prepared.started_at <= prepared.finished_at
    body = b"".join(operator.get(reverse("download_file", args=[prepared.pk])).streaming_content)
    assert body.startswith(b"%PDF")
