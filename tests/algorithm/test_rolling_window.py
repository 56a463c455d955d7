"""``RollingWindow``: LEAN's ``RollingWindow<T>`` (``Common/Indicators/RollingWindow.cs``)."""

from __future__ import annotations

import pytest

from keel.algorithm.indicators import SimpleMovingAverage
from keel.algorithm.rolling_window import (
    ArgumentException,
    ArgumentOutOfRangeException,
    InvalidOperationException,
    RollingWindow,
)
from keel.model.bars import TradeBar


def test_newest_first_indexing_count_samples_and_ready() -> None:
    window = RollingWindow[TradeBar](3)
    assert window.count == 0 and window.size == 3 and window.samples == 0 and not window.is_ready
    window.add("a")
    window.Add("b")
    assert window[0] == "b" and window[1] == "a" and window.count == 2 and not window.is_ready
    window.add("c")
    assert window.is_ready and list(window) == ["c", "b", "a"]
    window.add("d")
    window.add("e")
    # the oldest fell off: newest first, samples counts every add
    assert list(window) == ["e", "d", "c"] and window.count == 3 and window.samples == 5
    assert window.most_recently_removed == "b" and window.MostRecentlyRemoved == "b"
    assert len(window) == 3 and window.Count == 3 and window.Size == 3 and window.IsReady


def test_untyped_form_and_item_assignment() -> None:
    window = RollingWindow(2)
    window.add(1.0)
    window.add(2.0)
    window.add(3.0)
    window[1] = 20.0
    assert list(window) == [3.0, 20.0]
    with pytest.raises(ArgumentOutOfRangeException):
        window[2] = 1.0


def test_index_errors_as_lean_raises_them() -> None:
    window = RollingWindow(3)
    with pytest.raises(ArgumentOutOfRangeException, match="Rolling window is empty"):
        window[0]
    window.add(1)
    with pytest.raises(ArgumentOutOfRangeException, match="rolling window is of size 3"):
        window[3]
    with pytest.raises(ArgumentOutOfRangeException, match="between 0 and 2"):
        window[-1]
    with pytest.raises(ArgumentOutOfRangeException, match="entry 1 does not exist yet"):
        window[1]
    with pytest.raises(IndexError):  # also a Python IndexError
        window[2]
    with pytest.raises(ArgumentException):
        RollingWindow(0)


def test_most_recently_removed_raises_until_something_fell_off() -> None:
    window = RollingWindow(2)
    window.add(1)
    window.add(2)
    with pytest.raises(InvalidOperationException, match="No items have been removed yet"):
        window.most_recently_removed
    window.add(3)
    assert window.most_recently_removed == 1


def test_reset_empties_the_window() -> None:
    window = RollingWindow(2)
    for value in (1, 2, 3):
        window.add(value)
    window.reset()
    assert window.count == 0 and window.samples == 0 and not window.is_ready and list(window) == []
    window.add(7)
    assert window[0] == 7 and window.count == 1


def test_an_indicators_own_window_holds_current_then_previous() -> None:
    sma = SimpleMovingAverage(2)
    # LEAN's Window starts with the initial zero point
    assert sma.window.count == 1 and sma.window.samples == 1 and sma[0].value == 0.0
    with pytest.raises(ArgumentOutOfRangeException):
        sma[1]
    sma.update(None, 4.0)
    sma.update(None, 6.0)
    assert [point.value for point in sma.window] == [5.0, 4.0]
    assert sma[0] is sma.current and sma[1] is sma.previous and sma.Window.samples == 3
    assert sma.window.size == 2
