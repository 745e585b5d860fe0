"""An htmx request without a session gets 401 and the login page's address, not the
login form swapped into the row; a plain request is still redirected to the login."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_htmx_save_without_a_session_gets_401_with_the_login_address():
    response = Client().post(
        "/opd/1/realisasi/2024/tw/1/k/1/",
        {"value": "3"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/opd/1/realisasi/2024/tw/1/",
    )
    assert response.status_code == 401
    assert "Sesi Anda sudah berakhir" in response.content.decode()
    assert response["X-Login-URL"].startswith("/masuk/?next=")
    assert "realisasi" in response["X-Login-URL"]


def test_a_plain_request_without_a_session_is_still_redirected_to_the_login():
    response = Client().get("/opd/1/realisasi/2024/tw/1/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/?next=")
