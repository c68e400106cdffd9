"""Numbers as Chinese plans write them: Arabic digits (with 万/亿 multipliers) and Chinese numerals.

    >>> parse_number("三千"), parse_number("1.5万"), parse_number("十二"), parse_number("百")
    (Decimal('3000'), Decimal('15000'), Decimal('12'), Decimal('100'))
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
ARABIC = "0123456789"


def parse_chinese_number(text: str) -> int:
    """The value of a Chinese numeral ("三千五百", "十二", "二〇三五" read digit by digit)."""
    if not text or any(char not in CHINESE_NUMERAL_CHARS for char in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if all(char in DIGITS for char in text) and len(text) > 1:
        return int("".join(str(DIGITS[char]) for char in text))  # 二〇三五 -> 2035
    total, section, digit = 0, 0, None
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[char]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            total = (total + section) * BIG_UNITS[char]
            section, digit = 0, None
    return total + section + (digit or 0)


def parse_number(text: str) -> Decimal:
    """Arabic ("30,000", "38.85万") or Chinese ("三千") numerals; ValueError when it is neither."""
    text = text.strip().replace(",", "").replace(",", "")
    multiplier = 1
    while text and text[-1] in BIG_UNITS and text[:-1] and text[-2] in ARABIC:
        multiplier *= BIG_UNITS[text[-1]]
        text = text[:-1]
    try:
        value = Decimal(text) * multiplier
    except InvalidOperation:
        value = Decimal(parse_chinese_number(text)) * multiplier
    return tidy(value)


def tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (15000.0 -> 15000, 0.40 -> 0.4)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def five_year_plan_end(ordinal: str) -> int:
    """The last year of the five-year plan "十<ordinal>五" (from the fourth on, the Nth starts in
    1956 + 5 (N - 1)).

    >>> five_year_plan_end("四"), five_year_plan_end("五")
    (2025, 2030)
    """
    number = 10 + parse_chinese_number(ordinal)
    return 1956 + 5 * (number - 1) + 4
