"""Login required, also for htmx.

Django's LoginRequiredMiddleware answers an anonymous request with a redirect to the
login page. An htmx request (a figure saved in place) follows that redirect inside the
XHR and swaps the login form into the table row: the typed figure is gone and nothing
says why. An htmx request gets 401 instead, with the login page's address in
``X-Login-URL``; htmx leaves the page alone on an error status, and measurement.js
shows the message in the row and keeps what was typed. Not ``HX-Redirect``: htmx
would leave the page at once, and the typed figure with it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

SESSION_ENDED = (
    "Sesi Anda sudah berakhir; isian belum disimpan. Yang Anda ketik tetap di halaman ini: "
    "masuk lagi (di tab baru), lalu simpan sekali lagi."
)


class LoginRequiredMiddleware(DjangoLoginRequired):
    def handle_no_permission(self, request: HttpRequest, view_func: Any) -> HttpResponse:
        if request.headers.get("HX-Request") == "true":
            login = redirect_to_login(
                request.headers.get("HX-Current-URL") or request.get_full_path(),
                resolve_url(settings.LOGIN_URL),
            )["Location"]
            response = HttpResponse(SESSION_ENDED, status=401, content_type="text/plain")
            response["X-Login-URL"] = login
            return response
        return super().handle_no_permission(request, view_func)
