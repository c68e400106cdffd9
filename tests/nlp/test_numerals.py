"""Arabic and Chinese numerals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.nlp.numerals import parse_chinese_number, parse_number


@pytest.mark.parametrize(("text", "value"), [
    ("3", "3"), ("30,000", "30000"), ("0.4", "0.4"), ("50.62", "50.62"), ("1.5万", "15000"),
    ("38.85万", "388500"), ("三千", "3000"), ("一万", "10000"), ("十", "10"), ("十二", "12"),
    ("二十", "20"), ("百", "100"), ("两千五百", "2500"), ("一万五千", "15000"), ("三十万", "300000"),
])
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)
    assert str(parse_number(text)) == value  # no exponent, no trailing zeros


def test_digit_by_digit_chinese_numerals() -> None:
    assert parse_chinese_number("二〇三五") == 2035


def test_not_a_number() -> None:
    with pytest.raises(ValueError):
        parse_number("若干")
