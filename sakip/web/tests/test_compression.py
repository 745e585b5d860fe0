"""Pages reach the browser compressed (sakip/web/compression.py); files do not."""

from __future__ import annotations

import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from sakip.web.compression import TextGZipMiddleware

pytestmark = pytest.mark.django_db

PAGE = "<table>" + "<tr><td>Realisasi triwulan</td><td>1.250,5</td></tr>" * 400 + "</table>"


def _answer(content: bytes, content_type: str, accept: str = "gzip, deflate, br"):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=accept)
    middleware = TextGZipMiddleware(lambda r: HttpResponse(content, content_type=content_type))
    return middleware(request)


def test_a_page_is_compressed_for_a_browser_that_accepts_it_and_reads_back_the_same():
    response = _answer(PAGE.encode(), "text/html; charset=utf-8")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert len(response.content) < len(PAGE) / 10
    assert gzip.decompress(response.content).decode() == PAGE


def test_the_same_page_compresses_to_different_sizes_against_breach():
    # Django pads each compressed answer with random bytes ("Heal The Breach"): the size
    # of the page with its CSRF token does not tell the token.
    sizes = {len(_answer(PAGE.encode(), "text/html").content) for _ in range(20)}
    assert len(sizes) > 1


def test_a_browser_that_does_not_accept_gzip_gets_the_page_as_it_is():
    response = _answer(PAGE.encode(), "text/html", accept="identity")
    assert not response.has_header("Content-Encoding")
    assert response.content.decode() == PAGE


@pytest.mark.parametrize(
    "content_type",
    [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "image/png",
    ],
)
def test_a_file_is_sent_as_it_is(content_type):
    body = b"%PDF-1.7 " + b"0" * 5000  # compressible, yet a file: left alone
    response = _answer(body, content_type)
    assert not response.has_header("Content-Encoding")
    assert response.content == body


def test_a_page_reaches_the_browser_compressed_through_the_whole_stack(client):
    # Every middleware of the settings, the login page as any browser asks for it.
    response = client.get("/masuk/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "<form" in gzip.decompress(response.content).decode()
