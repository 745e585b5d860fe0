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


def test_requests_move_the_session_end_a_working_day_ahead_once_a_minute(login, monkeypatch):
    from django.contrib.sessions.models import Session

    from sakip.accounts import middleware

    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    now = [1_800_000_000]
    monkeypatch.setattr(middleware, "_seconds", lambda: now[0])
    client = login("operator_a")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def end():
        return Session.objects.get(session_key=key).expire_date

    # The login wrote the session, its end a working day ahead; within the minute,
    # requests do not write it again: its end stands.
    moved = end()
    for seconds in (0, 59):
        now[0] += seconds
        later = client.get(reverse("home"))
        assert later.status_code == 200
        assert settings.SESSION_COOKIE_NAME not in later.cookies
        assert end() == moved
    # A minute on: the end moves on again, in the database and in the cookie.
    now[0] += 1
    again = client.get(reverse("home"))
    assert int(again.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == 8 * 3600
    assert end() > moved


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
