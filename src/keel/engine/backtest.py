"""Backtest set-up and result assembly: load an algorithm file, run it, compute statistics.

``run_backtest`` is what ``keel backtest`` and the tests call. Failures (a data file that is
malformed, an algorithm that raises) still produce the results gathered so far; the caller
decides where to write them.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from keel.algorithm.algorithm import QCAlgorithm
from keel.algorithm.aliases import user_override
from keel.engine.capacity import CapacityEstimate
from keel.engine.clock import converter
from keel.engine.engine import AlgorithmRuntimeError, Engine
from keel.engine.feed import SubscriptionStream
from keel.engine.history import bar_count_extended, bar_count_start_ns
from keel.engine.interest_rate import InterestRateProvider
from keel.engine.lean_order_json import order_dict, order_event_dict
from keel.engine.lean_order_json import order_list_hash as lean_order_list_hash
from keel.engine.results import BacktestResult, drawdown_series
from keel.engine.sampling import ResultSampler
from keel.engine.selection_points import previous_trading_day
from keel.engine.statistics import StatisticsInput, TradeRecordsView, compute_statistics
from keel.model.enums import (
    RESOLUTION_PERIOD,
    DataNormalizationMode,
    OrderStatus,
    Resolution,
    SecurityType,
    TickType,
)
from keel.model.orders import Order, OrderEvent

_E_INVALID = OrderStatus.INVALID  # read per order: an Enum class attribute read is slow in CPython 3.11


class AlgorithmLoadError(RuntimeError):
    """The algorithm file could not be imported or holds no algorithm class."""


class NoDataError(RuntimeError):
    """The date range held no data for any subscription."""


class BacktestFailed(RuntimeError):
    """The backtest stopped on an error; ``result`` holds what was computed so far."""

    def __init__(self, message: str, result: BacktestResult, cause: BaseException) -> None:
        super().__init__(message)
        self.result = result
        self.cause = cause


@dataclass
class BacktestRun:
    """A finished run: the algorithm instance, its engine and the results."""

    algorithm: QCAlgorithm
    engine: Engine
    result: BacktestResult
    elapsed_seconds: float
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def statistics(self) -> dict[str, str]:
        """LEAN's summary statistics."""
        return self.result.statistics


def load_algorithm_class(path: str | Path, class_name: str | None = None) -> type[QCAlgorithm]:
    """Import an algorithm file and return its ``QCAlgorithm`` subclass."""
    path = Path(path)
    if not path.is_file():
        raise AlgorithmLoadError(f"algorithm file {path} does not exist; pass the path to your main.py")
    module_name = f"keel_user_algorithm_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise AlgorithmLoadError(f"cannot import {path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise AlgorithmLoadError(f"importing {path} failed: {type(exc).__name__}: {exc}") from exc
    finally:
        sys.path.remove(str(path.parent))
    candidates = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and issubclass(obj, QCAlgorithm)
        and obj is not QCAlgorithm
        and obj.__module__ == module_name
    ]
    if class_name:
        candidates = [c for c in candidates if c.__name__ == class_name]
    if len(candidates) != 1:
        names = ", ".join(c.__name__ for c in candidates) or "none"
        raise AlgorithmLoadError(
            f"{path} must define exactly one QCAlgorithm subclass (found: {names}); pass --class-name to choose one"
        )
    return candidates[0]


def run_backtest(
    algorithm: QCAlgorithm | type[QCAlgorithm] | str | Path,
    data_folder: str | Path,
    start: date | None = None,
    end: date | None = None,
    cash: float | None = None,
    parameters: dict[str, str] | None = None,
    data_source: Any = None,
    market_hours: Any = None,
    progress: Callable[[float], None] | None = None,
    log_sink: Callable[[str], None] | None = None,
    class_name: str | None = None,
) -> BacktestRun:
    """Run one backtest and return its results (raises :class:`BacktestFailed` with partial results)."""
    if isinstance(algorithm, (str, Path)):
        algorithm = load_algorithm_class(algorithm, class_name)
    algo = algorithm() if isinstance(algorithm, type) else algorithm
    if parameters:
        algo.set_parameters(parameters)
    engine = Engine(algo, data_folder, log_sink=log_sink, progress=progress)
    if data_source is not None:
        engine.source = data_source
        engine.feed.source = data_source
    if market_hours is not None:
        engine.mhdb = market_hours
    started = time.perf_counter()
    try:
        initialize = user_override(algo, QCAlgorithm, "initialize")
        if initialize is not None:
            engine._call_user(initialize)
        if start is not None:
            algo.set_start_date(start)
        if end is not None:
            algo.set_end_date(end)
        if cash is not None:
            algo.set_cash(cash)
        start_local, end_local = _run_dates(algo)
        warm_start = _warm_up_start(algo, start_local, engine)  # before the benchmark joins the subscriptions
        benchmark = _setup_benchmark(engine, warm_start or start_local)
        # LEAN's BacktestingSetupHandler: StartingPortfolioValue = Portfolio.Cash (holdings injected in
        # initialize are not valued: they have no price yet)
        starting_value = algo.portfolio.cash
        engine.sampler = ResultSampler(
            algo.time_zone,
            start_local,
            end_local + timedelta(days=1),
            lambda: algo.portfolio.total_portfolio_value,
            lambda: algo.portfolio.total_sale_volume,
            benchmark,
        )
        engine.sampler.reset_start(starting_value)
        engine.capacity = _capacity_estimate(engine, start_local, end_local)
        conv = converter(algo.time_zone)
        algo._set_utc_ns(conv.local_to_utc_ns(warm_start or start_local))
        # LEAN (ScheduleManager.On) generates event dates from the day before the current one ("back
        # the date up to ensure we get all events", e.g. the previous day's extended close at midnight)
        # up to Time.EndOfTime: an event on the day after the end date still fires when a time slice
        # reaches it. Events before the start are skipped.
        algo.schedule.start(
            (warm_start or start_local).date() - timedelta(days=1),
            end_local.date() + timedelta(days=1),
            conv.local_to_utc_ns(warm_start or start_local),
        )
        engine.run_loop(start_local, end_local, warm_start)
        if engine.data_points == engine.selection_data_points:
            subscribed = ", ".join(sorted({str(s) for s in engine.configs})) or "nothing"
            raise NoDataError(
                f"no data between {start_local:%Y-%m-%d} and {end_local:%Y-%m-%d} in {engine.data_folder} "
                f"for {subscribed}; check the dates (--start/--end) and the data folder"
            )
        end_handler = user_override(algo, QCAlgorithm, "on_end_of_algorithm")
        if end_handler is not None:
            engine._call_user(end_handler)
    except (Exception, KeyboardInterrupt) as exc:  # Ctrl-C too: the results so far are kept
        result = _assemble(engine, None, time.perf_counter() - started, failed=True)
        where = f" at algorithm time {exc.algorithm_time}" if isinstance(exc, AlgorithmRuntimeError) else ""
        message = f"{exc}{where}"
        if isinstance(exc, KeyboardInterrupt):
            message = f"interrupted (Ctrl-C) at algorithm time {algo.time}"
        if isinstance(exc, AlgorithmRuntimeError):
            result.logs.append(exc.detail)
        result.logs.append(f"Runtime Error: {message}")
        raise BacktestFailed(message, result, exc) from exc
    elapsed = time.perf_counter() - started
    # LEAN's final sample is stamped with the last time slice, not the end of the last day
    final_ns = engine.last_step_ns if engine.last_step_ns >= 0 else engine.clock.utc_now_ns()
    engine.sampler.sample_final(final_ns)
    if engine.capacity is not None:
        engine.capacity.finish()
    result = _assemble(engine, starting_value, elapsed)
    return BacktestRun(algo, engine, result, elapsed)


def _run_dates(algo: QCAlgorithm) -> tuple[datetime, datetime]:
    start = algo.start_date
    end = algo.end_date or datetime.combine(date.today() - timedelta(days=1), datetime.min.time())
    if end < start:
        raise ValueError(
            f"the end date {end:%Y-%m-%d} is before the start date {start:%Y-%m-%d}; fix set_end_date or --end"
        )
    return start, end


def _setup_benchmark(engine: Engine, first_local: datetime) -> Callable[[], float]:
    algo = engine.algorithm
    if algo.benchmark_function is not None:
        func = algo.benchmark_function
        return lambda: float(func(algo.time))
    symbol = algo.benchmark_symbol
    if symbol is None:
        spy = engine.data_folder / "equity" / "usa" / "hour" / "spy.zip"
        if not spy.is_file():
            engine.log("No SPY data in the data folder: the benchmark is constant (0).")
            return lambda: 0.0
        symbol = engine._equity_symbol("SPY", "usa")
    security = algo.securities.get(symbol)
    if security is None:
        ticker = symbol.value
        if symbol.security_type == SecurityType.EQUITY:
            # LEAN's internal benchmark feed: hourly trade bars, not filled forward
            security = engine.add_equity(ticker, Resolution.HOUR, symbol.id.market, False, False, None, internal=True)
            algo.securities.pop(symbol, None)
            engine._pending_added = [s for s in engine._pending_added if s is not security]
            engine.benchmark_security = security
        else:
            raise ValueError(f"benchmark {symbol} must be an equity or a security the algorithm added")
    else:
        engine.benchmark_security = security
        if symbol.security_type == SecurityType.EQUITY and not any(
            c.resolution == Resolution.HOUR and c.is_internal for c in security.subscriptions
        ):
            # LEAN always feeds the benchmark through an internal hourly subscription, created with the
            # config service's default normalization (Adjusted) whatever the security's own mode: an
            # algorithm trading raw SPY gets adjusted benchmark values (its hour bar updates the price
            # after the user's bar of the same time)
            for config in engine._subscribe(security, [TickType.TRADE], Resolution.HOUR, False, False, internal=True):
                config.data_normalization_mode = DataNormalizationMode.ADJUSTED
    _benchmark_previous_day(engine, security, first_local)
    bench = security
    # LEAN's SecurityBenchmark: price x conversion rate, as it is: a currency without conversion data
    # (USD in an HKD account with no USDHKD feed) has rate 0, so the benchmark stays flat at 0
    return lambda: float(bench.price) * float(bench.quote_currency.conversion_rate)


def _capacity_estimate(engine: Engine, start_local: datetime, end_local: datetime) -> CapacityEstimate:
    """LEAN's capacity estimate over the run (the end date counts to the last tick of its day)."""
    algo = engine.algorithm

    def is_internal(symbol: Any) -> bool:
        return all(c.is_internal for c in engine.configs.get(symbol, ()))

    return CapacityEstimate(
        engine.all_securities,
        is_internal,
        lambda: algo.utc_time,
        lambda: algo.portfolio.total_portfolio_value,
        start_local,
        end_local + timedelta(days=1) - timedelta(microseconds=1),
    )


def _lowest_capacity_asset(capacity: CapacityEstimate | None) -> str:
    symbol = capacity.lowest_capacity_asset if capacity is not None else None
    return str(symbol.id) if symbol is not None else ""


def _benchmark_previous_day(engine: Engine, security: Any, first_local: datetime) -> None:
    """LEAN starts the internal benchmark feed at the previous trading day so the benchmark never has
    a zero price (``UniverseSelection.AddPendingInternalDataFeeds``): that day's bars arrive with the
    first time slice, so they are counted and set the benchmark's price before the run starts."""
    config = next((c for c in security.subscriptions if c.is_internal and c.resolution == Resolution.HOUR), None)
    if config is None:
        return
    algo_conv = converter(engine.algorithm.time_zone)
    start_ns = algo_conv.local_to_utc_ns(first_local)
    exchange_conv = converter(config.exchange_time_zone)
    previous = previous_trading_day(config.exchange_hours, exchange_conv.to_local(start_ns).date(), False)
    begin_ns = exchange_conv.local_to_utc_ns(datetime(previous.year, previous.month, previous.day))
    _, points = SubscriptionStream(config, engine.feed.source).points(begin_ns, start_ns)
    engine.data_points += len(points)
    if points:
        security.set_market_price(points[-1])


def _warm_up_start(algo: QCAlgorithm, start: datetime, engine: Engine) -> datetime | None:
    """Where the warm-up begins (None: no warm-up): LEAN's ``QCAlgorithm.TryGetWarmupHistoryStartTime``.

    A bar-count warm-up starts at the earliest start of a bar-count history request for each
    security (a future's canonical symbol too; not another universe's or canonical symbol) at the
    warm-up resolution, else the security's own: ``Time.GetStartTimeForTradeBars`` from the
    algorithm's start, rounded down to the bar size in the data time zone, stepping back over
    open bars (see :func:`keel.engine.history.bar_count_start_ns`). With no subscribed security it
    steps back ``period`` weekdays (daily) or bars of the warm-up resolution from the start."""
    period = algo.warm_up_period
    if period is None:
        return None
    if isinstance(period, timedelta):
        return start - period
    conv = converter(algo.time_zone)
    now_ns = conv.local_to_utc_ns(start)
    starts = []
    for symbol in list(algo.securities.keys()):
        configs = engine.configs.get(symbol)
        if not configs or (symbol.security_type != SecurityType.FUTURE and symbol.is_canonical()):
            continue
        own = [c for c in configs if not c.is_internal] or configs
        res = algo.warm_up_resolution if algo.warm_up_resolution is not None else min(c.resolution for c in own)
        if Resolution(res) == Resolution.TICK:
            continue
        extended = bar_count_extended(engine, symbol)  # the symbol's non-internal subscriptions decide
        starts.append(bar_count_start_ns(replace(own[0], resolution=Resolution(res)), int(period), now_ns, extended))
    if starts:
        return conv.to_local(min(starts))
    resolution = algo.warm_up_resolution if algo.warm_up_resolution is not None else algo.universe_settings.resolution
    if resolution == Resolution.DAILY:
        days, t = 0, start
        while days < period:
            t -= timedelta(days=1)
            if t.weekday() < 5:
                days += 1
        return t
    # a tick has no bar length: step back minutes then
    step = RESOLUTION_PERIOD.get(Resolution(resolution)) or timedelta(minutes=1)
    return start - step * int(period)


def _assemble(engine: Engine, starting_value: float | None, elapsed: float, failed: bool = False) -> BacktestResult:
    algo = engine.algorithm
    sampler = engine.sampler
    portfolio = algo.portfolio
    statistics: dict[str, str] = {}
    if sampler is not None and starting_value is not None and not failed:
        trades = TradeRecordsView(getattr(portfolio, "trade_records", []))
        rates = (
            InterestRateProvider.from_csv(engine.data_folder)
            if _has_rates(engine.data_folder)
            else InterestRateProvider()
        )
        statistics = compute_statistics(
            StatisticsInput(
                equity=sampler.equity,
                daily_performance=sampler.daily_performance,
                benchmark=sampler.benchmark,
                trades=trades,
                starting_value=float(starting_value),
                total_fees=portfolio.total_fees,
                total_orders=engine.transactions.orders_count,
                portfolio_turnover_samples=sampler.turnover,
                risk_free_rate=rates,
                capacity=engine.capacity.capacity if engine.capacity is not None else None,
                lowest_capacity_asset=_lowest_capacity_asset(engine.capacity),
            )
        )
        statistics["OrderListHash"] = order_list_hash(engine.transactions.orders.values(), engine)
    equity = sampler.equity if sampler is not None else []
    charts: dict[str, dict[str, list[tuple[datetime, float]]]] = {
        "Strategy Equity": {
            "Equity": list(equity),
            "Return": list(sampler.daily_performance) if sampler is not None else [],
        },
        "Drawdown": {"Equity Drawdown": drawdown_series(equity)},
        "Benchmark": {"Benchmark": list(sampler.benchmark) if sampler is not None else []},
    }
    series_properties: dict[str, dict[str, dict[str, Any]]] = {}
    user_properties = algo.chart_series_properties()
    for chart_name, user_series in algo.charts.items():  # the algorithm's plot() series
        chart = charts.setdefault(chart_name, {})
        for series_name, points in user_series.items():
            if series_name in chart:  # Keel's own series (e.g. "Return") win
                continue
            chart[series_name] = list(points)
            series_properties.setdefault(chart_name, {})[series_name] = user_properties[chart_name][series_name]
    tpv = portfolio.total_portfolio_value
    runtime = {
        "Equity": f"${tpv:,.2f}",
        "Fees": f"-${portfolio.total_fees:,.2f}",
        "Holdings": f"${portfolio.total_holdings_value:,.2f}",
        "Net Profit": f"${portfolio.total_net_profit:,.2f}",
        "Unrealized": f"${portfolio.total_unrealized_profit:,.2f}",
        "Volume": f"${portfolio.total_sale_volume:,.2f}",
        "Elapsed Seconds": f"{elapsed:.2f}",
    }
    runtime.update(algo.runtime_statistics)
    handler = engine.transactions
    return BacktestResult(
        statistics=statistics,
        runtime_statistics=runtime,
        # LEAN's shapes: the Order JSON of the OrderListHash and LEAN's serialized order events
        orders=handler.order_dicts(lean_order_converter(engine)),
        order_events=handler.order_event_dicts(lean_order_event_converter(type(algo).__name__)),
        charts=charts,  # type: ignore[arg-type]
        series_properties=series_properties,
        algorithm_configuration={
            "name": type(algo).__name__,
            "startDate": algo.start_date.isoformat(),
            "endDate": algo.end_date.isoformat() if algo.end_date else None,
            "timeZone": algo.time_zone,
            "accountCurrency": getattr(algo.cash_book, "account_currency", "USD"),
            "brokerage": type(algo.brokerage_model).__name__ if algo.brokerage_model else None,
            "parameters": dict(algo.parameters),
            "dataFolder": str(engine.data_folder),
        },
        logs=list(engine.log_lines),
        data_points=engine.data_points,
        history_data_points=engine.history_data_points,
    )


def order_list_hash(orders: Iterable[Order], engine: Engine | None = None) -> str:
    """LEAN's ``OrderListHash`` of ``orders`` (see :mod:`keel.engine.lean_order_json`).

    With the run's ``engine``, each order is serialised with its symbol's price adjustment mode,
    the decimal scale of its submission prices and whether it reached the brokerage.
    """
    if engine is None:
        return lean_order_list_hash(orders)
    return lean_order_list_hash(
        orders, engine.price_adjustment_modes, engine.submission_price_scale, _placed_test(engine)
    )


def _placed_test(engine: Engine) -> Callable[[Order], bool]:
    """Whether an order reached the brokerage: one refused before has no Submitted event (LEAN:
    no ``BrokerId``)."""
    log = engine.transactions.order_log

    def placed(order: Order) -> bool:
        if order.status != _E_INVALID:
            return True
        symbol = order.symbol
        return any(log.event(row, symbol).status == OrderStatus.SUBMITTED for row in log.event_rows(order.id))

    return placed


def lean_order_converter(engine: Engine) -> Callable[[Order], dict[str, Any]]:
    """Order -> LEAN's order JSON as a dict (``result.json`` ``orders``), with the same price
    adjustment mode, submission-price scale and brokerage test as the ``OrderListHash``."""
    modes = engine.price_adjustment_modes
    scale = engine.submission_price_scale
    placed = _placed_test(engine)

    def convert(order: Order) -> dict[str, Any]:
        return order_dict(order, modes.get(order.symbol, 0), scale(order), placed(order))

    return convert


def lean_order_event_converter(algorithm_id: str) -> Callable[[OrderEvent], dict[str, Any]]:
    """OrderEvent -> LEAN's serialized order event as a dict (``order-events.json``); LEAN's
    algorithm id of a local backtest is the algorithm's class name."""
    return lambda event: order_event_dict(event, algorithm_id)


def _has_rates(folder: Path) -> bool:
    return (folder / "alternative" / "interest-rate" / "usa" / "interest-rate.csv").is_file()
