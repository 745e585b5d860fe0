"""The measurement records read in Indonesian in the Django admin: every field, foreign
keys included, and every model has its own Indonesian label (ENGINEERING.md)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from sakip.accounts.models import User

pytestmark = pytest.mark.django_db


def _models():
    for model in apps.get_app_config("measurement").get_models():
        if not model.__name__.startswith("Historical"):  # simple_history's copies
            yield model


def test_every_measurement_field_has_its_own_label():
    derived = [
        f"{model.__name__}.{field.name}"
        for model in _models()
        for field in model._meta.get_fields()
        if not field.auto_created
        and getattr(field, "concrete", False)
        and field.verbose_name == field.name.replace("_", " ")
    ]
    assert derived == []


def test_every_measurement_model_has_its_own_names():
    for model in _models():
        assert "verbose_name" in model._meta.original_attrs, model
        assert "verbose_name_plural" in model._meta.original_attrs, model


def test_the_admin_list_of_realisasi_reads_in_indonesian(kesbangpol):
    from sakip.measurement import actions
    from sakip.measurement.tests.helpers import indicator_of, upload

    actions.add_evidence(
        User.objects.get(username="operator.kesbangpol"),
        kesbangpol,
        2023,
        1,
        indicator_id=indicator_of(kesbangpol, "8.01.01.2.01.01").pk,
        upload=upload(),
    )
    root = User(username="root", is_superuser=True, is_staff=True)
    root.set_unusable_password()
    root.save()
    client = Client()
    client.force_login(root)
    html = client.get(reverse("admin:measurement_actual_changelist")).content.decode()
    assert "Indikator" in html and "Diubah oleh" in html and "Versi" in html
    assert "Updated by" not in html and ">Version<" not in html
    html = client.get(reverse("admin:measurement_evidence_changelist")).content.decode()
    assert "Perangkat daerah" in html and "Diunggah oleh" in html
    assert "Agency" not in html and "Uploaded by" not in html
