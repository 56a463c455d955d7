"""Contract specification of a security (LEAN's ``SymbolProperties``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SymbolProperties:
    """Quote currency, contract multiplier, tick size and lot size of a security.

    Any object with these attribute names may be used instead (e.g. the data layer's own
    symbol-properties rows).
    """

    description: str = ""
    quote_currency: str = "USD"
    contract_multiplier: float = 1.0
    minimum_price_variation: float = 0.01
    lot_size: float = 1.0
    market_ticker: str = ""
    minimum_order_size: float | None = None

    @property
    def ContractMultiplier(self) -> float:
        return self.contract_multiplier

    @property
    def LotSize(self) -> float:
        return self.lot_size

    @property
    def MinimumPriceVariation(self) -> float:
        return self.minimum_price_variation

    @property
    def QuoteCurrency(self) -> str:
        return self.quote_currency

    @staticmethod
    def default(quote_currency: str = "USD") -> SymbolProperties:
        """Properties of a plain security quoted in ``quote_currency``."""
        return SymbolProperties(quote_currency=quote_currency)
