"""LEAN's ``RollingWindow<T>``: the last ``size`` items, ``[0]`` the newest.

Ported from LEAN's ``Indicators/RollingWindow.cs``: fixed size, a circular list with a tail
index, ``ArgumentOutOfRangeException`` on bad indexes and ``InvalidOperationException`` from
``MostRecentlyRemoved`` before anything fell off. Follows the newer LEAN rules
(``IsReady => Samples >= Size``; ``MostRecentlyRemoved`` throws while ``Samples <= Size``); the
older stored QuantConnect/Lean version had ``IsReady => Samples > Size`` and checked only
``i >= Count`` in the indexer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, TypeVar

from keel.algorithm.aliases import add_pascal_aliases

T = TypeVar("T")


class ArgumentException(ValueError):
    """LEAN's ``System.ArgumentException`` (a bad constructor argument)."""


class ArgumentOutOfRangeException(ArgumentException, IndexError):
    """LEAN's ``System.ArgumentOutOfRangeException``: an index outside the window (also an
    ``IndexError``, so Python code catching that, and iteration protocols, behave)."""


class InvalidOperationException(RuntimeError):
    """LEAN's ``System.InvalidOperationException``."""


class RollingWindow(Generic[T]):
    """A window over the last ``size`` items added; ``window[0]`` is the most recent.

    ``RollingWindow[TradeBar](5)`` and ``RollingWindow(5)`` are the same thing (the type
    parameter is documentation, as in LEAN's Python API)."""

    __slots__ = ("_list", "_most_recently_removed", "_samples", "_tail", "size")

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ArgumentException("RollingWindow must have size of at least 1.")
        self.size = int(size)
        self._list: list[Any] = []
        self._most_recently_removed: Any = None
        self._samples = 0
        self._tail = 0

    @property
    def count(self) -> int:
        """Number of items in the window now (at most ``size``)."""
        return len(self._list)

    @property
    def samples(self) -> int:
        """Number of items ever added (since the last ``reset``)."""
        return self._samples

    @property
    def is_ready(self) -> bool:
        """True once ``size`` items were added (the window is full)."""
        return self._samples >= self.size

    @property
    def most_recently_removed(self) -> Any:
        """The item that fell off the back on the latest ``add``; raises
        :class:`InvalidOperationException` while nothing has (``samples <= size``)."""
        if self._samples <= self.size:
            raise InvalidOperationException("No items have been removed yet!")
        return self._most_recently_removed

    def add(self, item: Any) -> None:
        """Add ``item`` as the newest entry, dropping the oldest when the window is full."""
        self._samples += 1
        items = self._list
        if len(items) == self.size:
            tail = self._tail
            self._most_recently_removed = items[tail]
            items[tail] = item
            self._tail = (tail + 1) % self.size
        else:
            items.append(item)

    def reset(self) -> None:
        """Empty the window (``samples`` back to 0)."""
        self._samples = 0
        self._list.clear()
        self._tail = 0

    def _position(self, i: int) -> int:
        count = len(self._list)
        return (count + self._tail - i - 1) % count

    def __getitem__(self, i: int) -> Any:
        count = len(self._list)
        if count == 0:
            raise ArgumentOutOfRangeException("Rolling window is empty")
        if i > self.size - 1 or i < 0:
            raise ArgumentOutOfRangeException(
                f"Index must be between 0 and {self.size - 1} (rolling window is of size {self.size})"
            )
        if i > count - 1:
            raise ArgumentOutOfRangeException(
                f"Index must be between 0 and {count - 1} (entry {i} does not exist yet)"
            )
        return self._list[self._position(i)]

    def __setitem__(self, i: int, value: Any) -> None:
        count = len(self._list)
        if i < 0 or i > count - 1:
            raise ArgumentOutOfRangeException(f"Must be between 0 and {count - 1}")
        self._list[self._position(i)] = value

    def __iter__(self) -> Iterator[Any]:
        """Newest first (LEAN enumerates a copy: ``this[0] .. this[Count - 1]``)."""
        return iter([self[i] for i in range(len(self._list))])

    def __len__(self) -> int:
        return len(self._list)

    def __repr__(self) -> str:
        return f"RollingWindow(size={self.size}, count={self.count})"

    # LEAN PascalCase members
    @property
    def Count(self) -> int:
        return self.count

    @property
    def Size(self) -> int:
        return self.size

    @property
    def Samples(self) -> int:
        return self.samples

    @property
    def IsReady(self) -> bool:
        return self.is_ready

    @property
    def MostRecentlyRemoved(self) -> Any:
        return self.most_recently_removed


add_pascal_aliases(RollingWindow)
