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


def start(env: dict[str, str], code: str = "print('started')") -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "SAKIP_ENV", "DATABASE_URL"}
    }
    return subprocess.run(  # noqa: S603 - fixed interpreter; code from the tests only
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
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


def test_production_refuses_a_secret_key_shorter_than_fifty_characters():
    result = start({"SAKIP_ENV": "production", "SECRET_KEY": "k" * 49, "ALLOWED_HOSTS": "e.go.id"})
    assert result.returncode != 0
    assert "SECRET_KEY of at least 50 characters" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("AXES_FAILURE_LIMIT", "lima", "AXES_FAILURE_LIMIT must be a whole number, got 'lima'"),
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT must be at least 1, got 0"),
        ("DB_CONN_MAX_AGE", "1.5", "DB_CONN_MAX_AGE must be a whole number, got '1.5'"),
        ("SAKIP_EVIDENCE_MAX_BYTES", "10MB", "SAKIP_EVIDENCE_MAX_BYTES must be a whole number"),
        ("SAKIP_STORAGE", "ftp", "SAKIP_STORAGE must be filesystem or s3"),
        ("SAKIP_STORAGE", "s3", "SAKIP_STORAGE=s3 needs SAKIP_S3_BUCKET"),
        ("SAKIP_LOG_FORMAT", "xml", "SAKIP_LOG_FORMAT must be json or text"),
        ("SAKIP_CACHE", "redis", "SAKIP_CACHE must be database or memory"),
    ],
)
def test_a_malformed_setting_stops_the_start_naming_the_variable(name, value, message):
    result = start({name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_keeps_database_connections_open_between_requests():
    code = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    env = {"SAKIP_ENV": "production", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "e.go.id"}
    assert start(env, code).stdout.split() == ["60"]
    assert start({**env, "DB_CONN_MAX_AGE": "0"}, code).stdout.split() == ["0"]
    assert start({}, code).stdout.split() == ["0"]


def test_production_shares_its_cache_between_app_servers_through_the_database():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {"SAKIP_ENV": "production", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "e.go.id"}
    assert start(env, code).stdout.split() == ["django.core.cache.backends.db.DatabaseCache"]
    memory = "django.core.cache.backends.locmem.LocMemCache"
    assert start({**env, "SAKIP_CACHE": "memory"}, code).stdout.split() == [memory]
    assert start({}, code).stdout.split() == [memory]


def test_evidence_goes_to_s3_compatible_object_storage_when_configured():
    code = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl)"
    )
    result = start(
        {
            "SAKIP_STORAGE": "s3",
            "SAKIP_S3_BUCKET": "bukti-paser",
            "SAKIP_S3_ACCESS_KEY": "akses",
            "SAKIP_S3_SECRET_KEY": "rahasia",
            "SAKIP_S3_ENDPOINT_URL": "https://minio.paser.go.id",
        },
        code,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "bukti-paser",
        "https://minio.paser.go.id",
        "None",
    ]


def test_a_fresh_clone_creates_var_and_opens_sqlite_in_wal_mode_with_a_busy_timeout(tmp_path):
    var = tmp_path / "var-baru"
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    result = start({"SAKIP_VAR_DIR": str(var)}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000"]
    assert (var / "sakip.sqlite3").exists()


def test_production_logs_are_one_json_object_a_line():
    import json
    import logging

    from sakip.logs import JsonFormatter

    record = logging.LogRecord(
        "sakip.uji", logging.ERROR, __file__, 1, "gagal %s", ("simpan",), None
    )
    record.agency = 7
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "ERROR" and entry["logger"] == "sakip.uji"
    assert entry["message"] == "gagal simpan" and entry["agency"] == 7
    assert entry["time"].endswith("+00:00")
