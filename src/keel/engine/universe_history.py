"""``history(FutureUniverse, canonical, ...)``: past chain universe files as LEAN returns them.

Each chain file ``universes/<root>/YYYYMMDD.csv`` is one collection of ``FutureUniverse`` rows,
known one day after its date in the exchange time zone (LEAN's ``BaseChainUniverseData.EndTime``);
times are shown in the exchange time zone. A request returns the collections known by now
(the last ``periods`` of them, or those ending inside ``(start, end]``):

* ``flatten=True``: a DataFrame indexed by ``(time, symbol)`` - one row per contract, ``time`` being
  the collection's end time - with ``open high low close volume openinterest`` columns;
* otherwise a Series indexed by ``(symbol, time)`` (the canonical symbol) whose values are the lists
  of ``FutureUniverse`` rows.

Each collection served counts as one history data point.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from keel.data.futures.universe import FutureUniverse
from keel.engine.clock import converter, utc_datetime_to_ns, zone_name
from keel.model.symbol import Symbol


def universe_collections(
    engine: Any, canonical: Symbol, periods: int | None, start: datetime | None, end: datetime | None
) -> list[tuple[datetime, list[FutureUniverse]]]:
    """``(end time, rows)`` of each chain file known now, oldest first (exchange-time-zone times)."""
    state = engine._chain_state(canonical.canonical)
    algo = engine.algorithm
    algo_conv = converter(algo.time_zone)
    entry = engine.mhdb.get_entry(canonical.id.market, canonical.id.symbol, canonical.security_type)
    exchange_conv = converter(zone_name(entry.exchange_hours.time_zone))
    upper = utc_datetime_to_ns(algo.utc_time)
    if end is not None:
        upper = min(upper, algo_conv.local_to_utc_ns(end))
    lower = algo_conv.local_to_utc_ns(start) if start is not None else None
    data_conv = converter(state.exchange_tz)  # LEAN reads chain universe data in the exchange zone
    days = []
    for day in state.universe_dates():
        end_ns = state.universe_end_utc_ns(day)
        if end_ns > upper or (lower is not None and end_ns <= lower):
            continue
        days.append(day)
    if periods is not None:
        days = days[-periods:] if periods > 0 else []
    collections = []
    for day in days:
        start_ns = data_conv.local_to_utc_ns(datetime(day.year, day.month, day.day))
        rows = state.universe_rows(day, exchange_conv.to_local(start_ns))
        if rows:
            collections.append((rows[0].end_time, rows))
    return collections


def universe_history(
    engine: Any, symbols: list[Symbol], periods: int | None, start: datetime | None, end: datetime | None, flatten: bool
) -> Any:
    """The pandas answer of ``history(FutureUniverse, symbols, ...)`` (see the module doc)."""
    import pandas as pd

    flat: list[dict[str, Any]] = []
    index: list[tuple[Any, ...]] = []
    series: list[list[FutureUniverse]] = []
    for symbol in symbols:
        collections = universe_collections(engine, symbol, periods, start, end)
        engine.history_data_points += len(collections)
        for end_time, rows in collections:
            if flatten:
                for row in rows:
                    index.append((end_time, row.symbol))
                    flat.append(
                        {
                            "open": row.open,
                            "high": row.high,
                            "low": row.low,
                            "close": row.close,
                            "volume": row.volume,
                            "openinterest": row.open_interest,
                        }
                    )
            else:
                index.append((symbol.canonical, end_time))
                series.append(rows)
    if flatten:
        if not flat:
            return pd.DataFrame()
        return pd.DataFrame(flat, index=pd.MultiIndex.from_tuples(index, names=["time", "symbol"]))
    if not series:
        return pd.Series(dtype=object)
    return pd.Series(series, index=pd.MultiIndex.from_tuples(index, names=["symbol", "time"]), dtype=object)
