"""The Pemda's option that the agency's pimpinan approves a submitted quarter before the
verifikator sees it (organisation.Policy.head_approves_quarters): each transition and
what it writes, who may take it, the quarter page, and what turning the option off does
to quarters still waiting."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from sakip.accounts.models import Role, User
from sakip.measurement import actions
from sakip.measurement.models import Actual, MeasurementEvent, QuarterReport
from sakip.measurement.tests.helpers import World, make_world, quarter_url
from sakip.organisation.models import Agency, Policy

pytestmark = pytest.mark.django_db

Action = MeasurementEvent.Action
State = QuarterReport.State
Q = 1


@dataclass
class People:
    world: World
    head: User
    other_agency: Agency
    other_head: User
    other_operator: User


def _user(world: World, name: str, role: str, agency: Agency | None) -> User:
    person = User(
        username=f"{name}.uji",
        first_name=name.title(),
        role=role,
        pemda=world.pemda,
        agency=agency,
    )
    person.set_unusable_password()
    person.save()
    return person


@pytest.fixture
def people(world: World) -> People:
    other = Agency.objects.create(pemda=world.pemda, code="dinas", name="Dinas Lain")
    return People(
        world=world,
        head=_user(world, "kepala", Role.PIMPINAN, world.agency),
        other_agency=other,
        other_head=_user(world, "kepalalain", Role.PIMPINAN, other),
        other_operator=_user(world, "operatorlain", Role.OPERATOR, other),
    )


def set_policy(world: World, on: bool) -> None:
    Policy.objects.filter(pemda=world.pemda).update(head_approves_quarters=on)


def report(world: World) -> QuarterReport:
    return QuarterReport.objects.get(agency=world.agency, year=world.year, quarter=Q)


def events(world: World) -> list[tuple[str, str, str, str]]:
    """(action, actor's username, new value, reason) of the quarter's workflow events,
    oldest first."""
    return [
        (e.action, e.actor.username, e.new_value, e.reason)
        for e in MeasurementEvent.objects.filter(agency=world.agency, quarter=Q)
        .exclude(action__in=[Action.VALUE_CHANGED, Action.EXPLANATION_CHANGED])
        .select_related("actor")
        .order_by("pk")
    ]


def submit(world: World) -> QuarterReport:
    return actions.submit_quarter(world.operator, world.agency, world.year, Q, confirm_blank=True)


def enter(world: World) -> None:
    actions.save_actual(
        world.operator,
        world.agency,
        world.year,
        Q,
        world.indicator.pk,
        raw="3",
        explanation="",
        version=0,
    )


def state_of(world: World) -> tuple[str, bool, bool, str, int]:
    r = report(world)
    return (r.state, r.awaiting_head, r.returned_by_head, r.review_note, r.version)


# --------------------------------------------------------------------------- transitions


def test_with_the_option_off_a_submission_goes_to_the_verifikator_as_before(people):
    world = people.world
    submit(world)
    assert state_of(world)[:3] == (State.SUBMITTED, False, False)
    assert [e[0] for e in events(world)] == [Action.SUBMITTED]
    assert QuarterReport.objects.with_verifier().filter(agency=world.agency).count() == 1
    assert not QuarterReport.objects.awaiting_head().exists()


def test_with_the_option_on_a_submission_awaits_the_pimpinan_and_entry_is_locked(people):
    world = people.world
    set_policy(world, True)
    submit(world)
    assert state_of(world) == (State.SUBMITTED, True, False, "", 2)
    [(action, actor, new, _)] = events(world)
    assert (action, actor) == (Action.SUBMITTED_TO_HEAD, world.operator.username)
    assert "0 dari 1 indikator" in new
    assert list(QuarterReport.objects.awaiting_head()) == [report(world)]
    assert not QuarterReport.objects.with_verifier().filter(agency=world.agency).exists()
    # Locked for entry exactly as a submitted quarter: nothing is saved.
    with pytest.raises(actions.Refused, match="menunggu persetujuan pimpinan"):
        enter(world)
    assert not Actual.objects.filter(indicator=world.indicator).exists()


def test_the_pimpinan_approves_and_the_quarter_reaches_the_verifikator(people):
    world = people.world
    set_policy(world, True)
    submit(world)
    actions.approve_quarter_as_head(people.head, world.agency, world.year, Q, " Sudah sesuai. ")
    assert state_of(world) == (State.SUBMITTED, False, False, "", 3)
    assert events(world)[-1] == (Action.HEAD_APPROVED, people.head.username, "", "Sudah sesuai.")
    assert QuarterReport.objects.with_verifier().filter(agency=world.agency).count() == 1
    history = report(world).history.order_by("history_date").last()
    assert (history.history_user, history.history_change_reason) == (
        people.head,
        "disetujui pimpinan",
    )
    # Still locked for entry: it is submitted, now to the verifikator.
    with pytest.raises(actions.Refused, match="sedang diverifikasi"):
        enter(world)
    actions.approve_quarter(world.verifikator, world.agency, world.year, Q)
    assert state_of(world)[:2] == (State.APPROVED, False)


def test_the_pimpinan_returns_it_to_the_operator_with_a_note(people):
    world = people.world
    set_policy(world, True)
    submit(world)
    actions.return_quarter_as_head(people.head, world.agency, world.year, Q, "Lengkapi bukti.")
    assert state_of(world) == (State.RETURNED, False, True, "Lengkapi bukti.", 3)
    assert events(world)[-1] == (
        Action.HEAD_RETURNED,
        people.head.username,
        "",
        "Lengkapi bukti.",
    )
    # The operator may enter again, and submits anew to the pimpinan.
    enter(world)
    submit(world)
    assert state_of(world)[:3] == (State.SUBMITTED, True, False)


def test_the_pimpinan_must_say_why_a_quarter_goes_back_and_nothing_changes_otherwise(people):
    world = people.world
    set_policy(world, True)
    submit(world)
    before = state_of(world)
    with pytest.raises(actions.Invalid, match="Tuliskan catatan"):
        actions.return_quarter_as_head(people.head, world.agency, world.year, Q, "   ")
    assert state_of(world) == before
    assert [e[0] for e in events(world)] == [Action.SUBMITTED_TO_HEAD]


def test_the_verifikator_cannot_approve_or_return_a_quarter_awaiting_the_pimpinan(people):
    world = people.world
    set_policy(world, True)
    submit(world)
    before = state_of(world)
    with pytest.raises(actions.Refused, match="masih menunggu persetujuan pimpinan"):
        actions.approve_quarter(world.verifikator, world.agency, world.year, Q)
    with pytest.raises(actions.Refused, match="masih menunggu persetujuan pimpinan"):
        actions.return_quarter(world.verifikator, world.agency, world.year, Q, "Perbaiki.")
    assert state_of(world) == before
    assert [e[0] for e in events(world)] == [Action.SUBMITTED_TO_HEAD]


@pytest.mark.parametrize("who", ["other_head", "operator", "verifikator", "admin"])
def test_only_the_agencys_own_pimpinan_may_approve_or_return_it(people, who):
    world = people.world
    set_policy(world, True)
    submit(world)
    user = {
        "other_head": people.other_head,
        "operator": world.operator,
        "verifikator": world.verifikator,
        "admin": world.admin,
    }[who]
    before = state_of(world)
    with pytest.raises(PermissionDenied):
        actions.approve_quarter_as_head(user, world.agency, world.year, Q)
    with pytest.raises(PermissionDenied):
        actions.return_quarter_as_head(user, world.agency, world.year, Q, "Perbaiki.")
    assert state_of(world) == before


def test_a_quarter_submitted_before_the_option_was_turned_on_stays_with_the_verifikator(
    people,
):
    world = people.world
    submit(world)
    set_policy(world, True)
    with pytest.raises(actions.Refused, match="Status triwulan ini sekarang"):
        actions.approve_quarter_as_head(people.head, world.agency, world.year, Q)
    actions.return_quarter(world.verifikator, world.agency, world.year, Q, "Perbaiki.")
    assert state_of(world)[:3] == (State.RETURNED, False, False)


def test_turning_the_option_off_hands_waiting_quarters_to_the_verifikator(people):
    """A quarter awaiting the pimpinan when the Pemda turns the option off counts as
    submitted: the verifikator sees and decides it, the pimpinan's approval no longer
    applies. Turned on again before the verifikator decided, it awaits the pimpinan
    again (the pimpinan never approved it)."""
    world = people.world
    set_policy(world, True)
    submit(world)
    set_policy(world, False)
    assert list(QuarterReport.objects.with_verifier()) == [report(world)]
    assert not QuarterReport.objects.awaiting_head().exists()
    with pytest.raises(actions.Refused, match="tidak lagi mewajibkan"):
        actions.approve_quarter_as_head(people.head, world.agency, world.year, Q)
    # Entry stays locked: it is submitted.
    with pytest.raises(actions.Refused, match="sedang diverifikasi"):
        enter(world)
    set_policy(world, True)
    assert list(QuarterReport.objects.awaiting_head()) == [report(world)]
    set_policy(world, False)
    actions.approve_quarter(world.verifikator, world.agency, world.year, Q)
    assert state_of(world)[:2] == (State.APPROVED, False)
    set_policy(world, True)
    assert not QuarterReport.objects.awaiting_head().exists()


# --------------------------------------------------------------------------- endpoints


def client_for(user: User | None, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    if user is not None:
        client.force_login(user)
    return client


ENDPOINTS = {
    "measurement_head_approve": {"note": "Setuju."},
    "measurement_head_return": {"note": "Perbaiki bukti."},
}


@pytest.mark.parametrize("name", ENDPOINTS)
def test_the_pimpinan_acts_through_the_page(people, name):
    world = people.world
    set_policy(world, True)
    submit(world)
    response = client_for(people.head).post(
        quarter_url(name, world.agency, world.year, Q), ENDPOINTS[name]
    )
    assert response.status_code == 302
    assert response["Location"] == quarter_url("measurement_quarter", world.agency, world.year, Q)
    expected = (
        (State.SUBMITTED, False) if name == "measurement_head_approve" else (State.RETURNED, False)
    )
    assert state_of(world)[:2] == expected


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("other_head", 404),
        ("other_operator", 404),
        ("operator", 403),
        ("verifikator", 403),
        ("admin", 403),
        ("anonymous", 302),
    ],
)
def test_everyone_but_the_agencys_pimpinan_is_refused_and_nothing_changes(
    people, name, who, status
):
    world = people.world
    set_policy(world, True)
    submit(world)
    user = {
        "other_head": people.other_head,
        "other_operator": people.other_operator,
        "operator": world.operator,
        "verifikator": world.verifikator,
        "admin": world.admin,
        "anonymous": None,
    }[who]
    before, logged = state_of(world), events(world)
    url = quarter_url(name, world.agency, world.year, Q)
    response = client_for(user).post(url, ENDPOINTS[name])
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/masuk/")
    assert (state_of(world), events(world)) == (before, logged)


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_get_is_not_an_approval(people, name):
    world = people.world
    set_policy(world, True)
    submit(world)
    before = state_of(world)
    response = client_for(people.head).get(quarter_url(name, world.agency, world.year, Q))
    assert response.status_code == 405
    assert state_of(world) == before


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(people, name):
    world = people.world
    set_policy(world, True)
    submit(world)
    before = state_of(world)
    response = client_for(people.head, csrf=True).post(
        quarter_url(name, world.agency, world.year, Q), ENDPOINTS[name]
    )
    assert response.status_code == 403
    assert state_of(world) == before


def test_the_verifikators_approval_through_the_page_is_refused_while_the_pimpinan_has_it(
    people,
):
    world = people.world
    set_policy(world, True)
    submit(world)
    before = state_of(world)
    client = client_for(world.verifikator)
    for name in ("measurement_approve", "measurement_return"):
        response = client.post(quarter_url(name, world.agency, world.year, Q), {"note": "x"})
        assert response.status_code == 302
    assert state_of(world) == before
    page = client.get(quarter_url("measurement_quarter", world.agency, world.year, Q))
    html = page.content.decode()
    assert "masih menunggu persetujuan pimpinan" in html  # the refusal, shown
    assert 'id="approve-quarter"' not in html and 'id="head-review"' not in html


# --------------------------------------------------------------------------- the page


def page(user: User, world: World) -> str:
    response = client_for(user).get(quarter_url("measurement_quarter", world.agency, world.year, Q))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_pimpinan_step_and_the_pimpinans_forms_only_with_the_option(
    people,
):
    world = people.world
    assert "Ajukan ke verifikator" in page(world.operator, world)
    assert 'id="head-step"' not in page(world.operator, world)
    set_policy(world, True)
    assert "Ajukan ke pimpinan" in page(world.operator, world)
    submit(world)
    html = page(people.head, world)
    assert 'id="head-step"' in html and 'id="head-review"' in html
    assert 'id="head-approve-quarter"' in html and 'id="approve-quarter"' not in html
    operator_html = page(world.operator, world)
    assert "menunggu persetujuan pimpinan" in operator_html
    assert 'id="head-review"' not in operator_html
    # Off again: the pimpinan has nothing to approve, the verifikator has it.
    set_policy(world, False)
    assert 'id="head-review"' not in page(people.head, world)
    assert 'id="approve-quarter"' in page(world.verifikator, world)


def test_a_quarter_returned_by_the_pimpinan_shows_the_pimpinans_note(people):
    world = people.world
    set_policy(world, True)
    submit(world)
    actions.return_quarter_as_head(people.head, world.agency, world.year, Q, "Isi uraian <b>.")
    html = page(world.operator, world)
    assert "Catatan pimpinan:</strong> Isi uraian &lt;b&gt;." in html


def test_the_page_reads_as_many_queries_with_the_option_on_as_off(people):
    world = people.world
    client = client_for(people.head)
    url = quarter_url("measurement_quarter", world.agency, world.year, Q)
    submit(world)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    off = count()
    set_policy(world, True)
    QuarterReport.objects.filter(pk=report(world).pk).update(awaiting_head=True)
    assert count() == off


def test_a_fresh_world_has_the_option_off(db):
    world = make_world("baru")
    assert Policy.objects.get(pemda=world.pemda).head_approves_quarters is False


@pytest.mark.parametrize("active_head", [True, False])
def test_the_operator_is_told_at_once_when_no_pimpinan_account_could_approve(world, active_head):
    """With the option on and no active pimpinan account for the agency, the quarter
    would wait for nobody: the operator is told when submitting, not at the deadline."""
    from django.test import Client

    set_policy(world, True)
    head = _user(world, "kepala", Role.PIMPINAN, world.agency)
    head.is_active = active_head
    head.save(update_fields=["is_active"])
    enter(world)
    client = Client()
    client.force_login(world.operator)
    url = quarter_url("measurement_submit", world.agency, world.year, Q)
    page = client.post(url, {"confirm_blank": "1"}, follow=True).content.decode()
    assert "diajukan ke pimpinan perangkat daerah" in page
    assert ("belum memiliki akun pimpinan yang aktif" in page) is not active_head
    assert report(world).awaiting_head
