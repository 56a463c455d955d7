"""B18: ES minute + SPY daily; /ES is removed as soon as a slice carries it and re-added once at
2013-10-08 16:00; the fill-forward resolution follows the remaining subscriptions (LEAN GH #8023):
slices come at 09:31 (minute), then 16:00 (SPY daily), twice on 10-08 (the re-added /ES minute data)."""

from AlgorithmImports import *


class FillForwardResolutionAdjustedOnRemovalRegressionAlgorithm(QCAlgorithm):
    """Asserts the time of every slice (LEAN's FillForwardResolutionAdjustedOnRemovalRegressionAlgorithm)."""

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 10)
        self._expected_data_times = [
            datetime(2013, 10, 7, 9, 31),
            datetime(2013, 10, 7, 16, 0),
            datetime(2013, 10, 8, 16, 0),
            datetime(2013, 10, 8, 16, 0),  # minute data & we remove it
            datetime(2013, 10, 9, 16, 0),
            datetime(2013, 10, 10, 16, 0),
        ]
        self.add_future("ES", Resolution.MINUTE)
        self.add_equity("SPY", Resolution.DAILY)

    def on_data(self, slice):
        if not self._expected_data_times:
            raise AssertionError(f"Unexpected data time {self.time}: no more slices expected")
        expected = self._expected_data_times.pop(0)
        if expected != self.time:
            raise AssertionError(f"Unexpected data time {expected} != {self.time}")
        if self.active_securities.contains_key("/ES"):
            if slice.contains_key("/ES"):
                self.remove_security("/ES")
        elif self.time == datetime(2013, 10, 8, 16, 0):
            # let's re add it
            self.add_future("ES", Resolution.MINUTE)

    def on_end_of_algorithm(self):
        if self._expected_data_times:
            raise AssertionError("OnEndOfAlgorithm(): Unexpected data times!")
