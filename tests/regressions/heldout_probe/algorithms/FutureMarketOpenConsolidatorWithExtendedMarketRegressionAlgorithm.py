"""Probe: a calendar consolidator on ES spanning the extended session, from the exchange's open/close."""
# ruff: noqa: F405

from AlgorithmImports import *  # noqa: F403


class FutureMarketOpenConsolidatorWithExtendedMarketRegressionAlgorithm(QCAlgorithm):
    """Each consolidated bar runs from the previous extended open (18:00) to the next day's 17:00 close."""

    extended_market_hours = True
    expected_opens = [datetime(2013, 10, d, 18, 0) for d in (6, 7, 8, 9, 10, 13)]
    expected_closes = [datetime(2013, 10, d, 17, 0) for d in (7, 8, 9, 10, 11, 14)]

    def initialize(self):
        self.set_start_date(2013, 10, 6)
        self.set_end_date(2013, 10, 14)
        self._es = self.add_security(SecurityType.FUTURE, "ES", extended_market_hours=self.extended_market_hours)
        self._opens = list(self.expected_opens)
        self._closes = list(self.expected_closes)
        self.consolidate(self._es.symbol, self._calendar, self._on_bar)

    def _calendar(self, data_time):
        hours = self._es.exchange.hours
        extended = self.extended_market_hours
        start = hours.get_previous_market_open(data_time, extended)
        end = hours.get_next_market_close(start, extended)
        if extended:
            # skip a same-day close (e.g. the 16:15-16:30 break) to reach the session's real end
            while end.date() == start.date():
                end = hours.get_next_market_close(end, extended)
        else:
            while True:
                candidate = hours.get_next_market_close(end, extended)
                if candidate.date() != end.date():
                    break
                end = candidate
        return CalendarInfo(start, end - start)

    def _on_bar(self, bar):
        if not self._opens:
            raise AssertionError(f"Unexpected extra bar {bar.time} - {bar.end_time}")
        open_, close = self._opens.pop(0), self._closes.pop(0)
        if bar.time != open_ or bar.end_time != close:
            raise AssertionError(f"Bar expected {open_} - {close}, was {bar.time} - {bar.end_time}")
