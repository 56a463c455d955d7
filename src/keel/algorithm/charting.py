"""LEAN's custom charts: ``Chart``, ``Series``, ``SeriesType`` and ``ScatterMarkerSymbol``
(``Common/Chart.cs``, ``Common/Series.cs``, ``Common/BaseSeries.cs``).

An algorithm builds a chart, adds typed series to it and registers it with ``add_chart``; its
``plot(chart, series, value)`` calls then add points to those series (a series it does not know
is created as LEAN does: a line in ``$`` at index 0). The result's ``charts`` keep each series'
type, unit, index, colour and marker next to its points (``result.json``).
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import Any

from keel.algorithm.aliases import add_pascal_aliases


class SeriesType(IntEnum):
    """LEAN's ``SeriesType`` (same values; 8 is reserved in LEAN)."""

    LINE = 0
    SCATTER = 1
    CANDLE = 2
    BAR = 3
    FLAG = 4
    STACKED_AREA = 5
    PIE = 6
    TREEMAP = 7
    HEATMAP = 9
    SCATTER_3D = 10
    Line = 0
    Scatter = 1
    Candle = 2
    Bar = 3
    Flag = 4
    StackedArea = 5
    Pie = 6
    Treemap = 7
    Heatmap = 9
    Scatter3d = 10


class ScatterMarkerSymbol(IntEnum):
    """LEAN's ``ScatterMarkerSymbol``; :attr:`json_value` is its JSON text (``"triangle-down"``)."""

    NONE = 0
    CIRCLE = 1
    SQUARE = 2
    DIAMOND = 3
    TRIANGLE = 4
    TRIANGLE_DOWN = 5
    None_ = 0
    Circle = 1
    Square = 2
    Diamond = 3
    Triangle = 4
    TriangleDown = 5

    @property
    def json_value(self) -> str:
        """The ``EnumMember`` text LEAN serialises (``none``, ``circle``, ..., ``triangle-down``)."""
        return ("none", "circle", "square", "diamond", "triangle", "triangle-down")[int(self)]


class Series:
    """A chart series (LEAN's ``Series``): name, type, index on the chart, axis unit, colour,
    scatter marker and its ``(time, value)`` points.

    Constructors as LEAN's: ``Series(name)``, ``Series(name, type, index)``,
    ``Series(name, type, index, unit)``, ``Series(name, type, unit)`` and
    ``Series(name, type, unit, color, symbol)``; the unit defaults to ``"$"``.
    """

    def __init__(
        self,
        name: str = "",
        type: SeriesType | int = SeriesType.LINE,  # LEAN's parameter name
        *args: Any,
        index: int | None = None,
        unit: str | None = None,
        color: Any = None,
        symbol: ScatterMarkerSymbol | int | None = None,
    ) -> None:
        if len(args) > 3:
            raise TypeError("Series() takes at most 5 positional arguments")
        if args and isinstance(args[0], str):  # (name, type, unit[, color[, symbol]])
            unit = args[0]
            color = args[1] if len(args) > 1 else color
            symbol = args[2] if len(args) > 2 else symbol
        elif args:  # (name, type, index[, unit])
            if len(args) > 2:
                raise TypeError("Series(name, type, index, unit) takes no further arguments")
            index = int(args[0])
            unit = str(args[1]) if len(args) > 1 else unit
        self.name = str(name)
        self.series_type = SeriesType(int(type))
        self.index = int(index) if index is not None else 0
        self.unit = "$" if unit is None else str(unit)
        self.color = color
        self.scatter_marker_symbol = ScatterMarkerSymbol(int(symbol) if symbol is not None else 0)
        #: the series' points, ``(UTC time, value)``, oldest first
        self.values: list[tuple[datetime, float]] = []

    def add_point(self, time: datetime, value: float) -> None:
        """Add a point; a point at the time of the last one replaces it (LEAN's ``AddPoint``)."""
        points, point = self.values, (time, float(value))
        if points and points[-1][0] == time:
            points[-1] = point
        else:
            points.append(point)

    def properties(self) -> dict[str, Any]:
        """The series' LEAN properties for ``result.json`` (``seriesType`` is LEAN's integer)."""
        return {
            "unit": self.unit,
            "index": self.index,
            "seriesType": int(self.series_type),
            "color": "" if self.color is None else str(self.color),
            "scatterMarkerSymbol": self.scatter_marker_symbol.json_value,
        }

    def __repr__(self) -> str:
        return f"Series({self.name!r}, {self.series_type.name}, {self.index}, {self.unit!r})"


class Chart:
    """A custom chart (LEAN's ``Chart``): a name and its series by name."""

    def __init__(self, name: str = "", symbol: Any = None) -> None:
        self.name = str(name)
        self.series: dict[str, Series] = {}
        self.legend_disabled = False

    def add_series(self, series: Series) -> None:
        """Add ``series``; a second series of the same name raises (LEAN's ``DuplicateNameException``)."""
        if series.name in self.series:
            raise ValueError(f"Chart.AddSeries(): a series named '{series.name}' already exists in chart '{self.name}'")
        self.series[series.name] = series

    def try_add_and_get_series(
        self,
        name: str,
        series_type: SeriesType | int = SeriesType.LINE,
        index: int = 0,
        unit: str = "$",
        color: Any = None,
        symbol: ScatterMarkerSymbol | int = ScatterMarkerSymbol.NONE,
        force_add_new: bool = False,
    ) -> Series:
        """The series called ``name``, created with these properties when absent (or when forced)."""
        series = self.series.get(name)
        if force_add_new or series is None:
            series = Series(name, series_type, index, unit, color=color, symbol=symbol)
            self.series[name] = series
        return series

    def __repr__(self) -> str:
        return f"Chart({self.name!r}, series={list(self.series)})"


for _cls in (Series, Chart):
    add_pascal_aliases(_cls)

__all__ = ["Chart", "ScatterMarkerSymbol", "Series", "SeriesType"]
