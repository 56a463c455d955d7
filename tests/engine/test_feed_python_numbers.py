"""The feed's bars carry Python numbers, and a one-point time step needs no ``internal`` flags."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from keel.engine.data_source import LeanDataSource
from keel.engine.feed import HistoricalFeed, PointGroup
from keel.model.enums import TickType

from .fakes import es_config, ny_day


def test_bar_fields_are_python_floats_not_numpy_scalars(lean_data: Path) -> None:
    # numpy scalars would be slower on every bar and round differently (``round(np.float64(2.675), 2)``)
    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.add(es_config(lean_data, TickType.TRADE, extended=False))
    start, end = ny_day(date(2013, 10, 8))
    groups = list(feed.window(start, end))
    assert groups
    for _, points in groups:
        assert isinstance(points, PointGroup) and points.internal is None
        bar = points[0]
        for value in (bar.open, bar.high, bar.low, bar.close, bar.volume):
            assert type(value) in (float, int), type(value)


def test_point_group_internal_defaults_to_none_and_can_be_set() -> None:
    group = PointGroup([1, 2])
    assert group.internal is None and list(group) == [1, 2]
    group.internal = [True, False]
    assert group.internal == [True, False] and PointGroup().internal is None
