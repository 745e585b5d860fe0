from __future__ import annotations

import html

from django import template
from django.utils.safestring import SafeString, mark_safe

from sakip.reports.document import Cell, Table

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


def escape(value: object) -> str:
    """What Django's ``escape`` does (``html.escape`` of the text), without its lazy-string
    wrapper and the SafeString it builds: a form has thousands of cells, each escaped."""
    return html.escape(str(value))


def _text(value: object) -> str:
    """Django's ``linebreaksbr`` of an escaped text: line breaks as ``<br>``."""
    text = html.escape(str(value))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", "<br>") if "\n" in text else text


def _span(cell: Cell) -> str:
    out = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    return out + (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")


@register.simple_tag
def doc_table(block: Table, printing: bool) -> SafeString:
    """A document's table as HTML, on screen and on paper alike.

    Written in Python rather than as template loops: a form of a few hundred rows has
    thousands of cells, and the template language's per-cell cost was most of the
    Evaluasi Renja page's time (issue 9). Every text is escaped here (``escape``)."""
    out = ['<div class="doc-table-wrap">', '<table class="doc-table"']
    if printing and block.font_size:
        # Inline styles only on paper: the pages' Content-Security-Policy allows none.
        out.append(f' style="font-size: {escape(block.font_size)}"')
    out.append(">")
    if block.caption:
        out.append(f"<caption>{escape(block.caption)}</caption>")
    if printing and block.widths:
        out.append("<colgroup>")
        out += [f'<col style="width: {w}%">' for w in percentages(block.widths)]
        out.append("</colgroup>")
    out.append("<thead>")
    for header_row in block.header:
        out.append("<tr>")
        out += [f"<th{_span(c)}>{_text(c.text)}</th>" for c in header_row]
        out.append("</tr>")
    out.append("</thead><tbody>")
    for row in block.rows:
        out.append(f'<tr class="doc-row-{escape(row.style)}">')
        for c in row.cells:
            classes = f"text-{c.alignment} doc-{c.kind}"
            if c.bold:
                classes += " fw-bold"
            if c.notes:
                classes += f" doc-flagged doc-flagged-{c.severity}"
            if c.css:
                classes += f" {c.css}"
            attributes = f'class="{escape(classes)}"{_span(c)}'
            body = _text(c.text)
            if c.notes:
                if printing:
                    body += f'<sup class="doc-ref">{escape(c.refs)}</sup>'
                else:
                    attributes += f' title="{escape(" ".join(c.flags))}"'
                    body += "".join(
                        f'<a class="doc-flag-mark doc-flag-mark-{note.severity}"'
                        f' href="#catatan-{note.ref}"'
                        f' aria-label="Catatan {note.ref}: {escape(note.message)}">{note.ref}</a>'
                        for note in c.notes
                    )
                    if c.printed is not None:
                        body += f'<div class="doc-printed">tercetak: {escape(c.printed)}</div>'
            out.append(f"<td {attributes}>{body}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return mark_safe("".join(out))  # every text above is escaped
