"""Test helpers for the second factor: codes computed from a device's key, as an
authenticator app would."""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sakip.accounts import second_factor
from sakip.accounts.models import User

PASSWORD = "Kata-sandi-uji-2024!"


def totp_code(device: TOTPDevice, offset_steps: int = 0) -> str:
    """The code the app shows now (``offset_steps`` later or earlier)."""
    device.refresh_from_db()
    # Moving t0 back by n steps is the clock moving forward by n steps.
    t0 = device.t0 - offset_steps * device.step
    return str(totp(device.bin_key, device.step, t0, device.digits, device.drift)).zfill(
        device.digits
    )


def enrolled(user: User) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator and fresh recovery codes for ``user``."""
    device = TOTPDevice.objects.create(user=user, name=second_factor.TOTP_NAME, confirmed=True)
    return device, second_factor.new_recovery_codes(user)
