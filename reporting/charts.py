"""Bar charts the server draws as SVG: no JavaScript, no library.

A chart is a title, a description and bars; the template
``reporting/review/_bar_chart.html`` draws it (role="img", <title>, <desc>,
aria-labelledby) and puts the same numbers in a table beside it. Colours come
from CSS classes in site.css, never from style attributes (strict CSP).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

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
