"""Charts of a Document, drawn with matplotlib (ENGINEERING.md: one chart code path for
every output): SVG for the page and the PDF, PNG for DOCX. Drawn from the Chart block's
own data, so the chart and the table beside it cannot disagree."""

from __future__ import annotations

import base64
import io
import textwrap
from functools import lru_cache

from sakip.reports.document import Chart

#: Colours of the series (print-safe, distinguishable in grey).
COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7f6000")


def _figure(chart: Chart):  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.0, 3.2), dpi=100)
    axes = figure.add_subplot()
    labels = ["\n".join(textwrap.wrap(c, 20)[:4]) for c in chart.categories]
    positions = list(range(len(labels)))
    count = max(1, len(chart.series))
    width = 0.8 / count
    for index, (name, values) in enumerate(chart.series):
        colour = COLOURS[index % len(COLOURS)]
        numbers = [float(v) if v is not None else float("nan") for v in values]
        if chart.kind == "bar":
            offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
            bars = axes.bar(offsets, numbers, width, label=name, color=colour)
            axes.bar_label(
                bars,
                labels=[f"{v:.2f}".replace(".", ",") if v is not None else "–" for v in values],
                fontsize=6,
                padding=1,
            )
        else:
            axes.plot(positions, numbers, marker="o", label=name, color=colour)
            for x, v in zip(positions, values, strict=True):
                if v is not None:
                    axes.annotate(
                        f"{float(v):.2f}".replace(".", ","),
                        (x, float(v)),
                        textcoords="offset points",
                        xytext=(0, 5),
                        ha="center",
                        fontsize=6,
                    )
    axes.set_xticks(positions, labels, fontsize=5.5)
    axes.tick_params(axis="y", labelsize=7)
    axes.set_ylabel(chart.unit, fontsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(y=0.15)
    if len(chart.series) > 1 or chart.kind == "line":
        axes.legend(fontsize=7, frameon=False, loc="lower right")
    figure.tight_layout()
    return figure


def _key(chart: Chart) -> tuple[object, ...]:
    return (
        chart.kind,
        chart.unit,
        tuple(chart.categories),
        tuple((name, tuple(values)) for name, values in chart.series),
    )


@lru_cache(maxsize=64)
def _render(key: tuple[object, ...], fmt: str) -> bytes:
    kind, unit, categories, series = key
    chart = Chart(
        caption="",
        kind=kind,  # type: ignore[arg-type]
        categories=list(categories),  # type: ignore[call-overload]
        series=[(name, list(values)) for name, values in series],  # type: ignore[attr-defined]
        unit=str(unit),
    )
    import matplotlib

    buffer = io.BytesIO()
    # SVG text as <text> elements, not as glyph outlines: WeasyPrint draws a chart's
    # text with the document's own fonts in a fraction of the time it takes to fill
    # thousands of glyph paths (the three charts of an LKjIP were a third of its PDF
    # time). matplotlib escapes the text it writes, so no user text becomes markup.
    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        # No creation date in the file: the same figures give the same bytes (a signed
        # document rendered again is identical).
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        _figure(chart).savefig(
            buffer, format=fmt, dpi=200 if fmt == "png" else 100, metadata=metadata
        )
    return buffer.getvalue()


def svg(chart: Chart) -> bytes:
    return _render(_key(chart), "svg")


def png(chart: Chart) -> bytes:
    return _render(_key(chart), "png")


def svg_data_uri(chart: Chart) -> str:
    """The chart as an ``img`` source (the pages' Content-Security-Policy allows data:
    images, not inline styles, which an inline SVG carries)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg(chart)).decode("ascii")
