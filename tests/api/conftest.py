"""Fixtures of the API client tests: a canned-answer gateway and a client pointed at it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_gateway import FakeGateway

from gui.api.client import SmsClient

# Long and recognisable, so a leak is easy to spot in any string.
SECRET_APIKEY = "SECRET-apikey-7f3a9c0e1b2d4f6a8c0e2b4d6f8a0c2e"


@pytest.fixture
def gateway():
    gw = FakeGateway().start()
    yield gw
    gw.stop()


@pytest.fixture
def client(gateway):
    """A client on the fake gateway: short timeouts, retries without pauses (delays recorded)."""
    pauses: list[float] = []
    c = SmsClient(SECRET_APIKEY, gateway.base_url, timeout=(2, 2), retry_delays=(0.5, 1.5), sleep=pauses.append)
    c.pauses = pauses
    yield c
    c.close()
