"""Lenient parsers from decoded JSON bodies to the typed results of gui.api.models.

The provider's answers are loose (NOTES.md): a missing ``code`` means success; counts,
fees and sids may arrive as strings; ``total_fee`` is a string; keys may carry a
trailing space (``"reason "``) or a space for an underscore (``"error msg"``);
tpl/update may wrap its template in ``{"template": {...}}``; get_black_word may answer
a list or a comma string.

Every public parser raises ``UnreadableResponse`` for a body of the wrong shape and
nothing else: any TypeError/KeyError/ValueError/... inside is converted.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from gui.api.errors import ApiError, UnreadableResponse
from gui.api.models import Account, BatchSendResult, Record, Reply, SendResult, StatusReport, Template

# the strict value converters live in values.py; imported here so ``parsers.to_int`` etc. keep working
from gui.api.values import INT64_MAX as INT64_MAX
from gui.api.values import INT64_MIN as INT64_MIN
from gui.api.values import MAX_DECIMAL_EXPONENT as MAX_DECIMAL_EXPONENT
from gui.api.values import to_decimal as to_decimal
from gui.api.values import to_int as to_int
from gui.api.values import to_opt_str as to_opt_str
from gui.api.values import to_str as to_str

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

_ACCOUNT_KEYS = (
    "nick",
    "gmt_created",
    "mobile",
    "email",
    "ip_whitelist",
    "api_version",
    "balance",
    "alarm_balance",
    "emergency_contact",
    "emergency_mobile",
)


class _Missing(Exception):
    """A required key is absent (converted to UnreadableResponse by the decorator)."""


class Parser(Protocol[T_co]):
    """A public parser: a decoded JSON body (any JSON value) and the endpoint it came from,
    named in the UnreadableResponse it raises for a body of the wrong shape."""

    def __call__(self, body: Any, endpoint: str = "") -> T_co: ...


def _parser(func: Callable[[Any], T]) -> Parser[T]:
    """Convert any failure of ``func`` into UnreadableResponse(reason="wrong_shape")."""

    @functools.wraps(func)
    def wrapper(body: Any, endpoint: str = "") -> T:
        try:
            return func(body)
        except UnreadableResponse as exc:
            if not exc.endpoint:
                exc.endpoint = endpoint
            raise
        except RecursionError:
            raise UnreadableResponse(endpoint, "wrong_shape", "nested too deeply") from None
        except Exception as exc:  # noqa: BLE001 - the contract: nothing but UnreadableResponse escapes
            raise UnreadableResponse(endpoint, "wrong_shape", f"{type(exc).__name__}: {exc}"[:300]) from None

    return wrapper


# --------------------------------------------------------------------------- primitives
def _norm(obj: Any, what: str = "object") -> dict[str, Any]:
    """A dict with keys stripped and inner spaces turned into underscores ("reason " -> "reason")."""
    if not isinstance(obj, dict):
        raise UnreadableResponse("", "wrong_shape", f"expected a JSON {what}, got {type(obj).__name__}")
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if not isinstance(key, str):
            continue
        clean = "_".join(key.strip().split())
        # An exact key wins over a sloppy one if both are present.
        if clean not in out or key == clean:
            out[clean] = value
    return out


def _list(obj: Any, what: str = "array") -> list[Any]:
    if not isinstance(obj, list):
        raise UnreadableResponse("", "wrong_shape", f"expected a JSON {what}, got {type(obj).__name__}")
    return obj


def _need(d: dict[str, Any], key: str) -> Any:
    if key not in d:
        raise _Missing(f"missing key {key!r}")
    return d[key]


# --------------------------------------------------------------------------- errors
def error_from_body(body: Any, http_status: int | None = None, endpoint: str = "") -> ApiError | None:
    """The ApiError a body carries (an object with a non-zero ``code``), else None.

    A missing ``code`` means success. A ``code`` that is not a number is not an error
    answer we understand; the caller's shape check will reject such a body.
    """
    if not isinstance(body, dict):
        return None
    try:
        d = _norm(body)
        if "code" not in d:
            return None
        code = to_int(d["code"])
        if code == 0:
            return None
        return ApiError(
            code,
            to_str(d.get("msg"), ""),
            to_str(d.get("detail"), ""),
            http_status if http_status is not None else _status(d),
            endpoint,
        )
    except Exception:  # noqa: BLE001 - a garbled code field is not an ApiError
        return None


def _status(d: dict[str, Any]) -> int | None:
    try:
        return to_int(d.get("http_status_code"), None)  # type: ignore[arg-type]
    except ValueError:
        return None


# --------------------------------------------------------------------------- sends
def _send_item(obj: Any, need_sid: bool) -> SendResult:
    d = _norm(obj)
    code = to_int(d.get("code"), 0)
    if code == 0 and need_sid:
        _need(d, "sid")
    return SendResult(
        code=code,
        msg=to_str(d.get("msg")),
        count=to_int(d.get("count"), 0),
        fee=to_decimal(d.get("fee")),
        unit=to_str(d.get("unit")),
        mobile=to_str(d.get("mobile")),
        sid=to_int(d.get("sid"), 0),
        detail=to_str(d.get("detail")),
    )


@_parser
def parse_send_result(body: Any) -> SendResult:
    """single_send's answer, or one item of batch/multi_send's data[]."""
    return _send_item(body, need_sid=True)


_PLAIN_ITEM_KEYS = frozenset(("code", "msg", "count", "fee", "unit", "mobile", "sid", "detail"))


def _plain_send_item(obj: Any, fees: dict[Any, Any]) -> SendResult | None:
    """The usual data[] item — a dict with the documented keys, integers as JSON integers,
    texts as strings — read with plain dict access; None for anything else (the lenient
    ``_send_item`` reads it then). Gives exactly what ``_send_item`` gives for such items.

    ``fees``: the Decimal of each fee value already seen in this answer (a chunk of 1000
    items carries a handful of distinct fees; ``to_decimal`` runs once per value).
    """
    if type(obj) is not dict or not obj.keys() <= _PLAIN_ITEM_KEYS:
        return None
    get = obj.get
    code, count, sid = get("code", 0), get("count", 0), get("sid")
    if type(code) is not int or type(count) is not int or type(sid) is not int:
        return None  # strings ("0"), floats, bools, a missing sid: the lenient path decides
    if not (INT64_MIN <= code <= INT64_MAX and INT64_MIN <= count <= INT64_MAX and INT64_MIN <= sid <= INT64_MAX):
        return None
    msg, unit, mobile, detail = get("msg", ""), get("unit", ""), get("mobile", ""), get("detail", "")
    if type(msg) is not str or type(unit) is not str or type(mobile) is not str or type(detail) is not str:
        return None
    raw_fee = get("fee")
    key = (type(raw_fee), raw_fee)
    try:
        fee = fees[key]
    except KeyError:
        fee = fees[key] = to_decimal(raw_fee)
    except TypeError:  # an unhashable fee (a list): the lenient path refuses it
        return None
    return SendResult(code, msg, count, fee, unit, mobile, sid, detail)


@_parser
def parse_batch_send(body: Any) -> BatchSendResult:
    d = _norm(body)
    fees: dict[Any, Any] = {}
    items = tuple(
        _plain_send_item(item, fees) or _send_item(item, need_sid=True)
        for item in _list(_need(d, "data"), "array data")
    )
    units = {item.unit for item in items if item.unit}
    return BatchSendResult(
        # Sum the items when the provider leaves the totals out.
        total_count=to_int(d["total_count"]) if d.get("total_count") not in (None, "") else sum(i.count for i in items),
        total_fee=to_decimal(d["total_fee"])
        if d.get("total_fee") not in (None, "")
        else sum((i.fee for i in items), Decimal(0)),
        unit=to_str(d.get("unit")) or (units.pop() if len(units) == 1 else ""),
        data=items,
    )


# --------------------------------------------------------------------------- reports, replies, records
def _status_report(obj: Any) -> StatusReport:
    d = _norm(obj)
    return StatusReport(
        sid=to_int(_need(d, "sid")),
        uid=to_opt_str(d.get("uid")),
        user_receive_time=to_opt_str(d.get("user_receive_time")),
        error_msg=to_str(d.get("error_msg")),
        mobile=to_str(d.get("mobile")),
        report_status=to_str(d.get("report_status"), "UNKNOWN").strip().upper() or "UNKNOWN",
        error_detail=to_str(d.get("error_detail")),
    )


@_parser
def parse_status_reports(body: Any) -> list[StatusReport]:
    """pull_status's bare array (a lone object is taken as a list of one)."""
    if isinstance(body, dict):
        body = [body]
    return [_status_report(item) for item in _list(body)]


def _reply(obj: Any) -> Reply:
    d = _norm(obj)
    # _norm keeps "_sign": the leading underscore is not whitespace.
    return Reply(
        id=to_opt_str(d.get("id")),
        mobile=to_str(_need(d, "mobile")),
        text=to_str(d.get("text")),
        reply_time=to_str(d.get("reply_time")),
        extend=to_str(d.get("extend")),
        base_extend=to_str(d.get("base_extend")),
        sign=to_opt_str(d.get("_sign")),
    )


@_parser
def parse_replies(body: Any) -> list[Reply]:
    """get_reply / pull_reply: a bare array of replies."""
    if isinstance(body, dict):
        body = [body]
    return [_reply(item) for item in _list(body)]


@_parser
def parse_reply(body: Any) -> Reply:
    """One pushed reply (the decoded ``sms_reply`` object)."""
    return _reply(body)


def _record(obj: Any) -> Record:
    d = _norm(obj)
    return Record(
        sid=to_int(_need(d, "sid")),
        mobile=to_str(_need(d, "mobile")),
        send_time=to_str(d.get("send_time")),
        text=to_str(d.get("text")),
        send_status=to_str(d.get("send_status")),
        report_status=to_str(d.get("report_status"), "UNKNOWN").strip().upper() or "UNKNOWN",
        fee=to_int(d.get("fee"), 0),
        user_receive_time=to_opt_str(d.get("user_receive_time")),
        error_msg=to_str(d.get("error_msg")),
        uid=to_opt_str(d.get("uid")),
    )


@_parser
def parse_records(body: Any) -> list[Record]:
    """get_record: a bare array of records."""
    if isinstance(body, dict):
        body = [body]
    return [_record(item) for item in _list(body)]


# --------------------------------------------------------------------------- blocked words
def _words_from(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [w.strip() for w in value.replace("，", ",").split(",") if w.strip()]
    if isinstance(value, list):
        words: list[str] = []
        for item in value:
            words.extend(_words_from(to_str(item)))
        return words
    raise ValueError(f"unexpected blocked-word value {type(value).__name__}")


@_parser
def parse_black_words(body: Any) -> list[str]:
    """get_black_word: ``["发票", "测试"]``, ``[]``, ``"发票,测试"`` or ``{"result": {"black_word": "..."}}``."""
    if isinstance(body, dict):
        d = _norm(body)
        for key in ("black_word", "black_words", "words"):
            if key in d:
                return _words_from(d[key])
        if "result" in d:
            return parse_black_words(d["result"])
        if "code" in d and len(d) <= 4:  # {"code":0,"msg":"..."}: success without words
            return []
        raise _Missing("no blocked-word field")
    return _words_from(body)


# --------------------------------------------------------------------------- templates
def _template(obj: Any) -> Template:
    d = _norm(obj)
    if "template" in d and "tpl_id" not in d:
        d = _norm(d["template"])
    return Template(
        tpl_id=to_int(_need(d, "tpl_id")),
        tpl_content=to_str(_need(d, "tpl_content")),
        check_status=to_str(d.get("check_status")).strip().upper(),
        reason=to_opt_str(d.get("reason")),
    )


@_parser
def parse_template(body: Any) -> Template:
    """One template; accepts the ``{"template": {...}}`` wrapping and a one-item array."""
    if isinstance(body, list):
        if len(body) != 1:
            raise _Missing(f"expected one template, got {len(body)}")
        body = body[0]
    return _template(body)


@_parser
def parse_templates(body: Any) -> list[Template]:
    """A bare array of templates (a lone object is taken as a list of one)."""
    if isinstance(body, dict):
        d = _norm(body)
        if "template" in d and isinstance(d["template"], list):
            body = d["template"]
        else:
            return [_template(body)]
    return [_template(item) for item in _list(body)]


# --------------------------------------------------------------------------- account
@_parser
def parse_account(body: Any) -> Account:
    d = _norm(body)
    if "user" in d and isinstance(d["user"], dict) and "balance" not in d:
        d = _norm(d["user"])
    return Account(
        nick=to_str(d.get("nick")),
        gmt_created=to_str(d.get("gmt_created")),
        mobile=to_str(d.get("mobile")),
        email=to_str(d.get("email")),
        ip_whitelist=to_opt_str(d.get("ip_whitelist")),
        api_version=to_str(d.get("api_version")),
        balance=to_decimal(_need(d, "balance")),
        alarm_balance=to_decimal(d.get("alarm_balance")),
        emergency_contact=to_str(d.get("emergency_contact")),
        emergency_mobile=to_str(d.get("emergency_mobile")),
        extra={k: v for k, v in d.items() if k not in _ACCOUNT_KEYS and k not in ("code", "msg")},
    )
