"""What an operator types and the checks a figure gets at entry (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sakip.measurement import checks, evidence, inputs
from sakip.measurement.tests.helpers import JPG_BYTES, PDF_BYTES, PNG_BYTES
from sakip.rules.values import parse_figure


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.250,5", Decimal("1250.5")),
        ("93", Decimal(93)),
        ("65,22", Decimal("65.22")),
        (" 1.000 ", Decimal(1000)),
        ("-3", Decimal(-3)),
    ],
)
def test_a_realisasi_is_read_the_indonesian_way(typed, expected):
    assert inputs.read_figure(typed).value == expected


def test_an_empty_realisasi_clears_the_figure():
    assert inputs.read_figure("  ").empty


@pytest.mark.parametrize("typed", ["dua", "12 dokumen", "1,2,3", "80-90"])
def test_a_realisasi_that_is_not_a_number_is_refused_in_indonesian(typed):
    with pytest.raises(inputs.InputError, match="bukan angka yang sah"):
        inputs.read_figure(typed)


def test_a_grade_is_accepted_only_where_the_target_is_a_grade():
    assert inputs.read_figure("bb", parse_figure("BB")) == inputs.KInput(None, "BB")
    with pytest.raises(inputs.InputError, match="predikat"):
        inputs.read_figure("BB", parse_figure("80 %"))


def test_more_than_six_decimals_is_refused():
    with pytest.raises(inputs.InputError, match="6 angka di belakang koma"):
        inputs.read_figure("0,1234567")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.250.000", 1_250_000),
        ("Rp1.250.000", 1_250_000),
        ("Rp. 514.554.900,-", 514_554_900),
        ("", None),
    ],
)
def test_rupiah_are_read_with_or_without_the_rp_prefix(typed, expected):
    assert inputs.read_rupiah(typed) == expected


def test_rupiah_with_cents_are_refused():
    with pytest.raises(inputs.InputError, match="tanpa sen"):
        inputs.read_rupiah("1.250,50")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, "application/pdf"),
        (PNG_BYTES, "image/png"),
        (JPG_BYTES, "image/jpeg"),
        (b"<html><script>alert(1)</script>", None),
        (b"MZ\x90\x00", None),
    ],
)
def test_the_file_type_comes_from_the_content(content, expected):
    assert evidence.sniff(content) == expected


def test_a_script_named_like_a_pdf_is_refused():
    fake = SimpleUploadedFile(
        "bukti.pdf", b"<script>alert(1)</script>", content_type="application/pdf"
    )
    with pytest.raises(evidence.EvidenceError, match="bukan PDF, JPG atau PNG"):
        evidence.check_upload(fake)


def test_a_real_pdf_with_a_misleading_name_is_accepted_as_a_pdf():
    checked = evidence.check_upload(SimpleUploadedFile("foto.png", PDF_BYTES, "image/png"))
    assert checked.content_type == "application/pdf"
    assert len(checked.sha256) == 64


def test_a_file_over_the_limit_is_refused_with_its_size(settings):
    settings.SAKIP_EVIDENCE_MAX_BYTES = 1024
    big = SimpleUploadedFile("besar.pdf", PDF_BYTES + b"0" * 2600, "application/pdf")
    with pytest.raises(evidence.EvidenceError, match=r"terlalu besar \(2,6 KB\); batasnya 1 KB"):
        evidence.check_upload(big)


def test_the_default_limit_is_ten_megabytes():
    assert evidence.size_text(evidence.DEFAULT_MAX_BYTES) == "10 MB"


def test_an_uploaded_name_keeps_no_path_or_control_characters():
    assert evidence.clean_name("../../etc/passwd") == "passwd"
    assert evidence.clean_name("C:\\Users\\x\\laporan\x00.pdf") == "laporan.pdf"
    assert evidence.clean_name("..") == "bukti"


def test_a_non_cumulative_indicator_entered_as_a_running_sum_is_flagged():
    finding = checks.check_running_sum([Decimal(93), Decimal(186)], "last", Decimal(93))
    assert finding is not None
    assert "jumlah berjalan (93 + 93)" in finding.message
    assert "non kumulatif" in finding.message


def test_a_rising_level_within_the_target_is_not_a_running_sum():
    progress = [Decimal(25), Decimal(50), Decimal(75), Decimal(100)]
    assert checks.check_running_sum(progress, "last", Decimal(100)) is None


def test_a_steady_level_is_not_a_running_sum():
    assert checks.check_running_sum([Decimal(93)] * 3, "last", None) is None


def test_a_cumulative_indicator_is_never_a_running_sum():
    assert checks.check_running_sum([Decimal(5), Decimal(10)], "sum", Decimal(5)) is None


def test_without_a_numeric_target_three_quarters_are_needed_to_call_it_a_running_sum():
    assert checks.check_running_sum([Decimal(90), Decimal(183)], "average", None) is None
    assert checks.check_running_sum([Decimal(90), Decimal(183), Decimal(278)], "average", None)


def test_spending_above_the_pagu_is_flagged():
    finding = checks.check_over_budget(1_200_000, 1_000_000, 2)
    assert finding is not None
    assert finding.message.startswith(
        "Realisasi anggaran s.d. TW II Rp1.200.000 melebihi pagu Rp1.000.000"
    )
    assert checks.check_over_budget(1_000_000, 1_000_000, 2) is None


def _png_claiming(width: int, height: int) -> bytes:
    """A few bytes of PNG whose header claims an image of width × height."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("width", "height", "shown"),
    [
        (60_000, 60_000, "lebih dari 178 megapiksel"),  # Pillow's own bomb limit
        (8_000, 6_000, "8000 × 6000 piksel"),  # 48 megapixels
        (25_000, 100, "25000 × 100 piksel"),  # one absurd side
    ],
)
def test_an_image_of_absurd_dimensions_is_refused(width, height, shown):
    upload = SimpleUploadedFile("foto.png", _png_claiming(width, height), "image/png")
    with pytest.raises(evidence.EvidenceError, match=f"Ukuran gambar tidak wajar \\({shown}\\)"):
        evidence.check_upload(upload)


def test_an_image_whose_header_cannot_be_read_is_refused():
    broken = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg")
    with pytest.raises(evidence.EvidenceError, match="rusak atau tidak dapat dibaca"):
        evidence.check_upload(broken)


def test_a_photo_of_ordinary_size_is_accepted():
    assert evidence.check_upload(SimpleUploadedFile("a.png", _png_claiming(4000, 3000))).size


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("laporan.html", "application/pdf", "laporan.pdf"),
        ("foto kegiatan.PNG.exe", "image/png", "foto kegiatan.PNG.png"),
        ("scan", "image/jpeg", "scan.jpg"),
        (".pdf", "application/pdf", "bukti.pdf"),
    ],
)
def test_a_download_is_named_by_the_type_its_content_proved(name, content_type, expected):
    assert evidence.download_name(name, content_type) == expected
