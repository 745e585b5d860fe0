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
