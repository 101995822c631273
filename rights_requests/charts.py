"""A server-rendered SVG bar chart: geometry computed here, drawn by a template (no script, no CDN).

Colours are SVG presentation attributes, not inline styles, so the page stays within the CSP.
"""

from dataclasses import dataclass

WIDTH, HEIGHT, MARGIN_LEFT, MARGIN_BOTTOM, TOP = 720, 240, 40, 40, 12


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    colour: str


def grouped_bars(labels: list[str], series: list[tuple[str, str, list[int]]]) -> dict:
    """Return the geometry of a grouped bar chart: `series` is (name, colour, one value per label)."""
    peak = max([1, *(value for _, _, values in series for value in values)])
    plot_height = HEIGHT - MARGIN_BOTTOM - TOP
    slot = (WIDTH - MARGIN_LEFT) / max(1, len(labels))
    bar_width = slot * 0.8 / max(1, len(series))
    bars, ticks = [], []
    for i, label in enumerate(labels):
        x0 = MARGIN_LEFT + i * slot + slot * 0.1
        ticks.append({"x": x0 + slot * 0.4, "label": label})
        for j, (_, colour, values) in enumerate(series):
            height = plot_height * values[i] / peak
            bars.append(Bar(x0 + j * bar_width, TOP + plot_height - height, bar_width - 1, height, values[i], colour))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "axis_y": HEIGHT - MARGIN_BOTTOM,
        "label_y": HEIGHT - MARGIN_BOTTOM + 16,
        "left": MARGIN_LEFT,
        "peak": peak,
        "top": TOP,
        "bars": bars,
        "ticks": ticks,
        "legend": [{"name": name, "colour": colour, "y": TOP + 14 * k} for k, (name, colour, _) in enumerate(series)],
    }
