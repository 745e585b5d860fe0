"""Free text with a NUL character (pasted from another program): PostgreSQL cannot
store it, so it is refused with an Indonesian message and what was typed stays in the
form, on both databases, instead of an HTTP 500 that loses the text."""

from __future__ import annotations

import pytest
from django.test import Client

from sakip.measurement import actions
from sakip.measurement.models import Actual, MeasurementEvent, QuarterReport
from sakip.measurement.tests.helpers import make_world, quarter_url

pytestmark = pytest.mark.django_db

TYPED = "Kegiatan tertunda\x00 karena hujan"


@pytest.fixture
def world():
    return make_world("nul")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_nul_in_an_explanation_is_refused_in_the_row_and_the_typed_figure_and_text_stay(world):
    response = _client(world.operator).post(
        quarter_url("measurement_save_k", world.agency, 2024, 1, world.indicator.pk),
        {"value": "3", "explanation": TYPED, "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Penjelasan memuat karakter NUL" in page
    assert 'value="3"' in page and "Kegiatan tertunda" in page and "karena hujan" in page
    assert not Actual.objects.filter(indicator=world.indicator).exists()


def test_a_nul_in_a_reason_is_refused_before_anything_is_written(world):
    with pytest.raises(actions.Invalid, match="Alasan memuat karakter NUL"):
        actions.save_budget_actual(
            world.operator,
            world.agency,
            2024,
            1,
            world.item.pk,
            raw="5000",
            version=0,
            reason=TYPED,
        )
    assert not MeasurementEvent.objects.filter(agency=world.agency).exists()


def test_a_nul_in_a_narrative_is_refused_and_the_four_fields_keep_what_was_typed(world):
    response = _client(world.operator).post(
        quarter_url("measurement_narrative", world.agency, 2024, 1),
        {
            "driving_factors": TYPED,
            "inhibiting_factors": "Anggaran terlambat",
            "follow_up_quarter": "",
            "follow_up_renja": "",
            "version": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Faktor pendorong keberhasilan kinerja memuat karakter NUL" in page
    assert "Anggaran terlambat" in page and "karena hujan" in page
    report = QuarterReport.objects.filter(agency=world.agency, year=2024, quarter=1).first()
    assert report is None or report.inhibiting_factors == ""


def test_a_nul_in_a_verifier_note_or_an_unlock_reason_is_refused(world):
    with pytest.raises(actions.Invalid, match="Catatan memuat karakter NUL"):
        actions.return_quarter(world.verifikator, world.agency, 2024, 1, TYPED)
    with pytest.raises(actions.Invalid, match="Alasan memuat karakter NUL"):
        actions.unlock_quarter(world.admin, world.agency, 2024, 1, TYPED)


def test_a_nul_in_a_rencana_aksi_action_is_refused(world):
    with pytest.raises(actions.Invalid, match="Rencana aksi memuat karakter NUL"):
        actions.save_plan_row(
            world.operator,
            world.agency,
            2024,
            world.indicator.pk,
            raw_targets=["", "", "", ""],
            action_text=TYPED,
            version=0,
        )
