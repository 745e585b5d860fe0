"""The public portal: every public URL, as an anonymous visitor, with unpublished,
withdrawn, draft and unapproved things present beside the published ones."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from sakip.accounts.models import User
from sakip.agreements.models import Agreement
from sakip.measurement.models import ActionPlan, QuarterReport
from sakip.portal import actions
from sakip.portal.models import Publication
from sakip.reports import evaluasi_renja

pytestmark = pytest.mark.django_db

PUBLIC_ROUTES = {"portal", "portal_pemda", "portal_pemda_year", "portal_document"}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def world(paser, kesbangpol):
    admin = User.objects.get(username="admin.paser")
    signed = list(
        Agreement.objects.filter(pemda=paser, state=Agreement.State.SIGNED).order_by("pk")[:3]
    )
    published, unpublished, withdrawn = signed
    live = actions.publish(admin, "pk", published.pk)
    gone = actions.publish(admin, "pk", withdrawn.pk)
    actions.withdraw(admin, gone.pk)
    draft = Agreement.objects.filter(pk=unpublished.pk).first()
    plan = ActionPlan.objects.filter(agency=kesbangpol).first()
    # Quarters: TW I and II approved, TW III submitted (not public), TW IV approved
    # (after a gap: not public either).
    states = {1: "approved", 2: "approved", 3: "submitted", 4: "approved"}
    for quarter, state in states.items():
        QuarterReport.objects.update_or_create(
            agency=kesbangpol, year=2023, quarter=quarter, defaults={"state": state}
        )
    return {
        "admin": admin,
        "live": live,
        "gone": gone,
        "published": published,
        "unpublished": draft,
        "withdrawn": withdrawn,
        "plan": plan,
    }


def test_the_public_routes_are_exactly_these():
    from sakip.accounts.tests.test_login_required import OPEN

    assert set(OPEN) >= PUBLIC_ROUTES


def test_an_anonymous_visitor_sees_only_what_is_published(world, paser):
    anonymous = Client()
    assert anonymous.get(reverse("portal")).status_code == 200
    response = anonymous.get(reverse("portal_pemda", args=[paser.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert world["live"].title in html
    assert str(world["unpublished"]) not in html
    assert world["gone"].title not in html
    assert reverse("portal_document", args=[paser.code, world["live"].pk]) in html
    assert reverse("portal_document", args=[paser.code, world["gone"].pk]) not in html
    assert "Keluar" not in html  # no signed-in layout for anyone


def test_a_published_document_is_a_pdf_and_nothing_else_is_reachable(world, paser, banyumas):
    anonymous = Client()
    response = anonymous.get(reverse("portal_document", args=[paser.code, world["live"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    for pk in (world["gone"].pk, 999999):
        assert anonymous.get(reverse("portal_document", args=[paser.code, pk])).status_code == 404
    # A Paser publication under another Pemda's address: not found.
    wrong = reverse("portal_document", args=[banyumas.code, world["live"].pk])
    assert anonymous.get(wrong).status_code == 404
    assert anonymous.get(reverse("portal_pemda", args=["tidak-ada"])).status_code == 404


def test_achievement_comes_from_the_unbroken_run_of_approved_quarters_only(
    world, paser, kesbangpol
):
    anonymous = Client()
    response = anonymous.get(reverse("portal_pemda_year", args=[paser.code, 2023]))
    [row] = response.context["achievements"] if response.context else []
    assert row.agency == kesbangpol and row.upto == 2
    expected = evaluasi_renja.load(kesbangpol, 2023, 2).footer.k_year
    assert row.k == expected
    assert "TW II" in response.content.decode()
    # A year without an approved quarter is not shown.
    assert anonymous.get(reverse("portal_pemda_year", args=[paser.code, 2019])).status_code == 404


def test_no_approved_quarter_means_no_achievement(paser, kesbangpol):
    QuarterReport.objects.filter(agency__pemda=paser).update(state="submitted")
    html = Client().get(reverse("portal_pemda", args=[paser.code])).content.decode()
    assert "Belum ada triwulan yang disetujui." in html


def test_a_withdrawal_takes_effect_at_once_despite_the_cache(world, paser):
    anonymous = Client()
    url = reverse("portal_pemda", args=[paser.code])
    assert world["live"].title in anonymous.get(url).content.decode()
    actions.withdraw(world["admin"], world["live"].pk)
    assert world["live"].title not in anonymous.get(url).content.decode()
    document = reverse("portal_document", args=[paser.code, world["live"].pk])
    assert anonymous.get(document).status_code == 404


def test_public_pages_are_cached_for_the_public(world, paser):
    response = Client().get(reverse("portal_pemda", args=[paser.code]))
    assert "public" in response["Cache-Control"]


def test_only_final_documents_can_be_published(world, paser, kesbangpol, login):
    admin = login("admin_pemda")
    Agreement.objects.filter(pk=world["unpublished"].pk).update(state=Agreement.State.DRAFT)
    response = admin.post(
        reverse("publications"), {"kind": "pk", "object_id": world["unpublished"].pk}, follow=True
    )
    assert "tidak dapat diterbitkan" in response.content.decode()
    assert not Publication.objects.filter(object_id=world["unpublished"].pk).exists()
    again = admin.post(
        reverse("publications"), {"kind": "pk", "object_id": world["published"].pk}, follow=True
    )
    assert "sudah diterbitkan" in again.content.decode()


def test_the_admin_publishes_and_withdraws_a_rencana_aksi(world, paser, login):
    admin = login("admin_pemda")
    page = admin.get(reverse("publications")).content.decode()
    assert "Rencana Aksi" in page and "Terbitkan" in page and "Tarik" in page
    admin.post(reverse("publications"), {"kind": "rencana_aksi", "object_id": world["plan"].pk})
    live = Publication.objects.get(kind="rencana_aksi", withdrawn_at__isnull=True)
    html = Client().get(reverse("portal_pemda", args=[paser.code])).content.decode()
    assert live.title in html
    admin.post(reverse("publications"), {"withdraw": live.pk})
    live.refresh_from_db()
    assert live.withdrawn_at is not None and live.withdrawn_by.username == "admin.paser"


@pytest.mark.parametrize(
    "persona,status",
    [
        ("operator_a", 403),
        ("head_a", 403),
        ("verifikator", 403),
        ("inspektorat", 403),
        ("admin_pemda", 200),
        ("admin_other_pemda", 200),
    ],
)
def test_only_a_pemdas_admin_opens_the_publishing_page(login, persona, status):
    assert login(persona).get(reverse("publications")).status_code == status


def test_another_pemdas_admin_can_neither_publish_nor_withdraw_paser_documents(world, login):
    other = login("admin_other_pemda")
    other.post(reverse("publications"), {"kind": "pk", "object_id": world["unpublished"].pk})
    assert not Publication.objects.filter(
        object_id=world["unpublished"].pk, withdrawn_at__isnull=True
    ).exists()
    assert other.post(reverse("publications"), {"withdraw": world["live"].pk}).status_code == 403
    world["live"].refresh_from_db()
    assert world["live"].withdrawn_at is None


def test_an_operator_cannot_publish(world, login):
    response = login("operator_a").post(
        reverse("publications"), {"kind": "pk", "object_id": world["unpublished"].pk}
    )
    assert response.status_code == 403


def test_the_publication_kinds_are_a_registry_a_later_kind_joins():
    from sakip.portal.registry import kinds

    assert {"pk", "rencana_aksi", "lkjip"} <= set(kinds())


def test_the_portal_page_reads_the_same_queries_for_more_agencies(world, paser, kesbangpol):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sakip.organisation.models import Agency

    url = reverse("portal_pemda_year", args=[paser.code, 2023])

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == 200
        return len(captured)

    before = count()
    for n in range(3):
        agency = Agency.objects.create(pemda=paser, code=f"opd-{n}", name=f"Dinas {n}")
        for quarter in (1, 2):
            QuarterReport.objects.create(
                agency=agency, year=2023, quarter=quarter, state="approved"
            )
    assert count() == before
