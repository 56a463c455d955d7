"""``algorithm.securities`` (LEAN's ``SecurityManager``, an ``IDictionary<Symbol, Security>``)."""

from __future__ import annotations

from datetime import date

from keel.algorithm.algorithm import SecurityManager
from keel.model.enums import SecurityType
from keel.model.symbol import Symbol

SPY = Symbol.create("SPY", SecurityType.EQUITY, "usa", date(1998, 1, 2))
ES = Symbol.create_future("ES", "cme", date(2013, 12, 20))


def test_for_kvp_in_securities_yields_key_value_pairs_in_insertion_order() -> None:
    securities = SecurityManager()
    securities[SPY] = "spy security"
    securities[ES] = "es security"
    assert [(kvp.key, kvp.value) for kvp in securities] == [(SPY, "spy security"), (ES, "es security")]
    assert [kvp.Key for kvp in securities] == list(securities.keys()) == [SPY, ES]
    assert "SPY" in securities and securities["SPY"] == "spy security"
    assert dict(securities) == {SPY: "spy security", ES: "es security"}
