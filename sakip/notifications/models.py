"""Notifications: one row per message per person, in the app and by e-mail (issue 12).

``key`` names what the message is about (a workflow event, a window's opening or
closing, an overdue PK); it is unique per user, so a notification is made once however
often the scheduled command runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    class Kind(models.TextChoices):
        WINDOW_OPENING = "window_opening", "Jadwal pengisian dibuka"
        WINDOW_CLOSING = "window_closing", "Jadwal pengisian segera ditutup"
        SUBMITTED = "submitted", "Triwulan diajukan"
        RETURNED = "returned", "Triwulan dikembalikan"
        APPROVED = "approved", "Triwulan disetujui"
        UNLOCKED = "unlocked", "Kunci triwulan dibuka"
        PK_OVERDUE = "pk_overdue", "PK belum ditandatangani lewat batas waktu"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="penerima",
    )
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    key = models.CharField("kunci", max_length=100)
    subject = models.CharField("judul", max_length=300)
    body = models.TextField("isi")
    url = models.CharField("tautan", max_length=300, blank=True)
    created_at = models.DateTimeField("dibuat", default=timezone.now)
    read_at = models.DateTimeField("dibaca", null=True, blank=True)
    emailed_at = models.DateTimeField("dikirim lewat surel", null=True, blank=True)

    class Meta:
        verbose_name = "pemberitahuan"
        verbose_name_plural = "pemberitahuan"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_notification_per_user")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.subject
