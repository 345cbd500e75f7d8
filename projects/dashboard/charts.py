"""Bar charts as SVG, drawn on the server: readable without JavaScript, printable in reports.

Each chart is an image with a title and description for screen readers; the page shows the
same numbers as a table beside it. Labels stand above their bars, so that the chart stays
narrow enough to be read on a phone, where it shrinks to the width of the screen.
"""

from dataclasses import dataclass

from django.utils.formats import number_format

LABEL_HEIGHT = 20
BAR_HEIGHT = 18
GAP = 12
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + GAP
BAR_WIDTH = 250
VALUE_WIDTH = 70


@dataclass
class Bar:
    label: str
    value: float
    y: int
    width: float

    @property
    def text(self):
        """The value as the table and the description write it."""
        return number_format(self.value)


@dataclass
class BarChart:
    title: str
    bars: list
    height: int
    width: int = BAR_WIDTH + VALUE_WIDTH
    label_height: int = LABEL_HEIGHT
    bar_height: int = BAR_HEIGHT

    @property
    def description(self):
        return "; ".join(f"{bar.label}: {bar.text}" for bar in self.bars)


def bar_chart(title, items):
    """A horizontal bar chart of (label, value) pairs, scaled to the largest value."""
    items = list(items)
    largest = max((value for _label, value in items), default=0) or 1
    bars = [
        Bar(
            label=str(label),
            value=value,
            y=index * ROW_HEIGHT,
            width=round(BAR_WIDTH * value / largest, 1),
        )
        for index, (label, value) in enumerate(items)
    ]
    return BarChart(title=title, bars=bars, height=max(len(bars) * ROW_HEIGHT - GAP, BAR_HEIGHT))
