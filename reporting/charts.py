"""Charts drawn on the server as SVG: no script, no inline style (the Content-Security-Policy forbids both).

Every shape carries its look in SVG presentation attributes (fill, stroke, font-size), which the policy allows.
A chart is its geometry plus the table of the same numbers: templates/reporting/includes/chart.html draws the
SVG as an image with a title and a description, followed by the table, visually hidden, for screen readers.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Dark enough for 4.5:1 on white, so that each series reads as well as its value written beside it.
PALETTE = ["#0a58ca", "#a84a00", "#2f6f3e", "#6f42c1"]
TEXT = "#1e2329"
MUTED = "#495057"
GRID = "#ced4da"
FONT_SIZE = 13
WIDTH = 720


def element(tag: str, text: str | None = None, **attrs) -> SafeString:
    """One SVG element; `text_anchor` becomes the attribute text-anchor. Values and text are escaped."""
    rendered = format_html_join(" ", '{}="{}"', ((name.replace("_", "-"), value) for name, value in attrs.items()))
    if text is None:
        return format_html("<{} {}/>", tag, rendered)
    return format_html("<{} {}>{}</{}>", tag, rendered, text, tag)


@dataclass
class Series:
    label: str
    values: list[float]


@dataclass
class Chart:
    """What the chart template draws: an SVG of `width` x `height`, and the same numbers as a table."""

    slug: str
    title: str
    description: str
    width: int
    height: int
    elements: list[SafeString]
    table_head: list[str]
    table_rows: list[tuple[str, list[str]]]

    @property
    def svg_body(self) -> SafeString:
        return mark_safe("".join(self.elements))  # every element was built by format_html


def _legend(series: list[Series], y: int, x: int = 0) -> tuple[list[SafeString], int]:
    """Swatches and labels on one line at the top, wrapping when needed; returns the elements and next y."""
    elements, left = [], x
    for index, one in enumerate(series):
        width = 24 + int(len(one.label) * FONT_SIZE * 0.55) + 20
        if left + width > WIDTH and left > x:
            left, y = x, y + 22
        elements.append(element("rect", x=left, y=y, width=14, height=14, fill=PALETTE[index % len(PALETTE)]))
        elements.append(element("text", one.label, x=left + 20, y=y + 12, fill=TEXT))
        left += width
    return elements, y + 30


def horizontal_bars(
    *,
    slug: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[Series],
    value_text: Callable[[float], str],
    maximum: float = 100.0,
    category_heading: str = "indicateur",
) -> Chart:
    """One group of horizontal bars per category, one bar per series, each with its value written at its end."""
    label_width, value_room, bar, gap, group_gap = 270, 70, 14, 3, 14
    elements, top = _legend(series, 0) if len(series) > 1 else ([], 4)
    plot_width = WIDTH - label_width - value_room
    group_height = len(series) * (bar + gap) - gap
    for index, category in enumerate(categories):
        y = top + index * (group_height + group_gap)
        elements.append(
            element("text", category, x=label_width - 10, y=y + group_height / 2 + 4, text_anchor="end", fill=TEXT)
        )
        for position, one in enumerate(series):
            value = one.values[index]
            length = round(plot_width * value / maximum, 1) if maximum else 0
            bar_y = y + position * (bar + gap)
            elements.append(
                element(
                    "rect",
                    x=label_width,
                    y=bar_y,
                    width=max(length, 0.5),
                    height=bar,
                    fill=PALETTE[position % len(PALETTE)],
                )
            )
            elements.append(
                element(
                    "text",
                    value_text(value),
                    x=label_width + length + 6,
                    y=bar_y + bar - 2,
                    fill=TEXT,
                    font_size=FONT_SIZE - 1,
                )
            )
    height = top + len(categories) * (group_height + group_gap) - group_gap + 6
    elements.append(element("line", x1=label_width, y1=top - 4, x2=label_width, y2=height - 2, stroke=MUTED))
    return Chart(
        slug=slug,
        title=title,
        description=description,
        width=WIDTH,
        height=height,
        elements=elements,
        table_head=[category_heading, *(one.label for one in series)],
        table_rows=[
            (category, [value_text(one.values[index]) for one in series]) for index, category in enumerate(categories)
        ],
    )


@dataclass
class Column:
    """One bar of every panel of a grid: a year and a source, coloured as its series."""

    label: str
    sublabel: str
    series: int

    @property
    def heading(self) -> str:
        return f"{self.label} ({self.sublabel})"


@dataclass
class Panel:
    """One small chart of a grid: a title and one value per column."""

    title: str
    values: list[float]
    value_text: Callable[[float], str]


def small_multiples(
    *,
    slug: str,
    title: str,
    description: str,
    columns: list[Column],
    series: list[str],
    panels: list[Panel],
    per_row: int = 2,
    panel_heading: str = "indicateur",
) -> Chart:
    """A grid of small vertical bar charts sharing their columns (a year and a source each).

    Each panel has its own scale, from zero to a little above its highest value, so that a change of a few points
    shows; every bar has its value written above it, its year and source below.
    """
    elements, top = _legend([Series(label, []) for label in series], 0)
    gutter, panel_height, title_room, axis_room = 24, 170, 20, 34
    panel_width = (WIDTH - gutter * (per_row - 1)) / per_row
    slot = panel_width / max(1, len(columns))
    bar = min(36, slot - 8)
    for index, panel in enumerate(panels):
        row, column = divmod(index, per_row)
        x0 = column * (panel_width + gutter)
        y0 = top + row * (panel_height + gutter)
        plot_top, plot_bottom = y0 + title_room + 16, y0 + panel_height - axis_room
        elements.append(element("text", panel.title, x=round(x0, 1), y=y0 + 14, fill=TEXT, font_weight="600"))
        scale = max(panel.values, default=0) * 1.1 or 1
        for position, (one, value) in enumerate(zip(columns, panel.values, strict=True)):
            middle = x0 + slot * position + slot / 2
            height = round((plot_bottom - plot_top) * value / scale, 1)
            elements += [
                element(
                    "rect",
                    x=round(middle - bar / 2, 1),
                    y=round(plot_bottom - height, 1),
                    width=round(bar, 1),
                    height=max(height, 0.5),
                    fill=PALETTE[one.series % len(PALETTE)],
                ),
                element(
                    "text",
                    panel.value_text(value),
                    x=round(middle, 1),
                    y=round(plot_bottom - height - 4, 1),
                    text_anchor="middle",
                    fill=TEXT,
                    font_size=FONT_SIZE - 2,
                ),
                element("text", one.label, x=round(middle, 1), y=plot_bottom + 14, text_anchor="middle", fill=TEXT),
                element(
                    "text",
                    one.sublabel,
                    x=round(middle, 1),
                    y=plot_bottom + 27,
                    text_anchor="middle",
                    fill=MUTED,
                    font_size=FONT_SIZE - 3,
                ),
            ]
        elements.append(
            element(
                "line", x1=round(x0, 1), y1=plot_bottom, x2=round(x0 + panel_width, 1), y2=plot_bottom, stroke=GRID
            )
        )
    rows = -(-len(panels) // per_row)
    return Chart(
        slug=slug,
        title=title,
        description=description,
        width=WIDTH,
        height=top + rows * (panel_height + gutter) - gutter,
        elements=elements,
        table_head=[panel_heading, *(one.heading for one in columns)],
        table_rows=[(panel.title, [panel.value_text(value) for value in panel.values]) for panel in panels],
    )
