"""``from AlgorithmImports import *``: LEAN's star import, served by Keel.

Brings the algorithm base class, enums, order types, indicators, consolidators, reality
models and common standard-library names into the algorithm's namespace, as LEAN does.
"""

import json
import math
from datetime import date, datetime, time, timedelta
from typing import *  # LEAN's AlgorithmImports does this too (``cast``, ``Optional``...)

import numpy as np
import pandas as pd

from keel.algorithm.algorithm import QCAlgorithm, SecurityChanges
from keel.algorithm.charting import Chart, ScatterMarkerSymbol, Series, SeriesType
from keel.algorithm.consolidators import QuoteBarConsolidator, TradeBarConsolidator
from keel.algorithm.dotnet import AddReference, DateTime, Enum, Time, TimeSpan
from keel.algorithm.framework import (
    AlphaModel,
    CompositeAlphaModel,
    ConstantAlphaModel,
    EqualWeightingPortfolioConstructionModel,
    ExecutionModel,
    FutureUniverseSelectionModel,
    ImmediateExecutionModel,
    Insight,
    InsightCollection,
    InsightDirection,
    InsightManager,
    InsightType,
    ManualUniverseSelectionModel,
    NullAlphaModel,
    NullExecutionModel,
    NullPortfolioConstructionModel,
    NullRiskManagementModel,
    NullUniverseSelectionModel,
    OpenInterestFutureUniverseSelectionModel,
    PortfolioBias,
    PortfolioConstructionModel,
    PortfolioTarget,
    RiskManagementModel,
    UniverseSelectionModel,
)
from keel.algorithm.futures_tickers import Futures
from keel.algorithm.indicators import (
    EMA,
    SMA,
    ExponentialMovingAverage,
    Indicator,
    IndicatorBase,
    IndicatorDataPoint,
    SimpleMovingAverage,
    StandardDeviation,
)
from keel.algorithm.lean_compat import (
    CalendarInfo,
    DayOfWeek,
    Extensions,
    FuturesChains,
    FuturesExpiryFunctions,
    FutureUniverse,
    LeanData,
    MarketHourAwareConsolidator,
    SecurityExchangeHours,
    TimeZones,
)
from keel.algorithm.rolling_window import RollingWindow
from keel.algorithm.seeding import FuncSecuritySeeder, SecuritySeeder
from keel.algorithm.technical_indicators import (
    ALMA,
    ATR,
    BB,
    DEMA,
    HMA,
    KAMA,
    LWMA,
    MACD,
    MAX,
    MIN,
    MOM,
    ROC,
    RSI,
    T3,
    TEMA,
    TRIMA,
    ArnaudLegouxMovingAverage,
    AverageTrueRange,
    BollingerBands,
    DoubleExponentialMovingAverage,
    HullMovingAverage,
    KaufmanAdaptiveMovingAverage,
    LinearWeightedMovingAverage,
    Maximum,
    Minimum,
    Momentum,
    MovingAverageConvergenceDivergence,
    MovingAverageType,
    RateOfChange,
    RelativeStrengthIndex,
    T3MovingAverage,
    TriangularMovingAverage,
    TripleExponentialMovingAverage,
    TrueRange,
    WilderMovingAverage,
)
from keel.engine.universe import FutureChain
from keel.model.bars import Bar, OpenInterest, QuoteBar, Tick, TradeBar
from keel.model.enums import (
    AccountType,
    BrokerageName,
    DataMappingMode,
    DataNormalizationMode,
    OrderDirection,
    OrderStatus,
    OrderType,
    Resolution,
    SecurityType,
    TickType,
)
from keel.model.market import Market
from keel.model.orders import (
    CashAmount,
    MarketOnCloseOrder,
    Order,
    OrderEvent,
    OrderFee,
    OrderField,
    OrderProperties,
    OrderResponseErrorCode,
    OrderTicket,
    TimeInForce,
    UpdateOrderFields,
)
from keel.model.slice import Delisting, Slice, SymbolChangedEvent
from keel.model.symbol import SecurityIdentifier, Symbol


def _export_reality_models() -> None:
    """Every public class of the reality-model modules (fees, fills, margin, brokerages...)."""
    import importlib
    import inspect

    for name in (
        "fees",
        "slippage",
        "fills",
        "buying_power",
        "buying_power_parameters",
        "margin_call",
        "settlement",
        "volatility",
        "portfolio_model",
        "brokerage_models",
        "security_initializer",
    ):
        module = importlib.import_module(f"keel.reality.{name}")
        for attr, value in vars(module).items():
            if not attr.startswith("_") and inspect.isclass(value) and value.__module__ == module.__name__:
                globals().setdefault(attr, value)


_export_reality_models()

QCAlgorithmFramework = QCAlgorithm
QCAlgorithmFrameworkBridge = QCAlgorithm
FuturesChain = FutureChain  # LEAN's ``FuturesChain`` (the older name ``FutureChain`` too)

__all__ = [name for name in dir() if not name.startswith("_")]
