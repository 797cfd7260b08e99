"""CampaignService over real HTTP against the sandbox: the spend gate is the only door.

What the gateway accepted (``sandbox.accepted_log()``) is the truth, not what the
service believes: without a valid approval nothing is accepted; with one every row
exactly once; Cancel in the Campaigns tab's confirmation sends nothing.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from gui.campaign.journal import DRAFT, FAILED, PENDING, SENT, Journal, PlannedRow
from gui.services.campaigns import CampaignConfig, CampaignService, DryRunRequest, PriceUnknown
from gui.services.profile_settings import ProfileSettings
from gui.services.spend_gate import SpendGate, SpendKind, SpendRefused
from gui.store.db import Store
from gui.store.io_guard import allow_gui_thread_io
from tests.campaign.helpers import TEMPLATE, answer_spend, assert_exactly_once, make_campaign, render

ROWS = 120
BASE = 13912340000


@pytest.fixture
def service(tmp_path, sandbox, direct):
    db = tmp_path / "console.sqlite3"
    store = Store.open(db)
    svc = CampaignService(
        db,
        lambda: direct,
        SpendGate(),
        lambda: ProfileSettings(store),
        store=lambda: store,
        config=CampaignConfig(chunk_size=50, grace_seconds=60),
    )
    yield svc
    svc.release()
    store.close()


def accepted(sandbox) -> list:
    return [a for a in sandbox.accepted_log() if BASE <= int(a.mobile) < BASE + ROWS]


def test_start_without_an_approval_is_refused_and_nothing_is_sent(service, sandbox):
    cid = make_campaign(service.journal(), ROWS, base=BASE)
    service.plan_start(cid)
    with pytest.raises(SpendRefused, match="no confirmation"):
        service.start(cid, None)
    assert accepted(sandbox) == []
    assert service.counts(cid) == {PENDING: ROWS}
    assert service.journal().campaign(cid).state == DRAFT


def test_start_with_a_used_or_foreign_approval_is_refused_and_nothing_is_sent(service, sandbox):
    gate = service._gate
    cid = make_campaign(service.journal(), ROWS, base=BASE)
    plan = service.plan_start(cid)
    approval = gate.approve(plan)
    gate.spend(approval, plan)  # used once already
    with pytest.raises(SpendRefused):
        service.start(cid, approval)
    # an approval given for another kind of send (a resume) does not start it either
    resume_plan = service.plan_resume(cid)
    with pytest.raises(SpendRefused, match="another send"):
        service.start(cid, gate.approve(resume_plan))
    # nor one given for another campaign
    other = make_campaign(service.journal(), 3, base=BASE + 1000)
    with pytest.raises(SpendRefused):
        service.start(cid, gate.approve(service.plan_start(other)))
    assert accepted(sandbox) == []
    assert service.counts(cid) == {PENDING: ROWS}


def test_confirmed_start_sends_every_row_once_and_the_approval_only_once(service, sandbox):
    service.set_price("0.05")
    cid = make_campaign(service.journal(), ROWS, base=BASE)
    plan = service.plan_start(cid)
    assert plan.kind is SpendKind.CAMPAIGN_START and plan.campaign_id == cid
    assert plan.recipients == ROWS and plan.parts == ROWS and plan.cost == Decimal("0.05") * ROWS
    assert plan.balance is not None and plan.estimated_seconds is not None
    assert [(s.mobile, s.text) for s in plan.samples] == [(str(BASE + i), render(i)) for i in range(3)]
    approval = service._gate.approve(plan)
    outcome = service.start(cid, approval)
    assert outcome.state == "finished", outcome.error
    assert_exactly_once(sandbox.accepted_log(), service.journal(), cid, ROWS)
    with pytest.raises(SpendRefused):  # the same approval cannot send it again
        service.resume(cid, approval)
    assert len(accepted(sandbox)) == ROWS


def test_resume_with_no_row_left_needs_no_approval_and_sends_nothing(service, sandbox):
    cid = make_campaign(service.journal(), 5, base=BASE)
    service.start(cid, service._gate.approve(service.plan_start(cid)))
    assert service.plan_resume(cid) is None
    assert service.resume(cid, None).state == "finished"
    assert len(accepted(sandbox)) == 5


def test_resume_with_rows_left_and_no_approval_is_refused_and_nothing_is_sent(service, sandbox):
    cid = make_campaign(service.journal(), ROWS, base=BASE)
    assert service.plan_resume(cid) is not None  # rows are left: resuming them needs the confirmation
    with pytest.raises(SpendRefused, match="no confirmation"):
        service.resume(cid, None)
    assert accepted(sandbox) == [] and sandbox.accepted_log() == []
    assert service.counts(cid) == {PENDING: ROWS}


def test_retry_and_test_send_go_through_the_gate(service, sandbox):
    journal = service.journal()
    rows = [PlannedRow(i + 2, str(BASE + i), render(i), False, PENDING, "", 1) for i in range(4)]
    cid = journal.create_campaign("retry me", TEMPLATE, rows)
    # two rows failed earlier (e.g. a number the provider refused for the moment)
    claimed, _ = journal.claim_chunk(cid, "sms/multi_send", [1, 2], requested_at=0)
    from gui.campaign.journal import RowResult

    journal.record_chunk_results(claimed, [RowResult(1, FAILED, 9, "x"), RowResult(2, FAILED, 9, "x")], answered_at=0)
    with pytest.raises(SpendRefused):
        service.retry(cid, None)
    plan = service.plan_retry(cid)
    assert plan.recipients == 2
    new_ids = []
    outcome = service.retry(cid, service._gate.approve(plan), on_started=new_ids.append)
    assert outcome.state == "finished" and new_ids
    assert service.counts(new_ids[0]) == {SENT: 2}
    assert sorted(a.mobile for a in accepted(sandbox)) == [str(BASE), str(BASE + 1)]

    test_plan = service.plan_test_send(str(BASE + 50), render(50))
    with pytest.raises(SpendRefused):
        service.test_send(None)
    result = service.test_send(service._gate.approve(test_plan))
    assert result.ok
    assert [a.mobile for a in accepted(sandbox)].count(str(BASE + 50)) == 1


def test_the_price_is_never_invented(service, tmp_path):
    from gui.campaign.importer import read_table

    path = tmp_path / "list.csv"
    path.write_text("手机号,name,service,time\n13912340000,a,b,9:00\n", encoding="utf-8")
    request = DryRunRequest(TEMPLATE, 0, {"name": 1, "service": 2, "time": 3})
    with pytest.raises(PriceUnknown):
        service.dry_run(read_table(path), request)
    cid = make_campaign(service.journal(), 2, base=BASE)
    assert service.plan_start(cid).cost is None  # shown as unknown, not made up
    price = service.migrate_price(profile_price=None, legacy_campaign_price="0.042")
    assert price is not None and price.per_part == Decimal("0.042")
    assert service.dry_run(read_table(path), request).total_cost == Decimal("0.042")


@pytest.mark.usefixtures("qapp")
def test_cancel_in_the_tab_confirmation_sends_nothing(qtbot, app_ctx, sandbox, tmp_path):
    from gui.views.campaigns import CampaignsTab

    tab = CampaignsTab(app_ctx)
    qtbot.addWidget(tab)
    tab.show()
    path = tmp_path / "list.csv"
    path.write_text(
        "手机号,name,service,time\n" + "".join(f"{BASE + i},客户{i},体检,9:00\n" for i in range(ROWS)), encoding="utf-8"
    )
    with qtbot.waitSignal(tab.file_loaded, timeout=10_000):
        tab.load_file(path)
    tab.template_edit.setPlainText(TEMPLATE)
    tab.start_dry_run()  # no price yet: the operator is asked next to the empty field, nothing is guessed
    assert tab.price_hint.isVisible() and "price per part" in tab.price_hint.text()
    assert tab.price_edit.text() == "" and tab._report is None
    tab.price_edit.setText("abc")  # not a price: refused in words, kept as typed, no dry run
    tab.start_dry_run()
    assert "“abc” is not a price" in tab.price_hint.text() and tab.price_edit.text() == "abc"
    assert tab._report is None
    tab.price_edit.setText("0.05")
    with qtbot.waitSignal(tab.dry_run_finished, timeout=20_000):
        tab.start_dry_run()

    tab.start_campaign()
    plan = answer_spend(qtbot, tab, accept=False)
    assert plan.recipients == ROWS
    qtbot.wait(300)
    assert tab._task is None and accepted(sandbox) == []
    tab.start_campaign()  # asked again: the same draft, still nothing sent when cancelled
    answer_spend(qtbot, tab, accept=False)
    qtbot.wait(300)
    assert accepted(sandbox) == []
    with allow_gui_thread_io():
        campaigns = tab.service.campaigns()
    assert [(c.state, c.counts) for c in campaigns] == [(DRAFT, {PENDING: ROWS})]

    with qtbot.waitSignal(tab.campaign_finished, timeout=30_000) as finished:
        tab.start_campaign()
        answer_spend(qtbot, tab, accept=True)
    assert finished.args[0].state == "finished"
    assert sorted(a.mobile for a in accepted(sandbox)) == [str(BASE + i) for i in range(ROWS)]


@pytest.mark.parametrize("number", ["1.38001E+10", "12345", "abc"])
def test_a_test_send_to_a_number_the_normaliser_refuses_is_never_planned(service, sandbox, number):
    from gui.services.campaign_runs import InvalidTestNumber

    with pytest.raises(InvalidTestNumber) as refused:
        service.plan_test_send(number, render(1))
    assert refused.value.number == number and refused.value.reason
    assert sandbox.accepted_log() == []


def test_a_test_send_goes_to_the_normalised_number(service, sandbox):
    plan = service.plan_test_send("+86 138-0013-8000", render(2))
    assert plan.samples[0].mobile == "13800138000"
    assert service.test_send(service._gate.approve(plan)).ok
    assert [a.mobile for a in sandbox.accepted_log()] == ["13800138000"]


def test_a_service_whose_profile_was_left_refuses_every_plan_and_send(tmp_path, sandbox, direct):
    """Built with profile-bound factories (ctx.bound): once the profile is left, nothing is read or sent."""

    class Left(RuntimeError):  # stands for gui.app.ProfileChanged
        pass

    active = [True]

    def bound(get):
        def call():
            if not active[0]:
                raise Left("the profile is no longer active")
            return get()

        return call

    db = tmp_path / "console.sqlite3"
    store = Store.open(db)
    gate = SpendGate()
    svc = CampaignService(
        bound(lambda: Journal(db)),
        bound(lambda: direct),
        gate,
        lambda: ProfileSettings(store),
        store=bound(lambda: store),
        config=CampaignConfig(chunk_size=50),
    )
    try:
        cid = make_campaign(svc.journal(), 5, base=BASE)
        plan, test_plan = svc.plan_start(cid), svc.plan_test_send(str(BASE + 50), render(50))
        approval, test_approval = gate.approve(plan), gate.approve(test_plan)
        active[0] = False  # the operator switched profile while the confirmations were open
        with pytest.raises(Left):
            svc.start(cid, approval)
        with pytest.raises(Left):
            svc.test_send(test_approval)
        for planning in (svc.plan_start, svc.plan_resume, svc.plan_retry, svc.settle):
            with pytest.raises(Left):
                planning(cid)
        with pytest.raises(Left):
            svc.resume(cid, None)
        assert sandbox.accepted_log() == []
    finally:
        svc.release()
        store.close()


def test_plans_read_the_balance_through_the_account_service(tmp_path, sandbox, direct):
    """One cached balance: what the confirmation shows is what the status bar is told."""
    from gui.services.account import AccountService

    accounts = AccountService(lambda: direct)
    told: list = []
    accounts.subscribe(told.append)
    db = tmp_path / "console.sqlite3"
    store = Store.open(db)
    svc = CampaignService(
        db, lambda: direct, SpendGate(), lambda: ProfileSettings(store), store=lambda: store, account_service=accounts
    )
    try:
        sandbox.control.set(balance=Decimal("123.45"))
        plan = svc.plan_start(make_campaign(svc.journal(), 5, base=BASE))
        assert plan.balance == Decimal("123.45")
        assert accounts.balance == Decimal("123.45") and told and told[-1].balance == Decimal("123.45")
    finally:
        svc.release()
        store.close()


def test_a_retry_cancelled_before_its_campaign_exists_ends_cancelled_and_sends_nothing(service, sandbox):
    from gui.campaign.journal import CANCELLED, RowResult

    journal = service.journal()
    rows = [PlannedRow(i + 2, str(BASE + i), render(i), False, PENDING, "", 1) for i in range(3)]
    cid = journal.create_campaign("retry me", TEMPLATE, rows)
    claimed, _ = journal.claim_chunk(cid, "sms/multi_send", [1, 2, 3], requested_at=0)
    journal.record_chunk_results(claimed, [RowResult(i, FAILED, 9, "x") for i in (1, 2, 3)], answered_at=0)
    plan = service.plan_retry(cid)
    approval = service._gate.approve(plan)
    service.cancel(cid)  # Cancel pressed while the retry's new campaign is still being created
    new_ids: list = []
    outcome = service.retry(cid, approval, on_started=new_ids.append)
    assert outcome.state == CANCELLED, outcome
    assert journal.campaign(new_ids[0]).state == CANCELLED  # not paused: it is not offered for resuming
    assert accepted(sandbox) == []


def test_a_dry_run_right_after_a_run_sees_its_sends_as_recently_sent(service, sandbox, tmp_path):
    """The run's sends reach the store after it (gui/campaign/archive_copy.py); a dry run of the
    same list straight after must still find them ("recently sent"), not plan them again."""
    import time

    from gui.campaign.importer import read_table

    service.set_price("0.05")
    store = service.store()
    write = store.record_sent_rows

    def slow_write(rows):  # a store slower to copy into than the dry run is to start
        time.sleep(0.5)
        return write(rows)

    store.record_sent_rows = slow_write
    cid = make_campaign(service.journal(), 40, base=BASE)
    outcome = service.start(cid, service._gate.approve(service.plan_start(cid)))
    assert outcome.state == "finished", outcome.error
    path = tmp_path / "again.csv"
    lines = [f"{BASE + i},用户{i},体检,{8 + i % 10}:00" for i in range(40)]
    path.write_text("手机号,name,service,time\n" + "\n".join(lines) + "\n", encoding="utf-8")
    report = service.dry_run(read_table(path), DryRunRequest(TEMPLATE, 0, {"name": 1, "service": 2, "time": 3}))
    assert [r.recently_sent for r in report.rows] == [True] * 40
    assert len(accepted(sandbox)) == 40
