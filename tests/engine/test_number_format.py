"""Tests for keel.engine.number_format: .NET decimal/double conversion and LEAN's string formats."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keel.engine.number_format import (
    DECIMAL_MAX,
    dec_div,
    decimal_to_str,
    double_to_str,
    format_capacity,
    format_decimal,
    format_double,
    format_money,
    format_percent,
    multiply_100,
    net_round_double,
    round_decimal,
    round_to_multiple,
    round_to_significant_digits,
    safe_decimal,
    to_decimal,
)


class TestToDecimal:
    def test_float_keeps_15_significant_digits_and_strips_zeros(self) -> None:
        assert str(to_decimal(0.1 + 0.2)) == "0.3"
        assert str(to_decimal(955700.5)) == "955700.5"
        assert str(to_decimal(1e5)) == "100000"
        assert str(to_decimal(-0.99999999924)) == "-0.99999999924"
        assert str(to_decimal(1 / 3)) == "0.333333333333333"

    def test_large_float_is_plain_integer(self) -> None:
        d = to_decimal(1e20)
        assert d == Decimal(10) ** 20
        assert d.as_tuple().exponent == 0

    def test_decimal_scale_is_kept_and_ints_are_exact(self) -> None:
        assert str(to_decimal(Decimal("106028.4000"))) == "106028.4000"
        assert str(to_decimal(12345678901234567890)) == "12345678901234567890"

    def test_tiny_values_become_zero(self) -> None:
        assert to_decimal(1e-30) == 0

    def test_nan_and_bool_rejected(self) -> None:
        with pytest.raises(ValueError):
            to_decimal(float("nan"))
        with pytest.raises(TypeError):
            to_decimal(True)

    def test_clamped_to_decimal_max(self) -> None:
        assert to_decimal(1e40) == DECIMAL_MAX
        assert to_decimal(-1e40) == -DECIMAL_MAX

    def test_safe_decimal(self) -> None:
        assert safe_decimal(float("nan")) == 0
        assert safe_decimal(float("inf")) == DECIMAL_MAX
        assert safe_decimal(float("-inf")) == -DECIMAL_MAX
        assert safe_decimal(0.25) == Decimal("0.25")


class TestDecimalArithmetic:
    def test_exact_quotient_keeps_ideal_scale(self) -> None:
        assert str(dec_div(Decimal("2000.00"), Decimal(10000))) == "0.20"
        assert str(dec_div(Decimal(1), Decimal(4))) == "0.25"
        assert str(dec_div(Decimal(10), Decimal("0.5"))) == "20"

    def test_huge_quotient_is_an_integer_not_an_error(self) -> None:
        # a profit-loss ratio over a loss of ~1e-28 (hypothesis found it through trade_statistics)
        q = dec_div(Decimal(1000), Decimal("1.06E-28"))
        assert q.as_tuple().exponent == 0
        assert q == Decimal("9433962264150943396226415094000")

    def test_inexact_quotient_has_28_digits(self) -> None:
        q = dec_div(Decimal(1), Decimal(6))
        assert str(q) == "0.1666666666666666666666666667"

    def test_round_is_bankers_and_never_raises_scale(self) -> None:
        assert str(round_decimal(Decimal("0.125"), 2)) == "0.12"
        assert str(round_decimal(Decimal("0.135"), 2)) == "0.14"
        assert str(round_decimal(Decimal("1.5"), 3)) == "1.5"
        assert str(round_decimal(Decimal("2.5"), 0)) == "2"
        assert str(round_decimal(Decimal("-2.5"), 0)) == "-2"

    def test_round_of_a_29_digit_integer_keeps_it(self) -> None:
        # 38 / 1.948e-27 (a profit-loss ratio Hypothesis found): 29 integer digits, more than the
        # 28-digit context holds, as .NET's decimal holds them
        assert round_decimal(1.95e28, 2) == Decimal("19500000000000000000000000000")
        assert round_decimal(DECIMAL_MAX, 4) == DECIMAL_MAX

    def test_multiply_100(self) -> None:
        assert str(multiply_100(Decimal("0.044"))) == "4.400"
        assert multiply_100(DECIMAL_MAX) == DECIMAL_MAX

    def test_decimal_to_str_drops_negative_zero_sign(self) -> None:
        assert decimal_to_str(Decimal("-0.000")) == "0.000"
        assert decimal_to_str(Decimal("-0")) == "0"
        assert decimal_to_str(Decimal("-1.50")) == "-1.50"
        assert decimal_to_str(Decimal("1E+3")) == "1000"


class TestFormatDecimal:
    @pytest.mark.parametrize(
        ("value", "places", "expected"),
        [
            (Decimal("106028.4000"), 2, "106028.40"),
            (955700.5, 2, "955700.5"),
            (1000000, 2, "1000000"),
            (Decimal("997465.7349"), 2, "997465.73"),
            (0, 3, "0"),
            (Decimal("-0.0001"), 3, "0.000"),
            (Decimal("-0.7244"), 3, "-0.724"),
            (Decimal("0.6485"), 2, "0.65"),
            (Decimal("0.6475"), 2, "0.65"),
            (Decimal("0.6465"), 2, "0.65"),
            (Decimal("0.6455"), 2, "0.65"),
            (Decimal("0.6445"), 2, "0.64"),
        ],
    )
    def test_cases(self, value: Decimal | float | int, places: int, expected: str) -> None:
        assert format_decimal(value, places) == expected

    @given(st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=6), st.integers(0, 4))
    def test_value_is_bankers_rounding(self, value: Decimal, places: int) -> None:
        text = format_decimal(value, places)
        expected = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
        assert Decimal(text) == expected
        assert not text.startswith("-0") or Decimal(text) != 0
        # scale: never more than `places` digits after the point
        assert len(text.partition(".")[2]) <= places


class TestFormatPercent:
    @pytest.mark.parametrize(
        ("value", "places", "expected"),
        [
            (Decimal("0.044"), 3, "4.400%"),
            (0, 3, "0%"),
            (Decimal(0), 2, "0%"),
            (Decimal("0.0000001"), 3, "0.000%"),
            (Decimal("-0.0000001"), 2, "0.00%"),
            (Decimal("-0.99597123"), 3, "-99.597%"),
            (Decimal("-0.99999999924"), 3, "-100.000%"),
            (Decimal("0.5"), 0, "50%"),
            (Decimal(1) / Decimal(6), 0, "17%"),
            (Decimal("0.125"), 0, "12%"),
            (Decimal("0.135"), 0, "14%"),
            (Decimal("99.126912"), 2, "9912.69%"),
            (Decimal("7339.13744"), 3, "733913.744%"),
        ],
    )
    def test_cases(self, value: Decimal | int, places: int, expected: str) -> None:
        assert format_percent(value, places) == expected

    @given(st.integers(0, 1000), st.integers(1, 1000))
    def test_complementary_whole_percentages_sum_to_100(self, a: int, extra: int) -> None:
        total = a + extra
        win = dec_div(Decimal(a), Decimal(total))
        loss = dec_div(Decimal(extra), Decimal(total))
        assert int(format_percent(win, 0)[:-1]) + int(format_percent(loss, 0)[:-1]) == 100


class TestFormatDouble:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (-31.6298, "-31.63"),
            (0.0, "0"),
            (-0.0, "0"),
            (-0.0001, "0"),
            (0.1, "0.1"),
            (2.0, "2"),
            (456382350698.622, "456382350698.622"),
            (203744786353.2991, "203744786353.299"),
            (0.0625, "0.062"),  # exact tie -> even
            (0.0635, "0.064"),  # scaled value is 63.5000000001 -> up
            (-66.7754, "-66.775"),
            (1e15, "1E+15"),
            (1.5e16, "1.5E+16"),
            (-123456789.1234, "-123456789.123"),
        ],
    )
    def test_cases(self, value: float, expected: str) -> None:
        assert format_double(value) == expected

    def test_other_places_and_special(self) -> None:
        assert format_double(1.23456, 1) == "1.2"
        assert double_to_str(1e-6) == "1E-06"
        assert double_to_str(0.00012) == "0.00012"
        assert double_to_str(float("nan")) == "NaN"

    def test_net_round_double(self) -> None:
        assert net_round_double(2.5, 0) == 2.0
        assert net_round_double(3.5, 0) == 4.0
        assert math.isnan(net_round_double(float("nan"), 3))

    @given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
    def test_round_trips(self, value: float) -> None:
        text = format_double(value)
        assert float(text) == net_round_double(value, 3) or (text == "0" and net_round_double(value, 3) == 0)
        assert "e" not in text and not text.endswith(".0")


class TestMoneyAndCapacity:
    @pytest.mark.parametrize(
        ("value", "symbol", "expected"),
        [
            (6237, "$", "$6237.00"),
            (2.15 * 3, "$", "$6.45"),
            (Decimal("8290.4"), "$", "$8290.40"),
            (Decimal("2.005"), "$", "$2.01"),
            (Decimal("2.015"), "$", "$2.02"),
            (1520, "HK$", "HK$1520.00"),
            (0, "$", "$0.00"),
        ],
    )
    def test_money(self, value: Decimal | float | int, symbol: str, expected: str) -> None:
        assert format_money(value, symbol) == expected

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (13987.5, "$14000.00"),
            (2_634_000_000, "$2600000000.00"),
            (None, "$0"),
            (0, "$0"),
            (400, "$0"),
            (1999, "$2000.00"),
            (530_400, "$530000.00"),
            (3_350_000, "$3400000.00"),  # 0.335 -> 0.34 (banker's: 3 is odd)
            (3_250_000, "$3200000.00"),  # 0.325 -> 0.32
            (779_700_000_000, "$780000000000.00"),
        ],
    )
    def test_capacity(self, value: float | None, expected: str) -> None:
        assert format_capacity(value) == expected

    def test_capacity_symbol(self) -> None:
        assert format_capacity(3_400_000, "HK$") == "HK$3400000.00"

    def test_round_helpers(self) -> None:
        assert str(round_to_multiple(13987.5, Decimal("1000.00"))) == "14000.00"
        assert str(round_to_multiple(13500, Decimal("1000"))) == "14000"  # midpoint away from zero
        assert str(round_to_significant_digits(Decimal("123456"), 3)) == "123000.000"
        assert str(round_to_significant_digits(Decimal("0.0123456"), 2)) == "0.012"
        assert round_to_significant_digits(0, 2) == 0
