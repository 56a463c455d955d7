"""The indicator helpers name their indicators with LEAN's ``CreateIndicatorName``:
``Invariant($"{type}({symbol}_{res})").Replace(")(", ",")`` (QCAlgorithm.Indicators.cs), so
``SMA(10)`` on a minute ES contract is ``SMA(10,ES20Z13_min)``."""

from __future__ import annotations

from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest

from .indicator_reference import front_es_contract_on_2013_10_08


class _NamesAlgorithm(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        contract = front_es_contract_on_2013_10_08(self)
        self.add_future_contract(contract)
        self.names = {
            "sma": self.sma(contract, 10).name,
            "ema_daily": self.EMA(contract, 5, Resolution.DAILY).name,  # noqa: F405
            "rsi": self.rsi(contract, 14).name,
            "bb": self.bb(contract, 20, 2.5).name,
            "macd_fast": self.macd(contract, 12, 26, 9).fast.name,
            "no_arguments": self.create_indicator_name(contract, "AD", Resolution.HOUR),  # noqa: F405
            "tick": self.CreateIndicatorName(None, "X(1)", Resolution.TICK),  # noqa: F405
            "nothing": self.create_indicator_name(None, "X(1)", None),
        }


def test_helper_names_follow_leans_create_indicator_name(lean_data: Path) -> None:
    names = run_backtest(_NamesAlgorithm, lean_data).algorithm.names
    assert names["sma"] == "SMA(10,ES20Z13_min)"  # the subscription's resolution when none is given
    assert names["ema_daily"] == "EMA(5,ES20Z13_day)"
    assert names["rsi"] == "RSI(14,Wilders,ES20Z13_min)"
    assert names["bb"] == "BB(20,2.5,ES20Z13_min)"
    assert names["macd_fast"].startswith("MACD(12,26,9,ES20Z13_min)")  # sub-indicators built from the name
    assert names["no_arguments"] == "AD(ES20Z13_hr)"
    assert names["tick"] == "X(1,tick)"  # an empty symbol adds no part
    assert names["nothing"] == "X(1,)"  # LEAN joins the empty resolution part too
