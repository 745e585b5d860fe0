"""Settings: strict parsing, safe demo defaults, and a production that refuses to start
unsafely (ENGINEERING.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]


def start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "SAKIP_ENV", "DATABASE_URL"}
    }
    return subprocess.run(  # fixed interpreter and arguments
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "sakip.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_with_debug_on():
    result = start(
        {
            "SAKIP_ENV": "production",
            "DEBUG": "true",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "e.go.id",
        }
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_refuses_to_start_with_the_demo_secret():
    result = start({"SAKIP_ENV": "production", "DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_its_own_secret_and_debug_off():
    result = start(
        {
            "SAKIP_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": "k" * 50,
            "ALLOWED_HOSTS": "e.go.id",
        }
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_a_malformed_boolean_stops_the_start():
    result = start({"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_csrf_protection_is_on():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_a_post_without_csrf_token_is_refused(paser):
    from django.test import Client

    from sakip.accounts.models import User

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="admin.paser"))
    assert client.post(reverse("policy"), {"decimals": 3}).status_code == 403


@pytest.mark.django_db
def test_pages_send_a_content_security_policy(login):
    response = login("operator_a").get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
