"""Who may read each report endpoint: the Pemda's admin, verifikator and Inspektorat and
the agency's own operator and head read it; an operator of another agency or another
Pemda does not learn it exists (404); an anonymous visitor is sent to log in."""

from __future__ import annotations

import pytest

from sakip.downloads.testing import fetch
from sakip.reports.renderers import PdfRenderer

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("evaluasi-renja/2023/tw4/", "text/html; charset=utf-8"),
    ("evaluasi-renja/2023/tw2/?layout=without_code", "text/html; charset=utf-8"),
    ("evaluasi-renja/2023/tw4/?format=pdf", "application/pdf"),
    (
        "evaluasi-renja/2023/tw4/?format=xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "evaluasi-renja/2023/tw4/?format=docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("pengukuran-kinerja/2023/", "text/html; charset=utf-8"),
    ("pengukuran-kinerja/2023/?format=pdf", "application/pdf"),
    (
        "pengukuran-kinerja/2023/?format=xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "pengukuran-kinerja/2023/?format=docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("lkjip/2023/", "text/html; charset=utf-8"),
    ("lkjip/2023/?format=pdf", "application/pdf"),
    (
        "lkjip/2023/?format=docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
]
READERS = ["admin_pemda", "operator_a", "head_a", "verifikator", "inspektorat"]
OUTSIDERS = ["operator_other_pemda", "admin_other_pemda", "operator.kominfo"]


@pytest.fixture
def quick_pdf(monkeypatch):
    """These tests are about the gate; the PDFs themselves are read back in
    test_exports. WeasyPrint takes seconds per form, so it is not run here."""
    monkeypatch.setattr(PdfRenderer, "render", lambda self, document: b"%PDF-1.7 gate test")


@pytest.mark.parametrize("persona", READERS)
@pytest.mark.parametrize(("path", "content_type"), ENDPOINTS)
def test_the_pemdas_readers_and_the_agencys_own_staff_get_every_report(
    login, kesbangpol, quick_pdf, persona, path, content_type
):
    response = fetch(login(persona), f"/opd/{kesbangpol.pk}/{path}")
    assert response.content_type == content_type
    if "format=" in path:
        assert response.disposition.startswith("attachment; filename=")


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize(("path", "content_type"), ENDPOINTS)
def test_staff_of_another_agency_or_pemda_are_told_the_report_does_not_exist(
    login, kesbangpol, other_agency, persona, path, content_type
):
    assert login(persona).get(f"/opd/{kesbangpol.pk}/{path}").status_code == 404


@pytest.mark.parametrize(("path", "content_type"), ENDPOINTS)
def test_an_anonymous_visitor_is_sent_to_log_in(login, kesbangpol, path, content_type):
    url = f"/opd/{kesbangpol.pk}/{path}"
    response = login(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/?next=")


def test_the_agencys_own_operator_sees_an_unknown_quarter_or_format_as_not_found(login, kesbangpol):
    client = login("operator_a")
    assert client.get(f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw5/").status_code == 404
    assert client.get(f"/opd/{kesbangpol.pk}/evaluasi-renja/2023/tw0/").status_code == 404
    assert (
        client.get(f"/opd/{kesbangpol.pk}/pengukuran-kinerja/2023/?format=csv").status_code == 404
    )


def test_an_agency_with_no_renja_or_lkjip_gets_empty_reports_not_errors(login, banyumas):
    from sakip.organisation.models import Agency

    client = login("admin_other_pemda")
    for agency in Agency.objects.filter(pemda=banyumas):
        for url in (
            f"/opd/{agency.pk}/evaluasi-renja/2024/tw1/",
            f"/opd/{agency.pk}/evaluasi-renja/2024/tw1/?format=xlsx",
            f"/opd/{agency.pk}/pengukuran-kinerja/2024/",
            f"/opd/{agency.pk}/pengukuran-kinerja/2024/?format=docx",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
        page = client.get(f"/opd/{agency.pk}/pengukuran-kinerja/2024/").content.decode()
        assert "Pemeriksaan angka LKjIP" not in page  # no LKjIP imported: nothing to check
