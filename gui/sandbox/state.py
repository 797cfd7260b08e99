"""The sandbox's in-memory model of one provider account, with the indexes that keep
large campaigns fast (records by time and by number, anti-harassment by
(number, text)) and a JSON form for ``state_file=`` persistence.

All mutation happens under ``SandboxState.lock`` (one RLock; the API takes it for a
whole request so checks and the commit are atomic).
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import json
import os
import struct
import threading
import uuid
from collections import deque
from dataclasses import asdict
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from gui.sandbox import rules
from gui.sandbox.clock import to_wire
from gui.sandbox.faults import DEFAULT_BLOCKED_WORDS
from gui.sandbox.models import (
    CARRIER_FAILURES,
    DEFAULT_SIGNATURES,
    FIRST_TPL_ID,
    SID_BASE,
    AcceptedMessage,
    Account,
    Record,
    Reply,
    Template,
)

if TYPE_CHECKING:
    from gui.sandbox.pushes import Pusher


def _hash_units(sid: int) -> tuple[float, float, float, float]:
    """Four independent deterministic numbers in [0, 1) for one sid (one hash)."""
    a, b, c, d = _FOUR_WORDS(hashlib.blake2b(sid.to_bytes(8, "big"), digest_size=16).digest())
    return a / 2**32, b / 2**32, c / 2**32, d / 2**32


_FOUR_WORDS = struct.Struct(">4I").unpack  # the digest's four big-endian 32-bit words


class SandboxState:
    def __init__(self, apikey: str, clock, control=None) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.control = control
        self.apikey = apikey
        self.signatures: tuple[str, ...] = DEFAULT_SIGNATURES
        self.blocked_words: tuple[str, ...] = DEFAULT_BLOCKED_WORDS
        self.account: Account = {
            "nick": "sandbox-demo",
            "gmt_created": to_wire(clock.time() - 400 * 86400),
            "mobile": "138****8000",
            "email": "demo@example.com",
            "ip_whitelist": None,
            "api_version": "v2",
            "balance": Decimal("1000.00"),
            "alarm_balance": Decimal("100"),
            "emergency_contact": "张三",
            "emergency_mobile": "13800138001",
        }
        self.templates: dict[int, Template] = {}
        self.next_tpl_id = FIRST_TPL_ID
        self.next_sid = SID_BASE
        self.tpl_update_calls = 0
        self.records: list[Record] = []  # sorted by ts
        self.records_by_mobile: dict[str, list[Record]] = {}
        self.records_by_sid: dict[int, Record] = {}
        self.replies: list[Reply] = []  # sorted by ts
        self.replies_by_mobile: dict[str, list[Reply]] = {}
        self.pending_reports: list[tuple] = []  # heap of (due_ts, sid, status, code, detail)
        self.pending_replies: list[tuple] = []  # heap of (due_ts, seq, mobile, text)
        self.status_queue: deque[tuple[float, dict]] = deque()  # (enqueued_ts, report)
        self.reply_queue: deque[tuple[float, Reply]] = deque()
        self.harassment: dict[tuple[str, str], list[float]] = {}
        self.per_number: dict[str, deque] = {}
        self.accepted: list[AcceptedMessage] = []
        self._seq = 0
        self.pushes: Pusher | None = None  # set by the server once the account is loaded

    # ------------------------------------------------------------ account knobs
    def set_account_knob(self, name: str, value) -> None:
        with self.lock:
            if name == "balance":
                self.account["balance"] = value
            elif name == "alarm_balance":
                self.account["alarm_balance"] = value
            elif name == "apikey":
                self.apikey = value
            elif name == "signatures":
                self.signatures = tuple(value)
            elif name == "blocked_words":
                self.blocked_words = tuple(value)

    def account_knobs(self) -> dict:
        with self.lock:
            return {
                "balance": str(self.account["balance"]),
                "alarm_balance": str(self.account["alarm_balance"]),
                "signatures": list(self.signatures),
                "blocked_words": list(self.blocked_words),
            }

    # --------------------------------------------------------------- templates
    def add_template(
        self,
        content: str,
        now: float,
        notify_type: int = 0,
        status: str = "CHECKING",
        reason: str | None = None,
        review_delay: float | None = None,
    ) -> Template:
        with self.lock:
            delay = review_delay if review_delay is not None else self._knob("review_delay_seconds", 60.0)
            tpl = Template(self.next_tpl_id, content, status, reason, now, now + delay, notify_type)
            self.next_tpl_id += 1
            self.templates[tpl.tpl_id] = tpl
            return tpl

    def review(self, content: str) -> tuple[str, str | None]:
        """The review's verdict on a template's content: (SUCCESS, None) or (FAIL, reason)."""
        signature = rules.leading_signature(content)
        if signature is None:
            if content.count("【") > 1:
                return "FAIL", "模板只能包含一个签名"
            return "FAIL", "模板开头必须带签名,如【豪霆云】"
        if signature not in self.signatures:
            return "FAIL", f"签名{signature}未报备,请先报备签名"
        words = rules.find_blocked_words(content, self.blocked_words)
        if words:
            return "FAIL", "模板包含屏蔽词:" + ",".join(words)
        if rules.utf16_length(content) > rules.MAX_TEXT_CHARS:
            return "FAIL", "模板内容过长"
        return "SUCCESS", None

    # ----------------------------------------------------------------- sending
    def new_sid(self) -> int:
        sid = self.next_sid
        self.next_sid += 1
        return sid

    def add_record(self, record: Record) -> None:
        """Index a record (in time order; appends are O(1) when time moves forward)."""
        if not self.records or self.records[-1].ts <= record.ts:
            self.records.append(record)
        else:
            bisect.insort(self.records, record, key=lambda r: r.ts)
        by_mobile = self.records_by_mobile.setdefault(record.mobile, [])
        if not by_mobile or by_mobile[-1].ts <= record.ts:
            by_mobile.append(record)
        else:
            bisect.insort(by_mobile, record, key=lambda r: r.ts)
        self.records_by_sid[record.sid] = record

    def schedule_report(self, record: Record) -> None:
        """Decide (deterministically, from the sid) how this message's report ends and when."""
        c = self.control
        late, fail, pick, reply = _hash_units(record.sid)
        delay = c.report_delay_seconds if c else 5.0
        if late < (c.report_late_rate if c else 0.03):
            delay = c.report_late_delay_seconds if c else 1800.0
        if fail < (c.report_fail_rate if c else 0.05):
            code, detail = CARRIER_FAILURES[int(pick * len(CARRIER_FAILURES))]
            outcome = ("FAIL", code, detail)
        else:
            outcome = ("SUCCESS", "", "")
        heapq.heappush(self.pending_reports, (record.ts + delay, record.sid) + outcome)
        if reply < (c.reply_rate if c else 0.01):
            text = ("退订", "TD", "T", "R", "收到，谢谢！", "好的", "已收到", "请问怎么取消？")[int(pick * 8)]
            self.schedule_reply(record.mobile, text, record.ts + (c.reply_delay_seconds if c else 90.0))

    def schedule_reply(self, mobile: str, text: str, due_ts: float, extend: str | None = None) -> None:
        self._seq += 1
        heapq.heappush(self.pending_replies, (due_ts, self._seq, mobile, text, extend))

    def accept(
        self,
        endpoint: str,
        mobile: str,
        text: str,
        n_parts: int,
        fee: Decimal,
        now: float,
        uid: str | None,
        extend: str,
        callback_url: str | None,
    ) -> Record:
        """Commit one accepted message: bill it, record it, log it, schedule its report."""
        sid = self.new_sid()
        fee_text = str(fee)
        record = Record(sid, mobile, now, text, n_parts, fee_text, uid, extend, callback_url)
        self.account["balance"] -= fee
        self.add_record(record)
        self.harassment.setdefault((mobile, text), []).append(now)
        self.per_number.setdefault(mobile, deque()).append(now)
        self.accepted.append(
            AcceptedMessage(
                sid, uid, mobile, text, record.send_time, now, extend, callback_url, endpoint, n_parts, fee_text
            )
        )
        if callback_url and self.pushes is not None:
            self.pushes.watch_callback()
        self.schedule_report(record)
        return record

    def harassment_code(self, mobile: str, text: str, now: float) -> int:
        """8, 9 or 0 for the next message of ``text`` to ``mobile``."""
        times = self.harassment.get((mobile, text))
        if not times:
            return 0
        while times and times[0] <= now - 300:
            times.pop(0)
        if not times:
            return 0
        if now - times[-1] < 30:
            return 8
        if len(times) >= 3:
            return 9
        return 0

    def cap_code(self, mobile: str, now: float, hourly_cap: int, daily_cap: int) -> int:
        """22 or 17 when the number reached its hourly or daily cap, else 0."""
        times = self.per_number.get(mobile)
        if not times:
            return 0
        while times and times[0] <= now - 86400:
            times.popleft()
        if daily_cap and len(times) >= daily_cap:
            return 17
        if hourly_cap:
            for recent, t in enumerate(reversed(times), start=1):
                if t <= now - 3600:
                    break
                if recent >= hourly_cap:
                    return 22
        return 0

    # ---------------------------------------------------------------- replies
    def add_reply(
        self,
        mobile: str,
        text: str,
        ts: float,
        extend: str | None = None,
        queue: bool = True,
        reply_id: str | None = None,
    ) -> Reply:
        with self.lock:
            if extend is None:
                sent = self.records_by_mobile.get(mobile)
                extend = sent[-1].extend if sent else ""
            reply = Reply(reply_id or uuid.uuid4().hex, mobile, text, ts, extend or "")
            if not self.replies or self.replies[-1].ts <= ts:
                self.replies.append(reply)
            else:
                bisect.insort(self.replies, reply, key=lambda r: r.ts)
            self.replies_by_mobile.setdefault(mobile, [])
            bisect.insort(self.replies_by_mobile[mobile], reply, key=lambda r: r.ts)
            if queue:
                self.reply_queue.append((ts, reply))
                if self.pushes is not None:
                    self.pushes.reply(reply.fields())
            return reply

    # ------------------------------------------------------------------ time
    def tick(self, now: float) -> None:
        """Let time act: reviews finish, reports and replies arrive, old queue items expire."""
        with self.lock:
            for tpl in self.templates.values():
                if tpl.check_status == "CHECKING" and tpl.review_due_ts <= now:
                    tpl.check_status, tpl.reason = self.review(tpl.tpl_content)
            while self.pending_reports and self.pending_reports[0][0] <= now:
                due, sid, status, code, detail = heapq.heappop(self.pending_reports)
                record = self.records_by_sid.get(sid)
                if record is None:
                    continue
                self.deliver_report(record, status, code, detail, due)
            while self.pending_replies and self.pending_replies[0][0] <= now:
                due, _, mobile, text, extend = heapq.heappop(self.pending_replies)
                self.add_reply(mobile, text, due, extend)
            keep_after = now - self._knob("retention_hours", 72.0) * 3600
            while self.status_queue and self.status_queue[0][0] < keep_after:
                self.status_queue.popleft()
            while self.reply_queue and self.reply_queue[0][0] < keep_after:
                self.reply_queue.popleft()

    def deliver_report(
        self, record: Record, status: str, code: str, detail: str, ts: float, queue: bool = True
    ) -> None:
        record.report_status = status
        record.user_receive_time = to_wire(ts)
        record.error_msg = code
        record.error_detail = detail
        if queue:
            report = {
                "sid": record.sid,
                "uid": record.uid,
                "user_receive_time": record.user_receive_time,
                "error_msg": code,
                "mobile": record.mobile.removeprefix("+86"),
                "report_status": status,
            }
            if status == "FAIL":
                report["error_detail"] = detail
            self.status_queue.append((ts, report))
            if self.pushes is not None:
                self.pushes.report(report, record.callback_url)

    def _knob(self, name: str, default):
        return getattr(self.control, name, default) if self.control is not None else default

    # ------------------------------------------------------------ persistence
    def to_json(self) -> dict:
        with self.lock:
            account = dict(self.account)
            account["balance"] = str(account["balance"])
            account["alarm_balance"] = str(account["alarm_balance"])
            return {
                "version": 1,
                "apikey": self.apikey,
                "signatures": list(self.signatures),
                "blocked_words": list(self.blocked_words),
                "account": account,
                "templates": [asdict(t) for t in self.templates.values()],
                "next_tpl_id": self.next_tpl_id,
                "next_sid": self.next_sid,
                "tpl_update_calls": self.tpl_update_calls,
                "records": [r.to_json() for r in self.records],
                "replies": [r.to_json() for r in self.replies],
                "pending_reports": [list(p) for p in self.pending_reports],
                "pending_replies": [list(p) for p in self.pending_replies],
                "status_queue": [[ts, rep] for ts, rep in self.status_queue],
                "reply_queue": [[ts, rep.id] for ts, rep in self.reply_queue],
                "harassment": [[m, t, times] for (m, t), times in self.harassment.items()],
                "per_number": {m: list(times) for m, times in self.per_number.items()},
                "accepted": [dict(vars(a)) for a in self.accepted],
            }

    def load_json(self, data: dict) -> None:
        with self.lock:
            self.apikey = data["apikey"]
            self.signatures = tuple(data["signatures"])
            self.blocked_words = tuple(data["blocked_words"])
            account = dict(data["account"])
            account["balance"] = Decimal(account["balance"])
            account["alarm_balance"] = Decimal(account["alarm_balance"])
            self.account = cast(Account, account)  # the shape to_json wrote
            self.templates = {t["tpl_id"]: Template(**t) for t in data["templates"]}
            self.next_tpl_id = data["next_tpl_id"]
            self.next_sid = data["next_sid"]
            self.tpl_update_calls = data.get("tpl_update_calls", 0)
            self.records, self.records_by_mobile, self.records_by_sid = [], {}, {}
            for r in data["records"]:
                self.add_record(Record(**r))
            self.replies, self.replies_by_mobile = [], {}
            by_id = {}
            for r in data["replies"]:
                reply = self.add_reply(r["mobile"], r["text"], r["ts"], r["extend"], queue=False, reply_id=r["id"])
                by_id[reply.id] = reply
            self.pending_reports = [tuple(p) for p in data["pending_reports"]]
            heapq.heapify(self.pending_reports)
            self.pending_replies = [tuple(p) for p in data["pending_replies"]]
            heapq.heapify(self.pending_replies)
            self._seq = max((p[1] for p in self.pending_replies), default=0)
            self.status_queue = deque((ts, rep) for ts, rep in data["status_queue"])
            self.reply_queue = deque((ts, by_id[rid]) for ts, rid in data["reply_queue"] if rid in by_id)
            self.harassment = {(m, t): list(times) for m, t, times in data["harassment"]}
            self.per_number = {m: deque(times) for m, times in data["per_number"].items()}
            self.accepted = [AcceptedMessage(**a) for a in data["accepted"]]

    def save(self, path) -> None:
        """Write the state atomically (a temporary file, then a rename)."""
        text = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))
        tmp = f"{path}.tmp"
        # 0600: the file holds the account's apikey.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)

    def load(self, path) -> None:
        with open(path, encoding="utf-8") as f:
            self.load_json(json.load(f))
