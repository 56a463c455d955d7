"""keel.model.aliases: PascalCase aliases take LEAN's camelCase keywords."""

from __future__ import annotations

from typing import Any

from keel.model.aliases import add_pascal_aliases, snake_keyword


def test_snake_keyword() -> None:
    assert snake_keyword("orderProperties") == "order_properties"
    assert snake_keyword("trailingAsPercentage") == "trailing_as_percentage"
    assert snake_keyword("tag") == "tag"
    assert snake_keyword("order_properties") == "order_properties"


def test_pascal_alias_passes_camel_case_keywords_in_snake_case() -> None:
    class Api:
        def limit_order(
            self, symbol: str, quantity: int, tag: str = "", order_properties: Any = None
        ) -> tuple[Any, ...]:
            return symbol, quantity, tag, order_properties

    add_pascal_aliases(Api)
    assert Api().LimitOrder("ES", 1, tag="x", orderProperties="p") == ("ES", 1, "x", "p")  # type: ignore[attr-defined]
