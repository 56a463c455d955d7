"""Backtest result container and the writer of a run's result folder.

:func:`write_results` produces ``result.json``, ``order-events.json``, ``log.txt`` and
``report.html`` in a folder (layout and schema: ``docs/results.md``). Every file is written
atomically (temporary file in the same folder, then ``os.replace``), so a reader never sees a
half-written file, and any field of :class:`BacktestResult` may be empty: the engine also calls
the writer with partial results when a run fails.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

ChartPoint = tuple[datetime | int, float]
"""A chart point: UTC time (``datetime``; naive means UTC) or Unix seconds, and a value."""

TimeKey = TypeVar("TimeKey")
"""Time key of a series (datetime or Unix seconds)."""

Charts = dict[str, dict[str, Sequence[ChartPoint]]]
"""Chart name -> series name -> points."""

RESULT_FILE = "result.json"
ORDER_EVENTS_FILE = "order-events.json"
LOG_FILE = "log.txt"
REPORT_FILE = "report.html"


@dataclass
class BacktestResult:
    """Everything a run produced; all fields default to empty so partial results can be written.

    ``charts`` holds at least ``"Strategy Equity" -> {"Equity", "Return"}``,
    ``"Drawdown" -> {"Equity Drawdown"}`` and ``"Benchmark" -> {"Benchmark"}`` for a full run.
    ``orders`` and ``order_events`` are JSON dicts supplied by the engine, in LEAN's shapes for a
    backtest: each order as LEAN's ``Order`` JSON (``keel.engine.lean_order_json.order_dict``:
    integer ``type``/``status``/``direction``, ``symbol`` as ``{"value", "id", "permtick"}``, ...),
    each event as LEAN's serialized order event (``order_event_dict``: ``"status": "filled"``, ...).
    """

    statistics: dict[str, str] = field(default_factory=dict)
    runtime_statistics: dict[str, str] = field(default_factory=dict)
    orders: Sequence[dict[str, Any]] = field(default_factory=list)
    order_events: Sequence[dict[str, Any]] = field(default_factory=list)
    charts: Charts = field(default_factory=dict)
    #: chart -> series -> LEAN series properties (``unit``, ``index``, ``seriesType``, ``color``,
    #: ``scatterMarkerSymbol``) of the algorithm's own series (plot, add_chart, add_series)
    series_properties: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    algorithm_configuration: dict[str, Any] = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)
    data_points: int = 0
    history_data_points: int = 0


def unix_seconds(t: datetime | int | float) -> float:
    """Unix time in seconds of a chart key (naive datetimes are taken as UTC)."""
    if isinstance(t, datetime):
        if t.tzinfo is None:
            t = t.replace(tzinfo=UTC)
        return t.timestamp()
    return float(t)


def drawdown_series(equity: Sequence[tuple[TimeKey, float | Decimal]]) -> list[tuple[TimeKey, float]]:
    """The "Equity Drawdown" series: ``(value / running peak - 1) * 100`` per point (<= 0, percent).

    The running peak is updated when ``value >= peak``; points while the peak is not positive
    give 0. Values are rounded to 4 decimals.
    """
    out: list[tuple[TimeKey, float]] = []
    peak: float | None = None
    for t, v in equity:
        value = float(v)
        if peak is None or value >= peak:
            peak = value
        dd = (value / peak - 1.0) * 100.0 if peak > 0 else 0.0
        out.append((t, round(dd, 4) + 0.0))
    return out


# --------------------------------------------------------------------------------------------
# JSON


def to_jsonable(obj: Any) -> Any:
    """Convert to JSON-compatible values.

    datetimes become ISO 8601 UTC strings (``...Z``), dates ISO dates, Decimals floats, enums
    their value, dataclasses dicts, tuples/sets lists; NaN and infinities become ``null``.
    """
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Decimal):
        return to_jsonable(float(obj))
    if isinstance(obj, datetime):
        if obj.tzinfo is not None:
            obj = obj.astimezone(UTC).replace(tzinfo=None)
        return obj.isoformat() + "Z"
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Enum):
        return to_jsonable(obj.value)
    if isinstance(obj, Path):
        return str(obj)
    if is_dataclass(obj) and not isinstance(obj, type):
        return to_jsonable(asdict(obj))
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, Iterable):
        return [to_jsonable(v) for v in obj]
    return str(obj)


def charts_to_json(
    charts: Charts, series_properties: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None
) -> dict[str, Any]:
    """LEAN-like chart JSON: ``{chart: {"name", "series": {series: {"name", "values": [[t, y]]}}}}``.

    ``t`` is Unix seconds (int when whole), ``y`` a float (``null`` if not finite). A series with
    properties in ``series_properties`` (the algorithm's own series) also carries LEAN's
    ``unit``, ``index``, ``seriesType`` (LEAN's integer), ``color`` and ``scatterMarkerSymbol``
    (LEAN's ``SeriesJsonConverter`` fields, in camel case like the rest of the document).
    """
    out: dict[str, Any] = {}
    properties = series_properties or {}
    for chart_name, series in charts.items():
        chart_properties = properties.get(chart_name, {})
        out[chart_name] = {
            "name": chart_name,
            "series": {
                name: {
                    "name": name,
                    **dict(chart_properties.get(name, {})),
                    "values": [[_json_time(t), to_jsonable(float(y))] for t, y in points],
                }
                for name, points in series.items()
            },
        }
    return out


def _json_time(t: datetime | int | float) -> int | float:
    s = unix_seconds(t)
    return int(s) if s == int(s) else s


def orders_to_json(orders: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Orders keyed by their ``id`` as a string (LEAN's layout); without ``id`` the 1-based position."""
    out: dict[str, Any] = {}
    for position, order in enumerate(orders, start=1):
        key = str(order.get("id", position))
        out[key] = to_jsonable(order)
    return out


def result_to_json(result: BacktestResult) -> dict[str, Any]:
    """The ``result.json`` document of a result."""
    return {
        "statistics": dict(result.statistics),
        "runtimeStatistics": dict(result.runtime_statistics),
        "orders": orders_to_json(result.orders),
        "orderEvents": to_jsonable(result.order_events),
        "charts": charts_to_json(result.charts, result.series_properties),
        "algorithmConfiguration": to_jsonable(result.algorithm_configuration),
        "dataPoints": int(result.data_points),
        "historyDataPoints": int(result.history_data_points),
    }


# --------------------------------------------------------------------------------------------
# writing


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically: temporary file in the same folder, then rename.

    The file gets the permissions ``open(path, "w")`` would give it (``0o666`` less the umask), not
    ``mkstemp``'s owner-only ``0o600``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_current_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _current_umask() -> int:
    """The process umask (read by setting it and restoring it at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _render_report_safely(result: BacktestResult) -> str:
    """The HTML report, or a minimal page naming the error if rendering fails (results still land)."""
    try:
        from keel.report.html import render_report  # local import: report depends on this module

        return render_report(result)
    except Exception as exc:  # a broken report must not lose result.json
        import html

        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Keel report</title></head><body>"
            f"<h1>Report unavailable</h1><p>{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</p>"
            "<p>The raw results are in result.json.</p></body></html>"
        )


def write_results(folder: Path, result: BacktestResult) -> None:
    """Write ``result.json``, ``order-events.json``, ``log.txt`` and ``report.html`` into ``folder``.

    The folder is created if needed; existing files are replaced atomically.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    document = result_to_json(result)
    atomic_write_text(folder / RESULT_FILE, json.dumps(document, indent=1, allow_nan=False))
    # compact, as LEAN writes it (BaseResultsHandler.StoreOrderEvents: Formatting.None)
    atomic_write_text(
        folder / ORDER_EVENTS_FILE, json.dumps(document["orderEvents"], separators=(",", ":"), allow_nan=False)
    )
    log_text = "\n".join(result.logs) + ("\n" if result.logs else "")
    atomic_write_text(folder / LOG_FILE, log_text)
    atomic_write_text(folder / REPORT_FILE, _render_report_safely(result))
