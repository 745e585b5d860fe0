from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def block_kind(block: object) -> str:
    """The class name of a document block, for the template's dispatch."""
    return type(block).__name__.lower()


@register.filter
def percentages(widths: list[float]) -> list[str]:
    """Relative column widths as CSS percentages ("12.5"), never localised."""
    total = sum(widths) or 1
    return [f"{100 * w / total:.3f}" for w in widths]


@register.filter
def css_string(text: str) -> str:
    """``text`` as the inside of a CSS string (for ``@page`` margin boxes): quotes and
    backslashes escaped, and no "<" that could close the style element."""
    cleaned = " ".join(str(text).split()).replace("<", "‹").replace(">", "›")
    return cleaned.replace("\\", "\\\\").replace('"', '\\"')


@register.filter
def chart_uri(chart: object) -> str:
    """A Chart block as an image source (SVG, drawn by sakip/reports/charts.py)."""
    from sakip.reports import charts
    from sakip.reports.document import Chart

    assert isinstance(chart, Chart)
    return charts.svg_data_uri(chart)
