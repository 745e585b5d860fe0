"""The second factor (django-otp): a TOTP device from an authenticator app, and
recovery codes (a static device) for when the phone is lost."""

from __future__ import annotations

from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sakip.accounts.models import User

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "Aplikasi autentikator"
RECOVERY_NAME = "Kode pemulihan"


def has_second_factor(user: User) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def pending_totp(user: User) -> TOTPDevice:
    """The device being enrolled: unconfirmed until the user types its first code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG QR code, drawn on the server
    (segno): the secret never leaves for a third-party QR service."""
    import segno

    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#1f2937")
    return mark_safe(svg)  # segno's own markup: the address is drawn as modules, not text


def base32_key(device: TOTPDevice) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def confirm_totp(user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the enrolment with the first code; the new recovery codes, or None when
    the code is wrong. Any older authenticator device of the user is replaced."""
    if not device.verify_token(normalise(code)):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    """Fresh recovery codes, replacing any the user had; shown once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def remove_all(user: User) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def normalise(code: str) -> str:
    return "".join((code or "").split()).lower()


def verify(user: User, code: str) -> tuple[Device | None, str]:
    """The confirmed device the code belongs to (TOTP or a recovery code, which is used
    up), or None with the reason in Indonesian. Each device throttles its own wrong
    codes (1, 2, 4 … seconds), so codes cannot be guessed at speed."""
    token = normalise(code)
    if not token:
        return None, "Masukkan kode dari aplikasi autentikator atau satu kode pemulihan."
    # Six digits go to the authenticator, anything else to the recovery codes, so a
    # recovery code does not count as a wrong authenticator code (and vice versa).
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    throttled = False
    for device in kind.objects.filter(user=user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        if device.verify_token(token):
            return device, ""
    if throttled:
        return None, "Terlalu banyak kode salah. Tunggu beberapa detik, lalu coba lagi."
    return None, "Kode tidak cocok. Periksa jam ponsel Anda atau gunakan kode pemulihan."


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
