"""Pure helpers for message texts: length and parts, fees, signatures, template
variables, blocked-word spans, the pushed-reply signature and opt-out detection.

Plain Python, no Qt. The sandbox and the live counter of the compose tab use the same
rules as here (NOTES.md "Billing"): a character is a UTF-16 code unit, as carriers
count them; ≤70 characters is one part, longer texts are billed in parts of 67; the
【signature】 and its brackets count; 500 characters at most.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode

MAX_CHARS = 500
SINGLE_PART_CHARS = 70
MULTI_PART_CHARS = 67

SIGNATURE_OPEN = "【"
SIGNATURE_CLOSE = "】"
_SIGNATURE = re.compile(r"【([^【】]*)】")

# Template variables: #name#. Names are word characters (Latin, digits, _, CJK).
_VARIABLE = re.compile(r"#(\w+)#")


# --------------------------------------------------------------------------- length, parts, fee
def char_count(text: str) -> int:
    """Characters as carriers count them: UTF-16 code units (an emoji outside the BMP is 2)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def parts(text: str) -> int:
    """How many billed parts: 0 for an empty text, 1 up to 70 characters, else ceil(n / 67)."""
    n = char_count(text)
    if n == 0:
        return 0
    if n <= SINGLE_PART_CHARS:
        return 1
    return math.ceil(n / MULTI_PART_CHARS)


def estimate_fee(text: str, recipients: int, price_per_part: Decimal | int | str | float) -> Decimal:
    """Expected cost of sending ``text`` to ``recipients`` numbers at ``price_per_part`` each part."""
    if recipients < 0:
        raise ValueError("recipients must not be negative")
    price = price_per_part if isinstance(price_per_part, Decimal) else Decimal(str(price_per_part))
    return price * parts(text) * recipients


def utf16_offset(text: str, index: int) -> int:
    """The UTF-16 position of Python index ``index`` in ``text`` (Qt text cursors count UTF-16)."""
    return char_count(text[:index])


# --------------------------------------------------------------------------- signature
def signature_of(text: str) -> str | None:
    """The name inside the leading 【…】 ("豪霆云" for "【豪霆云】您的验证码…"), or None."""
    if not text.startswith(SIGNATURE_OPEN):
        return None
    match = _SIGNATURE.match(text)
    return match.group(1) if match else None


# Stable identifiers of check_signature / check_text problems (errors.LIMIT_TEXTS has the words).
NO_SIGNATURE = "no_signature"
SIGNATURE_NOT_LEADING = "signature_not_leading"
SEVERAL_SIGNATURES = "several_signatures"
EMPTY_SIGNATURE = "empty_signature"
EMPTY_TEXT = "empty_text"
TEXT_TOO_LONG = "text_too_long"


def check_signature(text: str) -> str | None:
    """None when the text carries exactly one 【signature】 and it leads; else a problem id.

    Problem ids: "no_signature", "signature_not_leading", "several_signatures",
    "empty_signature" (messages in gui.api.errors.LIMIT_TEXTS).
    """
    brackets = text.count(SIGNATURE_OPEN) + text.count(SIGNATURE_CLOSE)
    found = _SIGNATURE.findall(text)
    if len(found) > 1 or brackets > 2:
        return SEVERAL_SIGNATURES
    if not found:
        return NO_SIGNATURE
    if not text.startswith(SIGNATURE_OPEN) or _SIGNATURE.match(text) is None:
        return SIGNATURE_NOT_LEADING
    if not found[0].strip():
        return EMPTY_SIGNATURE
    return None


def check_text(text: str) -> str | None:
    """None when ``text`` may be sent as far as we can tell before sending; else a problem id
    ("empty_text", "text_too_long" or one of check_signature's)."""
    if not text or not text.strip():
        return EMPTY_TEXT
    if char_count(text) > MAX_CHARS:
        return TEXT_TOO_LONG
    return check_signature(text)


# --------------------------------------------------------------------------- templates
def template_variables(content: str) -> list[str]:
    """The variable names of a template, unique, in order of first appearance ("#code#" -> "code")."""
    seen: dict[str, None] = {}
    for name in _VARIABLE.findall(content):
        seen.setdefault(name, None)
    return list(seen)


def _name(key: str) -> str:
    return key[1:-1] if len(key) >= 2 and key.startswith("#") and key.endswith("#") else key


def render_template(content: str, values: Mapping[str, object]) -> str:
    """Fill ``#name#`` with ``values["name"]`` (keys may also be written "#name#").

    Raises KeyError naming every variable without a value. Values are inserted as they
    are: a value containing ``#x#`` is not expanded again.
    """
    clean = {_name(k): str(v) for k, v in values.items()}
    missing = [name for name in template_variables(content) if name not in clean]
    if missing:
        raise KeyError(", ".join(missing))
    return _VARIABLE.sub(lambda m: clean[m.group(1)], content)


def template_pattern(content: str) -> re.Pattern[str]:
    """A regex matching the texts a template produces (each variable: any non-empty text)."""
    pieces = re.split(r"#\w+#", content)
    return re.compile("(?s)" + ".+?".join(re.escape(p) for p in pieces) + r"\Z")


def matches_template(text: str, content: str) -> bool:
    return template_pattern(content).match(text) is not None


def encode_tpl_value(values: Mapping[str, object]) -> str:
    """The ``tpl_value`` form: ``#code#=1234&#company#=豪霆云`` with keys and values url-encoded
    (``%23code%23=1234&%23company%23=%E8%B1%AA...``), as the provider's SDKs send it."""
    return urlencode([(f"#{_name(k)}#", str(v)) for k, v in values.items()], encoding="utf-8")


def decode_tpl_value(encoded: str) -> dict[str, str]:
    """Inverse of encode_tpl_value: {"code": "1234", ...}."""
    return {_name(k): v for k, v in parse_qsl(encoded, keep_blank_values=True, encoding="utf-8")}


# --------------------------------------------------------------------------- blocked words
def find_blocked(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) Python-index spans of every occurrence of any word in
    ``words`` (case-insensitive), for highlighting. Use utf16_offset() for Qt positions."""
    spans: list[tuple[int, int]] = []
    for word in {w.strip() for w in words if w and w.strip()}:
        # A lookahead finds overlapping occurrences too ("aa" in "aaa"); matching with
        # IGNORECASE keeps indices of the original text (lower() can change lengths).
        for match in re.finditer(f"(?=({re.escape(word)}))", text, re.IGNORECASE):
            spans.append((match.start(1), match.end(1)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# --------------------------------------------------------------------------- pushed replies
def reply_sign(payload: Mapping[str, object], apikey: str) -> str:
    """The ``_sign`` of a pushed reply: md5 (lowercase hex) of the values of every other key,
    ordered by key name, joined with ",", then "," and the apikey, as UTF-8.
    A null value counts as the empty string."""
    values = ["" if payload[k] is None else str(payload[k]) for k in sorted(payload) if k != "_sign"]
    joined = ",".join(values + [apikey])
    return hashlib.md5(joined.encode("utf-8")).hexdigest()


def verify_reply_sign(payload: Mapping[str, object], apikey: str) -> bool:
    """True when the payload's ``_sign`` is the one the provider would compute with ``apikey``."""
    sign = payload.get("_sign")
    if not isinstance(sign, str) or not sign:
        return False
    import hmac

    return hmac.compare_digest(sign.strip().lower(), reply_sign(payload, apikey))


# --------------------------------------------------------------------------- opt-outs
_OPT_OUT_SUBSTRINGS = ("退订", "拒收", "退定")
_OPT_OUT_WORDS = ("td", "unsubscribe", "stop")
_OPT_OUT_LETTERS = ("t", "n", "r")
_OPT_OUT_WORD_RE = re.compile(r"(?<![a-z0-9])(" + "|".join(_OPT_OUT_WORDS) + r")(?![a-z0-9])")


def _fold(text: str) -> str:
    # NFKC turns full-width letters (ＴＤ) into ASCII; casefold handles case.
    return unicodedata.normalize("NFKC", text).casefold()


def is_opt_out(reply_text: str | None) -> bool:
    """Whether a reply asks to stop messages: 退订, 拒收, TD, unsubscribe, STOP anywhere (words
    matched whole), or the whole reply being one of the letters T, N, R — case-, width- and
    space-insensitive, surrounding punctuation ignored."""
    if not reply_text:
        return False
    folded = _fold(reply_text)
    if any(s in folded for s in _OPT_OUT_SUBSTRINGS):
        return True
    # Keep letters and digits only for the whole-message comparison ("T.", " t ", "T D").
    bare = "".join(ch for ch in folded if ch.isalnum())
    if bare in _OPT_OUT_LETTERS or bare in _OPT_OUT_WORDS:
        return True
    return _OPT_OUT_WORD_RE.search(folded) is not None
