"""B7: as B6 through chains (filter 0-180 days): ES hour extended, GC hour regular."""

from AlgorithmImports import *


class FuturesExtendedMarketHoursRegressionAlgorithm(QCAlgorithm):
    """Regular hours are 09:30-16:15 and 16:30-17:00; extended is before 09:30 or from 18:00."""

    def initialize(self):
        self.set_start_date(2013, 10, 6)
        self.set_end_date(2013, 10, 11)
        self._es = self.add_future(Futures.Indices.SP500EMini, Resolution.HOUR, fill_forward=True, extended_market_hours=True)
        self._es.set_filter(0, 180)
        self._gc = self.add_future(Futures.Metals.GOLD, Resolution.HOUR, fill_forward=True, extended_market_hours=False)
        self._gc.set_filter(0, 180)
        self._es_ran_on_regular_hours = False
        self._es_ran_on_extended_hours = False
        self._gc_ran_on_regular_hours = False
        self._gc_ran_on_extended_hours = False

    def on_data(self, slice):
        slice_symbols = set(slice.keys())
        slice_symbols.update(slice.bars.keys())
        slice_symbols.update(slice.quote_bars.keys())
        es_has_data = any(s.id.symbol == "ES" for s in slice_symbols if not s.is_canonical())
        gc_has_data = any(s.id.symbol == "GC" for s in slice_symbols if not s.is_canonical())
        es_regular = self._es.exchange.hours.is_open(self.time, False)
        es_extended = not es_regular and self._es.exchange.hours.is_open(self.time, True)
        gc_regular = self._gc.exchange.hours.is_open(self.time, False)
        gc_extended = not gc_regular and self._gc.exchange.hours.is_open(self.time, True)
        self._es_ran_on_regular_hours |= es_regular and es_has_data
        self._es_ran_on_extended_hours |= es_extended and es_has_data
        self._gc_ran_on_regular_hours |= gc_regular and gc_has_data
        self._gc_ran_on_extended_hours |= gc_extended and gc_has_data

        time_of_day = self.time.time()
        current_regular = time(9, 30) <= time_of_day < time(16, 15) or time(16, 30) <= time_of_day < time(17, 0)
        current_extended = not current_regular and (time_of_day < time(9, 30) or time_of_day >= time(18, 0))
        if es_regular != current_regular or es_extended != current_extended:
            raise AssertionError(f"At {self.time}, ES regular/extended hours disagree with the clock")

    def on_end_of_algorithm(self):
        if not self._es_ran_on_regular_hours:
            raise AssertionError("Algorithm should have run on regular hours for ES")
        if not self._es_ran_on_extended_hours:
            raise AssertionError("Algorithm should have run on extended hours for ES")
        if not self._gc_ran_on_regular_hours:
            raise AssertionError("Algorithm should have run on regular hours for GC")
        if self._gc_ran_on_extended_hours:
            raise AssertionError("Algorithm should not have run on extended hours for GC")
