"""A40: ES chain with a 1-day warm-up; warm-up slices carry chain and continuous data; buy after warm-up."""

from AlgorithmImports import *


class WarmupFutureRegressionAlgorithm(QCAlgorithm):
    """Warm-up covers the regular-hours minutes of the previous trading day, with non-zero asks."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self._future = self.add_future(Futures.Indices.SP500EMini)
        self._future.set_filter(0, 182)
        self.set_warm_up(1, Resolution.DAILY)
        self._warmup_chain_times = []
        self._warmup_continuous_times = []

    def on_data(self, slice):
        if self.is_warming_up:
            for chain in slice.futures_chains.values():
                for contract in chain:
                    if contract.ask_price == 0:
                        raise AssertionError(f"Zero ask for {contract.symbol} during warm-up at {self.time}")
                self._warmup_chain_times.append(self.utc_time)
            if slice.contains_key(self._future.symbol):
                self._warmup_continuous_times.append(self.utc_time)
            return
        if self.portfolio.invested:
            return
        for chain in slice.futures_chains.values():
            contracts = [c for c in chain if c.expiry > self.time + timedelta(90)]
            if not contracts:
                continue
            contract = sorted(contracts, key=lambda c: c.expiry)[0]
            if self.securities[contract.symbol].exchange.exchange_open:
                self.market_order(contract.symbol, 1)

    def on_warmup_finished(self):
        for name, times in (("chain", self._warmup_chain_times), ("continuous", self._warmup_continuous_times)):
            if not times:
                raise AssertionError(f"No {name} data during warm-up")
            if times[0] < datetime(2013, 10, 7, 13, 30) or times[-1] > datetime(2013, 10, 8, 20, 0):
                raise AssertionError(f"Warm-up {name} data outside 2013-10-07 .. 2013-10-08 UTC: {times[0]} - {times[-1]}")
