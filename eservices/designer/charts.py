"""Bar charts as SVG drawn on the server: no script, with a text alternative built in."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from markupsafe import Markup, escape

_ids = count(1)


@dataclass(frozen=True)
class Chart:
    svg: Markup
    title: str
    rows: list[tuple[str, str]]  # the same numbers as a table, for everyone


def bar_chart(title: str, bars: list[tuple[str, float]], maximum: float, unit: str) -> Chart:
    """Horizontal bars; the SVG carries a title and a description of every value."""
    chart_id = next(_ids)
    row_height, label_width, bar_width = 28, 260, 300
    height = row_height * max(len(bars), 1) + 10
    description = "; ".join(f"{label}: {value:g}{unit}" for label, value in bars)
    parts = [f'<svg role="img" aria-labelledby="chart-{chart_id}-title chart-{chart_id}-desc" '
             f'viewBox="0 0 {label_width + bar_width + 60} {height}" class="chart" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="chart-{chart_id}-title">{escape(title)}</title>',
             f'<desc id="chart-{chart_id}-desc">{escape(description)}</desc>']
    for index, (label, value) in enumerate(bars):
        y = 5 + index * row_height
        length = 0 if maximum <= 0 else bar_width * min(value, maximum) / maximum
        shown = label if len(label) <= 38 else label[:37] + "…"
        parts.append(f'<text x="0" y="{y + 18}" class="chart__label">{escape(shown)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="18" '
                     'class="chart__bar"/>')
        parts.append(f'<text x="{label_width + length + 6:.1f}" y="{y + 18}" '
                     f'class="chart__value">{value:g}{escape(unit)}</text>')
    parts.append("</svg>")
    return Chart(svg=Markup("".join(parts)), title=title,  # noqa: S704 - values escaped above
                 rows=[(label, f"{value:g}{unit}") for label, value in bars])
