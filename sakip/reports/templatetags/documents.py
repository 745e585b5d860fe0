from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def block_kind(block: object) -> str:
    """The class name of a document block, for the template's dispatch."""
    return type(block).__name__.lower()
