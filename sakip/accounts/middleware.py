"""Response headers for logged-in pages."""

from __future__ import annotations

from collections.abc import Callable

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
