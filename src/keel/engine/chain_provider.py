"""LEAN's backtesting ``FutureChainProvider`` and ``QCAlgorithm.FuturesChain``: a futures chain at a moment.

A chain universe file dated D is known from its end time, the midnight after D in the exchange
time zone (LEAN reads chain universe data in the exchange zone).

``GetFutureContractList(symbol, date)`` reads the chain universe collections that ended during
the two trading days up to ``date`` (exchange time) and returns the contracts of the latest one
whose expiry is on or after ``date``'s day. Keel falls back to the contracts present in the data
files of that day when no chain file is known (sample data without universe files).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from keel.engine.clock import converter, utc_datetime_to_ns, zone_name
from keel.engine.universe import FutureChain
from keel.model.symbol import Symbol

LOOKBACK_TRADING_DAYS = 2
# LEAN's ``QCAlgorithm.GetChainsData`` asks for 1, then 2, then 3 daily universe bars until one is found
CHAIN_HISTORY_ATTEMPTS = 3


def future_contract_list(engine: Any, value: Any, when: datetime | date | None) -> list[Symbol]:
    """Contracts of the chain of ``value`` (ticker, canonical or contract symbol) at ``when``."""
    state = engine._chain_state(value)
    moment = when if when is not None else engine.algorithm.time
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    elif hasattr(moment, "to_pydatetime"):  # a pandas Timestamp from a history index
        moment = moment.to_pydatetime()
    canonical = state.canonical
    hours = engine.mhdb.get_entry(canonical.id.market, canonical.id.symbol, canonical.security_type).exchange_hours
    utc_ns = converter(zone_name(hours.time_zone)).local_to_utc_ns(moment)
    earliest = moment.date()
    for _ in range(LOOKBACK_TRADING_DAYS):
        earliest = hours.get_previous_trading_day(earliest)
    day = state.universe_file_in_force(utc_ns, earliest)
    if day is None:
        return list(state.listed(moment.date()))
    engine.history_data_points += 1  # LEAN reads the chain through a history request
    return [row.symbol for row in state.unexpired_rows(day, moment.date(), moment)]


def futures_chain(engine: Any, value: Any) -> FutureChain:
    """LEAN's ``QCAlgorithm.FuturesChain(symbol)`` at the algorithm's current time.

    LEAN reads the chain with ``History<FutureUniverse>([canonical], periods).FirstOrDefault()`` for
    ``periods`` 1, 2, 3 until a collection comes back: a daily bar-count request ending now starts
    ``periods`` regular trading days before the current exchange date (``Time.GetStartTimeForTradeBars``,
    extended hours off) and returns the chain files whose end time, the midnight after their date in
    the exchange zone, falls in ``(start, now]``; the first (oldest) one is used. The chain keeps that
    file's rows in file order, without the contracts expiring before the current exchange date. A
    root without chain files falls back to the contracts with data on the current day.
    """
    state = engine._chain_state(value)
    canonical = state.canonical
    algo = engine.algorithm
    if not state.universe_dates():
        engine.history_data_points += 1
        return state.chain(algo.time.date())
    hours = engine.mhdb.get_entry(canonical.id.market, canonical.id.symbol, canonical.security_type).exchange_hours
    now_ns = utc_datetime_to_ns(algo.utc_time)
    today = converter(state.exchange_tz).to_local(now_ns).date()
    start = today
    for _ in range(CHAIN_HISTORY_ATTEMPTS):
        start = hours.get_previous_trading_day(start)
        files = [d for d in state.universe_dates() if d >= start and state.universe_end_utc_ns(d) <= now_ns]
        if files:
            engine.history_data_points += len(files)  # each collection is one history data point
            return state.chain_from_file(files[0], today)
    return FutureChain(canonical, {})
