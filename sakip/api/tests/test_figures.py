"""What the API reads and writes: the Evaluasi Renja figures are the report's own
(sakip.reports.evaluasi_renja.load), exact; a quarter's realisasi is written through
the page's action, with its checks, its conflict detection and its audit trail; calls
are rate-limited; the OpenAPI document validates and its docs are served locally."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

from sakip.accounts.models import User
from sakip.measurement.models import Actual, MeasurementEvent, QuarterReport
from sakip.measurement.tests.helpers import indicator_of
from sakip.reports import evaluasi_renja

pytestmark = pytest.mark.django_db
YEAR, QUARTER = 2023, 4


def put(client, path: str, body: dict) -> object:
    return client.put(path, json.dumps(body), content_type="application/json")


def test_a_token_reads_an_agency_s_evaluasi_renja_figures(api_client, kesbangpol):
    response = api_client("operator_a").get(
        f"/api/v1/opd/{kesbangpol.pk}/evaluasi-renja/{YEAR}/{QUARTER}"
    )
    assert response.status_code == 200
    data = response.json()
    report = evaluasi_renja.load(kesbangpol, YEAR, QUARTER)
    assert len(data["rows"]) == len(report.lines) > 0
    for row, line in zip(data["rows"], report.lines, strict=True):
        assert row["code"] == line.item.code
        k = line.result.k
        assert row["k"]["c13"] == (None if k.realised_year is None else str(k.realised_year))
        assert row["k"]["c15"]["value"] == (
            None if k.achievement_renstra.value is None else str(k.achievement_renstra.value)
        )
        if line.first:
            assert row["rp"]["c8"] == line.result.rp.pagu_year
            assert row["rp"]["c13"] == line.result.rp.realised_year
        else:
            assert row["rp"] is None  # Rupiah count once per item
    assert data["totals"]["c8"] == report.totals.pagu_year
    assert data["totals"]["c13"] == report.totals.realised_year
    footer = data["footer"]
    assert Decimal(footer["k_year"]) == report.footer.k_year  # exact, unrounded
    assert footer["k_year_rating"] == report.footer.k_year_rating.label
    assert data["errors"] == report.error_count


def _quarter(client, agency) -> dict:
    return client.get(f"/api/v1/opd/{agency.pk}/realisasi/2023/1").json()


def test_a_token_writes_a_quarter_s_realisasi_through_the_page_s_action(api_client, kesbangpol):
    client = api_client("operator_a")
    indicator = indicator_of(kesbangpol, "8.01.01.2.01.01")
    path = f"/api/v1/opd/{kesbangpol.pk}/realisasi/2023/1/indikator/{indicator.pk}"
    before = next(
        r for r in _quarter(client, kesbangpol)["indicators"] if r["indicator_id"] == indicator.pk
    )

    saved = put(client, path, {"value": "12,5", "explanation": "", "version": before["version"]})
    assert saved.status_code == 200, saved.content
    assert saved.json()["changed"] is True
    actual = Actual.objects.get(indicator=indicator, year=2023, quarter=1)
    assert actual.value == Decimal("12.5")
    operator = User.objects.get(username="operator.kesbangpol")
    assert actual.updated_by == operator
    event = MeasurementEvent.objects.filter(indicator=indicator).latest("pk")
    assert (event.actor, event.new_value) == (operator, "12,5")
    assert actual.history.latest().history_user == operator

    after = next(
        r for r in _quarter(client, kesbangpol)["indicators"] if r["indicator_id"] == indicator.pk
    )
    assert after["value"] == "12.5" and after["version"] == saved.json()["version"]


def test_the_api_refuses_what_the_page_refuses(api_client, kesbangpol):
    client = api_client("operator_a")
    indicator = indicator_of(kesbangpol, "8.01.01.2.01.01")
    path = f"/api/v1/opd/{kesbangpol.pk}/realisasi/2023/1/indikator/{indicator.pk}"
    version = next(
        r for r in _quarter(client, kesbangpol)["indicators"] if r["indicator_id"] == indicator.pk
    )["version"]

    unreadable = put(client, path, {"value": "dua belas", "version": version})
    assert unreadable.status_code == 400
    assert unreadable.json()["detail"]  # the page's own Indonesian message

    put(client, path, {"value": "3", "version": version})
    stale = put(client, path, {"value": "4", "version": version})
    assert stale.status_code == 409
    assert Actual.objects.get(indicator=indicator, year=2023, quarter=1).value == 3

    QuarterReport.objects.update_or_create(
        agency=kesbangpol, year=2023, quarter=1, defaults={"state": QuarterReport.State.APPROVED}
    )
    current = Actual.objects.get(indicator=indicator, year=2023, quarter=1).version
    locked = put(client, path, {"value": "5", "version": current})
    assert locked.status_code == 403
    assert "terkunci" in locked.json()["detail"]


def test_a_figure_outside_the_sheet_is_not_found(api_client, kesbangpol):
    path = f"/api/v1/opd/{kesbangpol.pk}/realisasi/2023/1/indikator/999999"
    assert put(api_client("operator_a"), path, {"value": "1"}).status_code == 404


def test_a_year_the_agency_does_not_measure_is_not_found(api_client, kesbangpol):
    response = api_client("operator_a").get(f"/api/v1/opd/{kesbangpol.pk}/realisasi/1990/1")
    assert response.status_code == 404
    assert response.json()["detail"] == "Periode ini tidak ada dalam rencana perangkat daerah."


def test_calls_are_rate_limited_per_token(api_client, settings):
    settings.SAKIP_API_RATE = "3/m"
    client = api_client("operator_a")
    statuses = [client.get("/api/v1/saya").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/saya")
    assert "Terlalu banyak permintaan" in limited.json()["detail"]
    assert int(limited["Retry-After"]) > 0
    # Another user's token has its own allowance.
    assert api_client("head_a").get("/api/v1/saya").status_code == 200


def test_the_openapi_document_validates(login):
    response = login("operator_a").get(reverse("api:openapi-json"))
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    paths = set(schema["paths"])
    assert "/api/v1/opd/{agency_id}/evaluasi-renja/{year}/{quarter}" in paths
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}  # token, session


def test_the_docs_are_served_from_the_app_without_a_cdn(login):
    client = login("operator_a")
    page = client.get(reverse("api:openapi-view"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "https://" not in html and "http://" not in html
    asset = client.get("/static/ninja/swagger-ui-bundle.js")
    assert asset.status_code == 200
    assert b"SwaggerUIBundle" in b"".join(asset.streaming_content)
    asset.close()


def test_the_schema_and_docs_are_behind_the_login():
    from django.test import Client

    for name in ("api:openapi-json", "api:openapi-view"):
        response = Client().get(reverse(name))
        assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_the_quarter_says_whether_it_still_awaits_the_pimpinan(api_client, kesbangpol):
    from sakip.organisation.models import Policy

    client = api_client("operator_a")
    assert _quarter(client, kesbangpol)["awaiting_head"] is False
    QuarterReport.objects.update_or_create(
        agency=kesbangpol,
        year=2023,
        quarter=1,
        defaults={"state": QuarterReport.State.SUBMITTED, "awaiting_head": True},
    )
    Policy.objects.filter(pemda=kesbangpol.pemda).update(head_approves_quarters=True)
    data = _quarter(client, kesbangpol)
    assert data["state"] == "submitted" and data["awaiting_head"] is True
    # The option off: with the verifikator, not awaiting the pimpinan.
    Policy.objects.filter(pemda=kesbangpol.pemda).update(head_approves_quarters=False)
    assert _quarter(client, kesbangpol)["awaiting_head"] is False
