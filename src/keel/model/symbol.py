"""Symbols and LEAN-compatible security identifiers.

A LEAN ``SecurityIdentifier`` string is the root ticker plus a base-36 number packing
``OLE-date-days * 10**14 + market_code * 100 + security_type`` (``ES VMKLFZIH2MTD`` is the
E-mini S&P 500 contract expiring 2013-12-20). Keel reproduces that encoding so identifiers in
results ("Lowest Capacity Asset") and map files match LEAN's.
"""

from __future__ import annotations

from datetime import date, datetime

from keel.model.enums import SecurityType
from keel.model.market import MARKET_CODES, market_code

_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_E_FUTURE = SecurityType.FUTURE  # a global: an Enum class attribute read costs ~1,000 instructions in 3.11
_OLE_EPOCH = date(1899, 12, 30)
_DAYS_OFFSET = 10**14
_MARKET_OFFSET = 100
FUTURE_MONTH_CODES = "FGHJKMNQUVXZ"


def _to_base36(number: int) -> str:
    digits = []
    while number:
        number, rem = divmod(number, 36)
        digits.append(_BASE36[rem])
    return "".join(reversed(digits)) or "0"


class SecurityIdentifier:
    """LEAN's unique identifier of a security: root, market, type and (for futures) expiry."""

    __slots__ = ("_hash", "_text", "expiry_date", "market", "security_type", "symbol")

    def __init__(self, symbol: str, security_type: SecurityType, market: str, expiry: date | None = None) -> None:
        self.symbol = symbol.upper()
        self.security_type = SecurityType(security_type)
        self.market = market.lower()
        market_code(self.market)
        self.expiry_date = expiry
        self._hash = hash((self.symbol, int(self.security_type), self.market, self.expiry_date))
        self._text = f"{self.symbol} {_to_base36(self.properties)}"

    @property
    def properties(self) -> int:
        """The packed integer LEAN encodes in base 36."""
        days = (self.expiry_date - _OLE_EPOCH).days if self.expiry_date is not None else 0
        return days * _DAYS_OFFSET + market_code(self.market) * _MARKET_OFFSET + int(self.security_type)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"SecurityIdentifier({self})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SecurityIdentifier):
            return NotImplemented
        return (
            self.symbol == other.symbol
            and self.security_type == other.security_type
            and self.market == other.market
            and self.expiry_date == other.expiry_date
        )

    def __hash__(self) -> int:
        return self._hash

    @classmethod
    def parse(cls, text: str) -> SecurityIdentifier:
        """Parse ``"ES VMKLFZIH2MTD"`` back into its parts; raise ``ValueError`` on bad input."""
        parts = text.strip().split(" ")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise ValueError(f"malformed security identifier {text!r}: expected '<ROOT> <BASE36>'")
        try:
            number = int(parts[1], 36)
        except ValueError:
            raise ValueError(f"malformed security identifier {text!r}: {parts[1]!r} is not base 36") from None
        security_type = SecurityType(number % _MARKET_OFFSET)
        code = (number // _MARKET_OFFSET) % 1000
        days = number // _DAYS_OFFSET
        markets = [m for m, c in MARKET_CODES.items() if c == code and m not in ("empty", "coinbase")]
        if not markets:
            raise ValueError(f"security identifier {text!r} has unknown market code {code}")
        expiry = date.fromordinal(_OLE_EPOCH.toordinal() + days) if days else None
        return cls(parts[0], security_type, markets[0], expiry)

    # LEAN PascalCase aliases
    @property
    def Symbol(self) -> str:
        return self.symbol

    @property
    def Market(self) -> str:
        return self.market

    @property
    def SecurityType(self) -> SecurityType:
        return self.security_type

    @property
    def date(self) -> datetime | None:
        """The identifier's date as a datetime, as LEAN's ``ID.Date`` (expiry for futures)."""
        d = self.expiry_date
        return datetime(d.year, d.month, d.day) if d is not None else None

    Date = date


def future_ticker(root: str, expiry: date) -> str:
    """LEAN's ticker for a futures contract, e.g. ``ESZ13`` (root + month code + 2-digit year)."""
    return f"{root.upper()}{FUTURE_MONTH_CODES[expiry.month - 1]}{expiry.year % 100:02d}"


class _CallableBool(int):
    """A bool that can also be called (LEAN exposes some flags as methods, Keel as properties)."""

    def __call__(self) -> bool:
        return bool(self)

    def __repr__(self) -> str:
        return repr(bool(self))


_TRUE = _CallableBool(1)
_FALSE = _CallableBool(0)


class Symbol:
    """An immutable, hashable security handle: identifier plus display ticker.

    Futures have a canonical symbol (``/ES``, no expiry) standing for the chain and the
    continuous contract, and one symbol per contract (``ESZ13``).
    """

    __slots__ = ("_hash", "contract_month", "id", "underlying", "value")

    def __init__(
        self,
        sid: SecurityIdentifier,
        value: str,
        underlying: Symbol | None = None,
        contract_month: date | None = None,
    ) -> None:
        self.id = sid
        self.value = value
        self.underlying = underlying
        self.contract_month = contract_month
        self._hash = hash(sid)

    # --- constructors -----------------------------------------------------------------
    @classmethod
    def create(cls, ticker: str, security_type: SecurityType, market: str, sid_date: date | None = None) -> Symbol:
        """A non-expiring symbol (equity, index, canonical future).

        ``sid_date`` is the date LEAN packs into the identifier of an equity (its first listing
        date from the map file, e.g. 1998-01-02 for SPY); canonical futures have none.
        """
        security_type = SecurityType(security_type)
        sid = SecurityIdentifier(ticker, security_type, market, sid_date)
        value = f"/{ticker.upper()}" if security_type == SecurityType.FUTURE else ticker.upper()
        return cls(sid, value)

    @classmethod
    def create_future(
        cls, root: str, market: str, expiry: date | datetime | None, contract_month: date | None = None
    ) -> Symbol:
        """A futures contract (``expiry`` given) or the canonical future (``expiry`` None)."""
        if expiry is None:
            return cls.create(root, SecurityType.FUTURE, market)
        if isinstance(expiry, datetime):
            expiry = expiry.date()
        sid = SecurityIdentifier(root, SecurityType.FUTURE, market, expiry)
        ticker_date = contract_month or expiry
        return cls(sid, future_ticker(root, ticker_date), contract_month=contract_month)

    # LEAN's spelling: Symbol.Create(ticker, securityType, market), Symbol.CreateFuture(...)
    Create = create
    CreateFuture = create_future

    # --- queries ----------------------------------------------------------------------
    @property
    def security_type(self) -> SecurityType:
        """Asset class of the symbol."""
        return self.id.security_type

    @property
    def is_canonical(self) -> _CallableBool:
        """True for the chain symbol of a future (no expiry).

        Usable as a property or, as in LEAN's Python API, called: ``symbol.is_canonical()``.
        """
        sid = self.id
        return _TRUE if sid.security_type == _E_FUTURE and sid.expiry_date is None else _FALSE

    def IsCanonical(self) -> bool:
        return bool(self.is_canonical)

    @property
    def canonical(self) -> Symbol:
        """The chain symbol of a futures contract (itself for a canonical or non-future)."""
        if self.id.security_type != SecurityType.FUTURE or self.id.expiry_date is None:
            return self
        return Symbol.create(self.id.symbol, SecurityType.FUTURE, self.id.market)

    @property
    def ID(self) -> SecurityIdentifier:
        return self.id

    @property
    def Value(self) -> str:
        return self.value

    @property
    def SecurityType(self) -> SecurityType:
        return self.id.security_type

    @property
    def Canonical(self) -> Symbol:
        return self.canonical

    @property
    def Underlying(self) -> Symbol | None:
        return self.underlying

    @property
    def HasUnderlying(self) -> bool:
        return self.underlying is not None

    # --- identity ---------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if isinstance(other, Symbol):
            return self.id == other.id
        if isinstance(other, str):
            return self.value == other or str(self.id) == other
        return NotImplemented

    def __hash__(self) -> int:
        return self._hash

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Symbol({self.value!r}, {self.id})"

    def __lt__(self, other: Symbol) -> bool:
        return (self.value, str(self.id)) < (other.value, str(other.id))


def lean_symbol_value(symbol: Symbol) -> str:
    """LEAN's ``Symbol.Value``: a futures contract is root + expiry day + month code + year.

    LEAN's ``SymbolRepresentation.GenerateFutureTicker`` includes the expiration day (``GC29V13``);
    Keel's tickers leave it out (``GCV13``).
    """
    value = symbol.value
    sid = symbol.id
    if sid.security_type != SecurityType.FUTURE or sid.expiry_date is None or value.startswith("/"):
        return value
    root = sid.symbol
    if not value.upper().startswith(root.upper()):
        return value
    return f"{value[: len(root)]}{sid.expiry_date.day:02d}{value[len(root) :]}"


def lean_key_order(symbol: Symbol) -> str:
    """Sort key of LEAN's ``Symbol.CompareTo``: ``Symbol.Value`` compared ordinally, ignoring case.

    LEAN's ``DataDictionary`` (slice tables, a chain's contracts) enumerates in this order since
    LEAN PR #9105 (2025-11): ``ES19U14`` comes before ``ES20Z13``.
    """
    return lean_symbol_value(symbol).upper()
