"""Actions of the organisation area: each validates, writes in one transaction."""

from __future__ import annotations

from django.db import transaction

from sakip.organisation.models import Pemda, Policy, RatingScale

#: Codes of the scales shipped by the data migration (sakip.rules.ratings).
DEFAULT_RENJA_SCALE = "permendagri-86-2017"
DEFAULT_LKJIP_SCALE = "lkjip-default"


@transaction.atomic
def create_pemda(*, code: str, name: str, kind: str, seat: str, head_title: str) -> Pemda:
    """A new Pemda with its computation policy at the defaults of DOMAIN §4."""
    pemda = Pemda.objects.create(code=code, name=name, kind=kind, seat=seat, head_title=head_title)
    Policy.objects.create(
        pemda=pemda,
        renja_scale=RatingScale.objects.get(pemda=None, code=DEFAULT_RENJA_SCALE),
        lkjip_scale=RatingScale.objects.get(pemda=None, code=DEFAULT_LKJIP_SCALE),
    )
    return pemda
