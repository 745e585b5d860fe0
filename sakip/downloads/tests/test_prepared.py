"""A big PDF is prepared off the request: the user follows its progress and downloads
the kept file; only who asked sees it; small documents and other formats are sent at
once. Run here with the immediate backend (the task runs inside the request, as in
development); test_worker.py runs the database queue with its worker."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sakip.downloads import builders
from sakip.downloads.models import PreparedDownload

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_threshold(settings):
    # The demo's Pengukuran Kinerja has 8 table rows: above 5, a "big" document.
    settings.SAKIP_BACKGROUND_WEIGHT = 5


def _iku_url(agency, fmt="pdf", isi=""):
    url = reverse("iku", args=[agency.pk, 2023]) + f"?format={fmt}"
    return url + (f"&isi={isi}" if isi else "")


def test_a_big_pdf_is_prepared_and_its_file_kept_for_who_asked(
    login, kesbangpol, small_threshold, django_capture_on_commit_callbacks
):
    operator = login("operator_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.get(_iku_url(kesbangpol))
    prepared = PreparedDownload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("download_status", args=[prepared.pk])
    assert prepared.status == PreparedDownload.Status.DONE and prepared.weight > 5
    assert prepared.params == {"year": 2023, "isi": "", "agency": kesbangpol.pk, "fmt": "pdf"}

    page = operator.get(response["Location"]).content.decode()
    assert "Selesai" in page and reverse("download_file", args=[prepared.pk]) in page
    assert 'http-equiv="refresh"' not in page  # nothing left to wait for
    assert prepared.title in operator.get(reverse("download_list")).content.decode()

    file = operator.get(reverse("download_file", args=[prepared.pk]))
    body = b"".join(file.streaming_content)
    assert body.startswith(b"%PDF") and len(body) == prepared.size
    assert (
        f'filename="pengukuran-kinerja-{kesbangpol.code}-2023.pdf"' in file["Content-Disposition"]
    )


def test_only_who_asked_sees_a_prepared_download(login, kesbangpol, other_agency, small_threshold):
    login("operator_a").get(_iku_url(kesbangpol))
    prepared = PreparedDownload.objects.get()
    for persona in ("head_a", "admin_pemda", "operator.kominfo", "admin_other_pemda"):
        client = login(persona)
        assert client.get(reverse("download_status", args=[prepared.pk])).status_code == 404
        assert client.get(reverse("download_file", args=[prepared.pk])).status_code == 404
        assert prepared.title not in client.get(reverse("download_list")).content.decode()


def test_an_agency_another_user_cannot_read_is_never_prepared_for_them(
    login, kesbangpol, other_agency, small_threshold
):
    assert login("operator.kominfo").get(_iku_url(kesbangpol)).status_code == 404
    assert not PreparedDownload.objects.exists()


def test_small_documents_and_other_formats_are_sent_at_once(login, kesbangpol, settings):
    operator = login("operator_a")
    response = operator.get(_iku_url(kesbangpol))  # 8 rows, under the default threshold
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    settings.SAKIP_BACKGROUND_WEIGHT = 5
    for fmt in ("docx", "xlsx"):
        assert operator.get(_iku_url(kesbangpol, fmt)).status_code == 200
    assert not PreparedDownload.objects.exists()


def test_the_check_report_is_prepared_as_asked_not_the_form(
    login, kesbangpol, small_threshold, django_capture_on_commit_callbacks
):
    operator = login("operator_a")
    with django_capture_on_commit_callbacks(execute=True):
        operator.get(_iku_url(kesbangpol, isi="pemeriksaan"))
    prepared = PreparedDownload.objects.get()
    assert prepared.params["isi"] == "pemeriksaan"
    assert prepared.filename == f"pengukuran-kinerja-{kesbangpol.code}-2023-pemeriksaan.pdf"


def test_a_failure_is_said_in_indonesian_and_nothing_half_made_is_offered(
    login, kesbangpol, small_threshold, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(params):
        raise RuntimeError("disk penuh")

    monkeypatch.setitem(builders.BUILDERS, "iku", broken)
    operator = login("operator_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.get(_iku_url(kesbangpol))
    prepared = PreparedDownload.objects.get()
    assert prepared.status == PreparedDownload.Status.FAILED and not prepared.file
    page = operator.get(response["Location"]).content.decode()
    assert "Gagal" in page and "Dokumen gagal dibuat" in page and "disk penuh" not in page
    assert operator.get(reverse("download_file", args=[prepared.pk])).status_code == 404


def test_the_progress_page_reloads_itself_while_waiting(login, kesbangpol, small_threshold):
    from django.contrib.auth import get_user_model

    operator = get_user_model().objects.get(username="operator.kesbangpol")
    waiting = PreparedDownload.objects.create(
        pemda=kesbangpol.pemda,
        agency=kesbangpol,
        requested_by=operator,
        builder="iku",
        params={"year": 2023, "isi": "", "agency": kesbangpol.pk, "fmt": "pdf"},
        fmt="pdf",
        title="Pengukuran Kinerja",
        weight=8,
    )
    page = login("operator_a").get(reverse("download_status", args=[waiting.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "Menunggu giliran" in page


def test_old_prepared_downloads_are_pruned_with_their_files(
    login, kesbangpol, small_threshold, django_capture_on_commit_callbacks
):
    operator = login("operator_a")
    with django_capture_on_commit_callbacks(execute=True):
        operator.get(_iku_url(kesbangpol))
    old = PreparedDownload.objects.get()
    path = old.file.path
    waiting = PreparedDownload.objects.create(
        pemda=kesbangpol.pemda,
        agency=kesbangpol,
        requested_by=old.requested_by,
        builder="iku",
        params=old.params,
        fmt="pdf",
        title="Menunggu",
    )
    long_ago = timezone.now() - datetime.timedelta(days=8)
    PreparedDownload.objects.update(created_at=long_ago)
    call_command("prune_downloads", days=7, verbosity=0)
    assert list(PreparedDownload.objects.all()) == [waiting]  # a pending one is kept
    assert not os.path.exists(path)
