"""Fixtures of the campaign tests: a sandbox, a journal, a client, and a shown Campaigns tab.

tests/campaign/conftest.py makes them available to tests/campaign; other folders import
them by name (a module-level fixture of the same name overrides one from here).
"""

from __future__ import annotations

import pytest

from gui.api.client import SmsClient
from gui.campaign.journal import Journal
from gui.sandbox.server import SandboxServer


@pytest.fixture
def server():
    # "close" answers a timed-out send by closing the connection at once: in doubt without waiting.
    with SandboxServer(port=0, demo=True, timeout_mode="close", balance="100000") as srv:
        yield srv


@pytest.fixture
def journal(tmp_path):
    j = Journal(tmp_path / "console.sqlite3")
    yield j
    j.close()


@pytest.fixture
def client(server):
    c = SmsClient(server.apikey, server.base_url, timeout=(2, 5), retry_delays=(0.01,))
    yield c
    c.close()


@pytest.fixture
def tab(qtbot, app_ctx):
    """A shown Campaigns tab on the sandbox profile; a run still going at the end is cancelled."""
    from gui.views.campaigns import CampaignsTab

    page = CampaignsTab(app_ctx)
    qtbot.addWidget(page)
    page.show()
    yield page
    if page._task is not None:
        page.cancel_now()
        qtbot.waitUntil(lambda: page._task is None, timeout=10000)
