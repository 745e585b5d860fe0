"""The event log of a Pemda's set-up: who added, changed, imported, invited or
deactivated what, and when. Written by the actions only; never changed. Row-level
before/after values are kept by django-simple-history on the records themselves."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from sakip.events import Event
from sakip.organisation.models import Agency, Pemda


class SetupEvent(Event):
    class Action(models.TextChoices):
        CREATED = "created", "Ditambahkan"
        CHANGED = "changed", "Diubah"
        IMPORTED = "imported", "Diimpor dari Excel"
        INVITED = "invited", "Tautan undangan dibuat"
        DEACTIVATED = "deactivated", "Dinonaktifkan"
        REACTIVATED = "reactivated", "Diaktifkan kembali"
        SUBMITTED = "submitted", "Diajukan ke pimpinan"
        APPROVED = "approved", "Disetujui pimpinan (terkunci)"
        REOPENED = "reopened", "Dibuka kembali oleh admin"
        YEAR_LOCKED = "year_locked", "Dikunci admin bersama Renja seluruh perangkat daerah"

    pemda = models.ForeignKey(
        Pemda,
        on_delete=models.CASCADE,
        related_name="setup_events",
        verbose_name="pemerintah daerah",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="setup_events",
        verbose_name="perangkat daerah",
    )
    action = models.CharField("tindakan", max_length=20, choices=Action.choices)
    subject_type = models.CharField("jenis data", max_length=100)
    subject = models.CharField("data", max_length=400, blank=True)
    detail = models.TextField("rincian", blank=True)

    class Meta:
        verbose_name = "riwayat pengaturan"
        verbose_name_plural = "riwayat pengaturan"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["pemda", "-at"], name="setup_event_pemda_time")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.subject}"


class PlanApproval(models.Model):
    """The approval state of an agency's plan: its Renstra (by start year), its IKU, its
    Renja of a year. The operator submits, the agency's pimpinan approves, and an
    approved plan is read-only until the Pemda's admin reopens it with a reason (each
    step is a SetupEvent)."""

    class Plan(models.TextChoices):
        RENSTRA = "renstra", "Renstra"
        IKU = "iku", "IKU"
        RENJA = "renja", "Renja"

    class State(models.TextChoices):
        DRAFT = "draft", "Konsep"
        SUBMITTED = "submitted", "Diajukan"
        APPROVED = "approved", "Disetujui"

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="plan_approvals",
        verbose_name="perangkat daerah",
    )
    plan = models.CharField("rencana", max_length=10, choices=Plan.choices)
    year = models.PositiveSmallIntegerField(
        "tahun", help_text="Tahun awal Renstra, tahun Renja; 0 untuk IKU."
    )
    state = models.CharField("status", max_length=10, choices=State.choices, default=State.DRAFT)
    changed_at = models.DateTimeField("diubah", default=timezone.now)

    class Meta:
        verbose_name = "persetujuan rencana"
        verbose_name_plural = "persetujuan rencana"
        constraints = [
            models.UniqueConstraint(fields=["agency", "plan", "year"], name="unique_plan_approval")
        ]

    def __str__(self) -> str:
        return f"{self.get_plan_display()} {self.agency} {self.year or ''}".strip()
