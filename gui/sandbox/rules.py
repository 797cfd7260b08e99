"""The provider's rules as pure functions: billing, signatures, blocked words,
template matching, number checks, and the error messages of every code.

Billing uses the client's own pure helpers (``gui.api.texts``) so the sandbox and the
live counter cannot disagree: a character is a UTF-16 code unit; <=70 -> 1 part, else
ceil(n/67); texts longer than 500 characters are refused.
"""

from __future__ import annotations

import binascii
import re
import urllib.parse
from functools import lru_cache

from gui.api import texts as _texts

MAX_TEXT_CHARS = 500
SINGLE_PART_CHARS = 70
MULTI_PART_CHARS = 67

# msg / default detail of every code the sandbox can answer (Yunpian's wording).
MESSAGES: dict[int, tuple[str, str]] = {
    0: ("发送成功", ""),
    1: ("请求参数缺失", "补充必须传入的参数"),
    2: ("请求参数格式错误", "按提示修改参数格式"),
    3: ("账户余额不足", "账户需要充值，请充值后重试"),
    4: ("关键词屏蔽", "关键词屏蔽，修改关键词后重试"),
    5: ("未找到匹配的模板", "文本内容与模板不匹配"),
    6: ("添加模板失败", "模板有问题"),
    7: ("模板不可用", "审核状态的模板和审核未通过的模板不可用"),
    8: ("同一手机号30秒内重复提交相同的内容", "请检查是否同一手机号在30秒内重复提交相同的内容"),
    9: ("同一手机号5分钟内重复提交相同的内容超过3次", "为避免重复发送骚扰用户，同一手机号5分钟内相同内容最多允许发3次"),
    10: ("手机号防骚扰名单过滤", "因之前被人多次投诉或违法发送而被加入黑名单"),
    11: ("不支持GET请求", "请使用POST请求"),
    14: ("解码失败", "请确认内容编码是否设置正确"),
    15: ("签名不匹配", "短信签名与模板不匹配或未报备"),
    16: ("签名格式不正确", "短信内容必须以一个【签名】开头"),
    17: ("24小时内同一手机号发送次数超过限制", "请检查程序是否有异常或者系统是否被恶意攻击"),
    20: ("不支持的国家地区", "联系客服开通该国家地区的发送"),
    22: ("1小时内同一手机号发送次数超过限制", "请检查程序是否有异常或者系统是否被恶意攻击"),
    23: ("号码归属地不在模板可发送的地区内", "请确认号码归属地在模板设置的可发送地区内"),
    25: ("手机号和内容个数不匹配", "mobile 与 text 的个数必须相等"),
    26: ("流量包错误", "账户的流量包不可用，请联系客服"),
    27: ("未开通金额计费", "账户未开通按金额计费，请联系客服"),
    28: ("运营商不支持", "该号码所属运营商暂不支持发送"),
    -1: ("非法的apikey", "apikey不正确或没有授权"),
    -2: ("API没有权限", "用户没有对应的API权限"),
    -3: ("IP没有权限", "请在后台添加IP白名单"),
    -4: ("访问次数超限", "调整访问频率或者申请更高的调用量"),
    -5: ("访问频率超限", "短期内访问过于频繁，请降低访问频率"),
    -50: ("未知异常", "系统出现未知的异常情况"),
    -51: ("系统繁忙", "请稍后重试"),
    -53: ("提交短信失败", "提交短信到运营商失败，请稍后重试"),
    -54: ("记录已存在", ""),
    -55: ("记录不存在", ""),
    -57: ("启用了固定签名但未设置签名", ""),
}


class ApiFault(Exception):
    """An answer with a non-zero code (HTTP 400 for whole-request errors)."""

    def __init__(self, code: int, detail: str | None = None, msg: str | None = None) -> None:
        default_msg, default_detail = MESSAGES.get(code, ("未知异常", ""))
        self.code = code
        self.msg = msg or default_msg
        self.detail = detail if detail is not None else default_detail
        super().__init__(code, self.msg, self.detail)

    def body(self) -> dict:
        return {"http_status_code": 400, "code": self.code, "msg": self.msg, "detail": self.detail}


# ---------------------------------------------------------------------------- billing


def utf16_length(text: str) -> int:
    """Characters as carriers count them: UTF-16 code units (an astral emoji is two)."""
    return _texts.char_count(text)


def parts(text: str) -> int:
    """Billed parts of a non-empty text (the 70/67 rule)."""
    return _texts.parts(text)


# ------------------------------------------------------------------------- signatures

_SIGNATURE = re.compile(r"【([^【】]+)】")


def leading_signature(text: str) -> str | None:
    """The text's 【signature】 with brackets if it is well-formed (exactly one pair of
    brackets, leading the text, not empty), else None (the provider's code 16)."""
    if text.count("【") != 1 or text.count("】") != 1:
        return None
    m = _SIGNATURE.match(text)
    return m.group(0) if m else None


# ---------------------------------------------------------------------- blocked words


def find_blocked_words(text: str, words) -> list[str]:
    """Blocked words present in ``text``, in the order they first appear."""
    found = [(text.find(w), w) for w in words if w and w in text]
    found.sort()
    return [w for _, w in found]


# -------------------------------------------------------------------------- templates

_VARIABLE = re.compile(r"#\w+#")  # the same variable syntax as gui.api.texts


@lru_cache(maxsize=4096)
def template_regex(content: str) -> re.Pattern:
    """A template as a regex: literal text must match exactly, every ``#var#`` any
    non-empty value."""
    pieces, pos = [], 0
    for m in _VARIABLE.finditer(content):
        pieces.append(re.escape(content[pos : m.start()]))
        pieces.append("(?:.+?)")
        pos = m.end()
    pieces.append(re.escape(content[pos:]))
    return re.compile("".join(pieces), re.DOTALL)


def union_regex(contents) -> re.Pattern | None:
    """One regex matching (with fullmatch) the texts of any of the templates."""
    contents = list(contents)
    if not contents:
        return None
    return re.compile("|".join(f"(?:{template_regex(c).pattern})" for c in contents), re.DOTALL)


def template_matches(content: str, text: str) -> bool:
    return template_regex(content).fullmatch(text) is not None


def template_variables(content: str) -> list[str]:
    return [m.group(0)[1:-1] for m in _VARIABLE.finditer(content)]


# ---------------------------------------------------------------------------- numbers

_MAINLAND = re.compile(r"1[3-9]\d{9}")
_INTERNATIONAL = re.compile(r"\+[1-9]\d{6,14}")
# Country calling codes the demo account cannot send to (code 20).
UNSUPPORTED_COUNTRY_PREFIXES = ("+850", "+98", "+963", "+53")


def normalise_mobile(raw: str, allow_international: bool) -> tuple[str | None, int, str]:
    """(number, 0, "") when usable, else (None, code, detail).

    Mainland numbers lose a leading +86; international ones become E.164.
    """
    number = raw.strip().replace(" ", "").replace("-", "")
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("0086"):
        number = number[4:]
    if _MAINLAND.fullmatch(number):
        return number, 0, ""
    if number.startswith("00") and number[2:3] != "0":
        number = "+" + number[2:]
    if number.startswith("+"):
        if not _INTERNATIONAL.fullmatch(number):
            return None, 2, f"手机号格式不正确: {raw}"
        if not allow_international:
            return None, 2, f"国际号码只能单条发送: {raw}"
        if number.startswith(UNSUPPORTED_COUNTRY_PREFIXES):
            return None, 20, f"不支持的国家地区: {raw}"
        try:
            import phonenumbers

            parsed = phonenumbers.parse(number, None)
            if not phonenumbers.is_possible_number(parsed):
                return None, 2, f"手机号格式不正确: {raw}"
            number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        except Exception:  # noqa: BLE001 - phonenumbers raises NumberParseException and, on odd input, others
            return None, 2, f"手机号格式不正确: {raw}"
        return number, 0, ""
    return None, 2, f"手机号格式不正确: {raw}"


def number_refusal(
    mobile: str, blacklist: frozenset[str], unsupported_carriers: frozenset[str], out_of_region: frozenset[str]
) -> tuple[int, str]:
    """(0, "") when the provider takes ``mobile`` (already normalised), else (code, detail):
    10 on the blacklist, 28 of a carrier not supported, 23 outside the templates' regions
    (the sandbox's knobs ``blacklisted_mobiles``, ``unsupported_carrier_prefixes``,
    ``out_of_region_prefixes``: whole numbers or leading digits)."""
    if mobile in blacklist or mobile.removeprefix("+86") in blacklist:
        return 10, f"号码 {mobile} 在防骚扰黑名单中"
    if unsupported_carriers and mobile.startswith(tuple(unsupported_carriers)):
        return 28, f"号码 {mobile} 所属运营商不支持"
    if out_of_region and mobile.startswith(tuple(out_of_region)):
        return 23, f"号码 {mobile} 归属地不在模板可发送的地区内"
    return 0, ""


def billing_refusal(billing_fault: str) -> int:
    """26 (traffic package) or 27 (amount billing off) for the ``billing_fault`` knob, else 0."""
    return {"traffic_package": 26, "amount_billing_off": 27}.get(billing_fault, 0)


_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _decode_run(match: re.Match) -> str:
    return bytes.fromhex(match.group(0).replace("%", "")).decode("utf-8")  # strict: see unquote


def _unquote_escapes(value: str) -> str | None:
    """``value`` with every %XX decoded, in C: None unless the value is ASCII, every "%"
    starts a valid escape and the bytes are valid UTF-8 (then urllib's unquote gives the same).

    binascii's quoted-printable decoder reads "=XX" escapes; a value without "=" and line
    breaks (which quoted-printable treats specially) can borrow it with "%" as "=". Each
    valid escape shortens the text by two; an invalid one would not, which the length shows.
    """
    if not value.isascii() or "=" in value or "\r" in value or "\n" in value:
        return None
    raw = binascii.a2b_qp(value.replace("%", "="))
    if len(raw) != len(value) - 2 * value.count("%"):
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def unquote(value: str) -> str:
    """urllib.parse.unquote (UTF-8, errors replaced) with exactly its result, many times faster
    on multi_send's big bodies (1000 texts, every CJK character three escapes, encoded twice).

    Tried in turn: all escapes at once (``_unquote_escapes``); whole runs of %XX, each
    decoded strictly — when every run is valid UTF-8 on its own, decoding the runs one by
    one equals decoding them with the literal characters between them; else urllib itself
    (a broken sequence: replacement characters and all).
    """
    if "%" not in value:
        return value
    fast = _unquote_escapes(value)
    if fast is not None:
        return fast
    try:
        return _PERCENT_RUN.sub(_decode_run, value)
    except UnicodeDecodeError:
        return urllib.parse.unquote(value)


def unquote_plus(value: str) -> str:
    """urllib.parse.unquote_plus, fast (see ``unquote``)."""
    return unquote(value.replace("+", " "))


def parse_form(text: str) -> dict[str, str]:
    """``{k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}``, fast:
    the first value of each field, names and values decoded as urllib does."""
    form: dict[str, str] = {}
    for field in text.split("&") if text else ():
        if not field:
            continue
        name, _, value = field.partition("=")
        name = unquote_plus(name)
        if name not in form:
            form[name] = unquote_plus(value)
    return form


def split_multi_texts(value: str) -> list[str]:
    """multi_send's ``text`` (the form already decoded): the comma-separated texts, each
    url-decoded on its own — ``[unquote_plus(t) for t in value.split(",")]``.

    Fast when no text has an encoded comma (%2C) in it, the usual case: the whole value
    is decoded at once and split then — when it is valid UTF-8 as a whole, a comma (one
    byte, never inside a character's bytes) splits it where splitting first would.
    """
    if "%2C" in value or "%2c" in value:
        return [unquote_plus(t) for t in value.split(",")]
    value = value.replace("+", " ")
    if "%" in value:
        decoded = _unquote_escapes(value)
        if decoded is None:  # raw characters or a broken sequence somewhere: text by text
            return [unquote(t) for t in value.split(",")]
        value = decoded
    return value.split(",")


_EXTEND = re.compile(r"\d{1,6}")


def valid_extend(extend: str) -> bool:
    return bool(_EXTEND.fullmatch(extend))


def valid_callback_url(url: str) -> bool:
    return bool(re.fullmatch(r"https?://[^\s/]+(/\S*)?", url))
