"""Shared logic of LEAN's ContinuousFutureRollover* family (section C): not an algorithm file itself.

The algorithm rewrites the market-hours entry of CME ES so that the exchange time zone is
ahead of (UTC+2) or the same as (UTC) the data time zone (UTC), uses it as the algorithm
time zone, adds continuous ES (Raw, OpenInterest, depth 0, extended hours) at the variant's
resolution with a constant benchmark, optionally seeding initial prices, and asserts exactly
one rollover on 2013-12-18 from ES VMKLFZIH2MTD (Dec-2013) to ES VP274HSU1AF5 (Mar-2014),
with the continuous price equal to the mapped contract's price.
"""

from AlgorithmImports import *


class ContinuousFutureRolloverBase(QCAlgorithm):
    """Thin subclasses set ``resolution``, ``exchange_time_zone`` and ``with_initial_seed``."""

    resolution = Resolution.DAILY
    exchange_time_zone = "UTC"
    with_initial_seed = False

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 12, 20)
        mhdb = self.market_hours_database
        entry = mhdb.get_entry(Market.CME, "ES", SecurityType.FUTURE)
        exchange_hours = SecurityExchangeHours(
            self.exchange_time_zone,
            entry.exchange_hours.holidays,
            entry.exchange_hours.market_hours,
            entry.exchange_hours.early_closes,
            entry.exchange_hours.late_opens,
        )
        mhdb.set_entry(Market.CME, "ES", SecurityType.FUTURE, exchange_hours, TimeZones.UTC)
        self.set_time_zone(self.exchange_time_zone)
        self.set_benchmark(lambda x: 0)
        self.settings.seed_initial_prices = self.with_initial_seed
        self._continuous_contract = self.add_future(
            Futures.Indices.SP500EMini,
            self.resolution,
            extended_market_hours=True,
            data_normalization_mode=DataNormalizationMode.RAW,
            data_mapping_mode=DataMappingMode.OPEN_INTEREST,
            contract_depth_offset=0,
        )
        self._rollover_time = None

    def on_data(self, slice):
        for symbol, changed_event in slice.symbol_changed_events.items():
            if self._rollover_time is not None:
                raise AssertionError(f"[{self.time}] -- Unexpected symbol changed event for {symbol}. Expected only one mapping.")
            self._rollover_time = changed_event.end_time
            if symbol != self._continuous_contract.symbol:
                raise AssertionError(f"[{self.time}] -- Unexpected symbol changed event for {symbol}")
            if self._rollover_time != datetime(2013, 12, 18):
                raise AssertionError(f"[{self.time}] -- Unexpected date {self._rollover_time}. Expected 2013-12-18")
            if changed_event.old_symbol != "ES VMKLFZIH2MTD" or changed_event.new_symbol != "ES VP274HSU1AF5":
                raise AssertionError(
                    f"[{self.time}] -- Unexpected mapping {changed_event.old_symbol} -> {changed_event.new_symbol}"
                )

        mapped_future = self.securities[self._continuous_contract.mapped]
        mapped_future_price = mapped_future.price
        others = [
            s for s in self.securities.values()
            if not s.symbol.is_canonical() and s.symbol != self._continuous_contract.mapped
        ]
        if len(others) > 1:
            raise AssertionError(f"[{self.time}] -- More than one other future: {[str(s.symbol) for s in others]}")
        other_future = others[0] if others else None
        continuous_price = self._continuous_contract.price

        if mapped_future_price != 0 or self._rollover_time is None:
            if continuous_price != mapped_future_price:
                raise AssertionError(
                    f"[{self.time}] -- Prices do not match: continuous {continuous_price} "
                    f"({self._continuous_contract.get_last_data()}) vs mapped {mapped_future.symbol} "
                    f"{mapped_future_price} ({mapped_future.get_last_data()})"
                )
        else:
            # No data for the mapped future yet after the rollover
            if other_future is None:
                raise AssertionError(
                    f"[{self.time}] -- Mapped future price is 0 (no data has arrived) so the previous mapped contract is expected to be there"
                )
            last = self._continuous_contract.get_last_data()
            if last.end_time >= self._rollover_time:
                raise AssertionError(
                    f"[{self.time}] -- Expected continuous future contract last data to be from the previously mapped "
                    f"contract until the new mapped contract gets data: {last.time} - {last.end_time} :: {last}"
                )

    def on_end_of_algorithm(self):
        if self._rollover_time is None:
            raise AssertionError(f"[{self.time}] -- Rollover did not happen.")
