"""QCAlgorithm.plot / record (LEAN's QCAlgorithm.Plotting.cs): custom series in the result's charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from AlgorithmImports import *  # noqa: F403
from keel.algorithm.algorithm import AlgorithmError
from keel.engine.backtest import run_backtest
from keel.engine.results import charts_to_json


class Plotting(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 3)
        self.future = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        self.sma = SimpleMovingAverage(3)  # noqa: F405
        self.steps = 0

    def on_data(self, slice: Any) -> None:
        if self.future.mapped is None or self.steps >= 4:
            return
        self.steps += 1
        price = self.securities[self.future.mapped].price
        self.sma.update(self.time, price)
        self.Plot("Prices", "ES", price)
        self.plot("Prices", "ES", price + 1)  # same time: replaces the point
        self.plot("Prices", self.sma)
        self.Record("Steps", self.steps)  # 2 arguments: on "Strategy Equity"


def test_plotted_series_are_in_the_result_charts(synthetic_data: Path) -> None:
    run = run_backtest(Plotting, synthetic_data)
    charts = charts_to_json(run.result.charts)
    es = charts["Prices"]["series"]["ES"]["values"]
    sma = charts["Prices"]["series"]["SMA(3)"]["values"]
    steps = charts["Strategy Equity"]["series"]["Steps"]["values"]
    assert len(es) == len(sma) == len(steps) == 4
    assert [t for t, _ in es] == [t for t, _ in steps]  # stamped with the algorithm's UTC time
    assert [v for _, v in steps] == [1, 2, 3, 4]
    assert es[0][1] == sma[0][1] + 1  # the second plot at the same time won; the SMA is at the price
    assert "Equity" in charts["Strategy Equity"]["series"]


def test_reserved_series_raise_and_series_past_ten_are_refused() -> None:
    algorithm = QCAlgorithm()  # noqa: F405
    with pytest.raises(AlgorithmError, match="reserved series name"):
        algorithm.plot("Strategy Equity", "Equity", 1)
    for i in range(11):
        algorithm.plot("Many", f"s{i}", i)
    algorithm.plot("Many", "s11", 11)
    assert len(algorithm.charts["Many"]) == 11 and "s11" not in algorithm.charts["Many"]



def test_a_series_added_to_a_chart_after_add_chart_keeps_its_type_when_plotted() -> None:
    algorithm = QCAlgorithm()  # noqa: F405
    chart = Chart("Late")  # noqa: F405
    algorithm.add_chart(chart)
    chart.add_series(Series("Volume", SeriesType.BAR, "#"))  # noqa: F405
    algorithm.plot("Late", "Volume", 5)
    algorithm.plot("Late", "Other", 6)
    assert algorithm.charts["Late"]["Volume"][0][1] == 5
    properties = algorithm.chart_series_properties()["Late"]
    assert (properties["Volume"]["seriesType"], properties["Volume"]["unit"]) == (3, "#")
    assert (properties["Other"]["seriesType"], properties["Other"]["unit"]) == (0, "$")
    algorithm.add_chart(Chart("Late"))  # noqa: F405  (a name in use: ignored)
    assert set(algorithm.charts["Late"]) == {"Volume", "Other"}

class Charting(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 3)
        self.future = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        chart = Chart("Strategy")  # noqa: F405
        chart.add_series(Series("Price", SeriesType.LINE, 0))  # noqa: F405
        chart.add_series(Series("Buys", SeriesType.SCATTER, "$", "#00ff00", ScatterMarkerSymbol.TRIANGLE))  # noqa: F405
        chart.add_series(Series("Unused", SeriesType.BAR, 1, "%"))  # noqa: F405
        self.add_chart(chart)
        self.AddChart(Chart("Strategy"))  # noqa: F405 - a second chart of that name is ignored (LEAN TryAdd)
        self.add_series("Counts", "Steps", SeriesType.BAR, "#")  # noqa: F405
        self.steps = 0

    def on_data(self, slice: Any) -> None:
        if self.future.mapped is None or self.steps >= 3:
            return
        self.steps += 1
        price = self.securities[self.future.mapped].price
        self.plot("Strategy", "Price", price)
        self.plot("Strategy", "Buys", price)
        self.plot("Strategy", "Plain", price)  # not defined: LEAN's default line in $
        self.plot("Counts", "Steps", self.steps)


def test_added_charts_keep_series_types_and_units_in_result_json(synthetic_data: Path) -> None:
    from keel.engine.results import result_to_json

    run = run_backtest(Charting, synthetic_data)
    charts = result_to_json(run.result)["charts"]
    strategy = charts["Strategy"]["series"]
    assert [v for _, v in strategy["Price"]["values"]] == [v for _, v in strategy["Buys"]["values"]]
    assert len(strategy["Price"]["values"]) == 3
    assert strategy["Price"]["seriesType"] == 0 and strategy["Price"]["unit"] == "$"
    buys = strategy["Buys"]
    assert (buys["seriesType"], buys["scatterMarkerSymbol"], buys["color"]) == (1, "triangle", "#00ff00")
    assert strategy["Unused"] == {
        "name": "Unused",
        "unit": "%",
        "index": 1,
        "seriesType": 3,
        "color": "",
        "scatterMarkerSymbol": "none",
        "values": [],
    }
    assert strategy["Plain"]["seriesType"] == 0 and strategy["Plain"]["unit"] == "$"
    steps = charts["Counts"]["series"]["Steps"]
    assert steps["seriesType"] == 3 and steps["unit"] == "#" and [v for _, v in steps["values"]] == [1, 2, 3]
    assert "seriesType" not in charts["Strategy Equity"]["series"]["Equity"]  # Keel's own series: no claim
