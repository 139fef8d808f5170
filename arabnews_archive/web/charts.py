"""Charts drawn by pygal as SVG on the server, shown as `data:` images: no script reaches the
browser (an SVG image never runs one, and pygal's tooltip script, loaded from the web by
default, is turned off), nothing is fetched, and the page's table holds the same numbers."""
from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

import pygal
from pygal.style import Style

# The page's own font stack (static/style.css): SVG images do not inherit the page's CSS.
FONTS = "'Noto Naskh Arabic', 'Noto Sans Arabic', Amiri, 'Segoe UI', Tahoma, 'DejaVu Sans', sans-serif"
STYLE = Style(
    font_family=FONTS, background="white", plot_background="white", foreground="#333",
    foreground_strong="#111", foreground_subtle="#ddd",
    colors=("#1f6f8b", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#566573", "#17a589", "#a04000"),
    label_font_size=13, major_label_font_size=13, legend_font_size=15, title_font_size=17,
)
# Past this many points, labels are thinned and the dots hidden: a year of days stays legible.
DENSE = 40
# Below this many articles, pygal's automatic ticks fall between whole numbers.
SMALL = 10


def line_chart(title: str, labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *,
               percent: bool = False) -> str:
    """A line per series over `labels` (time runs left to right, as on every axis), as a
    ``data:image/svg+xml`` URI."""
    dense = len(labels) > DENSE
    chart = pygal.Line(
        style=STYLE, js=[], width=960, height=400, title=title, x_label_rotation=40 if len(labels) > 8 else 0,
        show_minor_x_labels=not dense, x_labels_major_count=12 if dense else None, show_dots=not dense,
        truncate_legend=-1, truncate_label=-1, legend_at_bottom=True, min_scale=1 if percent else 4,
        value_formatter=(lambda v: f"{v:.1f}%") if percent else (lambda v: f"{v:,.0f}"), include_x_axis=True,
        no_data_text="—", max_scale=8,
    )
    chart.x_labels = list(labels)
    highest = max((v or 0 for values in series.values() for v in values), default=0)
    if not percent and highest < SMALL:  # whole articles: no ticks at 0.2 of one
        chart.y_labels = list(range(0, int(highest) + 2))
    for name, values in series.items():
        chart.add(name, list(values))
    return _data_uri(chart)


def bar_chart(title: str, labels: Sequence[str], series: Mapping[str, Sequence[float | None]]) -> str:
    """Horizontal bars, one group per label (sites, sections), as a ``data:image/svg+xml`` URI."""
    chart = pygal.HorizontalBar(
        style=STYLE, js=[], width=960, height=max(240, 60 + 28 * len(labels) * max(1, len(series))), title=title,
        truncate_legend=-1, truncate_label=40, legend_at_bottom=True, value_formatter=lambda v: f"{v:,.0f}",
        no_data_text="—",
    )
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    return _data_uri(chart)


def _data_uri(chart: pygal.graph.graph.Graph) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(chart.render()).decode("ascii")
