"""Response headers for logged-in pages; the session's idle end moved on."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse


def no_store_when_logged_in(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """``Cache-Control: no-store`` on every response to a logged-in user: a shared
    office computer's browser cache or a proxy must not keep a Pemda's figures (or a
    page of recovery codes) after the user has left."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response

    return middleware


#: How often, at most, a request moves the session's end on: the idle time
#: (SESSION_COOKIE_AGE, SAKIP_SESSION_IDLE_HOURS) is kept to the minute.
SESSION_REFRESH_SECONDS = 60
REFRESHED_KEY = "_sakip_refreshed"


def _seconds() -> int:
    return int(time.time())


def refresh_idle_session(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """A session ends after SESSION_COOKIE_AGE without a request, so each request moves
    its end on. Django's SESSION_SAVE_EVERY_REQUEST does that by writing the session's
    row on every request: a second transaction for every figure an operator saves at
    the deadline. Here the row is written when the request changed the session anyway,
    or when its end was last moved on more than SESSION_REFRESH_SECONDS ago (then the
    session's cookie is sent again with its new end, by Django's SessionMiddleware,
    which runs around this one)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = _seconds()
        last = session.get(REFRESHED_KEY)
        if session.modified or not isinstance(last, int) or now - last >= SESSION_REFRESH_SECONDS:
            session[REFRESHED_KEY] = now
        return response

    return middleware


@receiver(user_logged_in)
def session_end_set_at_login(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """A login writes the new session with its end a full idle time ahead: the requests
    of the next minute need not write it again."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_KEY] = _seconds()
