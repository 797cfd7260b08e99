"""Phone-number normalisation and validation with ``phonenumbers`` (plain Python, no Qt).

Conventions of the API (NOTES.md): a number without a leading ``+`` is a mainland China
number and is stored as its 11 digits, without +86; an international number is stored
as E.164 with its ``+``. Operators paste numbers from spreadsheets, so the raw input
may carry +86/0086/86 prefixes, spaces, dashes, parentheses, full-width characters, a
trailing ".0", and come as an int or float cell.

This is the one normaliser: Compose, the number lists, the campaign importer, the
suppression list and replies all call ``normalize_number``. It never guesses digits:
Excel shows a long number in scientific notation (``1.38001E+10``) and a file saved
that way keeps only the digits shown, so a scientific form is accepted only when its
mantissa spells every digit of the number (``1.38001380020E+10``); any other
(``1.38001E+10``, ``1.3800138E+10``, ``1.38e10``) is rejected as
``scientific_lost_digits`` -- the zeros it would need could have been any digits, and
a guessed number texts a stranger.

Every rejection has a stable reason id (a key of REASONS) and an English message;
``reason_text(reason, lang)`` gives it in English or Chinese (REASONS_ZH) — the one table
of these texts: the views, the importer and the exports all use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

# phonenumbers (~40 ms to import, most of its metadata) is imported when a number first needs
# its full check or the mainland mobile pattern: a start-up that normalises nothing never loads it.

# reason id -> English message (the Chinese ones below: every id in both)
REASONS: dict[str, str] = {
    "empty": "empty",
    "not_a_number": "not a number",
    "too_short": "too short",
    "too_long": "too long",
    "not_mobile": "not a mobile number",
    "unknown_country": "unknown country code",
    "invalid": "invalid number",
    "scientific_lost_digits": (
        "the number was shortened by scientific notation, digits are lost "
        "(type the whole number; from a spreadsheet, format the column as text and export again)"
    ),
}
REASONS_ZH: dict[str, str] = {
    "empty": "为空",
    "not_a_number": "不是号码",
    "too_short": "太短",
    "too_long": "太长",
    "not_mobile": "不是手机号",
    "unknown_country": "未知的国家/地区代码",
    "invalid": "号码无效",
    "scientific_lost_digits": (
        "号码被科学计数法截短，缺了数字（请输入完整号码；来自表格时把该列设为文本格式后重新导出）"
    ),
}

_DECORATION = re.compile(r"[\s\-().\u00a0\u3000（）－—]")  # what people put between digits
# Excel's scientific notation: mantissa (decimal point or comma), exponent; spaces around the
# point, the E and the sign, never inside a run of digits ("1.3E+10 139..." is two entries).
_SCIENTIFIC = re.compile(r"\s*[+]?\s*([0-9]*)(?:\s*[.,]\s*([0-9]*))?\s*[eE]\s*([+-]?)\s*([0-9]+)\s*\Z")
_STRONG_SEPARATORS = re.compile(r"[,，、;；\n\r\t|]+")
# Full-width ASCII (Chinese IMEs: "１３８", "＋", "Ｅ", "．", "（）") and the ideographic space.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


# Most numbers are plain mainland mobiles (11 digits, maybe +86 / 0086 / 86, spaces,
# dashes, brackets, a trailing ".0"): phonenumbers' own CN mobile pattern answers those
# like the full check below, ~20x faster (a campaign file holds up to 1,000,000 rows).
# tests/campaign/test_number_fast_path.py holds the two paths to the same answers.
def _cn_mobile_pattern() -> str:
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    pattern = metadata.mobile.national_number_pattern if metadata is not None and metadata.mobile else None
    if pattern is None:
        raise RuntimeError("phonenumbers has no mainland China mobile pattern")
    return pattern


_CN_MOBILE: re.Pattern[str] | None = None  # _cn_mobile(): compiled on first use


def _cn_mobile() -> re.Pattern[str]:
    global _CN_MOBILE
    if _CN_MOBILE is None:
        _CN_MOBILE = re.compile("(?:" + _cn_mobile_pattern() + r")\Z", re.ASCII)
    return _CN_MOBILE


# 11 digits from 1, after +86 / 0086 / 86 (86 only before exactly such 11 digits), then ".0".
_PLAIN_MAINLAND = re.compile(r"(?:\+86|0086|86(?=1[0-9]{10}(?:\.0)?\Z))?(1[0-9]{10})(?:\.0)?\Z")
_SPACES_DASHES = re.compile(r"[\s\-()]+")


@dataclass(frozen=True)
class NumberCheck:
    ok: bool
    number: str  # normalised ("13800138000" or "+447911123456"); "" when rejected
    reason: str | None  # a key of REASONS when rejected
    international: bool
    raw: str = ""

    @property
    def message(self) -> str:
        """English text of the reason ("" when ok)."""
        return REASONS.get(self.reason or "", "") if not self.ok else ""


def reason_text(
    reason: str,
    lang: str = "en",
    english: Mapping[str, str] = REASONS,
    chinese: Mapping[str, str] = REASONS_ZH,
) -> str:
    """A reason id in ``lang`` ("zh…" Chinese, else English); an unknown id as it is.

    A reason may carry one parameter after a colon, ``id:parameter`` ("duplicate:12"), which
    fills the text's ``{0}``. ``english``/``chinese``: a table extending these (the campaign
    importer's ``IMPORT_REASONS``/``IMPORT_REASONS_ZH``).
    """
    table = chinese if (lang or "").lower().startswith("zh") else english
    text = table.get(reason)
    if text is not None:
        return text
    key, colon, parameter = reason.partition(":")
    text = table.get(key) if colon else None
    if text is None or "{0}" not in text:
        return reason
    return text.format(parameter)


def _reject(raw: str, reason: str, international: bool = False) -> NumberCheck:
    return NumberCheck(False, "", reason, international, raw)


def _raw_text(raw: object) -> str:
    """A spreadsheet cell or a string as text; floats without their ".0"."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return str(raw)
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, Decimal):
        return format(raw, "f")
    return str(raw)


def quick_mainland(text: str) -> str | None:
    """The common forms of a mainland mobile without phonenumbers' parser: its 11 digits, or
    None for anything else (``normalize_number`` then takes the full path). Where it answers,
    it answers as the full path does."""
    match = _PLAIN_MAINLAND.match(text)
    if match is None:
        compact = _SPACES_DASHES.sub("", text)
        if len(compact) == len(text):
            return None
        match = _PLAIN_MAINLAND.match(compact)
        if match is None:
            return None
    digits = match.group(1)
    return digits if (_CN_MOBILE or _cn_mobile()).match(digits) else None


def _undo_scientific(text: str) -> str | None:
    """None when ``text`` is not scientific notation; else the digits it spells, if it spells them all
    ("" when it lost digits or is not a whole number).

    '1.38001380020E+10' -> '13800138002' (every digit written); '1.38001E+10',
    '1.3800138E+10' -> '' (the zeros Excel would add stand for digits it dropped).
    """
    match = _SCIENTIFIC.match(text)
    if not match:
        return None
    whole, fraction, sign, exponent = match.groups()
    mantissa = whole + (fraction or "")
    if not mantissa or len(exponent) > 6:
        return ""  # "E10" is no number; "1e9999999" lost (or never had) its digits
    shift = len(whole) + (-int(exponent) if sign == "-" else int(exponent))
    if shift > len(mantissa):
        return ""  # would need invented zeros
    if shift <= 0 or mantissa[shift:].strip("0"):
        return ""  # not a whole number: a mangled cell, not a phone number
    return mantissa[:shift]


def _undo_trailing_zero(text: str) -> str:
    """'13800138000.0' -> '13800138000' (a number cell saved as text)."""
    if text.count(".") == 1 and re.search(r"\d\.0+$", text):
        return text[: text.index(".")]
    return text


def normalize_number(raw: object) -> NumberCheck:
    """Normalise and validate one number: NumberCheck(ok, number, reason, international)."""
    raw_text = _raw_text(raw)
    quick = quick_mainland(raw_text)
    if quick is not None:
        return NumberCheck(True, quick, None, False, raw_text)
    return _full_check(raw_text)


def normalize_number_full(raw: object) -> NumberCheck:
    """``normalize_number`` without its fast path: the reference the fast path is tested against."""
    return _full_check(_raw_text(raw))


def _full_check(raw_text: str) -> NumberCheck:
    text = raw_text.translate(_HALF_WIDTH).strip()
    if not text:
        return _reject(raw_text, "empty")
    scientific = _undo_scientific(text)
    if scientific is not None:
        if not scientific:
            return _reject(raw_text, "scientific_lost_digits")
        text = scientific
    text = _undo_trailing_zero(text)
    compact = _DECORATION.sub("", text)
    if not compact:
        return _reject(raw_text, "empty")
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits.isdigit() or not digits.isascii():
        return _reject(raw_text, "not_a_number")

    # Mainland prefixes: +86 / 0086 / 86 in front of an 11-digit number starting with 1.
    international = False
    if plus:
        if digits.startswith("86"):
            digits = digits[2:]
        else:
            international = True
    elif digits.startswith("00"):
        if digits.startswith("0086"):
            digits = digits[4:]
        else:
            international = True
            digits = digits[2:]
    elif digits.startswith("86") and len(digits) == 13 and digits[2] == "1":
        digits = digits[2:]

    if international:
        return _check_international(raw_text, "+" + digits)
    return _check_mainland(raw_text, digits)


def _mobile_types() -> tuple[int, ...]:
    from phonenumbers import PhoneNumberType

    return (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _check_mainland(raw_text: str, digits: str) -> NumberCheck:
    import phonenumbers
    from phonenumbers import NumberParseException

    if len(digits) < 11:
        return _reject(raw_text, "too_short")
    if len(digits) > 11:
        return _reject(raw_text, "too_long")
    try:
        parsed = phonenumbers.parse(digits, "CN")
    except NumberParseException:
        return _reject(raw_text, "invalid")
    if not phonenumbers.is_valid_number(parsed):
        return _reject(raw_text, "invalid")
    if phonenumbers.number_type(parsed) not in _mobile_types():
        return _reject(raw_text, "not_mobile")
    return NumberCheck(True, str(parsed.national_number), None, False, raw_text)


def _check_international(raw_text: str, e164ish: str) -> NumberCheck:
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

    try:
        parsed = phonenumbers.parse(e164ish, None)
    except NumberParseException as exc:
        reason = {
            NumberParseException.INVALID_COUNTRY_CODE: "unknown_country",
            NumberParseException.TOO_SHORT_NSN: "too_short",
            NumberParseException.TOO_SHORT_AFTER_IDD: "too_short",
            NumberParseException.TOO_LONG: "too_long",
        }.get(exc.error_type, "invalid")
        if exc.error_type == NumberParseException.NOT_A_NUMBER and len(e164ish) <= 5:
            reason = "too_short"  # "+44": a country code and nothing after it
        return _reject(raw_text, reason, True)
    possible = phonenumbers.is_possible_number_with_reason(parsed)
    if possible == ValidationResult.INVALID_COUNTRY_CODE:
        return _reject(raw_text, "unknown_country", True)
    if possible == ValidationResult.TOO_SHORT:
        return _reject(raw_text, "too_short", True)
    if possible == ValidationResult.TOO_LONG:
        return _reject(raw_text, "too_long", True)
    if not phonenumbers.is_valid_number(parsed):
        return _reject(raw_text, "invalid", True)
    if phonenumbers.number_type(parsed) not in _mobile_types():
        return _reject(raw_text, "not_mobile", True)
    number = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    if number.startswith("+86"):
        # A "+"-number that is a mainland one after all ("+0086…" is not, but be safe).
        return NumberCheck(True, number[3:], None, False, raw_text)
    return NumberCheck(True, number, None, True, raw_text)


def is_international(number: str) -> bool:
    """Whether a normalised number is international (E.164 with '+')."""
    return number.startswith("+")


def split_numbers(text: str) -> list[str]:
    """Split pasted text into raw number entries. Separators: comma, ，、;； newline, tab, '|'
    and spaces. Spaces inside one entry that only make sense together ("+86 138 0013 8000",
    "138 0013 8000") are kept as one entry."""
    entries: list[str] = []
    for chunk in _STRONG_SEPARATORS.split(text or ""):
        chunk = chunk.strip()
        if not chunk:
            continue
        pieces = chunk.split()
        if len(pieces) > 1 and _one_entry(chunk):
            entries.append(chunk)
        else:
            entries.extend(pieces)
    return entries


def _one_entry(chunk: str) -> bool:
    """Whether spaces inside ``chunk`` are part of one number ("+86 138 0013 8000") or of one
    scientific form ("1.38001 E+10", rejected whole with its reason, not as two pieces)."""
    check = normalize_number(chunk)
    return check.ok or check.reason == "scientific_lost_digits"


class NumberList(NamedTuple):
    valid: list[str]  # normalised, unique, in first-seen order
    rejected: list[tuple[str, str]]  # (raw entry, reason id)
    duplicates: list[str]  # normalised numbers, one entry per extra occurrence


def parse_number_list(text: str | Iterable[object]) -> NumberList:
    """Pasted text (or an iterable of cells) -> (valid_unique, rejected[(raw, reason)], duplicates)."""
    entries: Iterable[object] = split_numbers(text) if isinstance(text, str) else text
    valid: list[str] = []
    seen: set[str] = set()
    rejected: list[tuple[str, str]] = []
    duplicates: list[str] = []
    for entry in entries:
        check = normalize_number(entry)
        if not check.ok:
            if check.reason == "empty" and not isinstance(text, str):
                continue  # blank spreadsheet cells are not mistakes
            rejected.append((check.raw, check.reason or "invalid"))
        elif check.number in seen:
            duplicates.append(check.number)
        else:
            seen.add(check.number)
            valid.append(check.number)
    return NumberList(valid, rejected, duplicates)
