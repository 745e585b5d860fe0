"""The lists an admin Pemda manages, each with its screen form, its Excel resource and
how its page reads it (one query for the page, whatever the number of rows)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sakip.accounts.models import User
from sakip.organisation.models import Agency, Employee, Pemda, Position, PositionHolding, Unit
from sakip.setup import forms, resources


@dataclass(frozen=True)
class ManagedList:
    key: str  # the URL segment
    title: str
    noun: str
    form: type[forms.PemdaScopedForm]
    resource: type[resources.SetupResource]
    rows: Callable[[Pemda], QuerySet[Any]]
    instructions: tuple[str, ...] = ()
    deactivatable: bool = False


LISTS: dict[str, ManagedList] = {
    m.key: m
    for m in [
        ManagedList(
            "perangkat-daerah",
            "Perangkat daerah",
            "perangkat daerah",
            forms.AgencyForm,
            resources.AgencyResource,
            lambda pemda: Agency.objects.filter(pemda=pemda).order_by("name"),
        ),
        ManagedList(
            "unit-kerja",
            "Unit kerja",
            "unit kerja",
            forms.UnitForm,
            resources.UnitResource,
            lambda pemda: (
                Unit.objects.filter(agency__pemda=pemda)
                .select_related("agency", "parent")
                .order_by("agency__name", "name")
            ),
            ("Unit induk harus ditulis di baris yang lebih atas daripada unit bawahannya.",),
        ),
        ManagedList(
            "jabatan",
            "Jabatan",
            "jabatan",
            forms.PositionForm,
            resources.PositionResource,
            lambda pemda: (
                Position.objects.filter(pemda=pemda)
                .select_related("agency", "unit", "superior")
                .order_by("agency__name", "eselon", "title")
            ),
            ("Jabatan atasan harus ditulis di baris yang lebih atas daripada bawahannya.",),
        ),
        ManagedList(
            "pegawai",
            "Pegawai",
            "pegawai",
            forms.EmployeeForm,
            resources.EmployeeResource,
            lambda pemda: Employee.objects.filter(pemda=pemda).order_by("-active", "name"),
            deactivatable=True,
        ),
        ManagedList(
            "pemangku-jabatan",
            "Pemangku jabatan",
            "pemangku jabatan",
            forms.HoldingForm,
            resources.HoldingResource,
            lambda pemda: (
                PositionHolding.objects.filter(position__pemda=pemda)
                .select_related("position", "employee")
                .order_by("-year", "position__title")
            ),
        ),
        ManagedList(
            "pengguna",
            "Pengguna",
            "pengguna",
            forms.UserForm,
            resources.UserResource,
            lambda pemda: (
                User.objects.filter(pemda=pemda)
                .select_related("agency", "position")
                .order_by("-is_active", "username")
            ),
            (
                "Pengguna baru belum memiliki kata sandi: buat tautan undangan dari halaman "
                "Pengguna dan kirimkan kepadanya.",
            ),
            deactivatable=True,
        ),
    ]
}
