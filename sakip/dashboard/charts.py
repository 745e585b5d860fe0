"""Chart geometry for the dashboard's SVG, drawn by templates.

Hand-built SVG rather than matplotlib (ENGINEERING.md's chart library), for reasons
that hold for these two charts only: the page must answer in under 300 ms for 40
agencies and the Evaluasi Renja of all of them already takes most of that, while
drawing and saving one 40-agency chart of 80 bars as SVG in matplotlib took 850–1 100 ms
on the project's 2 shared cores (measured 2026-12-06; more for its first import);
the pages' Content-Security-Policy forbids the inline ``style`` attributes
matplotlib's SVG is made of, while bars drawn here use presentation attributes only;
and text drawn here is real text in the page's own font, which a screen reader reads
and which scales with the ``viewBox`` down to a 390 px phone. The numbers are always
in the table beside the chart as well."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sakip.rules import formatting
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.ratings import Band

#: Colour of a bar without a predikat, and of the serapan bars.
NEUTRAL = "#5c6f80"
MONEY = "#12466b"
#: Line colours of a trend chart (distinguishable, and ≥ 3:1 against white).
PALETTE = ("#12466b", "#b42318", "#1a7f37", "#8250df", "#bc4c00", "#0969da", "#57606a")


def _scale_max(values: list[Decimal | None]) -> Decimal:
    """The axis end: 100 %, or above the largest value, in steps of 20."""
    top = max([Decimal(100), *(v for v in values if v is not None)])
    return (top / 20).to_integral_value(rounding="ROUND_CEILING") * 20


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    colour: str
    text: str  # the figure as shown, "87,50%" or "–"
    label: str  # what it is, for the bar's <title>


@dataclass(frozen=True)
class BarGroup:
    label: str
    y: float
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int  # x of the axis
    plot_width: int
    groups: list[BarGroup]
    ticks: list[tuple[float, str]]
    bar_height: int
    hundred: float  # x of 100 %


def grouped_bars(
    rows: list[tuple[str, list[tuple[str, Decimal | None, Band | None, str]]]],
    policy: RulesPolicy,
    width: int = 420,
) -> BarChart:
    """Horizontal bars, one group per row: ``(label, [(series, value, band, fallback
    colour)])``; each group's label is written above its bars, so the labels take the
    whole width on a phone."""
    values = [v for _, series in rows for _, v, _, _ in series]
    top = _scale_max(values)
    left, right = 14, 56
    plot = width - left - right
    bar_height, label_height, gap = 12, 16, 10
    groups: list[BarGroup] = []
    y = 0.0
    for label, series in rows:
        bars = []
        bar_y = y + label_height
        for name, value, band, fallback in series:
            text = formatting.format_percent(value, policy)
            bars.append(
                Bar(
                    y=bar_y,
                    width=float(min(value, top) / top * plot) if value is not None else 0.0,
                    colour=band.colour if band is not None else fallback,
                    text=text,
                    label=f"{label} — {name}: {text}"
                    + (f" ({band.label})" if band is not None else ""),
                )
            )
            bar_y += bar_height + 2
        groups.append(BarGroup(label, y, bars))
        y = bar_y + gap
    ticks = [(left + float(t / top) * plot, f"{t}%") for t in range(0, int(top) + 1, 20)]
    return BarChart(
        width,
        int(y) + 24,
        left,
        plot,
        groups,
        ticks,
        bar_height,
        left + float(100 / top) * plot,
    )


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    points: list[tuple[float, float, str]]  # x, y, the value as shown (for <title>)
    path: str  # "x,y x,y" of the points that have a value, for <polyline>


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    series: list[Series]


def lines(
    years: list[int],
    series: list[tuple[str, list[Decimal | None]]],
    policy: RulesPolicy,
    width: int = 480,
    height: int = 240,
) -> LineChart:
    """Capaian over the years, one line per IKU (values in year order, None = none)."""
    top_value = _scale_max([v for _, values in series for v in values])
    left, top, right, bottom = 48, 12, 16, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(years) - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if len(years) > 1 else plot_w / 2)

    def y(value: Decimal) -> float:
        return top + plot_h - float(min(value, top_value) / top_value) * plot_h

    drawn = []
    for n, (label, values) in enumerate(series):
        points = [
            (x(i), y(v), formatting.format_percent(v, policy))
            for i, v in enumerate(values)
            if v is not None
        ]
        drawn.append(
            Series(
                label,
                PALETTE[n % len(PALETTE)],
                points,
                " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points),
            )
        )
    return LineChart(
        width,
        height,
        left,
        top,
        plot_w,
        plot_h,
        [(x(i), str(year)) for i, year in enumerate(years)],
        [(y(Decimal(t)), f"{t}%") for t in range(0, int(top_value) + 1, 20)],
        drawn,
    )
