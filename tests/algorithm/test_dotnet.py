"""The .NET names and import paths LEAN Python algorithms use (``keel.algorithm.dotnet``)."""

from __future__ import annotations

import importlib
import sys
from datetime import datetime, timedelta

import pytest

import AlgorithmImports
from keel.algorithm.dotnet import DateTime, Enum, TimeSpan
from keel.model.enums import DataMappingMode


def test_datetime_timespan_and_enum() -> None:
    when = DateTime(2024, 3, 15)
    assert isinstance(when, datetime) and when == datetime(2024, 3, 15)
    assert (when.Year, when.Month, when.Day) == (2024, 3, 15)
    assert TimeSpan.FromMinutes(5) == timedelta(minutes=5)
    assert TimeSpan(1, 2, 3) == timedelta(hours=1, minutes=2, seconds=3)
    assert TimeSpan(2, 0, 0, 1) == timedelta(days=2, seconds=1)
    assert [DataMappingMode(v) for v in Enum.get_values(DataMappingMode)] == list(DataMappingMode)
    assert Enum.GetNames(DataMappingMode)[0] == "LAST_TRADING_DAY"


def test_algorithm_imports_has_the_system_names_and_modules() -> None:
    for name in ("DateTime", "TimeSpan", "Enum", "AddReference", "math", "json"):
        assert hasattr(AlgorithmImports, name), name


def _fresh_import(name: str) -> object:
    for loaded in [m for m in sys.modules if m == name or m.startswith(name.split(".")[0] + ".")]:
        sys.modules.pop(loaded)
    sys.modules.pop(name.split(".")[0], None)
    return importlib.import_module(name)


@pytest.mark.parametrize("name", ["System", "QuantConnect", "QuantConnect.Orders", "QuantConnect.Algorithm.Framework"])
def test_dotnet_namespaces_serve_the_algorithm_imports_names(name: str) -> None:
    module = _fresh_import(name)
    assert module.QCAlgorithm is AlgorithmImports.QCAlgorithm  # type: ignore[attr-defined]
    assert module.OrderStatus is AlgorithmImports.OrderStatus  # type: ignore[attr-defined]


def test_from_namespace_import_submodule_and_clr() -> None:
    namespace: dict[str, object] = {}
    exec("from QuantConnect import Orders\nfrom clr import AddReference\nAddReference('System')", namespace)
    assert namespace["Orders"].OrderType is AlgorithmImports.OrderType  # type: ignore[attr-defined]


def test_lean_framework_modules_are_served_by_class_name() -> None:
    alpha = _fresh_import("Alphas.ConstantAlphaModel")
    assert alpha.ConstantAlphaModel is AlgorithmImports.ConstantAlphaModel  # type: ignore[attr-defined]
    selection = _fresh_import("Selection.FutureUniverseSelectionModel")
    assert selection.FutureUniverseSelectionModel is AlgorithmImports.FutureUniverseSelectionModel  # type: ignore[attr-defined]
    # a framework model Keel does not have stays a missing module, not an empty one
    with pytest.raises(ModuleNotFoundError):
        _fresh_import("Alphas.NoSuchAlphaModel")


def test_star_import_brings_typing_names_and_the_framework_bridge() -> None:
    # LEAN's AlgorithmImports ends with ``from typing import *``: algorithms call ``cast(...)``
    namespace: dict[str, object] = {}
    exec(
        "from AlgorithmImports import *\n"
        "model = cast(FutureMarginModel, FutureMarginModel())\n"
        "hint: Optional[List[Dict[str, Any]]] = None\n"
        "bridge = QCAlgorithmFrameworkBridge\n",
        namespace,
    )
    assert isinstance(namespace["model"], AlgorithmImports.FutureMarginModel)  # type: ignore[attr-defined]
    assert namespace["bridge"] is AlgorithmImports.QCAlgorithm
    assert namespace["time"] is AlgorithmImports.time  # the datetime class, not shadowed


def test_quantconnect_time_helpers() -> None:
    namespace: dict[str, object] = {}
    exec("from AlgorithmImports import *\nlabel = f'{Time} at noon'\nday = Time.ONE_DAY", namespace)
    assert "Time" in str(namespace["label"])
    assert namespace["day"] == timedelta(days=1)
    time_cls = AlgorithmImports.Time  # type: ignore[attr-defined]
    constants = (time_cls.OneHour, time_cls.ONE_MILLISECOND, time_cls.END_OF_TIME, time_cls.MAX_TIME_SPAN)
    assert constants == (timedelta(hours=1), timedelta(milliseconds=1), datetime(2050, 12, 31), timedelta(days=365_000))
    assert time_cls.unix_time_stamp_to_date_time(86_400.5) == datetime(1970, 1, 2, 0, 0, 0, 500_000)
    assert time_cls.DateTimeToUnixTimeStamp(datetime(1970, 1, 2)) == 86_400.0
    assert time_cls.each_day(datetime(2024, 2, 28, 15), datetime(2024, 3, 1)) == [
        datetime(2024, 2, 28),
        datetime(2024, 2, 29),
        datetime(2024, 3, 1),
    ]
