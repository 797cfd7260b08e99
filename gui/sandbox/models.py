"""The sandbox account's records as plain objects: templates, sent messages (``Record``),
replies, the accepted-message log, the account as user/get shows it, and the constants
they start from (first sid and template id, default templates, carrier failure codes).

``reply_sign`` is the provider's ``_sign`` of a reply (pull_reply and the reply push).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from gui.sandbox.clock import to_wire

SID_BASE = 2**40 + 1_000_003  # sids above 2**32 so 32-bit parsing bugs show
FIRST_TPL_ID = 1_000_001
BASE_EXTEND = "8888"
DEFAULT_SIGNATURES = ("【豪霆云】", "【Demo】")

# Carrier failure codes a FAIL report carries (error_msg) with a plain detail.
CARRIER_FAILURES = (
    ("DB:0103", "空号"),
    ("MK:0001", "手机关机或停机"),
    ("MN:0001", "用户欠费停机"),
    ("DB:0141", "黑名单号码"),
    ("UNDELIV", "无法送达"),
    ("MK:0005", "用户手机存储满"),
)

# Default templates (tpl/get_default). Usable with any registered signature as #company#.
DEFAULT_TEMPLATES = (
    (1, "【#company#】您的验证码是#code#"),
    (2, "【#company#】您的验证码是#code#。如非本人操作，请忽略本短信"),
    (3, "【#company#】亲爱的#name#，您的验证码是#code#。如非本人操作，请忽略本短信"),
    (4, "【#company#】亲爱的#name#，您的验证码是#code#。有效期为#hour#小时，请尽快验证"),
    (5, "【#company#】感谢您注册#app#，您的验证码是#code#"),
    (6, "【#company#】欢迎使用#app#，您的手机验证码是#code#。本条信息无需回复"),
    (7, "【#company#】正在找回密码，您的验证码是#code#"),
    (8, "【#company#】激活码是#code#。如非本人操作，请致电#tel#"),
)


class Account(TypedDict):
    """The account as user/get shows it, with the money as Decimal."""

    nick: str
    gmt_created: str
    mobile: str
    email: str
    ip_whitelist: str | None
    api_version: str
    balance: Decimal
    alarm_balance: Decimal
    emergency_contact: str
    emergency_mobile: str


@dataclass
class Template:
    tpl_id: int
    tpl_content: str
    check_status: str  # CHECKING | SUCCESS | FAIL
    reason: str | None
    created_ts: float
    review_due_ts: float
    notify_type: int = 0

    def wire(self, reason_key: str = "reason") -> dict:
        return {
            "tpl_id": self.tpl_id,
            "tpl_content": self.tpl_content,
            "check_status": self.check_status,
            reason_key: self.reason,
        }


class Record:
    __slots__ = (
        "sid",
        "mobile",
        "ts",
        "send_time",
        "text",
        "parts",
        "fee",
        "uid",
        "extend",
        "callback_url",
        "report_status",
        "user_receive_time",
        "error_msg",
        "error_detail",
    )

    def __init__(
        self,
        sid,
        mobile,
        ts,
        text,
        parts,
        fee,
        uid=None,
        extend="",
        callback_url=None,
        report_status="UNKNOWN",
        user_receive_time=None,
        error_msg="",
        error_detail="",
        send_time=None,
    ):
        self.sid = sid
        self.mobile = mobile
        self.ts = ts
        self.send_time = send_time or to_wire(ts)
        self.text = text
        self.parts = parts
        self.fee = fee  # str, money
        self.uid = uid
        self.extend = extend
        self.callback_url = callback_url
        self.report_status = report_status
        self.user_receive_time = user_receive_time
        self.error_msg = error_msg
        self.error_detail = error_detail

    def wire(self) -> dict:
        # The document's example shows get_record's sid as a string.
        return {
            "sid": str(self.sid),
            "mobile": self.mobile,
            "send_time": self.send_time,
            "text": self.text,
            "send_status": "SUCCESS",
            "report_status": self.report_status,
            "fee": self.parts,
            "user_receive_time": self.user_receive_time,
            "error_msg": self.error_msg,
            "uid": self.uid,
        }

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}


class Reply:
    __slots__ = ("id", "mobile", "text", "ts", "reply_time", "extend", "base_extend")

    def __init__(self, id, mobile, text, ts, extend="", base_extend=BASE_EXTEND, reply_time=None):
        self.id = id
        self.mobile = mobile
        self.text = text
        self.ts = ts
        self.reply_time = reply_time or to_wire(ts)
        self.extend = extend
        self.base_extend = base_extend

    def fields(self) -> dict:
        return {
            "id": self.id,
            "mobile": self.mobile,
            "text": self.text,
            "reply_time": self.reply_time,
            "extend": self.extend,
            "base_extend": self.base_extend,
        }

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}


def reply_sign(fields: dict, apikey: str) -> str:
    """The document's _sign: md5 of the values ordered by key, ',' joined, + ',' + apikey."""
    values = [str(fields[k]) if fields[k] is not None else "" for k in sorted(fields) if k != "_sign"]
    return hashlib.md5((",".join(values) + "," + apikey).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AcceptedMessage:
    """One message the sandbox accepted (and billed): the log tests inspect."""

    sid: int
    uid: str | None
    mobile: str
    text: str
    time: str  # Beijing wire time
    ts: float
    extend: str
    callback_url: str | None
    endpoint: str
    parts: int
    fee: str
