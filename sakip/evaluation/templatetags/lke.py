"""Display helpers of the evaluation pages: scores with two decimals (half-up, as LHEs
print them), weights in their shortest form, and the values a user typed before a
refused save."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from sakip.rules import formatting

register = template.Library()


@register.filter
def score(value: Decimal | None) -> str:
    return formatting.format_number(value, 2)


@register.filter
def weight(value: Decimal | None) -> str:
    return formatting.format_decimal_trimmed(value)


@register.simple_tag
def lke_typed(typed: dict[str, Any], prefix: str, pk: int) -> Any:
    """What the user typed into form ``prefix-pk`` when its save was refused, or None."""
    return typed.get(f"{prefix}-{pk}")
