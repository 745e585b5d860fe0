"""The home pages of the pimpinan and the verifikator with the Pemda's option that the
pimpinan approves a submitted quarter first (organisation.Policy.head_approves_quarters),
on and off, in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sakip.accounts.models import Role, User
from sakip.measurement.models import MeasurementEvent, QuarterReport
from sakip.measurement.tests.helpers import World, make_world
from sakip.organisation.models import Agency, Policy

pytestmark = pytest.mark.django_db

Action = MeasurementEvent.Action
YEAR = 2024


@pytest.fixture
def world(db: None) -> World:
    return make_world()


def _head(world: World, agency: Agency, name: str) -> User:
    person = User(username=name, role=Role.PIMPINAN, pemda=world.pemda, agency=agency)
    person.set_unusable_password()
    person.save()
    return person


def _policy(world: World, on: bool) -> None:
    Policy.objects.filter(pemda=world.pemda).update(head_approves_quarters=on)


def _submitted(
    agency: Agency, quarter: int, *, to_head: bool, at: datetime.datetime | None = None
) -> None:
    """A quarter submitted (to the pimpinan when ``to_head``) with its event."""
    QuarterReport.objects.update_or_create(
        agency=agency,
        year=YEAR,
        quarter=quarter,
        defaults={"state": QuarterReport.State.SUBMITTED, "awaiting_head": to_head},
    )
    MeasurementEvent.objects.create(
        pemda_id=agency.pemda_id,
        agency=agency,
        year=YEAR,
        quarter=quarter,
        action=Action.SUBMITTED_TO_HEAD if to_head else Action.SUBMITTED,
        at=at or timezone.now(),
    )


def _home(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _link(agency: Agency, quarter: int) -> str:
    return reverse("measurement_quarter", args=[agency.pk, YEAR, quarter])


def test_the_pimpinan_sees_what_awaits_their_approval_when_the_option_is_on(world):
    head = _head(world, world.agency, "kepala.uji")
    _policy(world, True)
    _submitted(world.agency, 1, to_head=True)
    _submitted(world.agency, 2, to_head=False)  # submitted before the option: verifikator's
    html = _home(head)
    assert 'id="head-approval"' in html
    waiting = html[html.index('id="head-approval"') :]
    waiting = waiting[: waiting.index("</div></div></div>")]
    assert "menunggu persetujuan Anda" in waiting
    assert f"{_link(world.agency, 1)}#head-review" in waiting
    assert _link(world.agency, 2) not in waiting
    assert "TW II 2024</a>: diajukan, menunggu verifikator." in html


def test_with_the_option_off_the_pimpinan_has_nothing_to_approve(world):
    head = _head(world, world.agency, "kepala.uji")
    _submitted(world.agency, 1, to_head=True)  # marked while on, then turned off
    html = _home(head)
    assert 'id="head-approval"' not in html
    assert "TW I 2024</a>: diajukan, menunggu verifikator." in html


def test_the_pimpinan_of_another_agency_does_not_see_it(world):
    other = Agency.objects.create(pemda=world.pemda, code="lain", name="Dinas Lain")
    other_head = _head(world, other, "kepala.lain")
    _policy(world, True)
    _submitted(world.agency, 1, to_head=True)
    html = _home(other_head)
    assert 'id="head-approval"' not in html
    assert _link(world.agency, 1) not in html


def test_the_verifikator_does_not_see_quarters_awaiting_the_pimpinan(world):
    _policy(world, True)
    other = Agency.objects.create(pemda=world.pemda, code="lain", name="Dinas Lain")
    now = timezone.now()
    _submitted(world.agency, 1, to_head=True, at=now - datetime.timedelta(days=3))
    _submitted(other, 1, to_head=False, at=now - datetime.timedelta(days=1))
    html = _home(world.verifikator)
    assert _link(world.agency, 1) not in html
    assert _link(other, 1) in html
    # … but is told it exists, and where it is.
    assert "1 triwulan lain sudah diajukan dan masih menunggu persetujuan pimpinan" in html
    _policy(world, False)  # the option off: it is the verifikator's, and no longer counted
    html = _home(world.verifikator)
    assert _link(world.agency, 1) in html and "menunggu persetujuan pimpinan" not in html


def test_the_pimpinans_approval_is_when_it_reached_the_verifikator(world):
    """The queue is ordered by when each quarter reached the verifikator: for one the
    pimpinan approved, the approval, not the operator's earlier submission."""
    _policy(world, True)
    other = Agency.objects.create(pemda=world.pemda, code="lain", name="Dinas Lain")
    now = timezone.now()
    _submitted(world.agency, 1, to_head=False, at=now - datetime.timedelta(days=9))
    QuarterReport.objects.filter(agency=world.agency).update(awaiting_head=False)
    MeasurementEvent.objects.create(
        pemda_id=world.pemda.pk,
        agency=world.agency,
        year=YEAR,
        quarter=1,
        action=Action.HEAD_APPROVED,
        at=now - datetime.timedelta(days=1),
    )
    _submitted(other, 1, to_head=False, at=now - datetime.timedelta(days=4))
    html = _home(world.verifikator)
    assert html.index(_link(other, 1)) < html.index(_link(world.agency, 1))


def test_with_the_option_turned_off_waiting_quarters_are_in_the_verifikators_queue(world):
    _submitted(world.agency, 1, to_head=True)
    assert _link(world.agency, 1) in _home(world.verifikator)
    _policy(world, True)
    assert _link(world.agency, 1) not in _home(world.verifikator)


def _count(user: User) -> int:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


@pytest.mark.parametrize("on", [True, False])
def test_the_pimpinans_home_reads_the_same_queries_for_more_quarters(world, on):
    head = _head(world, world.agency, "kepala.uji")
    _policy(world, on)
    _submitted(world.agency, 1, to_head=True)
    before = _count(head)
    _submitted(world.agency, 2, to_head=True)
    _submitted(world.agency, 3, to_head=False)
    QuarterReport.objects.create(
        agency=world.agency, year=YEAR, quarter=4, state=QuarterReport.State.RETURNED
    )
    assert _count(head) == before


@pytest.mark.parametrize("on", [True, False])
def test_the_verifikators_home_reads_the_same_queries_for_more_agencies(world, on):
    _policy(world, on)
    _submitted(world.agency, 1, to_head=False)
    before = _count(world.verifikator)
    for code in ("satu", "dua", "tiga"):
        agency = Agency.objects.create(pemda=world.pemda, code=code, name=f"Dinas {code}")
        _submitted(agency, 1, to_head=True)
        _submitted(agency, 2, to_head=False)
    assert _count(world.verifikator) == before


def test_the_admin_sees_which_quarters_wait_for_their_pimpinan(world):
    _policy(world, True)
    other = Agency.objects.create(pemda=world.pemda, code="lain", name="Dinas Lain")
    _submitted(world.agency, 1, to_head=True)
    _submitted(other, 1, to_head=False)
    html = _home(world.admin)
    row = html[html.index("Badan Uji") :]
    row = row[: row.index("</tr>")]
    assert "Diajukan, menunggu pimpinan" in row
    other_row = html[html.index("Dinas Lain") :]
    assert "Diajukan</a>" in other_row[: other_row.index("</tr>")]
    _policy(world, False)
    assert "menunggu pimpinan" not in _home(world.admin)


def test_the_admins_home_reads_the_same_queries_for_more_agencies(world):
    _policy(world, True)
    _submitted(world.agency, 1, to_head=True)
    before = _count(world.admin)
    for code in ("satu", "dua"):
        agency = Agency.objects.create(pemda=world.pemda, code=code, name=f"Dinas {code}")
        _submitted(agency, 1, to_head=True)
        _submitted(agency, 2, to_head=False)
    assert _count(world.admin) == before


def test_the_pemda_dashboard_tells_a_quarter_still_with_the_pimpinan_apart(world):
    _policy(world, True)
    _submitted(world.agency, 1, to_head=True)
    _submitted(world.agency, 2, to_head=False)
    client = Client()
    client.force_login(world.admin)
    url = reverse("dashboard_pemda", args=[YEAR, 2])
    html = client.get(url).content.decode()
    assert "dash-state-awaiting_head" in html and "Diajukan, menunggu pimpinan" in html
    assert "dash-state-submitted" in html
    # The option off: the quarter is the verifikator's, shown as submitted.
    _policy(world, False)
    html = client.get(url).content.decode()
    assert "menunggu pimpinan" not in html
