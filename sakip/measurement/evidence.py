"""Bukti dukung files: what is accepted (PDF, JPG, PNG up to a size limit), decided by
the file's content, never by its name or the browser's claimed type."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from sakip.rules.formatting import format_number

#: Magic numbers (file signatures) of the accepted types.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
LABELS = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPG"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class EvidenceError(ValueError):
    """An upload that is refused, with an Indonesian message."""


def max_bytes() -> int:
    return int(getattr(settings, "SAKIP_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_text(size: int) -> str:
    """``1536`` → ``"1,5 KB"``, ``10485760`` → ``"10 MB"``."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{format_number(Decimal(size) / 1024, 1).removesuffix(',0')} KB"
    return f"{format_number(Decimal(size) / (1024 * 1024), 1).removesuffix(',0')} MB"


def sniff(head: bytes) -> str | None:
    """The content type that the first bytes of a file prove, or None."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def clean_name(name: str) -> str:
    """The uploaded name, kept for display and the download's filename only: no path,
    no control characters, at most 150 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if c.isprintable())
    base = base.strip().strip(".") or "bukti"
    return base[-150:]


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str
    name: str


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept a PDF, JPG or PNG within the size limit, judged by its content."""
    limit = max_bytes()
    size = upload.size or 0
    if size == 0:
        raise EvidenceError("Berkas kosong.")
    if size > limit:
        raise EvidenceError(
            f"Berkas terlalu besar ({size_text(size)}); batasnya {size_text(limit)}."
        )
    upload.seek(0)
    content_type = sniff(upload.read(16))
    if content_type is None:
        raise EvidenceError(
            "Isi berkas bukan PDF, JPG atau PNG. Pindai atau simpan ulang bukti dukung "
            "dalam salah satu format itu."
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        name=clean_name(upload.name or ""),
    )
