"""Fixtures for the sandbox gateway's own tests (helpers in helpers.py)."""

from __future__ import annotations

import pytest

from gui.sandbox.server import SandboxServer

from .helpers import Api


@pytest.fixture
def server():
    """A demo sandbox with a frozen clock (tests move time explicitly)."""
    srv = SandboxServer(port=0, frozen_clock=True)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def empty_server():
    """A sandbox without demo data, frozen clock, no random replies or failed reports."""
    srv = SandboxServer(port=0, frozen_clock=True, demo=False, reply_rate=0, report_fail_rate=0, report_late_rate=0)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def api(server) -> Api:
    return Api(server)


@pytest.fixture
def eapi(empty_server) -> Api:
    return Api(empty_server)
