"""The per-account half of login throttling (the per-address half is django-axes,
configured in settings: failures counted by client address whatever the username).

A 30-minute lockout by username lets anyone lock a user out by typing five wrong
passwords. Here an account only slows down: after a few free failures each further
attempt must wait 1, 2, 4 … seconds (capped) after the previous failure, which makes
guessing one account's password slow without making the account unusable. And the
browser a user has logged in from before carries a signed cookie naming the account
(OWASP's "device cookie"): from that browser the account's delay does not apply, so
a third party hammering the account does not keep its owner out at all."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sakip.accounts.models import LoginFailures

DEVICE_COOKIE = "sakip_perangkat"
_DEVICE_SALT = "sakip.accounts.throttle.device"
DEVICE_COOKIE_DAYS = 180


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def delay_after(failures: int) -> int:
    """Seconds an account must wait after its latest failure, given how many."""
    free = settings.SAKIP_LOGIN_FREE_FAILURES
    if failures < free:
        return 0
    return int(min(2 ** (failures - free), settings.SAKIP_LOGIN_MAX_DELAY_SECONDS))


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.SAKIP_LOGIN_FAILURE_WINDOW_MINUTES)


def trusted_device(request: HttpRequest, username: str) -> bool:
    """Whether this browser has logged in as ``username`` before (signed cookie)."""
    try:
        named = request.get_signed_cookie(
            DEVICE_COOKIE, salt=_DEVICE_SALT, max_age=DEVICE_COOKIE_DAYS * 86400
        )
    except (KeyError, signing.BadSignature):
        return False
    return bool(named) and named == _key(username)


def mark_trusted_device(response: HttpResponse, username: str) -> None:
    response.set_signed_cookie(
        DEVICE_COOKIE,
        _key(username),
        salt=_DEVICE_SALT,
        max_age=DEVICE_COOKIE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def wait_seconds(request: HttpRequest, username: str) -> int:
    """How long this attempt must wait before the password is even checked; 0: go on."""
    if trusted_device(request, username):
        return 0
    record = LoginFailures.objects.filter(username=_key(username)).first()
    if record is None:
        return 0
    now = timezone.now()
    if now - record.last_failure_at > _window():
        return 0
    ready_at = record.last_failure_at + datetime.timedelta(seconds=delay_after(record.count))
    return max(0, int((ready_at - now).total_seconds() + 0.999))


def record_failure(username: str) -> None:
    key = _key(username)
    if not key:
        return
    now = timezone.now()
    with transaction.atomic():
        LoginFailures.objects.filter(last_failure_at__lt=now - _window()).delete()
        updated = LoginFailures.objects.filter(username=key).update(
            count=F("count") + 1, last_failure_at=now
        )
        if not updated:
            LoginFailures.objects.get_or_create(
                username=key, defaults={"count": 1, "last_failure_at": now}
            )


def clear(username: str) -> None:
    LoginFailures.objects.filter(username=_key(username)).delete()
