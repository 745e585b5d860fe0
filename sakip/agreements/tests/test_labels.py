"""The PK models read in Indonesian in the Django admin: every field, foreign keys
included, and every model has its own Indonesian label (ENGINEERING.md)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from sakip.accounts.models import User
from sakip.agreements.models import Agreement

pytestmark = pytest.mark.django_db


def _models():
    for model in apps.get_app_config("agreements").get_models():
        if not model.__name__.startswith("Historical"):  # simple_history's copies
            yield model


def test_every_pk_field_has_its_own_label_not_one_derived_from_its_english_name():
    derived = [
        f"{model.__name__}.{field.name}"
        for model in _models()
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and not field.auto_created
        and field.verbose_name == field.name.replace("_", " ")
    ]
    assert derived == []


def test_every_pk_model_has_its_own_names():
    for model in _models():
        assert "verbose_name" in model._meta.original_attrs, model
        assert "verbose_name_plural" in model._meta.original_attrs, model


def test_the_admin_page_of_a_pk_reads_in_indonesian(kesbangpol):
    client = Client()
    client.force_login(User.objects.create_superuser("akar", "akar@contoh.invalid", "x"))
    pk = Agreement.objects.get(code="pk-kaban-2024")
    page = client.get(reverse("admin:agreements_agreement_change", args=[pk.pk])).content.decode()
    for label in ["Pemerintah daerah:", "Perangkat daerah:", "Jabatan:", "Pegawai pihak pertama:"]:
        assert label in page
    for english in ["Pemda:", "Agency:", "Position:", "First employee:", "Second employee:"]:
        assert english not in page
