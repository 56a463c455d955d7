"""Market (exchange) identifiers and their LEAN numeric codes."""

from __future__ import annotations


class Market:
    """Lower-case market names, as LEAN spells them in paths and symbols."""

    USA = "usa"
    FXCM = "fxcm"
    OANDA = "oanda"
    GLOBEX = "globex"
    NYMEX = "nymex"
    CBOT = "cbot"
    ICE = "ice"
    CBOE = "cboe"
    CFE = "cfe"
    COMEX = "comex"
    CME = "cme"
    SGX = "sgx"
    HKFE = "hkfe"
    NYSELIFFE = "nyseliffe"
    EUREX = "eurex"
    GDAX = "gdax"
    COINBASE = "coinbase"
    BINANCE = "binance"
    KRX = "krx"
    # PascalCase aliases (LEAN's C# / older Python spelling)
    Usa = USA
    Fxcm = FXCM
    Oanda = OANDA
    Globex = GLOBEX
    Nymex = NYMEX
    Cbot = CBOT
    Ice = ICE
    Cboe = CBOE
    Cfe = CFE
    Comex = COMEX
    Sgx = SGX
    Hkfe = HKFE
    NyseLiffe = NYSELIFFE
    Eurex = EUREX
    Coinbase = COINBASE
    Binance = BINANCE
    Krx = KRX


MARKET_CODES: dict[str, int] = {
    "empty": 0,
    "usa": 1,
    "fxcm": 2,
    "oanda": 3,
    "dukascopy": 4,
    "bitfinex": 5,
    "globex": 6,
    "nymex": 7,
    "cbot": 8,
    "ice": 9,
    "cboe": 10,
    "india": 11,
    "gdax": 12,
    "coinbase": 12,
    "kraken": 13,
    "bittrex": 14,
    "bithumb": 15,
    "binance": 16,
    "poloniex": 17,
    "coinone": 18,
    "hitbtc": 19,
    "okcoin": 20,
    "bitstamp": 21,
    "comex": 22,
    "cme": 23,
    "sgx": 24,
    "hkfe": 25,
    "nse": 26,
    "nyseliffe": 27,
    "cfe": 33,
    "eurex": 40,
    "krx": 41,
}


def market_code(market: str) -> int:
    """Return LEAN's numeric code for ``market``; raise ``ValueError`` naming the known ones."""
    try:
        return MARKET_CODES[market.lower()]
    except KeyError:
        known = ", ".join(sorted(MARKET_CODES))
        raise ValueError(f"unknown market {market!r}; known markets: {known}") from None
