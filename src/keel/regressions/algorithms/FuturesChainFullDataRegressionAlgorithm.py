"""A30: choose an ES contract from FuturesChain in initialize; alternate set_holdings(0.5) and liquidate each minute."""

from AlgorithmImports import *


class FuturesChainFullDataRegressionAlgorithm(QCAlgorithm):
    """Contract: expiry within 180 days, latest expiry, then lowest last price."""

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.set_cash(100000)
        future = self.add_future(Futures.Indices.SP500EMini)
        chain = self.futures_chain(future.symbol, flatten=True)
        contracts = [c for c in chain if c.expiry <= self.time + timedelta(days=180)]
        contracts = sorted(contracts, key=lambda c: c.last_price)
        contracts = sorted(contracts, key=lambda c: c.expiry, reverse=True)
        self._future_contract = self.add_future_contract(contracts[0].symbol).symbol

    def on_data(self, slice):
        if not self.portfolio.invested:
            self.set_holdings(self._future_contract, 0.5)
        else:
            self.liquidate()
