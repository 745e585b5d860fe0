"""Accounts in a real browser (Debian's Chromium through Playwright): a verifikator
enrols an authenticator on first login and keeps the recovery codes, logs in with a
code and with a recovery code, changes the password, and resets a forgotten one by
e-mail. TOTP codes are computed here from the device's key, as the phone would.

Browser tests run on a committed database, emptied when each test ends: the demo
data is put back afterwards (see sakip/measurement/tests/test_browser.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sakip.accounts.models import Role, User
from sakip.accounts.tests.helpers import PASSWORD, totp_code
from sakip.browser_testing import MARKS, live_server, screenshot, start_chromium
from sakip.measurement.tests.helpers import ensure_demo
from sakip.organisation.models import Pemda

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

TIMEOUT_MS = 15_000
NEW_PASSWORD = "Sandi-Baru-Paser-77"
RESET_PASSWORD = "Sandi-Ketiga-Paser-99"

pytestmark = [*MARKS, pytest.mark.usefixtures("demo_restored_after")]


@pytest.fixture
def server(transactional_db: None, settings) -> Iterator[object]:
    with live_server(settings) as live:
        yield live


@pytest.fixture
def browser(server, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    with start_chromium(monkeypatch) as started:
        yield started


def password_step(page, base: str, password: str) -> None:
    page.goto(base + reverse("login"))
    page.fill("input[name=username]", "uji.verifikator")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def second_step(page, code: str) -> None:
    expect(page.locator("h1")).to_have_text("Verifikasi dua langkah")
    page.fill("input[name=code]", code)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/masuk/" not in url)
    expect(page.locator("#my-account")).to_be_visible()


def log_out(page) -> None:
    page.click("nav button:has-text('Keluar')")
    page.wait_for_url(lambda url: "/masuk/" in url)


def test_enrol_log_in_with_codes_change_and_reset_the_password(server, browser, tmp_path):
    ensure_demo()
    User.objects.create_user(
        "uji.verifikator",
        password=PASSWORD,
        email="verifikator@paser.go.id",
        role=Role.VERIFIKATOR,
        pemda=Pemda.objects.get(code="paser"),
    )
    base = server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()

    # First login: the password opens the enrolment, not the application.
    password_step(page, base, PASSWORD)
    expect(page.locator("h1")).to_have_text("Aktifkan verifikasi dua langkah")
    expect(page.locator("#totp-qr svg")).to_be_visible()
    screenshot(page, tmp_path, "2fa-enrol.png")
    page.goto(base + reverse("home"))
    assert "/masuk/" in page.url  # nothing opens before the code
    page.goto(base + reverse("login_enrol"))
    device = TOTPDevice.objects.get(user__username="uji.verifikator", confirmed=False)
    shown_key = page.locator("#totp-key").inner_text().replace(" ", "")
    from base64 import b32encode

    assert shown_key == b32encode(device.bin_key).decode()
    page.fill("input[name=code]", totp_code(device))
    page.click("button[type=submit]")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    screenshot(page, tmp_path, "2fa-recovery-codes.png")
    page.click("text=Saya sudah menyimpannya")
    expect(page.locator("#my-account")).to_be_visible()
    log_out(page)

    # Login with the authenticator's code (the next one: each code works once).
    password_step(page, base, PASSWORD)
    screenshot(page, tmp_path, "2fa-code.png")
    second_step(page, totp_code(device, offset_steps=1))
    log_out(page)

    # Login with a recovery code instead; it is used up.
    password_step(page, base, PASSWORD)
    second_step(page, codes[0])
    page.goto(base + reverse("account"))
    expect(page.locator("#second-factor-state")).to_contain_text("Sisa kode pemulihan: 9")

    # Change the own password.
    page.click("#change-password")
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Kata sandi Anda sudah diganti")
    log_out(page)
    password_step(page, base, PASSWORD)
    expect(page.locator("#login-error")).to_contain_text("salah")
    password_step(page, base, NEW_PASSWORD)
    second_step(page, codes[1])
    log_out(page)

    # Forgotten password: a link by e-mail, a new password, and the code still asked.
    page.click("#forgot-password")
    page.fill("input[name=email]", "verifikator@paser.go.id")
    page.click("button[type=submit]")
    expect(page.locator("#reset-sent")).to_be_visible()
    link = re.search(r"http://\S+/masuk/atur-ulang/\S+/", mail.outbox[-1].body)[0]
    page.goto(link.replace("http://testserver", base))
    page.fill("input[name=new_password1]", RESET_PASSWORD)
    page.fill("input[name=new_password2]", RESET_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#reset-complete")).to_be_visible()
    password_step(page, base, RESET_PASSWORD)
    second_step(page, codes[2])
    context.close()
