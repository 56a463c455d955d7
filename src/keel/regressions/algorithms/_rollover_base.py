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
        self._rollovers = []

    def on_data(self, slice):
        for changed_event in slice.symbol_changed_events.values():
            if changed_event.symbol != self._continuous_contract.symbol:
                continue
            self._rollovers.append(changed_event)
            if self.time.date() != date(2013, 12, 18):
                raise AssertionError(f"Unexpected rollover date {self.time}, expected 2013-12-18")
            if str(changed_event.old_symbol) != "ES VMKLFZIH2MTD" or str(changed_event.new_symbol) != "ES VP274HSU1AF5":
                raise AssertionError(f"Unexpected rollover {changed_event.old_symbol} -> {changed_event.new_symbol}")
        mapped = self._continuous_contract.mapped
        symbol = self._continuous_contract.symbol
        # Raw normalization: the continuous bar is the mapped contract's bar
        if mapped is not None and slice.bars.contains_key(symbol) and slice.bars.contains_key(mapped):
            if slice.bars[symbol].close != slice.bars[mapped].close:
                raise AssertionError(
                    f"Continuous price {slice.bars[symbol].close} != mapped {mapped} price {slice.bars[mapped].close} at {self.time}"
                )

    def on_end_of_algorithm(self):
        if len(self._rollovers) != 1:
            raise AssertionError(f"Expected exactly one rollover, got {len(self._rollovers)}")
