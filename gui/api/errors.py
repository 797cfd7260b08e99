"""Errors of the API layer (plain Python, no Qt).

CONTRACT:

- ``ApiError(code, msg, detail, http_status, endpoint)``: the provider answered with a
  non-zero ``code``. ``explain("zh")`` / ``explain("en")`` give a plain-language
  sentence and what the operator can do. -2 from an advanced feature (uid, extend,
  callback_url, pull_status, pull_reply) reads "not enabled for this account".
- ``TransportError``: no usable answer arrived (timeout, connection refused or reset).
- ``UnreadableResponse``: an answer arrived but is not the JSON we expect (an HTML 502
  page, an empty body, JSON of the wrong shape).
- ``SendInDoubt``: raised by the three send endpoints instead of the two above: the
  request may have been processed; never retry it blindly, settle it with get_record.
- ``LimitError``: refused before the request left (too many numbers, text too long,
  signature rules, counts that do not match).

``describe(exc, lang)`` turns ANY exception into a (title, body) pair for a dialog.

No exception here may carry the apikey in its message, args or repr: the client builds
every message itself and never wraps a ``requests`` exception (those can embed the
request, and with it the form body holding the apikey).
"""

from __future__ import annotations

import re
from typing import Any

# the code table lives in its own file; imported here so ``gui.api.errors.ERROR_TEXTS`` keeps working
from gui.api.error_texts import ERROR_TEXTS as ERROR_TEXTS
from gui.api.error_texts import NOT_ENABLED_TEXT as NOT_ENABLED_TEXT
from gui.api.error_texts import UNKNOWN_CODE_TEXT as UNKNOWN_CODE_TEXT

# Endpoints and parameters the provider keeps off until it enables them ("默认不开放").
ADVANCED_ENDPOINTS = frozenset({"sms/pull_status", "sms/pull_reply"})
ADVANCED_PARAMS = ("uid", "extend", "callback_url")

_APIKEY_FIELD = re.compile(r"(apikey=)[^&\s'\"]+", re.IGNORECASE)


def _lang(lang: str | None) -> int:
    """Index into a (zh, en) pair: anything starting with 'zh' is Chinese, the rest English."""
    return 0 if (lang or "").lower().startswith("zh") else 1


class SmsApiException(Exception):
    """Base of every error raised by gui.api."""

    def explain(self, lang: str = "en") -> str:
        return describe(self, lang)[1]


# --------------------------------------------------------------------------- ApiError
# Codes worth a retry where the call cannot send anything twice (the provider's own trouble).
RETRYABLE_CODES = frozenset({-50, -51})


class ApiError(SmsApiException):
    """The provider answered with a non-zero ``code``."""

    def __init__(
        self,
        code: int,
        msg: str = "",
        detail: str = "",
        http_status: int | None = None,
        endpoint: str = "",
        advanced_feature: str | None = None,
    ) -> None:
        self.code = code
        self.msg = msg or ""
        self.detail = detail or ""
        self.http_status = http_status
        self.endpoint = endpoint
        # Set by the client when the call used a feature the provider keeps off by default.
        self.advanced_feature = advanced_feature
        super().__init__(code, self.msg, self.detail, http_status, endpoint)

    def __str__(self) -> str:
        text = f"{self.endpoint or 'API'}: code {self.code}"
        if self.msg:
            text += f": {self.msg}"
        if self.detail and self.detail != self.msg:
            text += f" ({self.detail})"
        return text

    def __repr__(self) -> str:
        return (
            f"ApiError(code={self.code!r}, msg={self.msg!r}, detail={self.detail!r}, "
            f"http_status={self.http_status!r}, endpoint={self.endpoint!r})"
        )

    @property
    def not_enabled(self) -> bool:
        """-2 on an advanced feature: the feature is off for this account, not a fault."""
        return self.code == -2 and bool(self.advanced_feature)

    @property
    def retryable(self) -> bool:
        return self.code in RETRYABLE_CODES

    @property
    def callers_fault(self) -> bool:
        """Codes 1–28 and -1…-5: something the operator must change; resending as is won't help."""
        return 1 <= self.code <= 28 or -5 <= self.code <= -1

    def explain(self, lang: str = "en") -> str:
        i = _lang(lang)
        if self.not_enabled:
            return NOT_ENABLED_TEXT[i].format(feature=self.advanced_feature)
        pair = ERROR_TEXTS.get(self.code)
        if pair is None:
            return UNKNOWN_CODE_TEXT[i].format(code=self.code)
        return pair[i]


# --------------------------------------------------------------------------- transport
class TransportError(SmsApiException):
    """No usable answer arrived: timeout, connection refused or reset.

    ``kind`` is one of "timeout", "connect_timeout", "connection", "transport".
    ``request_sent`` is False when the request surely never reached the server (the
    connection could not be opened), True or None (unknown) otherwise.
    """

    def __init__(self, endpoint: str, kind: str, message: str, request_sent: bool | None = None) -> None:
        self.endpoint = endpoint
        self.kind = kind
        self.message = message
        self.request_sent = request_sent
        super().__init__(endpoint, kind, message)

    def __str__(self) -> str:
        return f"{self.endpoint}: {self.kind}: {self.message}"

    def __repr__(self) -> str:
        return f"TransportError(endpoint={self.endpoint!r}, kind={self.kind!r}, message={self.message!r})"


class UnreadableResponse(SmsApiException):
    """An answer arrived but is not the JSON we expect.

    ``reason`` is one of "empty", "not_json", "http_error", "wrong_shape".
    ``excerpt`` is the start of the body (for the log and the details box).
    """

    def __init__(
        self,
        endpoint: str = "",
        reason: str = "wrong_shape",
        message: str = "",
        http_status: int | None = None,
        excerpt: str = "",
    ) -> None:
        self.endpoint = endpoint
        self.reason = reason
        self.message = message
        self.http_status = http_status
        self.excerpt = excerpt
        super().__init__(endpoint, reason, message, http_status)

    def __str__(self) -> str:
        status = f" (HTTP {self.http_status})" if self.http_status is not None else ""
        return f"{self.endpoint or 'API'}: unreadable answer{status}: {self.reason}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"UnreadableResponse(endpoint={self.endpoint!r}, reason={self.reason!r}, "
            f"message={self.message!r}, http_status={self.http_status!r})"
        )


class SendInDoubt(SmsApiException):
    """A send went out (or may have) and no readable answer came back.

    The message may have been delivered and billed. Never resend blindly: look the
    numbers up with get_record over the send's time window (match uid, number, text).
    ``cause`` is the TransportError or UnreadableResponse behind it.
    """

    def __init__(self, endpoint: str, cause: TransportError | UnreadableResponse) -> None:
        self.endpoint = endpoint
        self.cause = cause
        super().__init__(endpoint, cause)

    @property
    def maybe_sent(self) -> bool:
        """False only when the connection could not even be opened."""
        return not (isinstance(self.cause, TransportError) and self.cause.request_sent is False)

    def __str__(self) -> str:
        return f"{self.endpoint}: send in doubt: {self.cause}"

    def __repr__(self) -> str:
        return f"SendInDoubt(endpoint={self.endpoint!r}, cause={self.cause!r})"


# --------------------------------------------------------------------------- limits
# Stable identifier -> (zh, en). ``{…}`` fields come from LimitError.params.
LIMIT_TEXTS: dict[str, tuple[str, str]] = {
    "no_numbers": ("没有收件号码。", "There are no recipient numbers."),
    "too_many_numbers": (
        "一次最多发送 {limit} 个号码，当前有 {count} 个。请分批发送。",
        "At most {limit} numbers per call; this call has {count}. Split the list.",
    ),
    "count_mismatch": (
        "号码个数（{numbers}）与内容条数（{texts}）不一致。",
        "The number of phone numbers ({numbers}) differs from the number of texts ({texts}).",
    ),
    "international_in_batch": (
        "国际号码（{number}）只能逐个单条发送。",
        "International numbers ({number}) must be sent one per call, with single send.",
    ),
    "bad_number": (
        "号码“{number}”格式不对（不能为空，不能含逗号）。",
        "The number “{number}” is malformed (empty, or contains a comma).",
    ),
    "empty_text": ("短信内容为空。", "The text is empty."),
    "text_too_long": (
        "短信最多 {limit} 个字，当前 {count} 个字。",
        "A text may have at most {limit} characters; this one has {count}.",
    ),
    "no_signature": ("短信必须以【签名】开头。", "The text must start with a 【signature】."),
    "signature_not_leading": ("【签名】必须放在短信开头。", "The 【signature】 must be at the very start of the text."),
    "several_signatures": ("短信只能有一个【签名】。", "A text may carry only one 【signature】."),
    "empty_signature": ("【】中的签名不能为空。", "The signature inside 【】 is empty."),
    "bad_page_size": ("每页条数必须在 1 到 {limit} 之间。", "The page size must be between 1 and {limit}."),
    "bad_page_num": ("页码必须从 1 开始。", "Page numbers start at 1."),
    "bad_time": ("时间格式不对：{value}", "The time is not valid: {value}"),
    "nothing_to_set": (
        "至少要修改一项（紧急联系人、紧急联系人手机或余额提醒）。",
        "Change at least one of emergency contact, emergency mobile or balance alarm.",
    ),
    "bad_argument": ("参数不正确：{what}", "Invalid argument: {what}"),
    "invalid_characters": (
        "内容含有无法编码的字符（孤立的代理字符，常见于复制粘贴出错）。请删除后重新输入。",
        "The text holds a character that cannot be encoded (a lone surrogate, usually from a "
        "broken copy and paste). Delete it and type the text again.",
    ),
}


class LimitError(SmsApiException, ValueError):
    """Refused before the request left. ``problem`` is a key of LIMIT_TEXTS; ``params`` fill its text.

    ``index`` is the position of the offending text/number when there is one (multi_send).
    """

    def __init__(self, problem: str, index: int | None = None, **params: Any) -> None:
        self.problem = problem
        self.index = index
        self.params = params
        super().__init__(problem, self.explain("en"))

    def explain(self, lang: str = "en") -> str:
        pair = LIMIT_TEXTS.get(self.problem, ("{problem}", "{problem}"))
        try:
            text = pair[_lang(lang)].format(problem=self.problem, **self.params)
        except (KeyError, IndexError, ValueError):
            text = pair[_lang(lang)]
        if self.index is not None:
            text = (f"第 {self.index + 1} 条：" if _lang(lang) == 0 else f"Item {self.index + 1}: ") + text
        return text

    def __str__(self) -> str:
        return self.explain("en")

    def __repr__(self) -> str:
        return f"LimitError(problem={self.problem!r}, index={self.index!r}, params={self.params!r})"


# --------------------------------------------------------------------------- dialogs
_TITLES = {
    "api": ("服务商拒绝了请求（错误码 {code}）", "The provider refused the request (code {code})"),
    "not_enabled": ("功能未开通", "Feature not enabled"),
    "transport": ("无法连接服务器", "No answer from the server"),
    "unreadable": ("服务器的回答无法读取", "The server's answer could not be read"),
    "in_doubt": ("发送结果不确定", "Send result unknown"),
    "limit": ("无法发送该请求", "The request was not sent"),
    "other": ("发生意外错误", "Unexpected error"),
}

_TRANSPORT_BODIES = {
    "timeout": (
        "服务器在规定时间内没有回答。请检查网络后重试。",
        "The server did not answer in time. Check the network and try again.",
    ),
    "connect_timeout": (
        "连接服务器超时。请检查网络和服务器地址。",
        "Connecting to the server timed out. Check the network and the server address.",
    ),
    "connection": (
        "无法连接服务器或连接被中断。请检查网络、代理和服务器地址。",
        "The server could not be reached or the connection was cut. Check the network, proxy and server address.",
    ),
    "transport": (
        "网络请求失败。请检查网络和服务器地址。",
        "The network request failed. Check the network and the server address.",
    ),
}

_UNREADABLE_BODIES = {
    "empty": (
        "服务器返回了空内容。通常是服务器或代理暂时故障，请稍后重试。",
        "The server sent an empty answer. Usually a passing fault of the server or a proxy; try again later.",
    ),
    "not_json": (
        "服务器返回的不是接口数据（可能是网关错误页面）。请检查服务器地址，或稍后重试。",
        "The server did not answer with API data (perhaps a gateway error page). Check the server "
        "address or try again later.",
    ),
    "http_error": (
        "服务器返回了 HTTP 错误 {status}。请稍后重试。",
        "The server answered with HTTP error {status}. Try again later.",
    ),
    "wrong_shape": (
        "服务器返回的数据格式与接口文档不符。请检查服务器地址是否指向短信接口。",
        "The server's data does not have the documented shape. Check that the server address points to the SMS API.",
    ),
}

_IN_DOUBT_BODY = (
    "请求已发出，但没有收到可读的回答：短信可能已发送并扣费。请不要直接重发，先在“发送记录”中查询这些号码，只给没有记录的号码重发。",
    "The request went out but no readable answer came back: the messages may have been sent and billed. "
    "Do not simply send again; look the numbers up in the records first and resend only to numbers without a record.",
)
_NOT_SENT_BODY = (
    "无法连接服务器，短信没有发出。请检查网络后重试。",
    "The server could not be reached; nothing was sent. Check the network and try again.",
)


def redact(text: str, secret: str | None = None) -> str:
    """Hide ``secret`` and any ``apikey=…`` form field in ``text``."""
    if secret and len(secret) >= 4:
        text = text.replace(secret, "***")
    return _APIKEY_FIELD.sub(r"\1***", text)


def describe(exc: BaseException, lang: str = "en") -> tuple[str, str]:
    """(title, body) in plain language for any exception a client call can raise."""
    i = _lang(lang)
    if isinstance(exc, ApiError):
        if exc.not_enabled:
            return _TITLES["not_enabled"][i], exc.explain(lang)
        body = exc.explain(lang)
        if exc.msg:
            body += ("\n\n服务商信息：" if i == 0 else "\n\nProvider's message: ") + exc.msg
            if exc.detail and exc.detail != exc.msg:
                body += f" ({exc.detail})"
        return _TITLES["api"][i].format(code=exc.code), body
    if isinstance(exc, SendInDoubt):
        if not exc.maybe_sent:
            return _TITLES["transport"][i], _NOT_SENT_BODY[i]
        return _TITLES["in_doubt"][i], _IN_DOUBT_BODY[i]
    if isinstance(exc, TransportError):
        return _TITLES["transport"][i], _TRANSPORT_BODIES.get(exc.kind, _TRANSPORT_BODIES["transport"])[i]
    if isinstance(exc, UnreadableResponse):
        body = _UNREADABLE_BODIES.get(exc.reason, _UNREADABLE_BODIES["wrong_shape"])[i]
        return _TITLES["unreadable"][i], body.format(status=exc.http_status)
    if isinstance(exc, LimitError):
        return _TITLES["limit"][i], exc.explain(lang)
    return _TITLES["other"][i], redact(f"{type(exc).__name__}: {exc}")
