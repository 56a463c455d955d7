"""Instrument catalogue of the simulated TT venue: products, contracts, ids and price units.

Prices travel on the FIX wire and in REST payloads in TT *display units*:
``wire price = real price / displayFactor`` (ES 4470.25 travels as ``447025``). Inside the
matching engine every price is an integer number of ticks; :class:`Instrument` converts
between the three representations and refuses prices that are not on the tick grid.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from keel.sim.tt.expiries import RULES, ExpiryRule

MONTH_CODES = "FGHJKMNQUVXZ"
"""Futures month letters, January first."""

FUT_PRODUCT_TYPE_ID = 34
"""Product-type id the simulator uses for futures (``ttpds productdata``)."""

PRODUCT_TYPES: tuple[tuple[int, str], ...] = ((FUT_PRODUCT_TYPE_ID, "FUT"), (51, "OPT"), (27, "CS"))
"""All product types the simulator lists; only futures are tradable."""


@dataclass(frozen=True, slots=True)
class Market:
    """A TT market (exchange) as served by ``ttpds markets``."""

    id: int
    name: str


MARKETS: tuple[Market, ...] = (Market(7, "CME"), Market(32, "ICE"), Market(91, "CFE"))
"""Markets the simulator lists. CME also hosts CBOT, NYMEX and COMEX products, as at TT."""


@dataclass(frozen=True, slots=True)
class Product:
    """A futures product: its identity at TT and at LEAN, tick grid, price units and session."""

    symbol: str
    lean_ticker: str
    lean_market: str
    exchange: str
    name: str
    tick_size: Decimal
    display_factor: Decimal
    point_value: Decimal
    months: str
    expiry_rule: str
    reference_price: Decimal
    timezone: str = "America/Chicago"
    close: time = time(16, 0)
    uses_maturity_date: bool = False
    currency: str = "USD"

    @property
    def id(self) -> str:
        """Stable numeric product id (as a string, like TT's)."""
        return str(_stable_number(f"product|{self.exchange}|{self.symbol}", 10**6, 10**7))

    @property
    def market(self) -> Market:
        """The TT market the product trades on."""
        for market in MARKETS:
            if market.name == self.exchange:
                return market
        raise LookupError(f"product {self.symbol} names unknown exchange {self.exchange}")

    @property
    def rule(self) -> ExpiryRule:
        """The product's last-trade-date rule."""
        return RULES[self.expiry_rule]

    def expiry(self, year: int, month: int) -> date:
        """Last trade date of the contract for ``year``/``month``."""
        return self.rule(year, month)


def _d(text: str) -> Decimal:
    return Decimal(text)


PRODUCTS: tuple[Product, ...] = (
    Product("ES", "ES", "cme", "CME", "E-mini S&P 500", _d("0.25"), _d("0.01"), _d("50"), "HMUZ",
            "third_friday", _d("4470.25")),
    Product("NQ", "NQ", "cme", "CME", "E-mini Nasdaq-100", _d("0.25"), _d("0.01"), _d("20"), "HMUZ",
            "third_friday", _d("15500.00")),
    Product("CL", "CL", "nymex", "CME", "Crude Oil", _d("0.01"), _d("0.01"), _d("1000"), MONTH_CODES,
            "crude_oil", _d("91.73")),
    Product("GC", "GC", "comex", "CME", "Gold", _d("0.1"), _d("0.1"), _d("100"), "GJMQVZ",
            "third_last_business_day", _d("1950.0")),
    Product("ZN", "ZN", "cbot", "CME", "10-Year T-Note", _d("0.015625"), _d("1"), _d("1000"), "HMUZ",
            "treasury_note", _d("110.5")),
    Product("6E", "6E", "cme", "CME", "Euro FX", _d("0.00005"), _d("0.0001"), _d("125000"), "HMUZ",
            "fx_future", _d("1.085")),
    Product("6J", "6J", "cme", "CME", "Japanese Yen", _d("0.0000005"), _d("0.000001"), _d("12500000"),
            "HMUZ", "fx_future", _d("0.0068")),
    Product("6B", "6B", "cme", "CME", "British Pound", _d("0.0001"), _d("0.0001"), _d("62500"), "HMUZ",
            "fx_future", _d("1.27")),
    Product("VX", "VX", "cfe", "CFE", "Cboe Volatility Index", _d("0.05"), _d("1"), _d("1000"),
            MONTH_CODES, "vix_future", _d("29.45"), uses_maturity_date=True),
    Product("BRN", "B", "ice", "ICE", "Brent Crude", _d("0.01"), _d("1"), _d("1000"), MONTH_CODES,
            "brent", _d("68.24"), timezone="Europe/London", close=time(23, 0)),
)
"""Products of the simulated venue. Display factors for ES, CL, GC, 6E, 6J, 6B, VX and Brent are
TT's; NQ, ZN are the simulator's assumption."""


def _stable_number(key: str, low: int, high: int) -> int:
    digest = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    return low + digest % (high - low)


@dataclass(frozen=True, slots=True)
class Instrument:
    """One futures contract with its TT id and its price conversions."""

    product: Product
    contract_month: str
    expiry: date
    id: str = field(init=False)
    tick_wire: Decimal = field(init=False)
    tick_wire_int: int | None = field(init=False, repr=False, compare=False)
    """``tick_wire`` as an ``int`` when it is a whole number (integer arithmetic on the hot path)."""

    def __post_init__(self) -> None:
        key = f"instrument|{self.product.exchange}|{self.product.symbol}|{self.contract_month}"
        object.__setattr__(self, "id", str(_stable_number(key, 10**18, 18 * 10**18)))
        tick_wire = self.product.tick_size / self.product.display_factor
        object.__setattr__(self, "tick_wire", tick_wire)
        whole = tick_wire == tick_wire.to_integral_value() and tick_wire > 0
        object.__setattr__(self, "tick_wire_int", int(tick_wire) if whole else None)

    @property
    def alias(self) -> str:
        """Short TT-style name such as ``ESZ6``."""
        year, month = int(self.contract_month[:4]), int(self.contract_month[4:])
        return f"{self.product.symbol}{MONTH_CODES[month - 1]}{year % 10}"

    @property
    def name(self) -> str:
        """Display name such as ``ES Dec26``."""
        month = date(int(self.contract_month[:4]), int(self.contract_month[4:]), 1)
        return f"{self.product.symbol} {month.strftime('%b%y')}"

    @property
    def maturity_date(self) -> str:
        """``541 MaturityDate``: the last trade date as ``YYYYMMDD``."""
        return self.expiry.strftime("%Y%m%d")

    @property
    def expiration_stamp(self) -> int:
        """REST ``expirationDate``: ``yyyyMMddHHmmss`` at the product's daily close."""
        close = self.product.close
        return int(self.expiry.strftime("%Y%m%d") + f"{close.hour:02d}{close.minute:02d}00")

    def wire_to_ticks(self, text: str, tag: int) -> int:
        """Convert a wire price (display units) to ticks; ``ValueError`` names the tag and the grid."""
        step = self.tick_wire_int
        if step is not None and text.isascii() and text.isdigit():
            whole, rest = divmod(int(text), step)
            if rest == 0:
                return whole
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"tag {tag} price {text!r} is not a number") from None
        if not value.is_finite():
            raise ValueError(f"tag {tag} price {text!r} is not a finite number")
        ticks, remainder = divmod(value, self.tick_wire)
        if remainder != 0:
            raise ValueError(
                f"tag {tag} price {text} is not a multiple of the tick size {self.tick_wire.normalize()} "
                f"(display units; displayFactor {self.product.display_factor.normalize()})"
            )
        return int(ticks)

    def ticks_to_wire(self, ticks: int) -> str:
        """Format a tick count as a wire price in display units."""
        step = self.tick_wire_int
        if step is not None:
            return str(ticks * step)
        return _fmt(self.tick_wire * ticks)

    def ticks_to_real(self, ticks: int) -> Decimal:
        """Real (LEAN) price of a tick count."""
        return self.product.tick_size * ticks

    def real_to_ticks(self, price: Decimal | float | str) -> int:
        """Nearest tick count of a real (LEAN) price."""
        return int((Decimal(str(price)) / self.product.tick_size).to_integral_value())

    def average_to_wire(self, notional_ticks: int, quantity: int) -> str:
        """Average price (``6 AvgPx``) of ``quantity`` lots worth ``notional_ticks`` in display units."""
        if quantity == 0:
            return "0"
        step = self.tick_wire_int
        if step is not None and notional_ticks % quantity == 0:
            return str(notional_ticks // quantity * step)
        value = self.tick_wire * notional_ticks / quantity
        return _fmt(value.quantize(Decimal("1e-8")))


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def contract_month_of(year: int, month: int) -> str:
    """``YYYYMM`` of a contract month."""
    return f"{year:04d}{month:02d}"


class Catalogue:
    """All instruments of the venue, found by TT id or by FIX instrument tags."""

    def __init__(self, products: tuple[Product, ...] = PRODUCTS) -> None:
        self.products: dict[str, Product] = {p.symbol: p for p in products}
        self._by_id: dict[str, Instrument] = {}
        self._by_key: dict[tuple[str, str, str], Instrument] = {}
        self._by_maturity: dict[tuple[str, str, str], Instrument] = {}

    @classmethod
    def listing(cls, today: date, contracts_per_product: int = 4) -> Catalogue:
        """The catalogue with the next ``contracts_per_product`` unexpired contracts of each product."""
        catalogue = cls()
        for product in catalogue.products.values():
            year, month, listed = today.year, today.month, 0
            while listed < contracts_per_product:
                if MONTH_CODES[month - 1] in product.months and product.expiry(year, month) >= today:
                    catalogue.add(product.symbol, contract_month_of(year, month))
                    listed += 1
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return catalogue

    def product_for(self, symbol: str, exchange: str | None = None) -> Product:
        """Find a product by TT symbol or LEAN ticker (``B`` finds ``BRN``)."""
        product = self.products.get(symbol)
        if product is None:
            product = next((p for p in self.products.values() if p.lean_ticker == symbol), None)
        if product is None or (exchange is not None and product.exchange != exchange):
            where = f" on {exchange}" if exchange else ""
            raise LookupError(f"unknown product {symbol}{where}; known: {', '.join(sorted(self.products))}")
        return product

    def add(self, symbol: str, contract_month: str) -> Instrument:
        """List the contract ``contract_month`` (``YYYYMM``) of ``symbol``; idempotent."""
        product = self.product_for(symbol)
        key = (product.exchange, product.symbol, contract_month)
        existing = self._by_key.get(key)
        if existing is not None:
            return existing
        if len(contract_month) != 6 or not contract_month.isdigit():
            raise ValueError(f"contract month {contract_month!r} must be YYYYMM")
        expiry = product.expiry(int(contract_month[:4]), int(contract_month[4:]))
        instrument = Instrument(product, contract_month, expiry)
        self._by_id[instrument.id] = instrument
        self._by_key[key] = instrument
        self._by_maturity[(product.exchange, product.symbol, instrument.maturity_date)] = instrument
        return instrument

    def __iter__(self):  # type: ignore[no-untyped-def]
        """Iterate over all listed instruments."""
        return iter(list(self._by_id.values()))

    def __len__(self) -> int:
        return len(self._by_id)

    def by_id(self, instrument_id: str) -> Instrument:
        """Find an instrument by TT id."""
        try:
            return self._by_id[instrument_id]
        except KeyError:
            raise LookupError(f"unknown instrument id {instrument_id}") from None

    def find(
        self, exchange: str, symbol: str, maturity_month: str | None, maturity_date: str | None
    ) -> Instrument:
        """Find an instrument from FIX tags 207/55 and 200 (``YYYYMM``) or 541 (``YYYYMMDD``)."""
        product = self.product_for(symbol, exchange)
        if maturity_month:
            found = self._by_key.get((product.exchange, product.symbol, maturity_month))
        elif maturity_date:
            found = self._by_maturity.get((product.exchange, product.symbol, maturity_date))
        else:
            raise LookupError(f"{exchange} {symbol}: neither 200 MaturityMonthYear nor 541 MaturityDate given")
        if found is None:
            month = maturity_month or maturity_date
            listed = ", ".join(sorted(i.contract_month for i in self._by_id.values() if i.product is product))
            raise LookupError(f"unknown instrument {exchange} {symbol} {month}; listed months: {listed}")
        return found

    def products_of_market(self, market_id: int) -> list[Product]:
        """Products listed on a market id."""
        return [p for p in self.products.values() if p.market.id == market_id]


def next_session_close(instrument: Instrument, after: datetime) -> datetime:
    """First daily close (Mon-Fri, product time zone) strictly after ``after`` (aware), in UTC."""
    zone = ZoneInfo(instrument.product.timezone)
    local = after.astimezone(zone)
    day = local.date()
    while True:
        candidate = datetime.combine(day, instrument.product.close, zone)
        if candidate.weekday() < 5 and candidate > local:
            return candidate.astimezone(ZoneInfo("UTC"))
        day += timedelta(days=1)
