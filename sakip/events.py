"""What every domain event log of sakip shares (ENGINEERING.md, Audit): who acted —
the account, and the name it had then, readable after the account is renamed or
removed — and when. Each app's log (measurement, agreements, evaluation, set-up, the
LKjIP) adds what its events concern; row history (django-simple-history) says which
field changed, an event says which step of a workflow happened.

Events are written by the apps' actions only, inside the transaction of the change
they record, and never changed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

ACTOR_NAME_LENGTH = 200


def actor_name(user: Any | None) -> str:
    """The name an event keeps of its actor: full name, else the username."""
    if user is None:
        return ""
    return (user.get_full_name() or user.username)[:ACTOR_NAME_LENGTH]


class Event(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="oleh",
    )
    actor_name = models.CharField("nama pelaku", max_length=ACTOR_NAME_LENGTH, blank=True)
    at = models.DateTimeField("waktu", default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        action = self.get_action_display()  # type: ignore[attr-defined]
        return f"{self.at:%Y-%m-%d %H:%M} {action} {getattr(self, 'subject', '')}".rstrip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.actor_name and self.actor is not None:
            self.actor_name = actor_name(self.actor)
        super().save(*args, **kwargs)
