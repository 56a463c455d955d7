"""Probe: AfterMarketOpen / BeforeMarketClose on ES with the extended session (2020, no data needed)."""
# ruff: noqa: F405

from AlgorithmImports import *  # noqa: F403


class FutureMarketOpenAndCloseWithExtendedMarketRegressionAlgorithm(QCAlgorithm):
    """Every expected scheduled-event time is consumed, in order, and none is left over."""

    extended_market_hours = True
    # LEAN's two lists: midnight on weekdays (the extended session wraps midnight), plus the
    # Sunday 18:00 open and the Friday 17:00 close
    _midnights = [datetime(2020, 2, d) for d in (4, 5, 6, 7, 10, 11, 12)]
    after_open = [*_midnights[:4], datetime(2020, 2, 9, 18), *_midnights[4:]]
    before_close = [*_midnights[:4], datetime(2020, 2, 7, 17), *_midnights[4:]]

    def initialize(self):
        self.set_start_date(2020, 2, 4)
        self.set_end_date(2020, 2, 11)
        es = self.add_future("ES", extended_market_hours=self.extended_market_hours).symbol
        self._opens = list(self.after_open)
        self._closes = list(self.before_close)
        self.schedule.on(
            self.date_rules.every_day(es),
            self.time_rules.after_market_open(es, extended_market_open=self.extended_market_hours),
            self._on_open,
        )
        self.schedule.on(
            self.date_rules.every_day(es),
            self.time_rules.before_market_close(es, extended_market_close=self.extended_market_hours),
            self._on_close,
        )

    def _on_open(self):
        expected = self._opens.pop(0) if self._opens else None
        if self.time != expected:
            raise AssertionError(f"Expected market open event at {expected}, got {self.time}")

    def _on_close(self):
        expected = self._closes.pop(0) if self._closes else None
        if self.time != expected:
            raise AssertionError(f"Expected market close event at {expected}, got {self.time}")

    def on_end_of_algorithm(self):
        if self._opens or self._closes:
            raise AssertionError(f"Events not fired: opens {self._opens}, closes {self._closes}")
