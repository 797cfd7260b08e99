"""The command line's run: the plan shows the cost from the profile's price in the --db file,
--no-store only keeps the sends out of the messages table, and nothing leaves without a yes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gui.campaign import run_cli
from gui.campaign.journal import SENT, Journal
from gui.services.profile_settings import ProfileSettings
from gui.store.db import Store
from tests.campaign.helpers import make_campaign

BASE = 13712340000


@pytest.fixture
def db(tmp_path, monkeypatch, sandbox):
    monkeypatch.setattr(run_cli.signal, "signal", lambda *_: None)  # the test process keeps its handlers
    monkeypatch.setenv("SMS_APIKEY", sandbox.apikey)
    path = tmp_path / "console.sqlite3"
    with Store.open(path) as store:
        ProfileSettings(store).set_price(Decimal("0.05"), "RMB", "manual")
    return path


def run(db, sandbox, campaign_id: int, *options: str) -> int:
    argv = ["--db", str(db), "--base-url", sandbox.base_url, "run", "--campaign", str(campaign_id), "--chunk-size"]
    return run_cli.main([*argv, "10", *options])


@pytest.mark.parametrize("no_store", [False, True])
def test_the_plan_shows_the_cost_and_no_store_keeps_sends_out_of_the_messages_table(db, sandbox, capsys, no_store):
    with Journal(db) as journal:
        cid = make_campaign(journal, 12, base=BASE)
    assert run(db, sandbox, cid, "--yes", *(["--no-store"] if no_store else [])) == 0
    assert "cost: 0.60 RMB" in capsys.readouterr().err  # the profile's price, never unknown for --no-store
    assert sorted(a.mobile for a in sandbox.accepted_log()) == [str(BASE + i) for i in range(12)]
    with Journal(db) as journal:
        assert journal.counts(cid) == {SENT: 12}
    with Store.open(db) as store:
        assert len(store.sent_messages()) == (0 if no_store else 12)


def test_without_a_yes_nothing_is_sent(db, sandbox, capsys):
    with Journal(db) as journal:
        cid = make_campaign(journal, 3, base=BASE)
    assert run(db, sandbox, cid) == 3
    assert "not confirmed: nothing was sent" in capsys.readouterr().err
    assert sandbox.accepted_log() == []
