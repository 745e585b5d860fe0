"""/sehat/: 200 when the database answers and every migration is applied, 503 with the
reason otherwise; no login needed, nothing about any Pemda told."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_without_login():
    response = Client().get("/sehat/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_an_unreachable_database_answers_503(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("sakip.web.health.connection.cursor", refuse)
    response = Client().get("/sehat/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "tidak dapat dihubungi: OperationalError",
    }
