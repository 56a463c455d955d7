"""LEAN's Chart, Series, SeriesType and ScatterMarkerSymbol (Common/Chart.cs, Series.cs, BaseSeries.cs)."""

from __future__ import annotations

from datetime import datetime

import pytest

from AlgorithmImports import *  # noqa: F403
from keel.algorithm import charting


def test_star_import_serves_lean_chart_classes() -> None:
    assert Chart is charting.Chart and Series is charting.Series  # noqa: F405
    assert SeriesType is charting.SeriesType and ScatterMarkerSymbol is charting.ScatterMarkerSymbol  # noqa: F405


def test_series_type_and_marker_values_are_leans() -> None:
    assert (SeriesType.LINE, SeriesType.SCATTER, SeriesType.CANDLE, SeriesType.BAR) == (0, 1, 2, 3)  # noqa: F405
    assert SeriesType.HEATMAP == 9 and SeriesType.Scatter3d == 10 and SeriesType.StackedArea == 5  # noqa: F405
    assert ScatterMarkerSymbol.TRIANGLE_DOWN.json_value == "triangle-down"  # noqa: F405
    assert ScatterMarkerSymbol.NONE.json_value == "none"  # noqa: F405


def test_series_constructors_follow_lean_overloads() -> None:
    line = Series("Price")  # noqa: F405
    assert (line.series_type, line.index, line.unit, line.color) == (SeriesType.LINE, 0, "$", None)  # noqa: F405
    indexed = Series("Volume", SeriesType.BAR, 1, "%")  # noqa: F405
    assert (indexed.series_type, indexed.index, indexed.unit) == (SeriesType.BAR, 1, "%")  # noqa: F405
    scatter = Series("Buy", SeriesType.SCATTER, "$", "#00ff00", ScatterMarkerSymbol.TRIANGLE)  # noqa: F405
    assert scatter.properties() == {
        "unit": "$",
        "index": 0,
        "seriesType": 1,
        "color": "#00ff00",
        "scatterMarkerSymbol": "triangle",
    }


def test_chart_add_series_rejects_a_duplicate_name_and_points_replace_at_the_same_time() -> None:
    chart = Chart("Strategy")  # noqa: F405
    chart.AddSeries(Series("Price", SeriesType.LINE, 0))  # noqa: F405
    with pytest.raises(ValueError, match="already exists"):
        chart.add_series(Series("Price"))  # noqa: F405
    series = chart.series["Price"]
    t = datetime(2024, 1, 2)
    series.add_point(t, 1.0)
    series.AddPoint(t, 2.0)
    assert series.values == [(t, 2.0)]
    assert chart.try_add_and_get_series("Price") is series
    assert chart.try_add_and_get_series("Other", SeriesType.BAR).series_type == SeriesType.BAR  # noqa: F405
