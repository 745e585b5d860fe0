"""The Pemda's own LKjIP criterion scale (DOMAIN §4.3, /kebijakan/skala-lkjip/): only
the Pemda's admin edits it; a shipped scale is copied, never changed; a set of bands the
rules would refuse is refused in Indonesian with what was typed kept; the Django admin
checks bands the same way and shows shipped scales read-only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.accounts.models import User
from sakip.organisation.models import Policy, RatingBand, RatingScale
from sakip.reports import iku

pytestmark = pytest.mark.django_db

URL = "/kebijakan/skala-lkjip/"

BANDS = [
    ("Sangat Memuaskan", "100", "#1a7f37"),
    ("Memuaskan", "90", "#2da44e"),
    ("Cukup", "70,5", "#bf8700"),
    ("Kurang", "", "#cf222e"),
]


def _post_data(
    bands: list[tuple[str, str, str]], name: str = "Kriteria LKjIP Paser", initial: int = 0
) -> dict[str, str]:
    data = {
        "name": name,
        "form-TOTAL_FORMS": str(len(bands)),
        "form-INITIAL_FORMS": str(initial),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "15",
    }
    for i, (label, above, colour) in enumerate(bands):
        data[f"form-{i}-label"] = label
        data[f"form-{i}-above"] = above
        data[f"form-{i}-colour"] = colour
    return data


def _bands(scale: RatingScale) -> list[tuple[Decimal | None, str, str]]:
    return [(b.above, b.label, b.colour) for b in RatingBand.objects.filter(scale=scale)]


def _lkjip(pemda) -> RatingScale:
    return Policy.objects.select_related("lkjip_scale").get(pemda=pemda).lkjip_scale


def test_the_pemdas_admin_saves_its_own_copy_and_the_shipped_scale_stays_as_shipped(
    login, paser, banyumas, kesbangpol
):
    shipped = _lkjip(paser)
    assert shipped.pemda_id is None
    before = _bands(shipped)
    client = login("admin_pemda")
    page = client.get(URL).content.decode()
    assert "Saat ini dipakai skala bawaan" in page and 'value="Sangat Berhasil"' in page
    assert 'value="90"' in page  # typed the way an admin types it, not "90,0000"

    response = client.post(URL, _post_data(BANDS))
    assert response.status_code == 302 and response["Location"] == URL
    own = _lkjip(paser)
    assert own.pemda_id == paser.pk and own.name == "Kriteria LKjIP Paser"
    assert _bands(own) == [
        (Decimal(100), "Sangat Memuaskan", "#1a7f37"),
        (Decimal(90), "Memuaskan", "#2da44e"),
        (Decimal("70.5"), "Cukup", "#bf8700"),
        (None, "Kurang", "#cf222e"),
    ]
    shipped.refresh_from_db()
    assert _bands(shipped) == before  # every other Pemda's scale is untouched
    assert _lkjip(banyumas).pk == shipped.pk
    # The IKU table rates on it at once: its average 106,56 % is above 100.
    assert iku.load(kesbangpol, 2023).rating.label == "Sangat Memuaskan"

    # Saving again edits the same copy; a band can be deleted.
    data = _post_data(BANDS, name="Kriteria Perbup 12/2023", initial=4)
    data["form-2-DELETE"] = "on"
    assert client.post(URL, data).status_code == 302
    again = _lkjip(paser)
    assert again.pk == own.pk and again.name == "Kriteria Perbup 12/2023"
    assert [label for _, label, _ in _bands(again)] == ["Sangat Memuaskan", "Memuaskan", "Kurang"]
    assert RatingScale.objects.filter(pemda=paser).count() == 1


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        (
            [("Baik", "80", "#1a7f37"), ("Cukup", "80", "#bf8700"), ("Kurang", "", "#cf222e")],
            "harus menurun tegas",
        ),
        (
            [("Baik", "80", "#1a7f37"), ("Cukup", "", "#bf8700"), ("Kurang", "", "#cf222e")],
            "tepat satu predikat terendah tanpa batas bawah",
        ),
        ([("Baik", "80", "#1a7f37"), ("Cukup", "50", "#bf8700")], "tepat satu predikat terendah"),
        ([("Baik", "80", "#1a7f37"), ("Baik", "", "#cf222e")], "tidak boleh berulang"),
        ([("Baik", "80", "merah"), ("Kurang", "", "#cf222e")], "kode heksadesimal"),
        ([("", "80", "#1a7f37"), ("Kurang", "", "#cf222e")], "Isi nama predikat untuk batas ini."),
        (
            [("Baik", "delapan", "#1a7f37"), ("Kurang", "", "#cf222e")],
            "Masukkan angka, mis. 90 atau 87,5.",
        ),
        ([("", "", "#1a7f37")], "belum memiliki rentang"),
    ],
)
def test_a_set_of_bands_the_rules_refuse_is_refused_in_indonesian_keeping_what_was_typed(
    login, paser, bands, message
):
    shipped = _lkjip(paser)
    response = login("admin_pemda").post(URL, _post_data(bands))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Periksa kembali isian yang ditandai." in page
    for label, above, _colour in bands:
        assert f'value="{label}"' in page if label else True
        assert f'value="{above}"' in page if above else True
    assert _lkjip(paser).pk == shipped.pk
    assert not RatingScale.objects.filter(pemda=paser).exists()


def test_the_bands_can_start_from_any_shipped_scale(login, paser):
    page = login("admin_pemda").get(URL + "?dari=permenpanrb-88-2021").content.decode()
    assert 'value="AA"' in page and 'value="BB"' in page and "belum tersimpan" in page
    assert login("admin_pemda").get(URL + "?dari=tidak-ada").status_code == 404


@pytest.mark.parametrize("persona", ["operator_a", "head_a", "verifikator", "inspektorat"])
def test_only_the_pemdas_admin_may_see_or_change_the_scale(login, paser, persona):
    client = login(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _post_data(BANDS)).status_code == 403
    assert _lkjip(paser).pemda_id is None


def test_the_admin_of_another_pemda_changes_only_their_own_scale(login, paser, banyumas):
    assert login("admin_other_pemda").post(URL, _post_data(BANDS)).status_code == 302
    assert _lkjip(banyumas).pemda_id == banyumas.pk
    assert _lkjip(paser).pemda_id is None
    assert not RatingScale.objects.filter(pemda=paser).exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(login, paser):
    response = login(None).post(URL, _post_data(BANDS))
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    assert _lkjip(paser).pemda_id is None


def test_the_policy_page_links_to_the_scale_and_the_page_takes_a_fixed_number_of_queries(
    login, paser
):
    client = login("admin_pemda")
    assert URL in client.get("/kebijakan/").content.decode()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    assert client.post(URL, _post_data(BANDS)).status_code == 302
    few = count()
    many = [(f"Predikat {i}", str(100 - i * 5), "#1a7f37") for i in range(10)]
    assert client.post(URL, _post_data([*many, ("Terendah", "", "#cf222e")])).status_code == 302
    assert count() == few  # eleven bands or four: the same queries


# ------------------------------------------------------------------ the Django admin


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("super", "super@contoh.invalid", "x")


def _admin_data(scale: RatingScale, bands: list[tuple[str, str, str]]) -> dict[str, str]:
    data = {
        "pemda": str(scale.pemda_id or ""),
        "code": scale.code,
        "name": scale.name,
        "bands-TOTAL_FORMS": str(len(bands)),
        "bands-INITIAL_FORMS": "0",
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "1000",
    }
    for i, (label, above, colour) in enumerate(bands):
        data[f"bands-{i}-label"] = label
        data[f"bands-{i}-above"] = above.replace(",", ".")
        data[f"bands-{i}-colour"] = colour
        data[f"bands-{i}-scale"] = str(scale.pk)
    return data


def test_the_django_admin_refuses_overlapping_bands_with_the_rules_message(
    client, paser, superuser
):
    scale = RatingScale.objects.create(pemda=paser, code="perbup", name="Perbup")
    client.force_login(superuser)
    bad = [("Baik", "80", "#1a7f37"), ("Cukup", "", "#bf8700"), ("Kurang", "", "#cf222e")]
    response = client.post(
        f"/admin/organisation/ratingscale/{scale.pk}/change/", _admin_data(scale, bad)
    )
    assert response.status_code == 200
    assert "tepat satu predikat terendah" in response.content.decode()
    assert not RatingBand.objects.filter(scale=scale).exists()
    good = [("Baik", "80", "#1a7f37"), ("Kurang", "", "#cf222e")]
    response = client.post(
        f"/admin/organisation/ratingscale/{scale.pk}/change/", _admin_data(scale, good)
    )
    assert response.status_code == 302
    assert scale.to_rules().rate(Decimal(81)).label == "Baik"


def test_the_django_admin_shows_a_shipped_scale_read_only(client, paser, superuser):
    shipped = _lkjip(paser)
    before = _bands(shipped)
    client.force_login(superuser)
    url = f"/admin/organisation/ratingscale/{shipped.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="name"' not in page.content.decode()
    response = client.post(url, _admin_data(shipped, [("Semua", "", "#1a7f37")]))
    assert response.status_code == 403
    assert _bands(shipped) == before
    assert (
        client.post(
            f"/admin/organisation/ratingscale/{shipped.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    # A new scale always belongs to a Pemda: shipped ones come from the data migration.
    response = client.post(
        "/admin/organisation/ratingscale/add/",
        {
            **_admin_data(RatingScale(code="baru", name="Baru"), []),
        },
    )
    assert response.status_code == 200 and not RatingScale.objects.filter(code="baru").exists()
