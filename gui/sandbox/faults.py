"""Fault injection and behaviour knobs of the sandbox (the ``server.control`` object).

Every knob can be given at start (``SandboxServer(**knobs)`` / CLI flags), changed at
runtime with ``server.control.set(**knobs)`` or over HTTP with
``POST /_sandbox/control`` and a JSON object of knobs. Faults are deterministic:
``*_next`` counters fire on the next N calls, ``*_rate`` shares draw from a
``random.Random(fault_seed)`` (re-seeded whenever ``fault_seed`` is set).
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable
from decimal import Decimal

from gui.sandbox.rules import valid_callback_url

SEND_ENDPOINTS = frozenset({"sms/single_send", "sms/batch_send", "sms/multi_send"})
FEATURES = frozenset({"uid", "extend", "callback_url", "pull_status", "pull_reply"})

# Blocked words of the demo account. 测试 is on it because the provider's own example
# (get_black_word of "这是一条发票测试短信") answers ["发票", "测试"].
DEFAULT_BLOCKED_WORDS = (
    "发票",
    "代开",
    "测试",
    "赌博",
    "博彩",
    "六合彩",
    "时时彩",
    "枪支",
    "毒品",
    "色情",
    "裸聊",
    "办证",
    "刷单",
    "套现",
    "传销",
    "洗钱",
    "高利贷",
    "私彩",
)


def _bool(v) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in {"1", "true", "yes", "on"}
    return bool(v)


def _rate(v) -> float:
    v = float(v)
    if not 0.0 <= v <= 1.0:
        raise ValueError("a rate is between 0 and 1")
    return v


def _nonneg_int(v) -> int:
    v = int(v)
    if v < 0:
        raise ValueError("must be >= 0")
    return v


def _nonneg_float(v) -> float:
    v = float(v)
    if v < 0:
        raise ValueError("must be >= 0")
    return v


def _str_set(v) -> frozenset:
    if v is None:
        return frozenset()
    if isinstance(v, str):
        v = [p for p in v.split(",") if p.strip()]
    return frozenset(str(p).strip() for p in v)


def _features(v) -> frozenset:
    s = _str_set(v)
    unknown = s - FEATURES
    if unknown:
        raise ValueError(f"unknown features {sorted(unknown)}; known: {sorted(FEATURES)}")
    return s


def _endpoints(v):
    if v is None:
        return None
    s = _str_set(v)
    return frozenset(e.removeprefix("/v2/").removesuffix(".json") for e in s) or None


def _codes(v) -> list:
    if isinstance(v, (int, str)):
        v = [v]
    return [int(c) for c in v]


def _choice(*allowed):
    def coerce(v):
        if v not in allowed:
            raise ValueError(f"one of {allowed}")
        return v

    return coerce


def _decimal(v) -> Decimal:
    d = Decimal(str(v))
    if d < 0:
        raise ValueError("must be >= 0")
    return d


def _push_url(v) -> str:
    """An account-level push address: "" (none) or an http(s) URL."""
    url = str(v or "").strip()
    if url and not valid_callback_url(url):
        raise ValueError("a push address is an http(s) URL")
    return url


def _words(v) -> tuple:
    if isinstance(v, str):
        v = v.split(",")
    return tuple(w.strip() for w in v if w and w.strip())


# name -> (coerce, default). Knobs of the account itself (balance, apikey, signatures,
# blocked words) live in the state and are routed there by ``Control.set``.
KNOBS: dict[str, tuple] = {
    # transport faults
    "latency_ms": (_nonneg_int, 0),
    "html_error_rate": (_rate, 0.0),
    "html_error_next": (_nonneg_int, 0),
    "html_error_after_processing": (_bool, False),
    "connection_reset_rate": (_rate, 0.0),
    "connection_reset_next": (_nonneg_int, 0),
    "timeout_after_processing": (_nonneg_int, 0),
    "timeout_mode": (_choice("stall", "close"), "stall"),
    "stall_seconds": (_nonneg_float, 35.0),
    "rate_limit_per_second": (_nonneg_int, 0),
    "api_error_next": (_codes, []),
    "fault_endpoints": (_endpoints, None),
    "fault_seed": (int, 0),
    # provider behaviour
    "features_off": (_features, frozenset()),
    "record_lag_seconds": (_nonneg_float, 0.0),
    "review_delay_seconds": (_nonneg_float, 60.0),
    "report_delay_seconds": (_nonneg_float, 5.0),
    "report_fail_rate": (_rate, 0.05),
    "report_late_rate": (_rate, 0.03),
    "report_late_delay_seconds": (_nonneg_float, 1800.0),
    "reply_rate": (_rate, 0.01),
    "reply_delay_seconds": (_nonneg_float, 90.0),
    "retention_hours": (_nonneg_float, 72.0),
    "price_per_part": (_decimal, Decimal("0.05")),
    "international_price_per_part": (_decimal, Decimal("0.35")),
    "anti_harassment": (_bool, True),
    "hourly_cap": (_nonneg_int, 100),
    "daily_cap": (_nonneg_int, 1000),
    "tpl_update_wrap": (_choice("alternate", "always", "never"), "alternate"),
    # refusals the document lists for sends (codes 10, 23, 26-28; gui/sandbox/rules.py)
    "blacklisted_mobiles": (_str_set, frozenset()),  # 10: numbers on the anti-harassment blacklist
    "out_of_region_prefixes": (_str_set, frozenset()),  # 23: number prefixes outside the templates' regions
    "unsupported_carrier_prefixes": (_str_set, frozenset()),  # 28: number prefixes of an unsupported carrier
    "billing_fault": (_choice("none", "traffic_package", "amount_billing_off"), "none"),  # 26 / 27 on every send
    # pushes (gui/sandbox/pushes.py)
    "push_enabled": (_bool, True),
    "status_push_url": (_push_url, ""),  # the account's status report address (callback_url wins)
    "reply_push_url": (_push_url, ""),  # the account's reply address
    "push_fail_next": (_nonneg_int, 0),
    "push_fail_mode": (_choice("answer_lost", "not_delivered"), "answer_lost"),
    "push_timeout_seconds": (_nonneg_float, 5.0),
}
# Routed to the state (persisted with the account).
STATE_KNOBS: dict[str, Callable[[object], object]] = {
    "balance": _decimal,
    "alarm_balance": _decimal,
    "apikey": str,
    "signatures": _words,
    "blocked_words": _words,
}


class Control:
    # The knobs of KNOBS, set in __init__ and by set() through setattr; declared here
    # with the types their coercers return.
    latency_ms: int
    html_error_rate: float
    html_error_next: int
    html_error_after_processing: bool
    connection_reset_rate: float
    connection_reset_next: int
    timeout_after_processing: int
    timeout_mode: str
    stall_seconds: float
    rate_limit_per_second: int
    api_error_next: list[int]
    fault_endpoints: frozenset[str] | None
    fault_seed: int
    features_off: frozenset[str]
    record_lag_seconds: float
    review_delay_seconds: float
    report_delay_seconds: float
    report_fail_rate: float
    report_late_rate: float
    report_late_delay_seconds: float
    reply_rate: float
    reply_delay_seconds: float
    retention_hours: float
    price_per_part: Decimal
    international_price_per_part: Decimal
    anti_harassment: bool
    hourly_cap: int
    daily_cap: int
    tpl_update_wrap: str
    blacklisted_mobiles: frozenset[str]
    out_of_region_prefixes: frozenset[str]
    unsupported_carrier_prefixes: frozenset[str]
    billing_fault: str
    push_enabled: bool
    status_push_url: str
    reply_push_url: str
    push_fail_next: int
    push_fail_mode: str
    push_timeout_seconds: float

    def __init__(self, state=None, **knobs) -> None:
        self._lock = threading.RLock()
        self._state = state
        for name, (_, default) in KNOBS.items():
            setattr(self, name, list(default) if isinstance(default, list) else default)
        self._rng = random.Random(0)
        self._calls: deque[float] = deque()
        self.stall_release = threading.Event()  # set on stop(): stalled answers give up
        self.set(**knobs)

    # ------------------------------------------------------------------ public API
    def set(self, **knobs) -> dict:
        """Change knobs; unknown names raise TypeError, bad values ValueError."""
        with self._lock:
            coerced = {}
            for name, value in knobs.items():
                if name in KNOBS:
                    coerced[name] = KNOBS[name][0](value)
                elif name in STATE_KNOBS:
                    coerced[name] = STATE_KNOBS[name](value)
                else:
                    raise TypeError(f"unknown sandbox knob {name!r}")
            for name, value in coerced.items():
                if name in STATE_KNOBS:
                    if self._state is None:
                        raise TypeError(f"{name!r} needs the state")
                    self._state.set_account_knob(name, value)
                else:
                    setattr(self, name, value)
                    if name == "fault_seed":
                        self._rng = random.Random(value)
        return self.snapshot()

    def snapshot(self) -> dict:
        """Every knob as JSON-friendly values (the apikey is never included)."""
        with self._lock:
            out = {}
            for name in KNOBS:
                v = getattr(self, name)
                if isinstance(v, frozenset):
                    v = sorted(v)
                elif isinstance(v, Decimal):
                    v = str(v)
                elif isinstance(v, list):
                    v = list(v)
                out[name] = v
            if self._state is not None:
                out.update(self._state.account_knobs())
            return out

    def feature_on(self, feature: str) -> bool:
        return feature not in self.features_off

    # --------------------------------------------------------- decisions per call
    def applies_to(self, endpoint: str) -> bool:
        return self.fault_endpoints is None or endpoint in self.fault_endpoints

    def rate_limited(self) -> bool:
        """True when this call goes over rate_limit_per_second (sliding 1 s window of
        real time); calls refused this way are not counted."""
        with self._lock:
            if not self.rate_limit_per_second:
                return False
            now = time.monotonic()
            while self._calls and now - self._calls[0] >= 1.0:
                self._calls.popleft()
            if len(self._calls) >= self.rate_limit_per_second:
                return True
            self._calls.append(now)
            return False

    def _fire(self, counter: str, rate: str) -> bool:
        with self._lock:
            if getattr(self, counter) > 0:
                setattr(self, counter, getattr(self, counter) - 1)
                return True
            share = getattr(self, rate)
            return bool(share) and self._rng.random() < share

    def take_connection_reset(self) -> bool:
        return self._fire("connection_reset_next", "connection_reset_rate")

    def take_html_error(self) -> bool:
        return self._fire("html_error_next", "html_error_rate")

    def take_html_status(self) -> int:
        with self._lock:
            return 502 if self._rng.random() < 0.5 else 500

    def take_api_error(self) -> int | None:
        with self._lock:
            if self.api_error_next:
                return self.api_error_next.pop(0)
            return None

    def take_push_failure(self) -> str | None:
        """``push_fail_mode`` when this push is one of the next ``push_fail_next``, else None."""
        with self._lock:
            if self.push_fail_next > 0:
                self.push_fail_next -= 1
                return self.push_fail_mode
            return None

    def take_timeout_after_processing(self, endpoint: str) -> bool:
        with self._lock:
            if endpoint in SEND_ENDPOINTS and self.timeout_after_processing > 0:
                self.timeout_after_processing -= 1
                return True
            return False
