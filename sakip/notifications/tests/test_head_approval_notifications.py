"""Who is told of the pimpinan's step, where the Pemda's policy has the pimpinan approve a
submitted quarter before the verifikator (organisation.Policy.head_approves_quarters):
built from the events the measurement actions write."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sakip.accounts.models import Role, User
from sakip.measurement import actions
from sakip.measurement.tests.helpers import World, make_world
from sakip.notifications.build import Draft, drafts
from sakip.notifications.models import Notification
from sakip.organisation.models import Agency, Policy

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


@pytest.fixture
def world(db: None) -> World:
    world = make_world()
    Policy.objects.filter(pemda=world.pemda).update(head_approves_quarters=True)
    return world


def _user(world: World, name: str, role: str, agency: Agency | None) -> User:
    person = User(username=name, first_name=name.title(), role=role, pemda=world.pemda)
    person.agency = agency
    person.set_unusable_password()
    person.save()
    return person


def _told(world: World) -> dict[str, list[tuple[str, str]]]:
    """Each person of the world's Pemda: (kind, subject) of what they would be told."""
    ours = dict(User.objects.filter(pemda=world.pemda).values_list("pk", "username"))
    found: dict[str, list[tuple[str, str]]] = {}
    now = timezone.now() + datetime.timedelta(seconds=1)
    draft: Draft
    for draft in drafts(now):
        if draft.user_id in ours:
            found.setdefault(ours[draft.user_id], []).append((draft.kind, draft.subject))
    return found


def test_the_submission_goes_to_the_pimpinan_only_and_their_decision_to_the_right_people(world):
    head = _user(world, "kepala", Role.PIMPINAN, world.agency)
    other = Agency.objects.create(pemda=world.pemda, code="lain", name="Dinas Lain")
    _user(world, "kepalalain", Role.PIMPINAN, other)
    actions.submit_quarter(world.operator, world.agency, 2024, 1, confirm_blank=True)
    subject = "Badan Uji: realisasi TW I 2024 diajukan, menunggu persetujuan pimpinan"
    assert _told(world) == {"kepala": [(Kind.SUBMITTED, subject)]}

    actions.approve_quarter_as_head(head, world.agency, 2024, 1, "Lanjutkan.")
    approved = "Badan Uji: realisasi TW I 2024 disetujui pimpinan, diajukan untuk diverifikasi"
    told = _told(world)
    for person in ("operator.uji", "operatordua.uji", "verifikator.uji"):
        assert (Kind.SUBMITTED, approved) in told[person]
    assert (Kind.SUBMITTED, approved) not in told["kepala"]  # not told of their own act
    assert "kepalalain" not in told and "admin.uji" not in told


def test_the_pimpinans_return_goes_to_the_operators_with_the_note(world):
    head = _user(world, "kepala", Role.PIMPINAN, world.agency)
    actions.submit_quarter(world.operator, world.agency, 2024, 1, confirm_blank=True)
    actions.return_quarter_as_head(head, world.agency, 2024, 1, "Lengkapi bukti dukung.")
    returned = "Badan Uji: realisasi TW I 2024 dikembalikan pimpinan"
    ours = set(User.objects.filter(pemda=world.pemda).values_list("pk", flat=True))
    bodies = {
        d.user_id: d.body
        for d in drafts(timezone.now() + datetime.timedelta(seconds=1))
        if d.user_id in ours and d.subject == returned
    }
    assert set(bodies) == {world.operator.pk, world.operator2.pk}
    assert all("Catatan: Lengkapi bukti dukung." in b for b in bodies.values())
    assert all("Oleh Kepala." in b for b in bodies.values())
    assert (Kind.RETURNED, returned) not in _told(world).get("verifikator.uji", [])
