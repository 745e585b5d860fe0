"""Per-user API tokens. The token itself is shown once, when it is made; only its
SHA-256 is stored (a token is 256 random bits, so a fast hash is enough: nothing to
guess from the digest), with a short prefix to tell tokens apart in lists."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "sakip_"


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="pengguna",
    )
    name = models.CharField("nama", max_length=100)
    prefix = models.CharField("awalan", max_length=16)
    key_hash = models.CharField("sidik token (SHA-256)", max_length=64, unique=True)
    created_at = models.DateTimeField("dibuat", default=timezone.now)
    last_used_at = models.DateTimeField("terakhir dipakai", null=True, blank=True)
    revoked_at = models.DateTimeField("dicabut", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dicabut oleh",
    )

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def issue(cls, user: object, name: str) -> tuple[ApiToken, str]:
        """A new token for ``user``: the row and the token text, to show once."""
        raw = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=raw[: len(PREFIX) + 6], key_hash=digest(raw)
        )
        return token, raw
