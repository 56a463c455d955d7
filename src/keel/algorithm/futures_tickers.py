"""LEAN's ``Futures`` ticker catalogue (``Futures.Indices.SP500EMini`` == ``"ES"``)."""

from __future__ import annotations

import re

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|\d+|[A-Z]+")


def upper_snake(pascal: str) -> str:
    """``SP500EMini`` -> ``SP_500_E_MINI`` (LEAN's snake-case Python spelling)."""
    return "_".join(word.upper() for word in _WORDS.findall(pascal))


class _Group:
    """A group of futures tickers; each attribute exists in LEAN's and snake/upper spelling."""


def _group(name: str, tickers: dict[str, str]) -> type:
    attrs: dict[str, str] = {}
    for pascal, ticker in tickers.items():
        attrs[pascal] = ticker
        attrs[upper_snake(pascal)] = ticker
    return type(name, (_Group,), attrs)


class Futures:
    """Futures tickers by sector, as LEAN names them."""

    # LEAN ``Futures.MaximumContractDepthOffset``: front month (0) plus at most two back months
    MAXIMUM_CONTRACT_DEPTH_OFFSET = 2
    MaximumContractDepthOffset = MAXIMUM_CONTRACT_DEPTH_OFFSET

    Indices = _group(
        "Indices",
        {
            "SP500EMini": "ES",
            "NASDAQ100EMini": "NQ",
            "Dow30EMini": "YM",
            "Russell2000EMini": "RTY",
            "SP400MidCapEmini": "EMD",
            "MicroSP500EMini": "MES",
            "MicroNASDAQ100EMini": "MNQ",
            "MicroDow30EMini": "MYM",
            "MicroRussell2000EMini": "M2K",
            "VIX": "VX",
            "HangSeng": "HSI",
            "EuroStoxx50": "FESX",
            "Nikkei225Dollar": "NKD",
        },
    )
    Energy = _group(
        "Energy",
        {
            "CrudeOilWTI": "CL",
            "NaturalGas": "NG",
            "Gasoline": "RB",
            "HeatingOil": "HO",
            "BrentCrude": "BZ",
            "MicroCrudeOilWTI": "MCL",
        },
    )
    Energies = Energy
    Metals = _group(
        "Metals",
        {"Gold": "GC", "Silver": "SI", "Copper": "HG", "Platinum": "PL", "Palladium": "PA", "MicroGold": "MGC"},
    )
    Financials = _group(
        "Financials",
        {
            "Y30TreasuryBond": "ZB",
            "Y10TreasuryNote": "ZN",
            "Y5TreasuryNote": "ZF",
            "Y2TreasuryNote": "ZT",
            "UltraUSTreasuryBond": "UB",
            "SOFR3M": "SR3",
            "EuroDollar": "GE",
        },
    )
    Currencies = _group(
        "Currencies",
        {
            "EUR": "6E",
            "JPY": "6J",
            "GBP": "6B",
            "AUD": "6A",
            "CAD": "6C",
            "CHF": "6S",
            "MXN": "6M",
            "NZD": "6N",
        },
    )
    Grains = _group(
        "Grains",
        {"Corn": "ZC", "Soybeans": "ZS", "Wheat": "ZW", "SoybeanOil": "ZL", "SoybeanMeal": "ZM", "Oats": "ZO"},
    )
    INDICES = Indices
    ENERGY = Energy
    METALS = Metals
    FINANCIALS = Financials
    CURRENCIES = Currencies
    GRAINS = Grains
