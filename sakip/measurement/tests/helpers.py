"""Helpers of the measurement tests: sample files, URLs, and a small world of our own
for tests that need committed data (threads, the browser)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sakip.accounts.models import Role, User
from sakip.organisation.models import Agency, Pemda, RatingBand, RatingScale
from sakip.planning.actions import add_item, create_renja, set_pagu
from sakip.planning.models import Indicator, IndicatorTarget, ProgramItem
from sakip.rules.ratings import SHIPPED_SCALES

# The smallest files each accepted type's signature makes.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image_bytes(kind: str, size: tuple[int, int] = (2, 2)) -> bytes:
    """A real image (Pillow): uploads are read to their dimensions."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, "white").save(out, kind)
    return out.getvalue()


PNG_BYTES = image_bytes("PNG")
JPG_BYTES = image_bytes("JPEG")


def upload(
    name: str = "laporan.pdf", content: bytes = PDF_BYTES, content_type: str = "application/pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def quarter_url(name: str, agency: Agency, year: int, quarter: int, *extra: object) -> str:
    return reverse(name, args=[agency.pk, year, quarter, *extra])


def indicator_of(agency: Agency, code: str, year: int = 2023) -> Indicator:
    """The (first) indicator of the row ``code`` of the agency's Renja of ``year``."""
    return Indicator.objects.filter(
        program_item__renja__agency=agency,
        program_item__renja__year=year,
        program_item__code=code,
    ).earliest("order", "pk")


def item_of(agency: Agency, code: str, year: int = 2023) -> ProgramItem:
    return ProgramItem.objects.get(renja__agency=agency, renja__year=year, code=code)


def ensure_reference_data() -> None:
    """The shipped rating scales (a data migration's rows: a flush removes them)."""
    for scale in SHIPPED_SCALES.values():
        record, created = RatingScale.objects.get_or_create(
            pemda=None, code=scale.code, defaults={"name": scale.name}
        )
        if created:
            RatingBand.objects.bulk_create(
                RatingBand(scale=record, above=b.above, label=b.label, colour=b.colour)
                for b in scale.bands
            )


def ensure_demo() -> None:
    from sakip.web.demo import load_demo

    ensure_reference_data()
    load_demo()


@dataclass
class World:
    pemda: Pemda
    agency: Agency
    indicator: Indicator
    item: ProgramItem
    operator: User
    operator2: User
    admin: User
    verifikator: User
    year: int = 2024


def make_world(code: str = "uji") -> World:
    """A Pemda of our own with one agency, one sub kegiatan with a cumulative indicator
    (Renja target 10) and a pagu, and its users."""
    from sakip.organisation.actions import create_pemda

    ensure_reference_data()
    pemda = create_pemda(
        code=code,
        name=f"Kabupaten {code.title()}",
        kind="kabupaten",
        seat="Uji",
        head_title="Bupati",
    )
    agency = Agency.objects.create(pemda=pemda, code="badan", name="Badan Uji")
    renja = create_renja(agency, 2024)
    program = add_item(renja, level="program", code="8.01.01", name="Program Uji")
    kegiatan = add_item(
        renja, parent=program, level="kegiatan", code="8.01.01.2.01", name="Kegiatan Uji"
    )
    item = add_item(
        renja, parent=kegiatan, level="subkegiatan", code="8.01.01.2.01.01", name="Sub Uji"
    )
    indicator = Indicator.objects.create(
        pemda=pemda, agency=agency, program_item=item, name="Jumlah dokumen", unit="Dokumen"
    )
    IndicatorTarget.objects.create(
        indicator=indicator, kind="renja", year=2024, text="10", value=Decimal(10)
    )
    set_pagu(item, renja.revisions.get(number=0), 1_000_000)

    def user(name: str, role: str, with_agency: bool) -> User:
        # No password: tests log in with force_login (hashing one costs half a second).
        person = User(
            username=f"{name}.{code}",
            first_name=name.title(),
            role=role,
            pemda=pemda,
            agency=agency if with_agency else None,
        )
        person.set_unusable_password()
        person.save()
        return person

    return World(
        pemda=pemda,
        agency=agency,
        indicator=indicator,
        item=item,
        operator=user("operator", Role.OPERATOR, True),
        operator2=user("operatordua", Role.OPERATOR, True),
        admin=user("admin", Role.ADMIN_PEMDA, False),
        verifikator=user("verifikator", Role.VERIFIKATOR, False),
    )


def grow_world(world: World, programs: int, subkegiatan: int = 4) -> None:
    """More of the same in the world's 2024 Renja: ``programs`` more programs, each with
    a kegiatan of ``subkegiatan`` sub kegiatan, each with an indicator (Renja target 4),
    a pagu, realisasi of TW I (K and Rp) and a bukti dukung on each TW I figure."""
    from sakip.measurement import actions
    from sakip.measurement.models import Actual, BudgetActual

    renja = world.item.renja
    revision = renja.revisions.get(number=0)
    for p in range(programs):
        program = add_item(renja, level="program", code=f"8.01.{p + 2:02d}", name=f"Program {p}")
        kegiatan = add_item(
            renja,
            parent=program,
            level="kegiatan",
            code=f"8.01.{p + 2:02d}.2.01",
            name=f"Kegiatan {p}",
        )
        for s in range(subkegiatan):
            item = add_item(
                renja,
                parent=kegiatan,
                level="subkegiatan",
                code=f"8.01.{p + 2:02d}.2.01.{s + 1:02d}",
                name=f"Sub {p}.{s}",
            )
            set_pagu(item, revision, 500_000)
            indicator = Indicator.objects.create(
                pemda=world.pemda,
                agency=world.agency,
                program_item=item,
                name=f"Indikator {p}.{s}",
                unit="Dokumen",
            )
            IndicatorTarget.objects.create(
                indicator=indicator, kind="renja", year=world.year, text="4", value=Decimal(4)
            )
            Actual.objects.create(
                indicator=indicator, year=world.year, quarter=1, value=1, updated_by=world.operator
            )
            BudgetActual.objects.create(
                item=item, year=world.year, quarter=1, amount=1000, updated_by=world.operator
            )
            for figure in ({"indicator_id": indicator.pk}, {"item_id": item.pk}):
                actions.add_evidence(
                    world.operator, world.agency, world.year, 1, upload=upload(), **figure
                )
