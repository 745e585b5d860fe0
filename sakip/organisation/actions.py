"""Actions of the organisation area: each validates, writes in one transaction."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from sakip.organisation.models import Pemda, Policy, RatingBand, RatingScale
from sakip.rules import ratings as rating_rules

#: Codes of the scales shipped by the data migration (sakip.rules.ratings).
DEFAULT_RENJA_SCALE = "permendagri-86-2017"
DEFAULT_LKJIP_SCALE = "lkjip-default"


@transaction.atomic
def create_pemda(
    *,
    code: str,
    name: str,
    kind: str,
    seat: str,
    head_title: str,
    time_zone: str = Pemda.TimeZone.WIB,
) -> Pemda:
    """A new Pemda with its computation policy at the defaults of DOMAIN §4."""
    pemda = Pemda(
        code=code, name=name, kind=kind, seat=seat, head_title=head_title, time_zone=time_zone
    )
    pemda.full_clean()
    pemda.save()
    create_default_policy(pemda)
    return pemda


@transaction.atomic
def create_default_policy(pemda: Pemda) -> Policy:
    """The computation policy a new Pemda starts with (DOMAIN §4): every page reads it,
    so a Pemda saved by any path (this module, the Django admin) must get one."""
    return Policy.objects.create(
        pemda=pemda,
        renja_scale=RatingScale.objects.get(pemda=None, code=DEFAULT_RENJA_SCALE),
        lkjip_scale=RatingScale.objects.get(pemda=None, code=DEFAULT_LKJIP_SCALE),
    )


#: The code of a Pemda's own LKjIP criterion scale (a number is added if taken).
OWN_LKJIP_SCALE = "kriteria-lkjip"


@transaction.atomic
def save_lkjip_scale(
    pemda: Pemda, *, name: str, bands: list[tuple[Decimal | None, str, str]]
) -> RatingScale:
    """The Pemda's own LKjIP criterion scale (DOMAIN §4.3) gets exactly these bands
    ``(above, label, colour)``. A Pemda still using a shipped scale gets its own copy
    and its policy points to it: a shipped scale is shared by every Pemda and never
    changes. The bands are checked by the rules first, so a saved scale can always
    rate (a set that overlaps or has two open ends raises ValueError, nothing saved)."""
    rating_rules.scale_from_rows(OWN_LKJIP_SCALE, name, bands)
    policy = Policy.objects.select_for_update().get(pemda=pemda)
    scale = RatingScale.objects.get(pk=policy.lkjip_scale_id)
    if scale.pemda_id != pemda.pk:
        taken = set(RatingScale.objects.filter(pemda=pemda).values_list("code", flat=True))
        code, number = OWN_LKJIP_SCALE, 1
        while code in taken:
            number += 1
            code = f"{OWN_LKJIP_SCALE}-{number}"
        scale = RatingScale.objects.create(pemda=pemda, code=code, name=name)
        policy.lkjip_scale = scale
        policy.save(update_fields=["lkjip_scale"])
    else:
        scale.name = name
        scale.save(update_fields=["name"])
        scale.bands.all().delete()
    RatingBand.objects.bulk_create(
        RatingBand(scale=scale, above=above, label=label, colour=colour)
        for above, label, colour in bands
    )
    return scale
