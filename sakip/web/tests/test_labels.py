"""The Django admin speaks Indonesian: every field, foreign keys included, and every
model of every sakip app has an Indonesian label (ENGINEERING.md), not one Django derives
from the English attribute name. (Each app's own admin pages: its test_labels.py.)"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client

from sakip.accounts.models import User

pytestmark = pytest.mark.django_db

#: Every sakip app with models: a new app is covered by being installed.
APPS = [c.label for c in apps.get_app_configs() if c.name.startswith("sakip.")]


def _models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):  # simple_history's copies
                yield model


def test_every_field_has_its_own_label():
    assert {"agreements", "measurement", "organisation", "web"} <= set(APPS)
    derived = []
    for model in _models():
        for field in model._meta.get_fields():
            if field.auto_created or not getattr(field, "concrete", False):
                continue
            if model is User and field.model is not User:
                continue  # Django's own user fields, translated by Django
            if field.verbose_name == field.name.replace("_", " ") and field.name != "eselon":
                derived.append(f"{model.__name__}.{field.name}")
    assert derived == []


def test_every_model_has_its_own_names():
    for model in _models():
        assert "verbose_name" in model._meta.original_attrs, model
        assert "verbose_name_plural" in model._meta.original_attrs, model


def test_the_admin_form_of_a_position_holding_reads_in_indonesian():
    client = Client()
    client.force_login(User.objects.get(username="admin.sistem"))
    page = client.get("/admin/organisation/positionholding/add/").content.decode()
    for label in ["Jabatan:", "Pegawai:", "Tahun:"]:
        assert label in page
    for english in ["Position:", "Employee:"]:
        assert english not in page
    page = client.get("/admin/planning/indicator/add/").content.decode()
    assert "Perangkat daerah:" in page and "Program/kegiatan/sub kegiatan:" in page
    assert "Program item:" not in page and "Agency:" not in page
