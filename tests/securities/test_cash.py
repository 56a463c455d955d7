import pytest

from keel.model.orders import CashAmount
from keel.securities.cash import Cash, CashBook


def test_cash_amounts_and_value():
    cash = Cash("eur", 100.0, 1.1)
    assert cash.symbol == "EUR"
    assert cash.add_amount(-40) == 60.0
    assert cash.value_in_account_currency == pytest.approx(66.0)
    cash.set_amount(5)
    assert cash.Amount == 5 and cash.ConversionRate == 1.1
    assert Cash("USD", 0, 1).currency_symbol == "$"
    assert cash.CurrencySymbol == "€"


def test_cash_book_totals_and_conversion():
    book = CashBook("USD")
    book["USD"].set_amount(1000)
    book.add("EUR", 100, 1.2)
    book.add("JPY", 10_000, 0.01)
    assert book.total_value_in_account_currency == pytest.approx(1000 + 120 + 100)
    assert book.TotalValueInAccountCurrency == pytest.approx(1220)
    assert book.convert(100, "EUR", "JPY") == pytest.approx(12_000)
    assert book.convert_to_account_currency(50, "EUR") == pytest.approx(60)
    assert book.ConvertToAccountCurrency(CashAmount(50, "EUR")) == pytest.approx(60)
    assert "eur" in book and "GBP" not in book
    with pytest.raises(KeyError, match="GBP"):
        book["GBP"]


def test_cash_book_add_keeps_rate_and_get_or_add():
    book = CashBook()
    book.add("EUR", 10, 1.5)
    book.add("EUR", 20)
    assert book["EUR"].amount == 20 and book["EUR"].conversion_rate == 1.5
    assert book.get_or_add("CHF").amount == 0
    with pytest.raises(ZeroDivisionError):
        book.convert(1, "USD", "CHF")
