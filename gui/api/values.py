"""Values in the provider's answers, read strictly (plain Python, no Qt).

The provider writes numbers as JSON numbers or strings ("1", "1.0", "3.310228964E9") and may
leave a field empty: these converters accept exactly the spellings that mean one value and raise
ValueError for anything else, so a parser never guesses. ``gui.api.parsers`` re-exports them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_DECIMAL_EXPONENT = 30


def to_int(value: Any, default: int = 0) -> int:
    """1, "1", 1.0, "1.0", " 1 " -> 1; None/"" -> default. Raises ValueError otherwise,
    also beyond signed 64 bits (sids are kept as SQLite INTEGER; no provider number is bigger)."""
    if value is None or value == "":
        return default
    number = _to_int(value)
    if not INT64_MIN <= number <= INT64_MAX:
        raise ValueError(f"integer out of range: {str(value)[:40]}")
    return number


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"not an integer: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            raise ValueError(f"not an integer: {value!r}")
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            try:
                number = Decimal(text)  # "1.0", "3.310228964E9": exact, no float rounding of 64-bit sids
            except InvalidOperation:
                raise ValueError(f"not an integer: {value!r}") from None
            if not number.is_finite() or number.adjusted() > 19 or number != number.to_integral_value():
                raise ValueError(f"not an integer: {value!r}") from None  # "1e999999999": no giant int
            return int(number)
    raise ValueError(f"not an integer: {value!r}")


def to_decimal(value: Any, default: Decimal = Decimal(0)) -> Decimal:
    """0.05, "0.2000", 1000, None -> Decimal. Floats go through str() so 0.05 stays 0.05."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    else:
        raise ValueError(f"not a number: {value!r}")
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    # "1e999999999" or "0E-999999999" written out as digits would take gigabytes: no amount looks like that.
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # only NaN and infinity have a letter for an exponent
    if exponent < -MAX_DECIMAL_EXPONENT or number.adjusted() > MAX_DECIMAL_EXPONENT:
        raise ValueError(f"not a plausible amount: {str(value)[:40]}")
    return number


def to_str(value: Any, default: str = "") -> str:
    """Strings as they are; numbers (a mobile sent as a JSON number) as text; None -> default."""
    if value is None:
        return default
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int)):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    raise ValueError(f"not a string: {type(value).__name__}")


def to_opt_str(value: Any) -> str | None:
    return None if value is None else to_str(value)
