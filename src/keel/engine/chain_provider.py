"""LEAN's backtesting ``FutureChainProvider``: the contracts of a futures root at a moment.

``GetFutureContractList(symbol, date)`` reads the chain universe collections that ended during
the two trading days up to ``date`` (exchange time) and returns the contracts of the latest one
whose expiry is on or after ``date``'s day. Keel falls back to the contracts present in the data
files of that day when no chain file is known (sample data without universe files).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from keel.engine.clock import converter, zone_name
from keel.model.symbol import Symbol

LOOKBACK_TRADING_DAYS = 2


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
    return [
        row.symbol
        for row in state.universe_rows(day, moment)
        if row.symbol.id.expiry_date is not None and row.symbol.id.expiry_date >= moment.date()
    ]
