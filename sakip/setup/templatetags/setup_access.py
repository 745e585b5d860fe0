"""Whether to offer a page's edit links: the same gate the views apply."""

from __future__ import annotations

from django import template

from sakip.accounts.access import can_edit_agency

register = template.Library()


@register.filter
def can_edit(user: object, agency: object) -> bool:
    return can_edit_agency(user, agency)  # type: ignore[arg-type]
