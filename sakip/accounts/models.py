"""Users and the role and scope each one holds (DOMAIN §2)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Role(models.TextChoices):
    ADMIN_PEMDA = "admin_pemda", "Admin Pemda"
    OPERATOR = "operator", "Operator OPD"
    PIMPINAN = "pimpinan", "Pimpinan"
    VERIFIKATOR = "verifikator", "Verifikator"
    EVALUATOR = "evaluator", "Evaluator (Inspektorat)"


#: Roles scoped to a single agency; the others see the whole Pemda.
AGENCY_ROLES = frozenset({Role.OPERATOR, Role.PIMPINAN})


class User(AbstractUser):
    """A person who logs in. Superusers (platform operators) hold no Pemda; everyone
    else belongs to exactly one Pemda and, for agency roles, one agency."""

    pemda = models.ForeignKey(
        "organisation.Pemda",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="pemerintah daerah",
    )
    agency = models.ForeignKey(
        "organisation.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="perangkat daerah",
    )
    role = models.CharField("peran", max_length=20, choices=Role.choices, blank=True)
    position = models.ForeignKey(
        "organisation.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="jabatan (untuk pimpinan)",
    )

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def clean(self) -> None:
        super().clean()
        if self.is_superuser:
            return
        if not self.role:
            raise ValidationError({"role": "Peran wajib diisi."})
        if not self.pemda_id:
            raise ValidationError({"pemda": "Pemerintah daerah wajib diisi."})
        if self.role in AGENCY_ROLES and not self.agency_id:
            raise ValidationError({"agency": "Peran ini wajib terikat pada satu perangkat daerah."})
        if self.agency_id and self.agency.pemda_id != self.pemda_id:
            raise ValidationError({"agency": "Perangkat daerah bukan milik pemerintah daerah ini."})

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else "Administrator sistem"


#: Roles whose accounts must pass a second factor at login (superusers too): they read
#: or approve every agency of a Pemda.
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN_PEMDA, Role.VERIFIKATOR, Role.EVALUATOR})


def second_factor_required(user: User) -> bool:
    return bool(user.is_superuser or user.role in SECOND_FACTOR_ROLES)


class LoginFailures(models.Model):
    """Recent failed logins of one username, for the per-account delay
    (sakip.accounts.throttle). Keyed by the username as typed, lower-cased, so a
    username that does not exist is delayed exactly like one that does."""

    username = models.CharField("nama pengguna", max_length=150, unique=True)
    count = models.PositiveIntegerField("jumlah gagal", default=0)
    last_failure_at = models.DateTimeField("gagal terakhir")

    class Meta:
        verbose_name = "catatan gagal masuk"
        verbose_name_plural = "catatan gagal masuk"

    def __str__(self) -> str:
        return f"{self.username}: {self.count}"
