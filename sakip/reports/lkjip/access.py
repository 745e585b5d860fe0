"""Who may do what with an LKjIP. Views obtain the agency through the access gate
(``agency_for_user``: the Pemda's readers and the agency's own staff read it) first;
these functions only decide between reading and the LKjIP's actions.

- edit the narrative of a draft: the agency's operator and the Pemda's admin
  (``can_edit_agency``);
- sign (make final): the head of the agency (pimpinan of that agency) or the Pemda's
  admin — PermenPANRB 53/2014: the LKjIP is signed by the head of the agency;
- publish a final LKjIP, or return a final one to draft: the Pemda's admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sakip.accounts.access import can_edit_agency, is_pemda_admin
from sakip.accounts.models import Role
from sakip.organisation.models import Agency

if TYPE_CHECKING:
    from sakip.accounts.models import User


def can_edit_narrative(user: User, agency: Agency) -> bool:
    return can_edit_agency(user, agency)


def can_sign(user: User, agency: Agency) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if is_pemda_admin(user, agency.pemda):
        return True
    return user.role == Role.PIMPINAN and user.agency_id == agency.pk


def can_publish(user: User, agency: Agency) -> bool:
    return is_pemda_admin(user, agency.pemda)
