"""Each Pemda's users live by their own clock (WIB, WITA, WIT): "today" for the entry
windows comes from the Pemda's time zone, not from the server's."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sakip.measurement.models import EntryWindow
from sakip.organisation.models import Agency, Pemda
from sakip.web.timezones import SESSION_KEY

pytestmark = pytest.mark.django_db

#: 16.30 UTC on 10 April 2024: 00.30 on the 11th in Tana Paser (WITA, UTC+8), still
#: 23.30 on the 10th in Purwokerto (WIB, UTC+7).
MOMENT = datetime.datetime(2024, 4, 10, 16, 30, tzinfo=datetime.UTC)
CLOSED = "Jadwal pengisian realisasi TW I berakhir 10 April 2024"


def _window(pemda: Pemda) -> None:
    EntryWindow.objects.create(
        pemda=pemda,
        year=2024,
        quarter=1,
        opens_on=datetime.date(2024, 4, 1),
        closes_on=datetime.date(2024, 4, 10),
    )


def test_the_demo_pemdas_keep_their_own_time_zones(paser, banyumas):
    assert paser.time_zone == "Asia/Makassar"  # Kalimantan Timur: WITA
    assert banyumas.time_zone == "Asia/Jakarta"  # Jawa Tengah: WIB


def test_after_midnight_wita_the_window_is_closed_in_paser_but_still_open_in_banyumas(
    login, paser, banyumas, kesbangpol, monkeypatch
):
    _window(paser)
    _window(banyumas)
    paser_client = login("operator_a")
    banyumas_client = login("operator.kesbangpol-banyumas")
    assert paser_client.session[SESSION_KEY] == "Asia/Makassar"
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)

    page = paser_client.get(f"/opd/{kesbangpol.pk}/realisasi/2024/tw/1/").content.decode()
    assert CLOSED in page
    refused = paser_client.post(
        f"/opd/{kesbangpol.pk}/realisasi/2024/tw/1/uraian/",
        {"driving_factors": "Dukungan pimpinan.", "version": "0"},
    )
    assert refused.status_code == 400 and CLOSED in refused.content.decode()

    banyumas_kesbangpol = Agency.objects.get(pemda=banyumas, code="kesbangpol")
    page = banyumas_client.get(f"/opd/{banyumas_kesbangpol.pk}/realisasi/2024/tw/1/")
    assert CLOSED not in page.content.decode()


def test_a_session_without_a_pemda_zone_uses_the_servers(login, kesbangpol, monkeypatch):
    _window(kesbangpol.pemda)
    client = login("operator_a")
    session = client.session
    del session[SESSION_KEY]
    session.save()
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    page = client.get(f"/opd/{kesbangpol.pk}/realisasi/2024/tw/1/").content.decode()
    assert CLOSED not in page  # 23.30 WIB on the 10th: settings.TIME_ZONE is Asia/Jakarta
