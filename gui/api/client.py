"""MINIMAL STUB (replaced by the API client issue): user_get only."""
from __future__ import annotations

from decimal import Decimal

import requests

from gui.api.models import Account


class SmsClient:
    def __init__(self, apikey: str, base_url: str, timeout=(10, 30), session=None) -> None:
        self._apikey = apikey
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def user_get(self) -> Account:
        r = requests.post(f"{self.base_url}/v2/user/get.json", data={"apikey": self._apikey}, timeout=self.timeout)
        d = r.json()
        if "code" in d and d["code"] != 0:
            raise RuntimeError(f"code {d['code']}")
        return Account(d["nick"], d["gmt_created"], d["mobile"], d["email"], d["ip_whitelist"], d["api_version"],
                       Decimal(str(d["balance"])), Decimal(str(d["alarm_balance"])), d["emergency_contact"], d["emergency_mobile"])
