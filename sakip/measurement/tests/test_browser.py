"""A whole quarter in a real browser (Debian's Chromium through Playwright): the
operator enters realisasi with evidence and submits, the verifikator returns it with
a note, the operator fixes and resubmits, the verifikator approves, and the quarter
is locked for the operator.

Browser tests run on a committed (transactional) database, which is emptied when
each test ends: the demo data is loaded here when missing, and put back for the tests
that follow (``demo_restored_after``). Set SAKIP_SCREENSHOT_DIR to keep screenshots."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sakip.accounts.tests.helpers import totp_code
from sakip.browser_testing import MARKS, live_server, screenshot, start_chromium
from sakip.measurement.sheet import load_sheet
from sakip.measurement.tests.helpers import PDF_BYTES, ensure_demo
from sakip.organisation.models import Agency
from sakip.web.demo import DEMO_PASSWORD

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

TIMEOUT_MS = 15_000

pytestmark = [*MARKS, pytest.mark.usefixtures("demo_restored_after")]


@pytest.fixture
def server(transactional_db: None, settings: pytest.FixtureRequest) -> Iterator[object]:
    with live_server(settings) as live:
        yield live


@pytest.fixture
def debian_chromium(quarter: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    # Depends on ``quarter`` (and so on ``server``): the data is prepared before the
    # browser starts, and the browser closes (dropping its keep-alive connections)
    # before the server stops.
    with start_chromium(monkeypatch) as browser:
        yield browser


@pytest.fixture
def quarter(server) -> dict[str, object]:
    """Kesbangpol Paser, 2024 TW I: the demo's Renja 2024 (built from the 2024 PKs)
    gives the quarter its budget lines."""
    ensure_demo()
    agency = Agency.objects.get(pemda__code="paser", code="kesbangpol")
    sheet = load_sheet(agency, 2024, 1)
    row = next(
        r
        for r in sheet.program_rows
        if r.combine == "sum" and r.target.value and r.level == "subkegiatan"
    )
    line = sheet.rp_rows[0]
    return {
        "url": server.url + reverse("measurement_quarter", args=[agency.pk, 2024, 1]),
        "login": server.url + reverse("login"),
        "k": f"#k-{row.indicator.pk}",
        "rp": f"#rp-{line.item.pk}",
        # A hundred times its target: far beyond it, a warning of the checks.
        "far": str(int(row.target.value * 100)),
        "warnings": lambda: load_sheet(agency, 2024, 1).summary().warnings,
        "totals": (len(sheet.k_rows), len(sheet.rp_rows)),
    }


def open_as(browser, quarter, username: str):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="id-ID")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(quarter["login"])
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    if "/masuk/daftar-2fa/" in page.url:  # a role that must enrol a second factor
        complete_enrolment(page, username)
    page.wait_for_url(lambda url: "/masuk/" not in url)
    page.goto(quarter["url"])
    return page


def complete_enrolment(page, username: str) -> None:
    """Type the first code of the authenticator the enrolment page just made, as the
    user's phone would show it (sakip.accounts: the verifikator's role requires one)."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    page.fill("input[name=code]", totp_code(device))
    page.click("button[type=submit]")
    expect(page.locator("#recovery-codes li")).to_have_count(10)


def enter(page, row: str, value: str) -> None:
    field = page.locator(f"{row} input.mx-value")
    field.fill(value)
    field.press("Enter")
    expect(page.locator(f"{row} .mx-msg-ok")).to_have_text("Tersimpan.")


def test_a_quarter_is_entered_submitted_returned_fixed_approved_and_locked(
    debian_chromium, quarter, tmp_path
):
    browser = debian_chromium
    k, rp = quarter["k"], quarter["rp"]
    operator = open_as(browser, quarter, "operator.kesbangpol")
    expect(operator.locator("#quarter-state")).to_have_text("Terbuka")

    # As the figure is typed, the realisasi to date and the capaian follow, unsaved.
    operator.locator(f"{k} input.mx-value").fill("1")
    expect(operator.locator(f"{k}-ach")).to_contain_text("%")
    expect(operator.locator(k)).to_have_class(re.compile(r"\bmx-dirty\b"))  # not saved yet
    operator.locator(f"{k} input.mx-value").press("Enter")
    expect(operator.locator(f"{k} .mx-msg-ok")).to_have_text("Tersimpan.")
    expect(operator.locator("#progress")).to_contain_text(re.compile(r"1/\d+ indikator"))
    # The list of figures still blank follows: the saved one leaves it, the count drops.
    k_total, rp_total = quarter["totals"]
    expect(operator.locator(f"#blank-figures li[data-row='{k[1:]}']")).to_be_hidden()
    expect(operator.locator("#blank-count")).to_have_text(
        f"{k_total - 1} indikator dan {rp_total} sub kegiatan belum diisi"
    )

    operator.locator(f"{k} input[type=file]").set_input_files(
        files=[{"name": "laporan-tw1.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    expect(operator.locator(f"{k} .mx-file a")).to_contain_text("laporan-tw1.pdf")

    amount = operator.locator(f"{rp} input.mx-value")
    amount.fill("1.250.000")
    expect(operator.locator(f"{rp}-upto")).to_have_text("Rp1.250.000")
    amount.press("Enter")
    expect(operator.locator(f"{rp} .mx-msg-ok")).to_have_text("Tersimpan.")
    expect(operator.locator(f"{rp} input.mx-value")).to_have_value("1.250.000")

    expect(operator.locator("#progress")).to_contain_text(re.compile(r"1/\d+ anggaran"))

    # A figure far beyond its target: the counter (the sum of the rows' tallies, kept by
    # measurement.js from each save's answer) counts the warning; back within the
    # target, the warning goes from the counter too.
    warnings = operator.locator("#progress-warnings")
    before = quarter["warnings"]()
    enter(operator, k, quarter["far"])
    expect(warnings).to_be_visible()
    expect(warnings.locator(".mx-count")).to_have_text(str(before + 1))
    enter(operator, k, "1")
    if before:
        expect(warnings.locator(".mx-count")).to_have_text(str(before))
    else:
        expect(warnings).to_be_hidden()

    operator.locator(k).scroll_into_view_if_needed()
    screenshot(operator, tmp_path, "realisasi-entry.png")
    # Most figures are still blank: without the confirmation nothing is submitted and
    # the message says how many and which.
    operator.click("#submit-quarter")
    expect(operator.locator("#quarter-state")).to_have_text("Terbuka")
    expect(operator.locator(".alert-danger").first).to_contain_text("belum diisi")
    screenshot(operator, tmp_path, "realisasi-blank.png")
    operator.check("#confirm-blank")
    operator.click("#submit-quarter")
    expect(operator.locator("#quarter-state")).to_have_text("Diajukan")
    expect(operator.locator(f"{k} input.mx-value")).to_have_count(0)

    verifikator = open_as(browser, quarter, "verifikator.paser")
    verifikator.fill("#return-note", "Bukti dukung anggaran belum dilampirkan.")
    verifikator.click("#return-quarter")
    expect(verifikator.locator("#quarter-state")).to_have_text("Dikembalikan")

    operator.reload()
    expect(operator.locator("#review-note")).to_contain_text(
        "Bukti dukung anggaran belum dilampirkan."
    )
    operator.locator(f"{rp} input[type=file]").set_input_files(
        files=[{"name": "sp2d.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    expect(operator.locator(f"{rp} .mx-file a")).to_contain_text("sp2d.pdf")
    enter(operator, k, "2")
    operator.check("#confirm-blank")
    operator.click("#submit-quarter")
    expect(operator.locator("#quarter-state")).to_have_text("Diajukan")

    verifikator.reload()
    verifikator.click("#approve-quarter")
    expect(verifikator.locator("#quarter-state")).to_have_text("Disetujui (terkunci)")

    operator.reload()
    expect(operator.locator("#quarter-state")).to_have_text("Disetujui (terkunci)")
    expect(operator.locator("input.mx-value")).to_have_count(0)
    expect(operator.locator("input[type=file]")).to_have_count(0)
    expect(operator.locator("#entry-block")).to_contain_text("terkunci")
    expect(operator.locator(f"{k} .mx-readonly")).to_have_text("2")
    screenshot(operator, tmp_path, "realisasi-locked.png")


def test_a_failed_save_says_so_in_the_row_and_keeps_the_typed_figure(debian_chromium, quarter):
    k = quarter["k"]
    page = open_as(debian_chromium, quarter, "operator.kesbangpol")
    figure = page.locator(f"{k} input.mx-value")

    # The server fails: the row says the figure is not saved, the figure stays.
    page.route("**/k/*/", lambda route: route.fulfill(status=500, body="kesalahan"))
    figure.fill("4")
    figure.press("Enter")
    expect(page.locator(f"{k} .mx-msg-failed")).to_contain_text("kode 500")
    expect(figure).to_have_value("4")
    # The figures worked out as "4" was typed answer after the failure (a quarter
    # of a second later): the row shows them, and still says the save failed.
    expect(page.locator(f"{k}-upto")).to_have_text("4")
    expect(page.locator(f"{k} .mx-msg-failed")).to_contain_text("kode 500")
    page.unroute("**/k/*/")

    # The session ends (logged out elsewhere): 401, not the login form in the row.
    # Ended on the server as well as in the browser: the session is saved when a
    # request moves its end on (accounts.middleware.refresh_idle_session), and a
    # response still on its way could set the session cookie again after the
    # browser's cookies are cleared.
    Session.objects.all().delete()
    page.context.clear_cookies()
    figure.fill("5")
    figure.press("Enter")
    expect(page.locator(f"{k} .mx-msg-failed")).to_contain_text("Sesi Anda sudah berakhir")
    expect(page.locator(f"{k} .mx-msg-failed a")).to_have_attribute("href", re.compile("/masuk/"))
    expect(figure).to_have_value("5")
    expect(page.locator(f"{k} input[name=username]")).to_have_count(0)

    # Logged in again in another tab (a new CSRF token): saving the kept figure works.
    other = page.context.new_page()
    other.goto(quarter["login"])
    other.fill("input[name=username]", "operator.kesbangpol")
    other.fill("input[name=password]", DEMO_PASSWORD)
    other.click("button[type=submit]")
    other.wait_for_url(lambda url: "/masuk/" not in url)
    figure.press("Enter")
    expect(page.locator(f"{k} .mx-msg-ok")).to_have_text("Tersimpan.")
    expect(figure).to_have_value("5")
