"""The LKjIP: its figures from the data (seed 003 with sakip's own correct figures where
the seed erred), the narrative drafted from them, edited, checked against the tables and
frozen once signed, and the PDF and DOCX."""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as WordDocument
from pypdf import PdfReader

from sakip.accounts.models import User
from sakip.downloads.testing import fetch
from sakip.measurement.models import Actual
from sakip.planning.models import Indicator, IndicatorTarget
from sakip.portal.models import Publication
from sakip.reports.lkjip import checks, compute, document, drafts, narrative
from sakip.reports.lkjip.narrative import report_document
from sakip.reports.models import LkjipReport, LkjipSection
from sakip.reports.renderers import DocxRenderer, PdfRenderer
from sakip.rules.formatting import format_number

pytestmark = pytest.mark.django_db

SEED_IKHTISAR = (
    "Hasil analisis akuntabilitas Badan Kesatuan Bangsa dan Politik Kabupaten Paser Tahun "
    "2023 dapat disimpulkan bahwa realisasi indikator sasaran mencapai kriteria 'Sangat "
    "Berhasil', yaitu sebesar 96,34 %."
)


@pytest.fixture
def figures(kesbangpol):
    return compute.load(kesbangpol, 2023)


def _shown(value: Decimal | None) -> str:
    return format_number(value, 2)


def test_the_seed_lkjips_iku_average_is_computed_from_the_data_not_copied(figures):
    # Table 7 prints 98,18; the six capaian 89,34 / 100 / 125 / 125 / 100 / 100 average
    # 106,56 (DOMAIN §7).
    assert [_shown(i.achievement) for i in figures.indicators] == [
        "89,34", "100,00", "125,00", "125,00", "100,00", "100,00",
    ]  # fmt: skip
    assert _shown(figures.average) == "106,56"


def test_each_predikat_band_counts_its_indicators_and_their_share(figures):
    counted = {b.label: (b.count, _shown(b.share)) for b in figures.bands if b.count}
    assert counted == {"Sangat Berhasil": (5, "83,33"), "Berhasil": (1, "16,67")}
    assert sum(b.count for b in figures.bands) == figures.computable_count == 6


def test_program_efficiency_percent_is_its_share_of_the_pagu(figures):
    # Seed 003 prints 18,10 % beside the right 514.554.900: it is 8,01 % (DOMAIN §7).
    program = next(p for p in figures.programs if p.code == "8.01.01")
    assert (program.pagu, program.realisasi) == (6_426_345_746, 5_911_790_846)
    assert program.efficiency.rupiah == 514_554_900
    assert _shown(program.efficiency.percent) == "8,01"
    assert program.objective_number == 1
    assert sum(a.pagu for a in program.activities) == program.pagu


def test_last_years_capaian_and_the_change_come_from_last_years_realisasi(figures):
    pemilu = next(i for i in figures.indicators if "Pemilu" in i.name)
    assert pemilu.previous_actual == Decimal("68.54")
    # 68,54 against the Renstra's 2022 target 75 % is 91,39 (seed 003 prints 90.18).
    assert _shown(pemilu.previous_achievement) == "91,39"
    assert pemilu.change is not None and _shown(pemilu.change.points) == "33,61"
    assert [t.year for t in figures.trend] == [2022, 2023]
    assert figures.trend[-1].performance == figures.average


def test_the_printed_kata_pengantar_nip_is_reported_as_malformed(figures):
    found = checks.signatory_findings(figures)
    assert any("197-10607199703 1 007" in f and "tidak valid" in f for f in found)


def test_sakips_own_drafts_agree_with_the_tables(figures):
    for key, title in drafts.section_keys(figures):
        assert checks.check_text(key, title, drafts.draft(key, figures), figures) == [], key


def test_the_seeds_ikhtisar_calling_a_figure_the_indicator_achievement_is_flagged(figures):
    found = checks.check_text("ikhtisar", "Ikhtisar Eksekutif", SEED_IKHTISAR, figures)
    assert len(found) == 1
    assert "96,34 %" in found[0].message
    assert "capaian kinerja" in found[0].message


def test_a_budget_figure_offered_as_performance_is_named_as_budget(figures):
    absorption = format_number(figures.absorption, 2)
    text = f"Capaian kinerja sasaran tahun ini sebesar {absorption}%."
    (finding,) = checks.check_text("capaian", "Bab III A", text, figures)
    assert "bukan capaian kinerja" in finding.message
    right = f"Serapan anggaran tahun ini sebesar {absorption}%."
    assert checks.check_text("anggaran", "Bab III B", right, figures) == []


def test_a_rupiah_amount_no_table_holds_is_flagged(figures):
    text = "Pagu anggaran Rp32.654.999.391 terealisasi Rp31.458.315.432."
    (finding,) = checks.check_text("anggaran", "Bab III B", text, figures)
    assert "Rp32.654.999.391" in finding.message


def test_the_document_numbers_its_tables_and_figures_and_lists_its_chapters(figures):
    texts = {key: drafts.draft(key, figures) for key, _ in drafts.section_keys(figures)}
    built = document.build_document(figures, texts, document.DRAFT_MARK)
    captions = [t.caption for t in built.tables]
    assert captions[0].startswith("Tabel 1.")
    assert [c.split(".")[0] for c in captions] == [
        f"Tabel {n}" for n in range(1, len(captions) + 1)
    ]
    assert [h.anchor for h in built.contents][:3] == ["kata-pengantar", "ikhtisar", "bab-1"]
    assert built.status_mark == "DRAF"


def test_the_lkjip_opens_as_pdf_and_docx_with_its_draft_mark_contents_and_charts(login, kesbangpol):
    client = login("operator_a")
    # The demo's LKjIP is above the background threshold: prepared, then downloaded.
    pdf = fetch(client, f"/opd/{kesbangpol.pk}/lkjip/2023/?format=pdf")
    assert pdf.content_type == "application/pdf" and pdf.prepared
    reader = PdfReader(io.BytesIO(pdf.content))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) > 10
    # The report's own pages are marked; its lampiran, bound after it, are their own
    # documents (a signed PK is not a draft).
    own = pages[
        : next(
            i
            for i, page in enumerate(pages)
            if "FORMULIR EVALUASI" in page or "PERNYATAAN PERJANJIAN KINERJA" in page
        )
    ]
    assert len(own) > 10 and all("DRAF" in page for page in own)
    assert "Halaman 1 dari" in pages[0]
    contents = next(page for page in pages if "DAFTAR ISI" in page)
    assert "BAB III" in contents and "Pengukuran" not in contents.split("BAB III")[0][:0]
    assert any("106,56" in page and "Pengukuran IKU" in page for page in pages)
    assert any("Gambar 1. Target dan realisasi IKU" in page for page in pages)

    docx = client.get(f"/opd/{kesbangpol.pk}/lkjip/2023/?format=docx")
    word = WordDocument(io.BytesIO(docx.content))
    body = "\n".join(p.text for p in word.paragraphs)
    assert "KATA PENGANTAR" in body and "IKHTISAR EKSEKUTIF" in body
    assert word.sections[0].header.paragraphs[0].text == "DRAF"
    assert len(word.inline_shapes) >= 3  # the charts, as pictures
    assert 'TOC \\o "1-2"' in word.element.xml
    # The field's shown result is already the list of chapters: a reader that does not
    # update fields still shows the contents (Word adds the page numbers).
    texts = [p.text for p in word.paragraphs]
    listed = texts[texts.index("DAFTAR ISI") + 1 :]
    assert listed[0] == "KATA PENGANTAR"
    assert "BAB I PENDAHULUAN" in listed[:12] and "BAB IV PENUTUP" in listed[:40]
    assert [p.style.name for p in word.paragraphs if p.text.startswith("BAB I\n")] == ["Heading 1"]


def test_an_edited_section_survives_and_replaces_the_draft_in_page_and_documents(login, kesbangpol):
    client = login("operator_a")
    url = f"/opd/{kesbangpol.pk}/lkjip/2023/narasi/penutup/"
    typed = "Kinerja tahun ini baik; rata-rata capaian IKU 106,56%."
    response = client.post(url, {"text": typed})
    assert response.status_code == 302
    state = narrative.load(kesbangpol, 2023)
    section = state.section("penutup")
    assert section is not None and section.edited and section.text == typed
    assert section.findings == []
    page = client.get(f"/opd/{kesbangpol.pk}/lkjip/2023/").content.decode()
    assert typed in page
    docx = client.get(f"/opd/{kesbangpol.pk}/lkjip/2023/?format=docx")
    assert typed in "\n".join(p.text for p in WordDocument(io.BytesIO(docx.content)).paragraphs)
    # Back to sakip's draft.
    client.post(url, {"text": typed, "reset": "1"})
    assert not LkjipSection.objects.filter(key="penutup").exists()


def test_a_typed_figure_that_contradicts_the_tables_is_shown_where_the_user_looks(
    login, kesbangpol
):
    client = login("operator_a")
    client.post(f"/opd/{kesbangpol.pk}/lkjip/2023/narasi/ikhtisar/", {"text": SEED_IKHTISAR})
    page = client.get(f"/opd/{kesbangpol.pk}/lkjip/2023/").content.decode()
    assert "“96,34 %” tidak sesuai dengan angka capaian kinerja" in page


def test_text_that_fails_validation_is_shown_again_as_typed(login, kesbangpol):
    client = login("operator_a")
    url = f"/opd/{kesbangpol.pk}/lkjip/2023/narasi/analisis/"
    typed = "Faktor penghambat: cuaca. " * 1000  # over the 20.000-character limit
    response = client.post(url, {"text": typed})
    assert response.status_code == 200
    content = response.content.decode()
    assert "terlalu panjang" in content
    assert content.count("Faktor penghambat: cuaca.") == 1000
    assert not LkjipSection.objects.filter(key="analisis").exists()


def test_signing_freezes_the_narrative_and_publishing_needs_the_admin(login, kesbangpol):
    operator, head = login("operator_a"), login("head_a")
    status = f"/opd/{kesbangpol.pk}/lkjip/2023/status/"
    assert operator.post(status, {"action": "sign"}).status_code == 403
    assert head.post(status, {"action": "publish"}).status_code == 403
    assert head.post(status, {"action": "sign"}).status_code == 302
    report = LkjipReport.objects.get(agency=kesbangpol, year=2023)
    assert report.status == LkjipReport.Status.FINAL and report.signed_by is not None
    # Every section is kept as signed, typed or drafted.
    assert report.sections.count() == len(narrative.load(kesbangpol, 2023).sections)

    typed = "Perubahan setelah ditandatangani."
    response = operator.post(f"/opd/{kesbangpol.pk}/lkjip/2023/narasi/penutup/", {"text": typed})
    assert response.status_code == 200
    assert "tidak dapat diubah" in response.content.decode()
    assert typed in response.content.decode()
    assert not report.sections.filter(text=typed).exists()

    pdf_page = PdfReader(
        io.BytesIO(fetch(operator, f"/opd/{kesbangpol.pk}/lkjip/2023/?format=pdf").content)
    ).pages[1]
    assert "DRAF" not in pdf_page.extract_text()


def test_a_signed_lkjip_is_published_on_the_portal_withdrawn_and_reopened_with_a_reason(
    login, kesbangpol, quick_documents
):
    head, admin = login("head_a"), login("admin_pemda")
    page = f"/opd/{kesbangpol.pk}/lkjip/2023/"
    status = page + "status/"
    assert admin.post(status, {"action": "publish"}).status_code == 302  # a draft: refused
    assert not Publication.objects.filter(kind="lkjip").exists()
    head.post(status, {"action": "sign"})
    report = LkjipReport.objects.get(agency=kesbangpol, year=2023)

    # Published from its own page: one publication on the portal, the report published.
    assert admin.post(status, {"action": "publish"}).status_code == 302
    report.refresh_from_db()
    assert report.status == LkjipReport.Status.PUBLISHED and report.published_at is not None
    publication = Publication.objects.get(kind="lkjip", object_id=report.pk)
    public = Client().get(reverse("portal_pemda", args=[kesbangpol.pemda.code])).content.decode()
    assert publication.title in public and "LKjIP" in public
    document = Client().get(
        reverse("portal_document", args=[kesbangpol.pemda.code, publication.pk])
    )
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    assert "lihat di portal publik" in admin.get(page).content.decode()

    # A published report is not reopened; withdrawn from the portal, it is final again.
    response = admin.post(status, {"action": "reopen", "reason": "Salah ketik"}, follow=True)
    assert "tarik dulu dari portal" in response.content.decode()
    admin.post(reverse("publications"), {"withdraw": publication.pk})
    report.refresh_from_db()
    assert report.status == LkjipReport.Status.FINAL and report.published_at is None
    assert Client().get(document.request["PATH_INFO"]).status_code == 404

    # Reopening needs a reason, kept in the report's history with who gave it.
    response = admin.post(status, {"action": "reopen", "reason": "  "}, follow=True)
    assert "Tuliskan alasan" in response.content.decode()
    report.refresh_from_db()
    assert report.status == LkjipReport.Status.FINAL
    admin.post(status, {"action": "reopen", "reason": "Capaian TW IV dikoreksi verifikator"})
    report.refresh_from_db()
    assert report.status == LkjipReport.Status.DRAFT
    steps = list(report.events.order_by("at", "pk").values_list("action", "actor_name", "reason"))
    assert [action for action, _, _ in steps] == [
        "signed",
        "published",
        "withdrawn",
        "reopened",
    ]
    assert steps[-1][2] == "Capaian TW IV dikoreksi verifikator" and steps[-1][1]
    history = admin.get(page).content.decode()
    assert "Dibuka kembali sebagai draf" in history and "Capaian TW IV dikoreksi" in history


def test_the_page_takes_the_same_number_of_queries_with_more_indicators(
    login, kesbangpol, quick_documents
):
    client = login("operator_a")
    url = f"/opd/{kesbangpol.pk}/lkjip/2023/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for n in range(3):
        indicator = Indicator.objects.create(
            pemda=kesbangpol.pemda,
            agency=kesbangpol,
            code=f"tambahan-{n}",
            name=f"Indikator tambahan {n}",
            unit="%",
            is_iku=True,
            objective=kesbangpol.objectives.order_by("number").first(),
        )
        IndicatorTarget.objects.create(
            indicator=indicator, kind=IndicatorTarget.Kind.RENJA, year=2023, text="80", value=80
        )
        Actual.objects.create(indicator=indicator, year=2023, quarter=0, value=Decimal(70))
        Actual.objects.create(indicator=indicator, year=2022, quarter=0, value=Decimal(60))
    with CaptureQueriesContext(connection) as after:
        page = client.get(url)
    assert "Indikator tambahan 2" in page.content.decode()
    assert len(after.captured_queries) == len(before.captured_queries)


@pytest.fixture
def quick_documents(monkeypatch):
    monkeypatch.setattr(PdfRenderer, "render", lambda self, document: b"%PDF-1.7 test")


def test_a_user_of_another_agency_cannot_edit_or_sign_its_lkjip(login, kesbangpol, other_agency):
    outsider = login("operator.kominfo")
    base = f"/opd/{kesbangpol.pk}/lkjip/2023/"
    assert outsider.get(base).status_code == 404
    assert outsider.post(base + "narasi/penutup/", {"text": "x"}).status_code == 404
    assert outsider.post(base + "status/", {"action": "sign"}).status_code == 404
    assert not LkjipSection.objects.exists()
    assert not User.objects.filter(username="operator.kominfo", is_superuser=True).exists()


EDITORS = ["operator_a", "admin_pemda"]
READ_ONLY = ["head_a", "verifikator", "inspektorat"]


@pytest.mark.parametrize("persona", EDITORS)
def test_the_agencys_operator_and_the_admin_edit_the_narrative(login, kesbangpol, persona):
    client = login(persona)
    url = f"/opd/{kesbangpol.pk}/lkjip/2023/narasi/latar_belakang/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": f"Ditulis oleh {persona}."}).status_code == 302
    assert LkjipSection.objects.get(key="latar_belakang").text == f"Ditulis oleh {persona}."


@pytest.mark.parametrize("persona", READ_ONLY)
def test_readers_who_do_not_edit_the_agency_get_no_narrative_editor(login, kesbangpol, persona):
    client = login(persona)
    url = f"/opd/{kesbangpol.pk}/lkjip/2023/narasi/latar_belakang/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "x"}).status_code == 404
    assert not LkjipSection.objects.exists()
    page = client.get(f"/opd/{kesbangpol.pk}/lkjip/2023/").content.decode()
    assert "narasi/latar_belakang/" not in page


@pytest.mark.parametrize("persona", ["verifikator", "inspektorat", "operator_a"])
def test_only_the_head_or_the_admin_signs(login, kesbangpol, persona):
    response = login(persona).post(f"/opd/{kesbangpol.pk}/lkjip/2023/status/", {"action": "sign"})
    assert response.status_code == 403
    assert not LkjipReport.objects.filter(status=LkjipReport.Status.FINAL).exists()


def test_an_unknown_section_or_format_is_not_found(login, kesbangpol):
    client = login("operator_a")
    assert client.get(f"/opd/{kesbangpol.pk}/lkjip/2023/narasi/rahasia/").status_code == 404
    assert client.get(f"/opd/{kesbangpol.pk}/lkjip/2023/?format=xlsx").status_code == 404
    assert client.get(f"/opd/{kesbangpol.pk}/lkjip/2023/status/").status_code == 405


def test_an_anonymous_visitor_is_sent_to_log_in_from_every_lkjip_endpoint(login, kesbangpol):
    client = login(None)
    for url in ("", "narasi/penutup/", "status/"):
        response = client.post(f"/opd/{kesbangpol.pk}/lkjip/2023/{url}")
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/?next=")
    assert not LkjipReport.objects.exists()


def test_the_signed_report_is_kept_and_does_not_change_with_later_data(
    login, kesbangpol, monkeypatch, django_capture_on_commit_callbacks
):
    # Stand-in renderers whose bytes follow every figure of the document.
    for renderer, magic in ((PdfRenderer, b"%PDF "), (DocxRenderer, b"PK")):
        monkeypatch.setattr(
            renderer,
            "render",
            lambda self, document, magic=magic: (
                magic + hashlib.sha256(repr(document).encode()).digest()
            ),
        )
    head, admin = login("head_a"), login("admin_pemda")
    page = f"/opd/{kesbangpol.pk}/lkjip/2023/"
    status = page + "status/"
    with django_capture_on_commit_callbacks(execute=True):
        head.post(status, {"action": "sign"})
    report = LkjipReport.objects.get(agency=kesbangpol, year=2023)
    with report.signed_file.open("rb") as handle:
        signed = handle.read()
    with report.signed_docx.open("rb") as handle:
        signed_docx = handle.read()
    assert signed.startswith(b"%PDF") and signed_docx.startswith(b"PK")

    # A figure corrected after signing: the report as built now differs, the signed
    # copy the agency downloads does not.
    actual = Actual.objects.filter(indicator__agency=kesbangpol, year=2023).first()
    actual.value = (actual.value or 0) + 1
    actual.save()
    cache.clear()
    assert PdfRenderer().render(report_document(kesbangpol, 2023)) != signed
    assert b"".join(head.get(page + "?format=pdf").streaming_content) == signed
    assert b"".join(head.get(page + "?format=docx").streaming_content) == signed_docx

    # Published: the portal serves the signed copy too.
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(status, {"action": "publish"})
    publication = Publication.objects.get(kind="lkjip", object_id=report.pk)
    url = reverse("portal_document", args=[kesbangpol.pemda.code, publication.pk])
    assert Client().get(url).content == signed

    # Withdrawn: final again, still the signed copy.
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("publications"), {"withdraw": publication.pk})
    report.refresh_from_db()
    assert report.status == LkjipReport.Status.FINAL
    assert b"".join(head.get(page + "?format=pdf").streaming_content) == signed

    # Reopened as a draft: the signed copy goes; a download is built from the data again.
    names = [report.signed_file.name, report.signed_docx.name]
    storage = report.signed_file.storage
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(status, {"action": "reopen", "reason": "Koreksi angka realisasi"})
    report.refresh_from_db()
    assert report.status == LkjipReport.Status.DRAFT
    assert not report.signed_file and not report.signed_docx
    assert not any(storage.exists(name) for name in names)
    assert head.get(page + "?format=pdf").content != signed


def test_a_report_signed_before_files_were_kept_gets_them_when_published(
    login, kesbangpol, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(PdfRenderer, "render", lambda self, document: b"%PDF kept")
    head, admin = login("head_a"), login("admin_pemda")
    status = f"/opd/{kesbangpol.pk}/lkjip/2023/status/"
    head.post(status, {"action": "sign"})  # its rendering never ran
    report = LkjipReport.objects.get(agency=kesbangpol, year=2023)
    assert not report.signed_file
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(status, {"action": "publish"})
    report.refresh_from_db()
    assert report.signed_file and report.status == LkjipReport.Status.PUBLISHED


def test_files_rendered_for_a_signing_that_was_reopened_meanwhile_are_not_kept(
    login, kesbangpol, monkeypatch
):
    from django.utils import timezone

    from sakip.reports.lkjip import narrative as lkjip_narrative
    from sakip.reports.lkjip import tasks

    monkeypatch.setattr(PdfRenderer, "render", lambda self, document: b"%PDF kept")
    login("head_a").post(f"/opd/{kesbangpol.pk}/lkjip/2023/status/", {"action": "sign"})
    report = LkjipReport.objects.get(agency=kesbangpol, year=2023)
    built = lkjip_narrative.report_document

    def reopened_and_signed_again_while_rendering(agency, year, **options):
        LkjipReport.objects.filter(pk=report.pk).update(
            signed_at=timezone.now() + timezone.timedelta(minutes=5)
        )
        return built(agency, year, **options)

    monkeypatch.setattr(
        lkjip_narrative, "report_document", reopened_and_signed_again_while_rendering
    )
    tasks.keep_signed_files.call(report.pk)
    report.refresh_from_db()
    assert not report.signed_file and not report.signed_docx
    # Nothing left behind (the test's own storage, empty before).
    storage = report.signed_file.storage
    folder = f"lkjip/{timezone.localdate():%Y}/"
    assert not storage.exists(folder) or storage.listdir(folder) == ([], [])


def test_the_pdf_and_the_docx_bind_the_lampiran_they_list(login, kesbangpol):
    from sakip.agreements.models import Agreement

    client = login("operator_a")
    pdf = fetch(client, f"/opd/{kesbangpol.pk}/lkjip/2023/?format=pdf")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages]
    listing = next(page for page in pages if "Lampiran III:" in page)
    head_pk = Agreement.objects.filter(
        agency=kesbangpol,
        year=2024,
        state=Agreement.State.SIGNED,
        position__superior__agency__isnull=True,
    ).exists()
    assert head_pk  # the demo holds the Kepala's PK 2024 (seed 003)
    assert "Perjanjian Kinerja Tahun 2024 (terlampir)" in " ".join(listing.split())
    assert "Triwulan IV Tahun 2023 (terlampir)" in " ".join(listing.split())
    after = pages[pages.index(listing) + 1 :]
    pk_at = next(i for i, page in enumerate(after) if "PERJANJIAN KINERJA TAHUN 2024" in page)
    renja_at = next(i for i, page in enumerate(after) if "FORMULIR EVALUASI HASIL RENJA" in page)
    assert pk_at < renja_at  # in the listed order
    assert not any("Pemeriksaan" in page for page in after[renja_at:])  # the official form

    docx = fetch(client, f"/opd/{kesbangpol.pk}/lkjip/2023/?format=docx")
    word = WordDocument(io.BytesIO(docx.content))
    body = "\n".join(p.text for p in word.paragraphs)
    assert "Lampiran I: Perjanjian Kinerja Tahun 2024 (terlampir)" in body
    listed_at = body.index("Lampiran I: Perjanjian Kinerja Tahun 2024")
    # After the listing, in the same order: the PK, then the Evaluasi Renja form.
    assert listed_at < body.index("PERJANJIAN KINERJA TAHUN 2024", listed_at)
    assert body.index("PERJANJIAN KINERJA TAHUN 2024", listed_at) < body.index(
        "FORMULIR EVALUASI HASIL RENJA"
    )
    # Each lampiran is a section of its own, the landscape form on landscape paper.
    sections = word.sections
    assert len(sections) == 1 + listing.count("(terlampir)")
    assert sections[0].page_width < sections[0].page_height  # the report: A4 portrait
    assert sections[-1].page_width > sections[-1].page_height  # the Evaluasi Renja
