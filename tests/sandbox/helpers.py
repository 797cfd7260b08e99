"""Helpers for the sandbox's own tests: raw HTTP with ``requests``."""

from __future__ import annotations

from urllib.parse import quote

import requests

from gui.sandbox.server import SandboxServer

FAR_PAST = "2000-01-01 00:00:00"
FAR_FUTURE = "2100-01-01 00:00:00"
OTP = "【豪霆云】您的验证码是{}"  # default template 1 with a registered signature


class Api:
    """Calls one sandbox over real HTTP; ``call`` returns (HTTP status, decoded JSON)."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.session = requests.Session()

    def call(self, endpoint: str, *, apikey: str | None = None, timeout: float = 10, **params):
        data = {"apikey": self.server.apikey if apikey is None else apikey}
        data.update({k: v for k, v in params.items() if v is not None})
        r = self.session.post(
            f"{self.server.base_url}/v2/{endpoint}.json",
            data=data,
            timeout=timeout,
            headers={"Accept": "application/json;charset=utf-8"},
        )
        return r.status_code, r.json()

    def ok(self, endpoint: str, **params):
        status, body = self.call(endpoint, **params)
        assert status == 200, body
        return body

    def error(self, endpoint: str, code: int, **params) -> dict:
        status, body = self.call(endpoint, **params)
        assert status == 400, body
        assert body["http_status_code"] == 400 and body["code"] == code, body
        assert isinstance(body["msg"], str) and body["msg"] and isinstance(body["detail"], str)
        return body

    def send(self, mobile: str, text: str, **params) -> dict:
        return self.ok("sms/single_send", mobile=mobile, text=text, **params)

    def multi(self, mobiles, texts, **params):
        return self.call(
            "sms/multi_send", mobile=",".join(mobiles), text=",".join(quote(t, safe="") for t in texts), **params
        )

    def records(self, **params) -> list:
        params.setdefault("start_time", FAR_PAST)
        params.setdefault("end_time", FAR_FUTURE)
        params.setdefault("page_num", 1)
        params.setdefault("page_size", 100)
        return self.ok("sms/get_record", **params)

    def control(self, method: str, path: str, json=None):
        r = self.session.request(method, f"{self.server.base_url}/_sandbox/{path}", json=json, timeout=10)
        return r.status_code, r.json()
