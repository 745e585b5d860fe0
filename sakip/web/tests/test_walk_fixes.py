"""What the walk of issue 12 found broken, each proved fixed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sakip.accounts.models import User
from sakip.agreements.views import _editable_positions

pytestmark = pytest.mark.django_db


def test_the_narrative_link_of_the_evaluasi_renja_opens_the_quarters_narrative(login, kesbangpol):
    client = login("operator_a")
    html = client.get(reverse("evaluasi_renja", args=[kesbangpol.pk, 2023, 2])).content.decode()
    [href] = re.findall(r'href="([^"]+)">Isi uraian triwulan ini', html)
    assert href == reverse("measurement_quarter", args=[kesbangpol.pk, 2023, 2]) + "#uraian"
    page = client.get(href.split("#")[0])
    assert page.status_code == 200
    assert 'id="uraian"' in page.content.decode()


@pytest.mark.parametrize("year,absent", [(2000, 1999), (2100, 2101)])
def test_the_jadwal_year_links_stop_at_the_years_the_page_answers(login, year, absent):
    client = login("admin_pemda")
    html = client.get(reverse("measurement_windows", args=[year])).content.decode()
    links = re.findall(r'href="(/realisasi/jadwal/\d+/)"', html)
    assert links and all(client.get(link).status_code == 200 for link in links)
    assert f"/realisasi/jadwal/{absent}/" not in html


def test_a_missing_page_is_an_indonesian_page_in_the_apps_layout(login):
    response = login("operator_a").get("/tidak-ada/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html and "Kembali ke beranda" in html
    assert 'class="navbar' in html and "Keluar" in html  # the app's layout, signed in


def test_a_refusal_is_an_indonesian_page_saying_why(login):
    response = login("operator_a").get(reverse("dashboard_pemda", args=[2023, 4]))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Anda tidak berwenang membuka halaman ini" in html
    assert "Dasbor pemerintah daerah hanya untuk" in html


def test_a_server_error_is_an_indonesian_page(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Terjadi kesalahan pada server" in html and 'lang="id"' in html


def test_the_pk_position_choices_can_be_told_apart(kesbangpol):
    admin = User.objects.get(username="admin.paser")
    labels = [label for _, label in _editable_positions(admin)]
    jf = [label for label in labels if "JF Analis Kebijakan Ahli Muda" in label]
    assert len(jf) == 4
    assert len(set(jf)) == 4, jf
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize(
    "section,expected",
    [
        ("renja", "/renja/2024/"),  # the demo has Renja 2023 and 2024
        ("evaluasi", "/evaluasi-renja/2024/tw4/"),
        ("iku", "/pengukuran-kinerja/2024/"),
        ("realisasi", "/realisasi/2024/tw/4/"),
    ],
)
def test_the_agency_tabs_open_the_sections_page(login, kesbangpol, section, expected):
    client = login("operator_a")
    header = client.get(reverse("agency", args=[kesbangpol.pk])).content.decode()
    url = reverse("agency_section", args=[kesbangpol.pk, section])
    assert f'href="{url}"' in header
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/opd/{kesbangpol.pk}{expected}"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    icon.close()  # a file response: its file closed


def test_a_tab_of_an_agency_without_data_returns_to_the_overview_saying_so(login, other_agency):
    client = login("operator.kominfo")
    response = client.get(reverse("agency_section", args=[other_agency.pk, "renja"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("agency", args=[other_agency.pk])
    assert "belum memiliki data Renja" in response.content.decode()


def test_a_tab_of_another_agency_is_not_found(login, other_agency):
    client = login("operator_a")
    assert client.get(reverse("agency_section", args=[other_agency.pk, "renja"])).status_code == 404
    assert client.get(reverse("agency_section", args=[other_agency.pk, "x"])).status_code == 404


def test_the_browsers_icon_request_finds_the_icon_without_login(client):
    # Django's test client has no login here: the icon is public, as every browser asks.
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".svg")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    icon.close()  # a file response: its file closed
