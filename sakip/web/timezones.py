"""Each Pemda's own time zone for its users' requests.

Indonesia has three time zones (WIB, WITA, WIT). "Today" decides whether a quarter's
entry window is open and whether a PK is overdue, and history times are read by the
clock on the office wall: a user of Kabupaten Paser (WITA) must not get Jakarta's date
an hour after midnight. The zone is read once at login and kept in the session, so
requests do not pay a query for it; a change of the Pemda's zone applies from the
user's next login.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SESSION_KEY = "sakip_time_zone"


@receiver(user_logged_in)
def remember_time_zone(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    pemda = getattr(user, "pemda", None)
    if pemda is not None and pemda.time_zone:
        request.session[SESSION_KEY] = pemda.time_zone
    else:
        request.session.pop(SESSION_KEY, None)


class PemdaTimeZoneMiddleware:
    """Activates the logged-in user's Pemda time zone for the request (settings'
    TIME_ZONE otherwise)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        try:
            zone = zoneinfo.ZoneInfo(name) if name else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = None
        if zone is None:
            timezone.deactivate()
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)
