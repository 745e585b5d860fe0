"""Writes of the set-up area: each validates, writes in one transaction and records a
SetupEvent (row history is kept by django-simple-history on the records)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from sakip.accounts.models import Role, User
from sakip.organisation.actions import create_pemda
from sakip.organisation.models import Agency, Employee, Pemda
from sakip.setup.models import SetupEvent


def record(
    pemda: Pemda,
    actor: User | None,
    action: str,
    subject_type: str,
    subject: object,
    detail: str = "",
    agency: Agency | None = None,
) -> SetupEvent:
    return _event(pemda, actor, action, subject_type, subject, detail, agency)


def record_plan_import(actor: User, tree: Any, title: str, summary: str) -> SetupEvent:
    """The event of a confirmed plan import (RPJMD, Renstra, Renja, realisasi)."""
    agency = getattr(tree, "agency", None)
    if agency is None and getattr(tree, "renstra", None) is not None:
        agency = tree.renstra.agency
    if agency is not None:
        return _event(
            agency.pemda, actor, SetupEvent.Action.IMPORTED, title, title, summary, agency
        )
    return _event(tree.rpjmd.pemda, actor, SetupEvent.Action.IMPORTED, "RPJMD", title, summary)


def _event(
    pemda: Pemda,
    actor: User | None,
    action: str,
    subject_type: str,
    subject: object,
    detail: str = "",
    agency: Agency | None = None,
) -> SetupEvent:
    return SetupEvent.objects.create(
        pemda=pemda,
        agency=agency,
        action=action,
        subject_type=subject_type,
        subject=str(subject)[:400],
        detail=detail,
        actor=actor,
    )


@transaction.atomic
def save_record(pemda: Pemda, actor: User, form: Any, noun: str) -> Any:
    """Save a screen's valid form; which fields changed goes to the event log."""
    created = form.instance.pk is None
    changed = [str(form.fields[name].label) for name in form.changed_data]
    obj = form.save()
    _event(
        pemda,
        actor,
        SetupEvent.Action.CREATED if created else SetupEvent.Action.CHANGED,
        noun,
        obj,
        "" if created else "Kolom: " + ", ".join(changed),
    )
    return obj


@transaction.atomic
def set_active(pemda: Pemda, actor: User, obj: Employee | User, active: bool, noun: str) -> None:
    """Deactivate (or reactivate) an employee or user. Nobody is ever deleted: their
    name stays on every PK they signed and every figure they entered."""
    if isinstance(obj, User):
        if obj.pk == actor.pk and not active:
            raise ValueError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
        obj.is_active = active
        obj.save(update_fields=["is_active"])
    else:
        obj.active = active
        obj.save(update_fields=["active"])
    _event(
        pemda,
        actor,
        SetupEvent.Action.REACTIVATED if active else SetupEvent.Action.DEACTIVATED,
        noun,
        obj,
    )


def invitation_path(user: User) -> str:
    """The link a user opens to set their own password: Django's password-reset token,
    which stops working once the password is set (or changed) and after
    PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("setup_invitation", args=[uid, default_token_generator.make_token(user)])


@transaction.atomic
def invite(pemda: Pemda, actor: User, user: User) -> str:
    _event(pemda, actor, SetupEvent.Action.INVITED, "pengguna", user)
    return invitation_path(user)


@transaction.atomic
def create_pemda_with_admin(actor: User, data: dict[str, Any]) -> tuple[Pemda, User]:
    """A new Pemda (with its default policy) and its first admin, who sets a password
    through an invitation link."""
    pemda = create_pemda(
        code=data["code"],
        name=data["name"],
        kind=data["kind"],
        seat=data["seat"],
        head_title=data["head_title"],
        time_zone=data["time_zone"],
    )
    admin = User(
        username=data["admin_username"],
        first_name=data["admin_name"],
        role=Role.ADMIN_PEMDA,
        pemda=pemda,
    )
    admin.set_unusable_password()
    admin.full_clean()
    admin.save()
    _event(pemda, actor, SetupEvent.Action.CREATED, "pemerintah daerah", pemda)
    _event(pemda, actor, SetupEvent.Action.CREATED, "pengguna", admin, "Admin pemda pertama")
    return pemda, admin
