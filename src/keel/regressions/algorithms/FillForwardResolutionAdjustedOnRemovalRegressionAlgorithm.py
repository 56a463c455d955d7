"""B18: ES minute + SPY daily; removing /ES re-adjusts the fill-forward resolution to daily, re-adding to minute."""

from AlgorithmImports import *


class FillForwardResolutionAdjustedOnRemovalRegressionAlgorithm(QCAlgorithm):
    """First slice at 09:31; while /ES is removed, slices only come at 16:00 (SPY daily)."""

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 10)
        self._spy = self.add_equity("SPY", Resolution.DAILY).symbol
        self._es = self.add_future(Futures.Indices.SP500EMini, Resolution.MINUTE).symbol
        self._slice_times = []
        self._removed = False
        self._readded = False

    def on_data(self, slice):
        self._slice_times.append(self.time)
        if len(self._slice_times) == 1:
            if self.time != datetime(2013, 10, 7, 9, 31):
                raise AssertionError(f"First slice expected at 2013-10-07 09:31, got {self.time}")
            self.remove_security(self._es)
            self._removed = True
            return
        if self._removed and not self._readded:
            if self.time.time() != time(16, 0):
                raise AssertionError(f"With /ES removed, slices should come at 16:00 (daily), got {self.time}")
            if self.time.date() >= date(2013, 10, 8):
                self._es = self.add_future(Futures.Indices.SP500EMini, Resolution.MINUTE).symbol
                self._readded = True

    def on_end_of_algorithm(self):
        if not self._readded:
            raise AssertionError("/ES was not re-added")
