"""Symbol properties (contract multiplier, tick size, currency...) from LEAN's database or Keel's table.

LEAN's ``symbol-properties/symbol-properties-database.csv`` columns: ``market, symbol, type,
description, quote_currency, contract_multiplier, minimum_price_variation, lot_size[,
market_ticker, minimum_order_size, price_magnifier, strike_multiplier]``. Lookup: the exact
``(market, symbol, type)`` row, then the market wildcard ``[*]`` row.

Keel's built-in table lists the CME-group futures of :mod:`keel.data.market_hours.builtin` with
the exchange's contract specifications (contract unit, minimum tick). Grain prices follow LEAN's
convention: USD per bushel (or pound) with ``price_magnifier`` 100 because the data are in cents.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from keel.data.errors import DataFormatError
from keel.model.enums import SecurityType

WILDCARD = "[*]"
SPDB_RELATIVE_PATH = Path("symbol-properties") / "symbol-properties-database.csv"
SPDB_HEADER = (
    "market,symbol,type,description,quote_currency,contract_multiplier,minimum_price_variation,"
    "lot_size,market_ticker,minimum_order_size,price_magnifier,strike_multiplier"
)

_TYPE_NAMES: dict[SecurityType, str] = {
    SecurityType.BASE: "base",
    SecurityType.EQUITY: "equity",
    SecurityType.OPTION: "option",
    SecurityType.COMMODITY: "commodity",
    SecurityType.FOREX: "forex",
    SecurityType.FUTURE: "future",
    SecurityType.CFD: "cfd",
    SecurityType.CRYPTO: "crypto",
    SecurityType.FUTURE_OPTION: "futureoption",
    SecurityType.INDEX: "index",
    SecurityType.INDEX_OPTION: "indexoption",
    SecurityType.CRYPTO_FUTURE: "cryptofuture",
}
_NAME_TO_TYPE = {name: st for st, name in _TYPE_NAMES.items()}


class SymbolPropertiesNotFoundError(KeyError):
    """No symbol properties row matches (neither exact nor ``[*]``)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "symbol properties not found"


@dataclass(frozen=True, slots=True)
class SymbolProperties:
    """Properties of a security's contract (LEAN's ``SymbolProperties``)."""

    description: str
    quote_currency: str
    contract_multiplier: float
    minimum_price_variation: float
    lot_size: float
    market_ticker: str = ""
    minimum_order_size: float | None = None
    price_magnifier: float = 1.0
    strike_multiplier: float = 1.0

    @classmethod
    def default(cls, quote_currency: str = "USD") -> SymbolProperties:
        """LEAN's ``SymbolProperties.GetDefault``: multiplier 1, tick 0.01, lot 1."""
        return cls("", quote_currency.upper(), 1.0, 0.01, 1.0)


# (market, root, description, multiplier, tick, price_magnifier)
_BUILTIN_FUTURES: tuple[tuple[str, str, str, float, float, float], ...] = (
    ("cme", "ES", "E-mini S&P 500 Futures", 50, 0.25, 1),
    ("cme", "NQ", "E-mini Nasdaq-100 Futures", 20, 0.25, 1),
    ("cbot", "YM", "E-mini Dow ($5) Futures", 5, 1.0, 1),
    ("cme", "RTY", "E-mini Russell 2000 Index Futures", 50, 0.1, 1),
    ("cme", "EMD", "E-mini S&P MidCap 400 Futures", 100, 0.1, 1),
    ("cme", "MES", "Micro E-mini S&P 500 Index Futures", 5, 0.25, 1),
    ("cme", "MNQ", "Micro E-mini Nasdaq-100 Index Futures", 2, 0.25, 1),
    ("nymex", "CL", "Crude Oil Futures", 1000, 0.01, 1),
    ("nymex", "NG", "Henry Hub Natural Gas Futures", 10000, 0.001, 1),
    ("nymex", "RB", "RBOB Gasoline Futures", 42000, 0.0001, 1),
    ("nymex", "HO", "NY Harbor ULSD Futures", 42000, 0.0001, 1),
    ("nymex", "BZ", "Brent Last Day Financial Futures", 1000, 0.01, 1),
    ("comex", "GC", "Gold Futures", 100, 0.1, 1),
    ("comex", "SI", "Silver Futures", 5000, 0.005, 1),
    ("comex", "HG", "Copper Futures", 25000, 0.0005, 1),
    ("nymex", "PL", "Platinum Futures", 50, 0.1, 1),
    ("nymex", "PA", "Palladium Futures", 100, 0.5, 1),
    ("comex", "MGC", "Micro Gold Futures", 10, 0.1, 1),
    ("cbot", "ZB", "U.S. Treasury Bond Futures", 1000, 1 / 32, 1),
    ("cbot", "ZN", "10-Year T-Note Futures", 1000, 1 / 64, 1),
    ("cbot", "ZF", "5-Year T-Note Futures", 1000, 1 / 128, 1),
    ("cbot", "ZT", "2-Year T-Note Futures", 2000, 1 / 256, 1),
    ("cbot", "UB", "Ultra U.S. Treasury Bond Futures", 1000, 1 / 32, 1),
    ("cme", "SR3", "Three-Month SOFR Futures", 2500, 0.0025, 1),
    ("cme", "6E", "Euro FX Futures", 125000, 0.00005, 1),
    ("cme", "6J", "Japanese Yen Futures", 12500000, 0.0000005, 1),
    ("cme", "6B", "British Pound Futures", 62500, 0.0001, 1),
    ("cme", "6A", "Australian Dollar Futures", 100000, 0.00005, 1),
    ("cme", "6C", "Canadian Dollar Futures", 100000, 0.00005, 1),
    ("cme", "6S", "Swiss Franc Futures", 125000, 0.00005, 1),
    ("cbot", "ZC", "Corn Futures", 5000, 0.0025, 100),
    ("cbot", "ZS", "Soybean Futures", 5000, 0.0025, 100),
    ("cbot", "ZW", "Chicago SRW Wheat Futures", 5000, 0.0025, 100),
    ("cbot", "ZL", "Soybean Oil Futures", 60000, 0.0001, 100),
    ("cbot", "ZM", "Soybean Meal Futures", 100, 0.1, 1),
)


def builtin_rows() -> list[tuple[str, str, SecurityType, SymbolProperties]]:
    """Keel's built-in rows as ``(market, symbol, type, properties)``."""
    rows: list[tuple[str, str, SecurityType, SymbolProperties]] = [
        (
            market,
            root,
            SecurityType.FUTURE,
            SymbolProperties(desc, "USD", float(mult), float(tick), 1.0, price_magnifier=float(mag)),
        )
        for market, root, desc, mult, tick, mag in _BUILTIN_FUTURES
    ]
    rows.append(("usa", WILDCARD, SecurityType.EQUITY, SymbolProperties("", "USD", 1.0, 0.01, 1.0)))
    rows.append(("usa", WILDCARD, SecurityType.INDEX, SymbolProperties("", "USD", 1.0, 0.01, 1.0)))
    return rows


def _float(text: str, default: float | None) -> float | None:
    text = text.strip()
    return float(text) if text else default


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return repr(float(value)) if value != int(value) else f"{value:.1f}"


def format_row(market: str, symbol: str, security_type: SecurityType, props: SymbolProperties) -> str:
    """One CSV line in LEAN's column order."""
    fields = [
        market,
        symbol,
        _TYPE_NAMES[SecurityType(security_type)],
        props.description,
        props.quote_currency,
        _fmt(props.contract_multiplier),
        _fmt(props.minimum_price_variation),
        _fmt(props.lot_size),
        props.market_ticker,
        _fmt(props.minimum_order_size),
        _fmt(props.price_magnifier),
        _fmt(props.strike_multiplier),
    ]
    return ",".join(fields)


class SymbolPropertiesDatabase:
    """Symbol properties by ``(market, symbol, security type)`` with LEAN's ``[*]`` fallback."""

    def __init__(
        self, rows: Iterable[tuple[str, str, SecurityType, SymbolProperties]], source: str = ""
    ) -> None:
        self._rows: dict[tuple[str, str, SecurityType], SymbolProperties] = {
            (market.lower(), symbol.upper(), SecurityType(st)): props for market, symbol, st, props in rows
        }
        self.source = source

    @classmethod
    def builtin(cls) -> SymbolPropertiesDatabase:
        """Keel's built-in table (see module docstring)."""
        return cls(builtin_rows(), "keel built-in symbol properties")

    @classmethod
    def from_csv(cls, path: str | Path) -> SymbolPropertiesDatabase:
        """Read LEAN's CSV; comment (``#``) and blank lines are skipped, unknown security types ignored."""
        path = Path(path)
        rows: list[tuple[str, str, SecurityType, SymbolProperties]] = []
        with path.open(encoding="utf-8", newline="") as handle:
            for number, fields in enumerate(csv.reader(handle), start=1):
                if not fields or not fields[0].strip() or fields[0].lstrip().startswith("#"):
                    continue
                if fields[0] == "market":
                    continue
                if len(fields) < 8:
                    raise DataFormatError(
                        path, f"expected at least 8 fields, found {len(fields)}", line=number
                    )
                security_type = _NAME_TO_TYPE.get(fields[2].strip().lower())
                if security_type is None:
                    continue
                extra = [*fields[8:], "", "", "", ""]
                try:
                    props = SymbolProperties(
                        description=fields[3],
                        quote_currency=fields[4].strip(),
                        contract_multiplier=float(fields[5]),
                        minimum_price_variation=float(fields[6]),
                        lot_size=float(fields[7]),
                        market_ticker=extra[0].strip(),
                        minimum_order_size=_float(extra[1], None),
                        price_magnifier=_float(extra[2], 1.0) or 1.0,
                        strike_multiplier=_float(extra[3], 1.0) or 1.0,
                    )
                except ValueError as exc:
                    raise DataFormatError(
                        path, f"expected numeric multiplier/tick/lot fields ({exc})", line=number
                    ) from None
                rows.append((fields[0].strip(), fields[1].strip(), security_type, props))
        return cls(rows, str(path))

    @classmethod
    def from_data_folder(cls, folder: str | Path) -> SymbolPropertiesDatabase:
        """LEAN's CSV under ``<folder>/symbol-properties/`` when present, else :meth:`builtin`."""
        path = Path(folder) / SPDB_RELATIVE_PATH
        return cls.from_csv(path) if path.is_file() else cls.builtin()

    def try_get(self, market: str, symbol: str, security_type: SecurityType) -> SymbolProperties | None:
        """The exact row, else the market's ``[*]`` row, else None (future options fall back to futures)."""
        st = SecurityType(security_type)
        market = market.lower()
        found = self._rows.get((market, symbol.upper(), st)) or self._rows.get((market, WILDCARD, st))
        if found is None and st == SecurityType.FUTURE_OPTION:
            found = self.try_get(market, symbol, SecurityType.FUTURE)
        return found

    def find_market(self, symbol: str, security_type: SecurityType) -> str | None:
        """The market of the first entry listing ``symbol`` (LEAN's ``TryGetMarket``), or None."""
        wanted = (symbol.upper(), SecurityType(security_type))
        for market, row_symbol, row_type in self._rows:
            if (row_symbol, row_type) == wanted:
                return market
        return None

    def get(self, market: str, symbol: str, security_type: SecurityType) -> SymbolProperties:
        """Properties of ``symbol``; raise :class:`SymbolPropertiesNotFoundError` when nothing matches."""
        found = self.try_get(market, symbol, security_type)
        if found is None:
            name = _TYPE_NAMES[SecurityType(security_type)]
            raise SymbolPropertiesNotFoundError(
                f"no symbol properties for {market.lower()},{symbol},{name} "
                f"(nor {market.lower()},{WILDCARD},{name}) "
                f"in {self.source or 'the database'}"
            )
        return found

    def get_or_default(
        self, market: str, symbol: str, security_type: SecurityType, default_quote_currency: str = "USD"
    ) -> SymbolProperties:
        """Like LEAN's ``GetSymbolProperties``: the match or ``SymbolProperties.default``."""
        return self.try_get(market, symbol, security_type) or SymbolProperties.default(default_quote_currency)

    def rows(self) -> Mapping[tuple[str, str, SecurityType], SymbolProperties]:
        """All rows keyed by ``(market, SYMBOL, type)``."""
        return dict(self._rows)

    def to_csv_lines(self) -> list[str]:
        """The table as LEAN CSV lines, header first."""
        lines = [SPDB_HEADER]
        lines += [
            format_row(m, s, st, p) for (m, s, st), p in sorted(self._rows.items(), key=lambda kv: kv[0])
        ]
        return lines
