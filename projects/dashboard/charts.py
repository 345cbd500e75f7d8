"""Bar charts as SVG, drawn on the server: readable without JavaScript, printable in reports.

Each chart is an image with a title and description for screen readers; the page shows the
same numbers as a table beside it.
"""

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 190
BAR_WIDTH = 260
VALUE_WIDTH = 60


@dataclass
class Bar:
    label: str
    value: float
    y: int
    width: float


@dataclass
class BarChart:
    title: str
    bars: list
    height: int
    width: int = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def description(self):
        return "; ".join(f"{bar.label}: {bar.value:g}" for bar in self.bars)


def bar_chart(title, items):
    """A horizontal bar chart of (label, value) pairs, scaled to the largest value."""
    items = list(items)
    largest = max((value for _label, value in items), default=0) or 1
    bars = [
        Bar(
            label=str(label),
            value=value,
            y=index * (BAR_HEIGHT + GAP),
            width=round(BAR_WIDTH * value / largest, 1),
        )
        for index, (label, value) in enumerate(items)
    ]
    return BarChart(title=title, bars=bars, height=max(len(bars) * (BAR_HEIGHT + GAP), BAR_HEIGHT))
