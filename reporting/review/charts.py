"""Charts the server draws as SVG: no JavaScript, no library.

A bar chart is a title, a description and bars; the template
``reporting/review/_bar_chart.html`` draws it (role="img", <title>, <desc>,
aria-labelledby) and puts the same numbers in a table beside it. A range chart
(``_range_chart.html``) draws, for each group, how a 0–10 score spread: a line
from the lowest to the highest score, a box from the lower to the upper quartile
and a mark at the median, with the same numbers in a table. Colours come from CSS
classes in site.css, never from style attributes (strict CSP).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Protocol

# The drawing's own units; the SVG scales to the width it is given.
WIDTH = 400
LABEL_HEIGHT = 14
BAR_HEIGHT = 14
ROW_HEIGHT = 36
BAR_MAX_WIDTH = 330
PADDING = 4

_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    label_y: int
    bar_y: int
    width: float
    value_x: float
    value_y: int

    @property
    def value_text(self) -> str:
        value = self.value
        return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    label_heading: str
    value_heading: str
    bars: list[Bar]
    width: int
    height: int

    @property
    def is_empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def bar_chart(
    *,
    title: str,
    description: str,
    data: list[tuple[str, float]],
    label_heading: str,
    value_heading: str,
    chart_id: str | None = None,
) -> BarChart:
    """A horizontal bar chart of ``data`` (label, value): each label above its bar."""
    biggest = max((value for _label, value in data), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(data):
        top = PADDING + index * ROW_HEIGHT
        width = round(BAR_MAX_WIDTH * float(value) / float(biggest), 1)
        bars.append(
            Bar(
                label=str(label),
                value=value,
                label_y=top + LABEL_HEIGHT - 2,
                bar_y=top + LABEL_HEIGHT + 2,
                width=width,
                value_x=width + PADDING,
                value_y=top + LABEL_HEIGHT + BAR_HEIGHT,
            )
        )
    return BarChart(
        chart_id=chart_id or f"chart-{next(_ids)}",
        title=title,
        description=description,
        label_heading=label_heading,
        value_heading=value_heading,
        bars=bars,
        width=WIDTH,
        height=PADDING * 2 + max(len(data), 1) * ROW_HEIGHT,
    )


# --- Range charts: lowest, quartiles, median and highest of a score, per group ---------

RANGE_PLOT_LEFT = 8  # room for the first tick's number, centred on 0
RANGE_PLOT_WIDTH = 300
RANGE_AXIS_HEIGHT = 20


class Spread(Protocol):
    count: int
    minimum: float
    lower_quartile: float
    median: float
    upper_quartile: float
    maximum: float
    mean: float


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


@dataclass(frozen=True)
class RangeRow:
    label: str
    spread: Spread | None
    label_y: int
    box_y: int
    middle_y: int
    median_top: int
    median_bottom: int
    x_min: float
    x_lower: float
    x_median: float
    x_upper: float
    x_max: float
    value_x: float

    @property
    def box_width(self) -> float:
        return round(self.x_upper - self.x_lower, 1)

    @property
    def value_y(self) -> int:
        return self.box_y + BAR_HEIGHT - 2

    @property
    def median_text(self) -> str:
        return _number(self.spread.median) if self.spread else ""

    @property
    def numbers(self) -> dict[str, str]:
        """The spread's numbers as shown: whole numbers without a decimal point."""
        spread = self.spread
        if spread is None:
            return {}
        return {
            "count": str(spread.count),
            "minimum": _number(spread.minimum),
            "lower_quartile": _number(spread.lower_quartile),
            "median": _number(spread.median),
            "upper_quartile": _number(spread.upper_quartile),
            "maximum": _number(spread.maximum),
            "mean": _number(spread.mean),
        }


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class RangeChart:
    chart_id: str
    title: str
    description: str
    label_heading: str
    rows: list[RangeRow]
    ticks: list[Tick]
    axis_y: int
    tick_y: int
    plot_left: int
    plot_right: int
    width: int
    height: int


def range_chart(
    *,
    title: str,
    description: str,
    data: list[tuple[str, Spread | None]],
    label_heading: str,
    scale: tuple[int, int] = (0, 10),
    chart_id: str | None = None,
) -> RangeChart:
    """How a score spread in each group of ``data`` (label, spread or None), on one scale."""
    low, high = scale

    def x(value: float) -> float:
        return round(RANGE_PLOT_LEFT + RANGE_PLOT_WIDTH * (float(value) - low) / (high - low), 1)

    rows = []
    for index, (label, spread) in enumerate(data):
        top = PADDING + index * ROW_HEIGHT
        box_y = top + LABEL_HEIGHT + 2
        values = [low] * 5
        if spread:
            values = [spread.minimum, spread.lower_quartile, spread.median]
            values += [spread.upper_quartile, spread.maximum]
        rows.append(
            RangeRow(
                label=str(label),
                spread=spread,
                label_y=top + LABEL_HEIGHT - 2,
                box_y=box_y,
                middle_y=box_y + BAR_HEIGHT // 2,
                median_top=box_y - 2,
                median_bottom=box_y + BAR_HEIGHT + 2,
                x_min=x(values[0]),
                x_lower=x(values[1]),
                x_median=x(values[2]),
                x_upper=x(values[3]),
                x_max=x(values[4]),
                value_x=RANGE_PLOT_LEFT + RANGE_PLOT_WIDTH + 3 * PADDING,
            )
        )
    axis_y = PADDING + max(len(data), 1) * ROW_HEIGHT
    return RangeChart(
        chart_id=chart_id or f"chart-{next(_ids)}",
        title=title,
        description=description,
        label_heading=label_heading,
        rows=rows,
        ticks=[
            Tick(x=x(value), text=str(value))
            for value in range(low, high + 1, 5 if high - low >= 10 else 1)
        ],
        axis_y=axis_y,
        tick_y=axis_y + RANGE_AXIS_HEIGHT - 6,
        plot_left=RANGE_PLOT_LEFT,
        plot_right=RANGE_PLOT_LEFT + RANGE_PLOT_WIDTH,
        width=WIDTH,
        height=axis_y + RANGE_AXIS_HEIGHT,
    )
