"""Shared setup of several held-out probe ports: not an algorithm file (no entry in expected.json)."""
# ruff: noqa: F405

from AlgorithmImports import *  # noqa: F403


def add_continuous_future(algorithm, ticker=Futures.Indices.SP500EMini, mapping=DataMappingMode.LAST_TRADING_DAY):
    """The continuous future these LEAN regressions add: back-adjusted (BackwardsRatio), front month
    (depth 0), extended market hours; ``mapping`` picks when it rolls."""
    return algorithm.add_future(
        ticker,
        data_normalization_mode=DataNormalizationMode.BACKWARDS_RATIO,
        data_mapping_mode=mapping,
        contract_depth_offset=0,
        extended_market_hours=True,
    )
