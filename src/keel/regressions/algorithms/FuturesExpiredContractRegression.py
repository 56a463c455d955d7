"""B14: ES chain (0-90 days, fill-forward off): no fill-forward bars and no expired contract in the chain."""

from AlgorithmImports import *


class FuturesExpiredContractRegression(QCAlgorithm):
    """2013-10-01 .. 2013-12-23 with $1,000,000; no orders."""

    def initialize(self):
        self.set_start_date(2013, 10, 1)
        self.set_end_date(2013, 12, 23)
        self.set_cash(1000000)
        # LEAN: AddFuture(SP500EMini, Resolution.Minute, Market.CME, fillForward: false)
        self._future = self.add_future(Futures.Indices.SP500EMini, Resolution.MINUTE, Market.CME, False)
        self._future.set_filter(timedelta(0), timedelta(90))
        self._chains = 0

    def on_data(self, slice):
        for chain in slice.futures_chains.values():
            self._chains += 1
            for contract in chain:
                if contract.expiry.date() < self.time.date():
                    raise AssertionError(f"Expired contract {contract.symbol} in the chain at {self.time}")
        for symbol, bar in slice.bars.items():
            if not symbol.is_canonical() and bar.is_fill_forward:
                raise AssertionError(f"Fill-forward bar for {symbol} at {self.time}")

    def on_end_of_algorithm(self):
        if self._chains == 0:
            raise AssertionError("No chain data received")
