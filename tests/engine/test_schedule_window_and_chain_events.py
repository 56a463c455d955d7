"""LEAN semantics found by the held-out probe: the scheduled-event date window, slice keys of
auxiliary data, the ``SymbolChangedEvent`` symbol and the futures filter universe's local time."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest
from keel.model.enums import Resolution
from keel.model.slice import Slice, SymbolChangedEvent

ES_DEC13 = Symbol.create_future("ES", Market.CME, datetime(2013, 12, 20))  # noqa: F405
ES_MAR14 = Symbol.create_future("ES", Market.CME, datetime(2014, 3, 21))  # noqa: F405
ES = Symbol.create("ES", SecurityType.FUTURE, Market.CME)  # noqa: F405


def test_a_symbol_with_only_a_symbol_changed_event_is_a_slice_key() -> None:
    """LEAN's ``Slice.Keys`` / ``ContainsKey`` / indexer cover all the data handed to the algorithm
    (TimeSliceFactory's ``allDataForAlgorithm``), auxiliary data included."""
    slice_ = Slice(datetime(2013, 12, 18), datetime(2013, 12, 18, 5))
    assert slice_.keys() == [] and ES not in slice_
    event = SymbolChangedEvent(ES, datetime(2013, 12, 18), ES_DEC13, ES_MAR14)
    slice_.symbol_changed_events[ES] = event
    assert slice_.keys() == [ES]
    assert len(slice_) == 1 and slice_.contains_key(ES)
    assert slice_[ES] is event


class MidnightEvents(QCAlgorithm):  # noqa: F405
    """ES with extended hours over one day; events at midnight (the day after the end date) and at the
    extended close of the day before the start (midnight of the start date)."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.set_benchmark(lambda _: 1.0)
        es = self.add_future_contract(ES_DEC13, Resolution.MINUTE, extended_market_hours=True).symbol
        self.fired: list[tuple[str, datetime]] = []
        self.schedule.on(self.date_rules.every_day(), self.time_rules.at(0, 0), lambda: self._log("midnight"))
        self.schedule.on(
            self.date_rules.every_day(es),
            self.time_rules.before_market_close(es, 0, True),
            lambda: self._log("close"),
        )

    def _log(self, name: str) -> None:
        self.fired.append((name, self.time))


def test_events_span_the_day_before_the_start_and_the_day_after_the_end(lean_data: Path) -> None:
    """LEAN's ``ScheduleManager.On`` takes event dates from the day before the current one up to
    ``Time.EndOfTime``: the previous day's extended close at the start instant fires, and so does an
    event at midnight after the end date, reached by the extended-hours slice ending there."""
    fired = run_backtest(MidnightEvents, lean_data).algorithm.fired
    assert fired[0] in {("midnight", datetime(2013, 10, 8)), ("close", datetime(2013, 10, 8))}
    assert ("close", datetime(2013, 10, 8)) in fired  # the close of 2013-10-07's session
    assert ("midnight", datetime(2013, 10, 9)) in fired
    assert ("close", datetime(2013, 10, 9)) in fired


class RollEvents(QCAlgorithm):  # noqa: F405
    """Continuous ES (open-interest mapping) over its 2013-12-18 roll."""

    def initialize(self) -> None:
        self.set_start_date(2013, 12, 17)
        self.set_end_date(2013, 12, 18)
        self.set_benchmark(lambda _: 1.0)
        self.es = self.add_future(
            Futures.Indices.SP500EMini,  # noqa: F405
            data_mapping_mode=DataMappingMode.OPEN_INTEREST,  # noqa: F405
            data_normalization_mode=DataNormalizationMode.RAW,  # noqa: F405
        )
        self.events: list[SymbolChangedEvent] = []

    def on_data(self, slice) -> None:
        self.events.extend(slice.symbol_changed_events.values())


def test_a_symbol_changed_events_symbol_carries_the_new_contract_as_underlying(lean_data: Path) -> None:
    """LEAN: the event's symbol is the continuous symbol updated with the newly mapped contract."""
    algo = run_backtest(RollEvents, lean_data).algorithm
    assert len(algo.events) == 1
    event = algo.events[0]
    assert event.symbol == algo.es.symbol and event.symbol.underlying == ES_MAR14 == event.new_symbol


class HangSengFilterTime(QCAlgorithm):  # noqa: F405
    """An HSI chain (Hong Kong) in a New York algorithm: records the filter universe's local time."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.set_benchmark(lambda _: 1.0)
        self.local_times: list[datetime] = []
        hsi = self.add_future(Futures.Indices.HANG_SENG, Resolution.HOUR)  # noqa: F405
        hsi.set_filter(self._filter)

    def _filter(self, universe):
        self.local_times.append(universe.local_time)
        return universe


def test_the_futures_filter_universe_local_time_is_in_the_exchange_time_zone(lean_data: Path) -> None:
    """LEAN's ``FuturesChainUniverse.SelectSymbols`` builds the filter universe at the selection time
    converted to the exchange's time zone (algorithm start 00:00 New York = 12:00 Hong Kong)."""
    times = run_backtest(HangSengFilterTime, lean_data).algorithm.local_times
    assert times and times[0] == datetime(2013, 10, 7, 12)
