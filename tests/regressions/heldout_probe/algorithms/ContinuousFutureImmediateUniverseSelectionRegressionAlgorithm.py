"""Probe: ES (New York) and HSI (Hong Kong) continuous futures both select and map at the start."""
# ruff: noqa: F405

from datetime import UTC
from zoneinfo import ZoneInfo

from _continuous_es import add_continuous_future

from AlgorithmImports import *  # noqa: F403


class ContinuousFutureImmediateUniverseSelectionRegressionAlgorithm(QCAlgorithm):
    """Both universes select at the algorithm start (UTC) and have a mapped contract on the first data."""

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self._start_utc = _to_utc(self.start_date, self.time_zone)
        self._selection_utc = {}
        self._data_received = False
        self._changes_received = False
        self._es = add_continuous_future(self, Futures.Indices.SP500EMini, DataMappingMode.OPEN_INTEREST_ANNUAL)
        self._hsi = add_continuous_future(self, Futures.Indices.HANG_SENG, DataMappingMode.FIRST_DAY_MONTH)
        self._es.set_filter(lambda universe: self._record_selection("ES", self._es, universe))
        self._hsi.set_filter(lambda universe: self._record_selection("HSI", self._hsi, universe))

    def _record_selection(self, name, future, universe):
        if name not in self._selection_utc:
            local = universe.local_time
            utc = _to_utc(local, future.exchange.time_zone)
            self._selection_utc[name] = utc
            if utc != self._start_utc:
                raise AssertionError(f"{name} selection expected at start {self._start_utc}, happened at {utc}")
        return universe

    def on_data(self, slice):
        self._data_received = True
        if self._es.mapped is None:
            raise AssertionError("ES mapped contract is None")
        if self._hsi.mapped is None:
            raise AssertionError("HSI mapped contract is None")

    def on_securities_changed(self, changes):
        if self._changes_received:
            return
        self._changes_received = True
        if self.time != self.start_date:
            raise AssertionError(f"First OnSecuritiesChanged expected at {self.start_date}, got {self.time}")
        if set(self._selection_utc) != {"ES", "HSI"}:
            raise AssertionError(f"Universe selection not done for both: {sorted(self._selection_utc)}")
        if not changes.added_securities or changes.removed_securities:
            raise AssertionError("Expected securities added and none removed")
        for future in (self._es, self._hsi):
            if not any(
                not s.symbol.is_canonical() and s.symbol.canonical == future.symbol for s in changes.added_securities
            ):
                raise AssertionError(f"No contracts added for {future.symbol}")

    def on_end_of_algorithm(self):
        if not self._data_received:
            raise AssertionError("No data received")
        if not self._changes_received:
            raise AssertionError("OnSecuritiesChanged was not called")


def _to_utc(local, zone):
    """Naive UTC of a naive local time in ``zone`` (a name or a tzinfo)."""
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return local.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)
