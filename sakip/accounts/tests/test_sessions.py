"""Sessions end after a working day without a request; logged-in pages are not kept in
caches; production refuses to start without login throttling."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from sakip.web.tests.test_settings import start

pytestmark = pytest.mark.django_db


def test_a_logged_in_page_is_not_stored(login):
    response = login("operator_a").get(reverse("home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_each_request_moves_the_session_end_a_working_day_ahead(login):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client = login("operator_a")
    first = client.get(reverse("home"))
    later = client.get(reverse("home"))
    for response in (first, later):
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert int(cookie["max-age"]) == 8 * 3600


def test_production_refuses_to_start_with_login_throttling_off():
    result = start(
        {
            "SAKIP_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": "k" * 50,
            "ALLOWED_HOSTS": "e.go.id",
            "AXES_ENABLED": "false",
        }
    )
    assert result.returncode != 0
    assert "login throttling" in result.stderr
