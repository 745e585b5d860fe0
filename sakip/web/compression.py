"""Pages compressed for the browser (issue 14: the realisasi sheet weighs ~320 KB of
HTML for a hundred rows, which an operator on a regency office's line waits for at the
deadline; compressed it is ~21 KB).

Django's GZipMiddleware, for text only: a PDF, a spreadsheet, a Word file, an image or
an uploaded bukti dukung is compressed already (or gains nothing), and compressing it
again would only cost the server CPU. Django's middleware, not the reverse proxy's
gzip, because Django's pads each compressed answer with random bytes ("Heal The
Breach"), which keeps a page's secrets (its CSRF token) from being guessed from the
compressed size (BREACH); the proxy is told not to compress (docs/deployment.md)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

#: What is compressed: markup, text and data the pages and the API answer with.
TEXT_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(TEXT_TYPES):
            return response
        return super().process_response(request, response)  # type: ignore[no-any-return]
