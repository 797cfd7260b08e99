"""The provider's endpoints: ``SandboxApi.handle(endpoint, params)`` -> (HTTP status, body).

``endpoint`` is ``"<group>/<name>"`` (from ``POST /v2/<group>/<name>.json``); ``params``
is the decoded form (first value of each key). Whole-request errors answer HTTP 400
with ``{"http_status_code": 400, "code": N, "msg": ..., "detail": ...}``; per-number
failures of batch_send / multi_send are items of ``data`` with ``count``, ``fee`` and
``sid`` as the strings ``"0"``, as the document shows.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from typing import TypedDict

from gui.sandbox import rules
from gui.sandbox.models import DEFAULT_TEMPLATES, reply_sign
from gui.sandbox.params import int_param, required, time_param
from gui.sandbox.rules import ApiFault
from gui.sandbox.state import SandboxState
from gui.sandbox.template_api import TemplateEndpoints

MAX_NUMBERS = 1000
MAX_PAGE_SIZE = 100
UNIT = "RMB"
_MAINLAND_MOBILE = re.compile(r"1[3-9]\d{9}")


def _money(value: Decimal):
    """Money as the document's JSON number (0.05, 1000)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _failed_item(code: int, mobile: str, detail: str = "") -> dict:
    msg, default_detail = rules.MESSAGES.get(code, ("未知异常", ""))
    return {
        "code": code,
        "msg": msg,
        "count": "0",
        "fee": "0",
        "unit": UNIT,
        "mobile": mobile,
        "sid": "0",
        "detail": detail or default_detail,
    }


class _UserChanges(TypedDict, total=False):
    """The account fields user/set may change."""

    emergency_contact: str
    emergency_mobile: str
    alarm_balance: Decimal


class SandboxApi(TemplateEndpoints):
    def __init__(self, state: SandboxState, control, clock) -> None:
        self.state = state
        self.control = control
        self.clock = clock
        self._matchers_key = None
        self._matchers = (None, None)
        self.routes = {
            "sms/single_send": self.single_send,
            "sms/batch_send": self.batch_send,
            "sms/multi_send": self.multi_send,
            "sms/pull_status": self.pull_status,
            "sms/pull_reply": self.pull_reply,
            "sms/get_reply": self.get_reply,
            "sms/get_record": self.get_record,
            "sms/get_black_word": self.get_black_word,
            "tpl/add": self.tpl_add,
            "tpl/del": self.tpl_del,
            "tpl/update": self.tpl_update,
            "tpl/get": self.tpl_get,
            "tpl/get_default": self.tpl_get_default,
            "user/get": self.user_get,
            "user/set": self.user_set,
        }

    def handle(self, endpoint: str, params: dict) -> tuple[int, object]:
        route = self.routes.get(endpoint)
        if route is None:
            return 404, None
        with self.state.lock:
            now = self.clock.time()
            self.state.tick(now)
            try:
                if params.get("apikey") != self.state.apikey or not params.get("apikey"):
                    raise ApiFault(-1)
                return 200, route(params, now)
            except ApiFault as fault:
                return 400, fault.body()

    # ------------------------------------------------------------------ helpers
    def _feature(self, name: str) -> None:
        if not self.control.feature_on(name):
            raise ApiFault(-2, f"{name} 功能未开通，请联系客服申请")

    def _send_options(self, params: dict) -> tuple[str | None, str, str | None]:
        billing = rules.billing_refusal(self.control.billing_fault)
        if billing:
            raise ApiFault(billing)
        uid = params.get("uid") or None
        extend = params.get("extend") or ""
        callback_url = params.get("callback_url") or None
        if uid is not None:
            self._feature("uid")
            if len(uid) > 256:
                raise ApiFault(2, "uid 长度不能超过256")
        if extend:
            self._feature("extend")
            if not rules.valid_extend(extend):
                raise ApiFault(2, "extend 必须是1到6位数字")
        if callback_url is not None:
            self._feature("callback_url")
            if not rules.valid_callback_url(callback_url):
                raise ApiFault(2, "callback_url 必须是 http(s) 地址")
        return uid, extend, callback_url

    def check_text(self, text: str, matchers=None) -> tuple[int, str]:
        """(0, "") when the text may be sent, else (code, detail): length, signature
        format (16) and registration (15), blocked words (4), template match (5 / 7).
        ``matchers``: ``_template_matchers()`` when the caller checks many texts at once."""
        if rules.utf16_length(text) > rules.MAX_TEXT_CHARS:
            return 2, f"短信内容不能超过{rules.MAX_TEXT_CHARS}个字"
        signature = rules.leading_signature(text)
        if signature is None:
            return 16, "短信内容必须以一个【签名】开头，且只能有一个签名"
        if signature not in self.state.signatures:
            return 15, f"签名{signature}未报备"
        words = rules.find_blocked_words(text, self.state.blocked_words)
        if words:
            return 4, "短信内容包含屏蔽词: " + ",".join(words)
        approved, unusable = matchers or self._template_matchers()
        if approved is not None and approved.fullmatch(text):
            return 0, ""
        if unusable is not None and unusable.fullmatch(text):
            return 7, "匹配的模板正在审核或审核未通过"
        return 5, "没有审核通过的模板与短信内容匹配"

    def _template_matchers(self):
        """Two regexes, rebuilt only when templates change: one matching any approved
        template (the defaults and the user's SUCCESS ones), one any CHECKING/FAIL one."""
        key = tuple((t.tpl_content, t.check_status) for t in self.state.templates.values())
        if key != self._matchers_key:
            approved = [c for _, c in DEFAULT_TEMPLATES] + [c for c, st in key if st == "SUCCESS"]
            unusable = [c for c, st in key if st != "SUCCESS"]
            self._matchers = (rules.union_regex(approved), rules.union_regex(unusable))
            self._matchers_key = key
        return self._matchers

    def _send_one(
        self,
        endpoint: str,
        raw_mobile: str,
        text: str,
        text_check: tuple[int, str],
        allow_international: bool,
        now: float,
        uid,
        extend,
        callback_url,
    ) -> dict:
        """One number's outcome as a data[] item (code 0 or a failed item)."""
        if _MAINLAND_MOBILE.fullmatch(raw_mobile):  # the common case, without normalising
            mobile = raw_mobile
        else:
            normalised, code, detail = rules.normalise_mobile(raw_mobile, allow_international)
            if code or normalised is None:  # None comes with a code
                return _failed_item(code, raw_mobile, detail)
            mobile = normalised
        state, control = self.state, self.control
        refused = (control.blacklisted_mobiles, control.unsupported_carrier_prefixes, control.out_of_region_prefixes)
        if any(refused):  # codes 10, 28, 23 (knobs; none by default)
            code, detail = rules.number_refusal(mobile, *refused)
            if code:
                return _failed_item(code, mobile, detail)
        code, detail = text_check
        if code:
            return _failed_item(code, mobile, detail)
        if control.anti_harassment:
            code = state.harassment_code(mobile, text, now)
            if code:
                return _failed_item(code, mobile)
        code = state.cap_code(mobile, now, control.hourly_cap, control.daily_cap)
        if code:
            return _failed_item(code, mobile)
        n_parts = rules.parts(text)
        price = control.international_price_per_part if mobile.startswith("+") else control.price_per_part
        fee = price * n_parts
        if state.account["balance"] < fee:
            return _failed_item(3, mobile, f"余额 {state.account['balance']} 不足以支付 {fee}")
        record = state.accept(endpoint, mobile, text, n_parts, fee, now, uid, extend, callback_url)
        return {
            "code": 0,
            "msg": "发送成功",
            "count": n_parts,
            "fee": _money(fee),
            "unit": UNIT,
            "mobile": mobile,
            "sid": record.sid,
        }

    @staticmethod
    def _batch_answer(items: list[dict]) -> dict:
        total_count = sum(i["count"] for i in items if i["code"] == 0)
        total_fee = sum((Decimal(str(i["fee"])) for i in items if i["code"] == 0), Decimal(0))
        return {"total_count": total_count, "total_fee": f"{total_fee:.4f}", "unit": UNIT, "data": items}

    def _mobiles(self, params: dict) -> list[str]:
        mobiles = [m.strip() for m in required(params, "mobile").split(",")]
        if len(mobiles) > MAX_NUMBERS:
            raise ApiFault(2, f"一次最多{MAX_NUMBERS}个手机号")
        return mobiles

    # --------------------------------------------------------------- sending
    def single_send(self, params: dict, now: float) -> dict:
        raw_mobile = required(params, "mobile")
        text = required(params, "text")
        uid, extend, callback_url = self._send_options(params)
        if "," in raw_mobile:
            raise ApiFault(2, "single_send 只能发送一个手机号")
        item = self._send_one(
            "sms/single_send", raw_mobile.strip(), text, self.check_text(text), True, now, uid, extend, callback_url
        )
        if item["code"]:
            raise ApiFault(item["code"], item["detail"])
        return item

    def batch_send(self, params: dict, now: float) -> dict:
        mobiles = self._mobiles(params)
        text = required(params, "text")
        uid, extend, callback_url = self._send_options(params)
        code, detail = self.check_text(text)
        if code:
            raise ApiFault(code, detail)
        items = [
            self._send_one("sms/batch_send", m, text, (0, ""), False, now, uid, extend, callback_url) for m in mobiles
        ]
        return self._batch_answer(items)

    def multi_send(self, params: dict, now: float) -> dict:
        mobiles = self._mobiles(params)
        texts = rules.split_multi_texts(required(params, "text"))
        uid, extend, callback_url = self._send_options(params)
        if len(texts) != len(mobiles):
            raise ApiFault(25, f"{len(mobiles)} 个手机号, {len(texts)} 条内容")
        checks: dict[str, tuple[int, str]] = {}
        matchers = self._template_matchers()  # the state is locked: templates stay as they are
        items = []
        for mobile, text in zip(mobiles, texts, strict=False):
            check = checks.get(text)
            if check is None:
                check = checks[text] = self.check_text(text, matchers) if text else (2, "短信内容为空")
            items.append(self._send_one("sms/multi_send", mobile, text, check, False, now, uid, extend, callback_url))
        return self._batch_answer(items)

    # ----------------------------------------------------------- pull queues
    def pull_status(self, params: dict, now: float) -> list:
        self._feature("pull_status")
        size = int_param(params, "page_size", required=False, default=20, low=1, high=MAX_PAGE_SIZE)
        queue = self.state.status_queue
        return [queue.popleft()[1] for _ in range(min(size, len(queue)))]

    def pull_reply(self, params: dict, now: float) -> list:
        self._feature("pull_reply")
        size = int_param(params, "page_size", required=False, default=20, low=1, high=MAX_PAGE_SIZE)
        queue = self.state.reply_queue
        out = []
        for _ in range(min(size, len(queue))):
            fields = queue.popleft()[1].fields()
            fields["_sign"] = reply_sign(fields, self.state.apikey)
            out.append(fields)
        return out

    # ---------------------------------------------------------------- queries
    def _page(self, params: dict, items_all: list, items_by_mobile: dict, visible_until: float) -> list:
        start = time_param(params, "start_time")
        end = time_param(params, "end_time")
        page_num = int_param(params, "page_num", required=True, low=1)
        page_size = int_param(params, "page_size", required=True, low=1, high=MAX_PAGE_SIZE)
        mobile = (params.get("mobile") or "").strip()
        if mobile:
            mobile = mobile.removeprefix("+86")
            items = items_by_mobile.get(mobile, [])
        else:
            items = items_all
        key = _timestamp_of
        lo = bisect.bisect_left(items, start, key=key)
        # Wire times have whole seconds: end_time includes its whole second.
        hi = min(bisect.bisect_left(items, end + 1, key=key), bisect.bisect_right(items, visible_until, key=key))
        # Newest first: page 1 is the top of [lo, hi).
        top = hi - (page_num - 1) * page_size
        bottom = max(lo, top - page_size)
        if top <= lo:
            return []
        return items[bottom:top][::-1]

    def get_record(self, params: dict, now: float) -> list:
        lag = self.control.record_lag_seconds
        page = self._page(params, self.state.records, self.state.records_by_mobile, now - lag)
        return [r.wire() for r in page]

    def get_reply(self, params: dict, now: float) -> list:
        page = self._page(params, self.state.replies, self.state.replies_by_mobile, now)
        out = []
        for r in page:
            fields = r.fields()
            fields["id"] = None  # the document's get_reply example carries no id and no _sign
            fields["_sign"] = None
            out.append(fields)
        return out

    def get_black_word(self, params: dict, now: float) -> list:
        text = required(params, "text")
        return rules.find_blocked_words(text, self.state.blocked_words)

    # ------------------------------------------------------------------ user
    def _user(self) -> dict:
        account: dict[str, object] = dict(self.state.account)
        account["balance"] = _money(self.state.account["balance"])
        account["alarm_balance"] = _money(self.state.account["alarm_balance"])
        return account

    def user_get(self, params: dict, now: float) -> dict:
        return self._user()

    def user_set(self, params: dict, now: float) -> dict:
        fields = ("emergency_contact", "emergency_mobile", "alarm_balance")
        if not any(params.get(f) for f in fields):
            raise ApiFault(1, "emergency_contact、emergency_mobile、alarm_balance 至少传入一个")
        changes: _UserChanges = {}
        if params.get("emergency_contact"):
            contact = params["emergency_contact"].strip()
            if not contact or len(contact) > 50:
                raise ApiFault(2, "emergency_contact 长度必须在1到50之间")
            changes["emergency_contact"] = contact
        if params.get("emergency_mobile"):
            mobile = params["emergency_mobile"].strip().removeprefix("+86")
            if not _MAINLAND_MOBILE.fullmatch(mobile):
                raise ApiFault(2, "emergency_mobile 必须是11位手机号")
            changes["emergency_mobile"] = mobile
        if params.get("alarm_balance"):
            changes["alarm_balance"] = Decimal(int_param(params, "alarm_balance", required=True, low=0))
        self.state.account.update(changes)
        return self._user()


def _timestamp_of(item) -> float:
    return item.ts
