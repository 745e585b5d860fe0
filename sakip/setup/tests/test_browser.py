"""A Pemda sets itself up in a real browser (Debian's Chromium through Playwright),
from a database holding only the platform operator, without the Django admin: the
operator adds the Pemda and its admin; the admin (through the invitation link) adds an
agency on screen, imports its positions from the downloaded Excel template, adds an
employee, a holder and two users on screen and invites them; the agency's operator
creates the Renstra period, imports the Renstra and the IKU from Excel and submits
the Renstra; the agency's pimpinan approves it and it becomes read-only; the operator
imports the year's Renja, drafts the Kepala Dinas's PK on screen and records it signed,
and imports TW I realisasi.

Runs on a committed database (emptied here first, the demo put back afterwards). Set
SAKIP_SCREENSHOT_DIR to keep the screenshots."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from sakip.accounts.models import User
from sakip.accounts.tests.helpers import totp_code
from sakip.agreements.models import Agreement
from sakip.browser_testing import MARKS, live_server, screenshot, start_chromium
from sakip.measurement.tests.helpers import ensure_reference_data
from sakip.organisation.models import Agency, Employee, Pemda, Position
from sakip.planning.models import Indicator

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

TIMEOUT_MS = 20_000
PASSWORD = "Sandi-Uji-Peramban-2025"

pytestmark = [*MARKS, pytest.mark.usefixtures("demo_restored_after")]


@pytest.fixture
def empty_site(
    transactional_db: None, settings: pytest.FixtureRequest, django_db_blocker: object
) -> Iterator[object]:
    """A live server over a database holding only a superuser (and the shipped rating
    scales a migration creates); the demo is loaded back when the test ends."""
    call_command("flush", interactive=False, verbosity=0)
    ensure_reference_data()
    User.objects.create_superuser("platform", password=PASSWORD)
    with live_server(settings) as live:
        yield live
    # The demo comes back after the transactional test's own flush (demo_restored_after).


@pytest.fixture
def chromium(empty_site: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    with start_chromium(monkeypatch) as started:
        yield started


class Visits:
    """Every URL the browser requested, to prove the Django admin was never opened."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def watch(self, page: object) -> None:
        page.on("request", lambda request: self.paths.append(request.url))  # type: ignore[attr-defined]


def new_page(browser: object, visits: Visits) -> object:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1400, "height": 1000}, locale="id-ID", accept_downloads=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    visits.watch(page)
    return page


def complete_enrolment(page: object, username: str) -> None:
    """The first code of the authenticator the enrolment page just made, as a phone
    would show it."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    page.fill("input[name=code]", totp_code(device))  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    expect(page.locator("#recovery-codes li")).to_have_count(10)  # type: ignore[attr-defined]


def log_in(page: object, base: str, username: str) -> None:
    page.goto(base + "/masuk/")  # type: ignore[attr-defined]
    page.fill("input[name=username]", username)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(  # type: ignore[attr-defined]
        lambda url: "/masuk/" not in url or "/masuk/daftar-2fa/" in url
    )
    if "/masuk/daftar-2fa/" in page.url:  # type: ignore[attr-defined]
        # The superuser and the admin Pemda must enrol a second factor (sakip.accounts).
        complete_enrolment(page, username)
    page.wait_for_url(lambda url: "/masuk/" not in url)  # type: ignore[attr-defined]


def accept_invitation(
    browser: object, visits: Visits, link: str, base: str, username: str
) -> object:
    page = new_page(browser, visits)
    page.goto(link)  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_have_text("Buat kata sandi")  # type: ignore[attr-defined]
    page.fill("input[name=new_password1]", PASSWORD)  # type: ignore[attr-defined]
    page.fill("input[name=new_password2]", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url("**/masuk/")  # type: ignore[attr-defined]
    log_in(page, base, username)
    return page


def fill_download(
    page: object, link_text: str, rows: list[list[object]], tmp_path: Path, name: str
) -> Path:
    """Download the template the page offers, type ``rows`` into its Data sheet as a
    user would in Excel, and return the saved file."""
    with page.expect_download() as download_info:  # type: ignore[attr-defined]
        page.get_by_role("link", name=link_text).first.click()  # type: ignore[attr-defined]
    book = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    sheet = book["Data"]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c).value = value
    target = tmp_path / name
    book.save(target)
    return target


def upload_and_confirm(page: object, path: Path, expected: str) -> None:
    page.set_input_files("input[type=file]", str(path))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Periksa").click()  # type: ignore[attr-defined]
    expect(page.locator(".card")).to_contain_text(expected)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Simpan perubahan").click()  # type: ignore[attr-defined]
    expect(page.locator(".alert-success")).to_contain_text("disimpan")  # type: ignore[attr-defined]


def test_a_pemda_sets_itself_up_without_the_django_admin(chromium, empty_site, tmp_path):
    base = empty_site.url  # type: ignore[attr-defined]
    visits = Visits()

    # The platform operator adds the Pemda and its first admin.
    root = new_page(chromium, visits)
    log_in(root, base, "platform")
    root.get_by_role("link", name="Pemerintah daerah", exact=True).click()
    root.fill("#id_code", "kota-contoh")
    root.fill("#id_name", "Kota Contoh")
    root.select_option("#id_kind", "kota")
    root.fill("#id_seat", "Contoh")
    root.fill("#id_head_title", "Wali Kota")
    root.select_option("#id_time_zone", "Asia/Makassar")
    root.fill("#id_admin_username", "admin.contoh")
    root.fill("#id_admin_name", "Ayu Lestari")
    root.get_by_role("button", name="Simpan").click()
    invitation = root.input_value("#invitation-link")
    pemda = Pemda.objects.get(code="kota-contoh")

    # The admin sets a password through the invitation, then adds an agency on screen.
    admin = accept_invitation(chromium, visits, invitation, base, "admin.contoh")
    admin.get_by_role("link", name="Pengaturan", exact=True).click()
    admin.locator("nav[aria-label=Pengaturan]").get_by_role(
        "link", name="Perangkat daerah", exact=True
    ).click()
    admin.get_by_role("link", name="Tambah perangkat daerah").click()
    admin.fill("#id_code", "dinkes")
    admin.fill("#id_name", "Dinas Kesehatan")
    admin.select_option("#id_kind", "dinas")
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator("table")).to_contain_text("Dinas Kesehatan")
    agency = Agency.objects.get(pemda=pemda, code="dinkes")

    # Positions from the Excel template.
    admin.locator("nav[aria-label=Pengaturan]").get_by_role(
        "link", name="Jabatan", exact=True
    ).click()
    admin.get_by_role("link", name="Impor dari Excel").click()
    positions = fill_download(
        admin,
        "templat",
        [
            ["walikota", "Wali Kota Contoh", None, None, None, None],
            ["kadinkes", "Kepala Dinas Kesehatan", "dinkes", None, "II.b", "walikota"],
            ["kabid-p2p", "Kepala Bidang P2P", "dinkes", None, "III.b", "kadinkes"],
        ],
        tmp_path,
        "jabatan.xlsx",
    )
    upload_and_confirm(admin, positions, "Ditambah: 3")
    assert Position.objects.get(pemda=pemda, code="kabid-p2p").superior.code == "kadinkes"

    # An employee (NIP typed with spaces), a holder and two users on screen.
    admin.locator("nav[aria-label=Pengaturan]").get_by_role(
        "link", name="Pegawai", exact=True
    ).click()
    admin.get_by_role("link", name="Tambah pegawai").click()
    admin.fill("#id_code", "rudi")
    admin.fill("#id_name", "dr. Rudi Hartono, M.Kes")
    admin.fill("#id_nip", "19800101 200501 1 001")
    admin.select_option("#id_golongan", "IV/b")
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator("table")).to_contain_text("dr. Rudi Hartono")
    assert Employee.objects.get(pemda=pemda, code="rudi").nip == "198001012005011001"

    admin.locator("nav[aria-label=Pengaturan]").get_by_role(
        "link", name="Pemangku jabatan", exact=True
    ).click()
    admin.get_by_role("link", name="Tambah pemangku jabatan").click()
    admin.fill("#id_year", "2025")
    admin.select_option("#id_position", label="Kepala Dinas Kesehatan")
    admin.select_option("#id_employee", label="dr. Rudi Hartono, M.Kes")
    admin.select_option("#id_kind", "definitif")
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator("table")).to_contain_text("kadinkes")

    links = {}
    for username, role, position in [
        ("operator.dinkes", "operator", None),
        ("pimpinan.dinkes", "pimpinan", "Kepala Dinas Kesehatan"),
    ]:
        admin.locator("nav[aria-label=Pengaturan]").get_by_role(
            "link", name="Pengguna", exact=True
        ).click()
        admin.get_by_role("link", name="Tambah pengguna").click()
        admin.fill("#id_username", username)
        admin.select_option("#id_role", role)
        admin.select_option("#id_agency", label="Dinas Kesehatan")
        if position:
            admin.select_option("#id_position", label=position)
        admin.get_by_role("button", name="Simpan").click()
        admin.get_by_role("button", name="Buat tautan undangan").click()
        links[username] = admin.input_value("#invitation-link")
    screenshot(admin, tmp_path, "pengaturan-pengguna.png")

    # The operator creates the Renstra period and imports Renstra and IKU from Excel.
    operator = accept_invitation(
        chromium, visits, links["operator.dinkes"], base, "operator.dinkes"
    )
    operator.goto(f"{base}/opd/{agency.pk}/renstra/")
    operator.get_by_role("link", name="Renstra periode baru").click()
    operator.fill("#id_start_year", "2025")
    operator.fill("#id_end_year", "2029")
    operator.get_by_role("button", name="Buat Renstra").click()
    renstra_file = fill_download(
        operator,
        "templat",
        [
            [
                1,
                None,
                "Meningkatnya derajat kesehatan masyarakat",
                "Usia harapan hidup",
                "tahun",
                None,
                "Kondisi akhir (nilai terakhir)",
                "72,1",
                72.2,
                72.3,
                72.4,
                72.5,
                72.6,
                72.6,
            ],
            [
                1,
                1,
                "Menurunnya angka kesakitan",
                "Cakupan imunisasi dasar lengkap",
                "%",
                None,
                "Kondisi akhir (nilai terakhir)",
                85,
                87,
                "88,5",
                90,
                92,
                95,
                95,
            ],
        ],
        tmp_path,
        "renstra.xlsx",
    )
    upload_and_confirm(operator, renstra_file, "Ditambah: 4")
    expect(operator.locator("table.table-sakip")).to_contain_text("Cakupan imunisasi dasar lengkap")

    operator.get_by_role("link", name="Impor IKU dari Excel").click()
    iku_file = fill_download(
        operator,
        "templat",
        [
            [
                "Cakupan imunisasi dasar lengkap",
                "Ya",
                "Bayi yang mendapat imunisasi dasar lengkap",
                "Bayi diimunisasi ÷ sasaran bayi × 100%",
                "lengkap / sasaran * 100",
                "lengkap: Bayi diimunisasi lengkap; sasaran: Jumlah sasaran bayi",
                "Semakin tinggi semakin baik",
                None,
                "Non kumulatif (nilai terakhir)",
                "Laporan imunisasi",
                "Bidang P2P",
            ]
        ],
        tmp_path,
        "iku.xlsx",
    )
    upload_and_confirm(operator, iku_file, "Diubah: 1")
    coverage = Indicator.objects.get(agency=agency, name="Cakupan imunisasi dasar lengkap")
    assert coverage.is_iku and coverage.formula == "lengkap / sasaran * 100"

    operator.get_by_role("button", name="Ajukan ke pimpinan").first.click()
    expect(operator.locator(".alert-success")).to_contain_text("diajukan")

    # The agency's pimpinan approves; the Renstra becomes read-only for the operator.
    head = accept_invitation(chromium, visits, links["pimpinan.dinkes"], base, "pimpinan.dinkes")
    head.goto(f"{base}/opd/{agency.pk}/renstra/")
    head.get_by_role("button", name="Setujui Renstra 2025").click()
    expect(head.locator(".alert-success")).to_contain_text("disetujui")
    operator.reload()
    expect(operator.get_by_role("link", name="Impor Renstra dari Excel")).to_have_count(0)
    screenshot(operator, tmp_path, "renstra-disetujui.png")

    # The operator imports this year's Renja (supporting sasaran 1.1) from Excel.
    year = timezone.localdate().year
    operator.get_by_role("link", name=f"Impor Renja {year} dari Excel").click()
    renja_file = fill_download(
        operator,
        "templat",
        [
            [
                "1.02.02",
                "Program Pemenuhan Upaya Kesehatan",
                1,
                1,
                "Cakupan pelayanan kesehatan",
                "%",
                90,
                None,
            ],
            [
                "1.02.02.2.01",
                "Penyediaan Layanan Kesehatan",
                1,
                1,
                "Jumlah layanan",
                "Layanan",
                4,
                None,
            ],
            [
                "1.02.02.2.01.0001",
                "Pengelolaan Pelayanan Kesehatan Ibu dan Anak",
                1,
                1,
                "Jumlah ibu hamil dilayani",
                "Orang",
                120,
                "150.000.000",
            ],
        ],
        tmp_path,
        "renja.xlsx",
    )
    upload_and_confirm(operator, renja_file, "Ditambah: 3")
    expect(operator.locator("body")).to_contain_text("Pengelolaan Pelayanan Kesehatan Ibu dan Anak")
    screenshot(operator, tmp_path, "renja-diimpor.png")

    # A PK 2025 of the Kepala Dinas, drafted by the operator on screen and recorded as
    # signed; its second party, the Wali Kota, is first given a holder by the admin.
    nav = "nav[aria-label=Pengaturan]"
    admin.goto(f"{base}/pengaturan/")
    admin.locator(nav).get_by_role("link", name="Pegawai", exact=True).click()
    admin.get_by_role("link", name="Tambah pegawai").click()
    admin.fill("#id_code", "budi")
    admin.fill("#id_name", "Ir. Budi Santoso")
    admin.fill("#id_nip", "19700505 199503 1 002")
    admin.select_option("#id_golongan", "IV/c")
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator("table")).to_contain_text("Ir. Budi Santoso")
    admin.locator(nav).get_by_role("link", name="Pemangku jabatan", exact=True).click()
    admin.get_by_role("link", name="Tambah pemangku jabatan").click()
    admin.fill("#id_year", "2025")
    admin.select_option("#id_position", label="Wali Kota Contoh")
    admin.select_option("#id_employee", label="Ir. Budi Santoso")
    admin.select_option("#id_kind", "definitif")
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator("table")).to_contain_text("walikota")

    head_position = Position.objects.get(pemda=pemda, code="kadinkes")
    operator.goto(f"{base}/pk/baru/")
    operator.select_option("#id_position", str(head_position.pk))
    operator.fill("#id_year", "2025")
    operator.get_by_role("button", name="Buat konsep").click()
    operator.wait_for_url(lambda url: "/ubah/" in url)
    operator.fill("#id_place", "Kota Contoh")
    operator.fill("#id_date", "2025-01-15")
    operator.select_option("#id_t-0-indicator", str(coverage.pk))
    operator.fill("#id_t-0-target_text", "95%")
    operator.get_by_role("button", name="Simpan konsep", exact=True).click()
    operator.get_by_role("button", name="Catat sudah ditandatangani").click()
    expect(operator.locator(".alert-success")).to_contain_text("sudah ditandatangani")
    screenshot(operator, tmp_path, "pk-ditandatangani.png")
    agreement = Agreement.objects.get(position=head_position, year=2025)
    assert agreement.state == Agreement.State.SIGNED
    assert agreement.first_name == "dr. Rudi Hartono, M.Kes"
    assert agreement.second_name == "Ir. Budi Santoso"

    # TW I realisasi from the quarter's workbook, saved through the measurement checks.
    operator.goto(f"{base}/opd/{agency.pk}/realisasi/{year}/tw/1/")
    operator.get_by_role("link", name="Impor realisasi dari Excel").click()
    with operator.expect_download() as download_info:
        operator.get_by_role("link", name="templat").first.click()
    book = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    sheet = book["Data"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "Kinerja" and row[3].value == "Jumlah ibu hamil dilayani":
            row[6].value = 30
        if row[0].value == "Anggaran" and row[1].value == "1.02.02.2.01.0001":
            row[6].value = "35.000.000"
    realisasi_file = tmp_path / "realisasi.xlsx"
    book.save(realisasi_file)
    upload_and_confirm(operator, realisasi_file, "Ditambah: 2")
    expect(operator.locator("body")).to_contain_text("35.000.000")
    screenshot(operator, tmp_path, "realisasi-diimpor.png")

    assert not [url for url in visits.paths if "/admin/" in url]
