"""Bukti dukung files: what is accepted (PDF, JPG, PNG up to a size limit), decided by
the file's content, never by its name or the browser's claimed type."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from sakip.rules.formatting import format_number

#: Magic numbers (file signatures) of the accepted types.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
LABELS = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPG"}
#: The extension a download gets, from the type its content proved.
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: The largest photo or scan accepted: 40 megapixels, 20 000 pixels a side (a 600 dpi
#: A3 scan is ~7 000 × 10 000). A few kilobytes can claim a 60 000 × 60 000 image that
#: takes gigabytes to open: whoever opens it later (a viewer, a PDF renderer) would.
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 20_000


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


def too_large(limit: int, size: int | None = None) -> str:
    if size is None:
        return f"Berkas terlalu besar; batasnya {size_text(limit)}."
    return f"Berkas terlalu besar ({size_text(size)}); batasnya {size_text(limit)}."


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept a PDF, JPG or PNG within the size limit, judged by its content.

    The size is counted from the bytes read, chunk by chunk, and reading stops as soon
    as it passes the limit: the size an upload claims (from a Content-Length header, or
    none at all for a streamed body) is not trusted."""
    limit = max_bytes()
    claimed = upload.size
    if claimed is not None and claimed > limit:
        raise EvidenceError(too_large(limit, claimed))
    upload.seek(0)
    content_type = sniff(upload.read(16))
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise EvidenceError(too_large(limit))
        digest.update(chunk)
    upload.seek(0)
    if size == 0:
        raise EvidenceError("Berkas kosong.")
    if content_type is None:
        raise EvidenceError(
            "Isi berkas bukan PDF, JPG atau PNG. Pindai atau simpan ulang bukti dukung "
            "dalam salah satu format itu."
        )
    if content_type.startswith("image/"):
        check_image(upload)
    return CheckedUpload(
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        name=clean_name(upload.name or ""),
    )


def check_image(upload: UploadedFile) -> None:
    """The image's dimensions, read from its header by Pillow (nothing is decoded)."""
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        raise EvidenceError(_absurd_size("lebih dari 178 megapiksel")) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise EvidenceError(
            "Gambar ini rusak atau tidak dapat dibaca. Simpan ulang foto atau hasil pindaian "
            "sebagai JPG atau PNG, lalu unggah lagi."
        ) from None
    finally:
        upload.seek(0)
    if width * height > MAX_IMAGE_PIXELS or max(width, height) > MAX_IMAGE_SIDE:
        raise EvidenceError(_absurd_size(f"{width} × {height} piksel"))


def _absurd_size(size: str) -> str:
    return (
        f"Ukuran gambar tidak wajar ({size}); batasnya {MAX_IMAGE_PIXELS // 1_000_000} "
        f"megapiksel dan {MAX_IMAGE_SIDE} piksel per sisi. Perkecil gambar, lalu unggah lagi."
    )


def download_name(original_name: str, content_type: str) -> str:
    """The name a download gets: the uploaded name's stem with the extension of the type
    its content proved, never the uploader's own extension (``laporan.html`` holding a
    PDF downloads as ``laporan.pdf``)."""
    stem = original_name.rsplit(".", 1)[0] if "." in original_name else original_name
    return f"{stem.strip() or 'bukti'}.{EXTENSIONS.get(content_type, 'bin')}"


class SizeLimitHandler(FileUploadHandler):
    """First of the request's upload handlers: counts each file's bytes as they arrive
    and stops the upload once a file passes the limit, so an oversized file is never
    written out in full, whatever (or whether) the request's Content-Length says."""

    def __init__(self, request: object = None, limit: int | None = None) -> None:
        super().__init__(request)  # type: ignore[arg-type]
        self.limit = max_bytes() if limit is None else limit
        self.received = 0
        self.exceeded = False

    def new_file(self, *args: object, **kwargs: object) -> None:
        self.received = 0
        super().new_file(*args, **kwargs)  # type: ignore[arg-type]

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def remove_orphaned_files(
    older_than: datetime.timedelta = datetime.timedelta(hours=1),
) -> list[str]:
    """Delete the files under MEDIA_ROOT/bukti that no bukti dukung row names and that are
    older than ``older_than`` (younger ones may belong to a transaction still open).

    add_evidence deletes its file when its own transaction fails; a file is left only
    when a caller's outer transaction rolls back afterwards (Django has no rollback
    hook). Returns the names removed."""
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from sakip.measurement.models import Evidence

    known = set(Evidence.objects.values_list("file", flat=True))
    cutoff = timezone.now() - older_than
    removed: list[str] = []

    def walk(folder: str) -> None:
        if not default_storage.exists(folder):
            return
        folders, files = default_storage.listdir(folder)
        for name in files:
            path = f"{folder}/{name}"
            if path not in known and default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed.append(path)
        for sub in folders:
            walk(f"{folder}/{sub}")

    walk("bukti")
    return removed
