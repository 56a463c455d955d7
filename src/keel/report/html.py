"""Self-contained HTML report of a backtest (inline CSS and SVG; no scripts, fonts or CDNs).

Sections: summary statistics, equity curve (with the benchmark rebased to the starting equity),
drawdown, monthly returns heat map, the algorithm's own charts (when it plotted), runtime
statistics, orders (capped at :data:`MAX_ORDER_ROWS` rows with a note), algorithm configuration
and the log tail.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any

from keel.algorithm.charting import SeriesType
from keel.engine.results import BacktestResult, drawdown_series
from keel.model.aliases import pascal_case
from keel.model.enums import OrderDirection, OrderStatus, OrderType
from keel.report.svg import XY, Series, line_chart

MAX_ORDER_ROWS = 1000
"""Orders shown in the table; the rest are counted in a note (all are in result.json)."""

MAX_LOG_LINES = 300
"""Log lines shown (the last ones)."""

ORDER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "Id"),
    ("time", "Time"),
    ("symbol", "Symbol"),
    ("type", "Type"),
    ("direction", "Direction"),
    ("quantity", "Quantity"),
    ("price", "Price"),
    ("status", "Status"),
    ("tag", "Tag"),
)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:0;
 background:#f6f8fa;color:#1f2328}
header{background:#0d1117;color:#f0f6fc;padding:16px 28px}
header h1{margin:0;font-size:22px} header p{margin:4px 0 0;color:#9da7b3;font-size:13px}
main{padding:16px 28px;max-width:1200px}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:14px 0}
h2{font-size:16px;margin:0 0 10px}
table{border-collapse:collapse;font-size:13px}
td,th{padding:4px 8px;border-bottom:1px solid #eaeef2;text-align:right;white-space:nowrap}
th{background:#f6f8fa;position:sticky;top:0} td.l,th.l{text-align:left}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(270px,1fr));gap:0 24px}
.stats div{display:flex;justify-content:space-between;border-bottom:1px solid #eaeef2;padding:4px 0;
 font-size:13px}
.stats span.v{font-weight:600;font-variant-numeric:tabular-nums}
.scroll{max-height:520px;overflow:auto}
.note{color:#9a6700;font-size:13px;margin:6px 0}
.muted{fill:#6e7781;color:#6e7781}
svg .grid{stroke:#eaeef2} svg .axis{font-size:11px;fill:#57606a}
svg .chart-title{font-size:13px;font-weight:600;fill:#1f2328} svg .legend{font-size:12px}
pre{font-size:12px;background:#f6f8fa;padding:8px;overflow:auto;max-height:400px}
"""


# --------------------------------------------------------------------------------------------
# data helpers


def _seconds(t: datetime | int | float) -> float:
    if isinstance(t, datetime):
        return (t if t.tzinfo else t.replace(tzinfo=UTC)).timestamp()
    return float(t)


def series_points(result: BacktestResult, chart: str, series: str) -> list[XY]:
    """The ``(unix seconds, value)`` points of one chart series, sorted by time (empty if absent)."""
    points = result.charts.get(chart, {}).get(series, [])
    return sorted((_seconds(t), float(v)) for t, v in points)


def monthly_returns(equity: Sequence[XY]) -> dict[tuple[int, int], float]:
    """Return of each calendar month (UTC) from month-end equity values.

    The first month is measured from the first equity point, later months from the previous
    month's last point.
    """
    month_end: dict[tuple[int, int], float] = {}
    for t, v in equity:
        d = datetime.fromtimestamp(t, tz=UTC)
        month_end[(d.year, d.month)] = v
    out: dict[tuple[int, int], float] = {}
    previous = equity[0][1] if equity else 0.0
    for key in sorted(month_end):
        value = month_end[key]
        out[key] = value / previous - 1.0 if previous else 0.0
        previous = value
    return out


def heat_colour(value: float, scale: float) -> str:
    """Background colour for a return: green shades for gains, red for losses, by ``|value|/scale``."""
    if scale <= 0 or value == 0:
        return "#ffffff"
    strength = min(abs(value) / scale, 1.0)
    light = round(245 - strength * 125)
    return f"rgb({light},235,{light})" if value > 0 else f"rgb(245,{light},{light})"


def _cell(value: Any) -> str:
    if isinstance(value, Mapping):
        for key in ("value", "Value", "symbol", "id"):
            if key in value:
                return _cell(value[key])
        return escape(json.dumps(value, default=str))
    if isinstance(value, datetime):
        return escape(value.strftime("%Y-%m-%d %H:%M:%S"))
    if value is None:
        return ""
    if hasattr(value, "name") and not isinstance(value, str | int | float):
        return escape(str(value.name))
    return escape(str(value))


# --------------------------------------------------------------------------------------------
# sections


def _key_value_grid(items: Mapping[str, Any]) -> str:
    if not items:
        return '<p class="muted">none</p>'
    rows = "".join(
        f'<div><span class="k">{escape(str(k))}</span><span class="v">{_cell(v)}</span></div>'
        for k, v in items.items()
    )
    return f'<div class="stats">{rows}</div>'


def _monthly_table(returns: Mapping[tuple[int, int], float]) -> str:
    if not returns:
        return '<p class="muted">no equity data</p>'
    scale = max(abs(v) for v in returns.values()) or 1.0
    head = "".join(f"<th>{m}</th>" for m in MONTHS)
    rows = []
    for year in sorted({y for y, _ in returns}):
        cells = []
        total = 1.0
        for month in range(1, 13):
            r = returns.get((year, month))
            if r is None:
                cells.append("<td></td>")
                continue
            total *= 1.0 + r
            cells.append(f'<td style="background:{heat_colour(r, scale)}">{r * 100:.2f}%</td>')
        year_r = total - 1.0
        cells.append(f'<td style="background:{heat_colour(year_r, scale)}"><b>{year_r * 100:.2f}%</b></td>')
        rows.append(f'<tr><th class="l">{year}</th>{"".join(cells)}</tr>')
    return (
        f'<table class="monthly"><thead><tr><th class="l">Year</th>{head}<th>Year</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


_ORDER_ENUMS: dict[str, type[OrderType] | type[OrderStatus] | type[OrderDirection]] = {
    "type": OrderType,
    "status": OrderStatus,
    "direction": OrderDirection,
}


def _order_cell(key: str, value: Any) -> str:
    """A cell of the orders table: LEAN's integer ``type``/``status``/``direction`` by name
    (``2`` -> ``StopMarket``); the symbol object by its value (see :func:`_cell`)."""
    enum = _ORDER_ENUMS.get(key)
    if enum is not None and isinstance(value, int) and not isinstance(value, bool):
        with contextlib.suppress(ValueError):  # an unknown number stays a number
            value = pascal_case(enum(value).name.lower())
    return _cell(value)


def _orders_table(orders: Sequence[Mapping[str, Any]]) -> str:
    if not orders:
        return '<p class="muted">no orders</p>'
    shown = orders[:MAX_ORDER_ROWS]
    note = ""
    if len(orders) > MAX_ORDER_ROWS:
        note = (
            f'<p class="note">Showing the first {MAX_ORDER_ROWS:,} of {len(orders):,} orders; '
            "all orders are in result.json.</p>"
        )
    head = "".join(
        f'<th class="{"l" if key in ("symbol", "type", "status", "tag", "time", "direction") else ""}">'
        f"{label}</th>"
        for key, label in ORDER_COLUMNS
    )
    rows = []
    for order in shown:
        cells = "".join(
            f'<td class="{"l" if key in ("symbol", "type", "status", "tag", "time", "direction") else ""}">'
            f"{_order_cell(key, order.get(key))}</td>"
            for key, _ in ORDER_COLUMNS
        )
        rows.append(f"<tr>{cells}</tr>")
    return (
        f'{note}<div class="scroll"><table class="orders"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


_PALETTE = ("#1f6feb", "#cf222e", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a3069", "#57606a")


def _user_charts(result: BacktestResult) -> str:
    """One SVG per chart holding the algorithm's own series (plot, add_chart, add_series), in
    plotting order; scatter series as dots, pie series left out (their values are in result.json).
    Empty when the algorithm charted nothing."""
    blocks = []
    for chart, properties in result.series_properties.items():
        lines = []
        units = set()
        for i, (name, props) in enumerate(properties.items()):
            if props.get("seriesType") == SeriesType.PIE:
                continue
            color = str(props.get("color") or _PALETTE[i % len(_PALETTE)])
            markers = props.get("seriesType") == SeriesType.SCATTER
            lines.append(Series(name, series_points(result, chart, name), color, markers=markers))
            units.add(str(props.get("unit", "")))
        if lines:
            unit = units.pop() if len(units) == 1 else ""
            # LEAN's default unit "$" is not shown as a tick suffix ("1.5$"); other units are
            blocks.append(line_chart(lines, title=chart, unit="" if unit == "$" else unit))
    if not blocks:
        return ""
    return f'<section id="charts"><h2>Charts</h2>{"".join(blocks)}</section>'


def render_report(result: BacktestResult) -> str:
    """Render the complete, self-contained HTML page of a backtest result."""
    equity = series_points(result, "Strategy Equity", "Equity")
    drawdown = series_points(result, "Drawdown", "Equity Drawdown")
    if not drawdown and equity:
        drawdown = drawdown_series(equity)
    benchmark = series_points(result, "Benchmark", "Benchmark")
    equity_series = [Series("Equity", equity, "#1f6feb")]
    if benchmark and equity and benchmark[0][1]:
        factor = equity[0][1] / benchmark[0][1]
        equity_series.append(
            Series("Benchmark (rebased)", [(t, v * factor) for t, v in benchmark], "#8c959f", dashed=True)
        )
    config = result.algorithm_configuration
    name = str(config.get("name") or config.get("algorithm") or "Backtest")
    subtitle = (
        f"Data points {result.data_points:,} · history data points {result.history_data_points:,} · "
        f"{len(result.orders):,} orders · generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    logs = result.logs[-MAX_LOG_LINES:]
    log_note = (
        f'<p class="note">Last {MAX_LOG_LINES} of {len(result.logs):,} lines; the full log is log.txt.</p>'
        if len(result.logs) > MAX_LOG_LINES
        else ""
    )
    drawdown_chart = [Series("Drawdown", drawdown, "#cf222e", fill=True)]
    orders_title = f"Orders ({len(result.orders):,})"
    sections = [
        f'<section id="statistics"><h2>Statistics</h2>{_key_value_grid(result.statistics)}</section>',
        '<section id="equity"><h2>Equity</h2>'
        f"{line_chart(equity_series, title='Strategy equity', unit='')}</section>",
        '<section id="drawdown"><h2>Drawdown</h2>'
        f"{line_chart(drawdown_chart, title='Equity drawdown', unit='%')}</section>",
        f'<section id="monthly"><h2>Monthly returns</h2>{_monthly_table(monthly_returns(equity))}</section>',
        _user_charts(result),
        '<section id="runtime"><h2>Runtime statistics</h2>'
        f"{_key_value_grid(result.runtime_statistics)}</section>",
        f'<section id="orders"><h2>{orders_title}</h2>{_orders_table(result.orders)}</section>',
        f'<section id="configuration"><h2>Configuration</h2>{_key_value_grid(config)}</section>',
        f'<section id="logs"><h2>Log</h2>{log_note}<pre>{escape(chr(10).join(logs))}</pre></section>',
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(name)} - Keel backtest report</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{escape(name)}</h1><p>{escape(subtitle)}</p></header>"
        f"<main>{''.join(sections)}</main></body></html>\n"
    )
