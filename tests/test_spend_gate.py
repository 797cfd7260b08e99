"""SpendGate (gui/services/spend_gate.py) on its own: an approval is good for the plan the
operator saw — every field of it, not only its id — once, for a limited time (a fake clock)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from gui.services.spend_gate import (
    APPROVAL_TTL_SECONDS,
    Sample,
    SpendGate,
    SpendKind,
    SpendPlan,
    SpendRefused,
    content_digest,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def plan(**changes) -> SpendPlan:
    base = SpendPlan(
        SpendKind.QUICK_SEND,
        2,
        2,
        Decimal("0.10"),
        "RMB",
        samples=(Sample("13800138000", "【Demo】1"), Sample("13800138001", "【Demo】1")),
        content=content_digest("batch", ["13800138000", "13800138001"], ["【Demo】1"]),
    )
    return replace(base, **changes)


def test_an_approval_is_spent_once():
    gate = SpendGate()
    confirmed = plan()
    approval = gate.approve(confirmed)
    gate.spend(approval, confirmed)
    with pytest.raises(SpendRefused, match="already used"):
        gate.spend(approval, confirmed)


def test_no_approval_is_refused():
    with pytest.raises(SpendRefused, match="no confirmation"):
        SpendGate().spend(None, plan())


def test_an_equal_copy_of_the_confirmed_plan_is_accepted():
    gate = SpendGate()
    confirmed = plan()
    approval = gate.approve(confirmed)
    gate.spend(approval, replace(confirmed))  # same fields, same plan id: the plan the operator saw


@pytest.mark.parametrize(
    "changes",
    [
        {"recipients": 3},
        {"parts": 5},
        {"cost": Decimal("0.15")},
        {"samples": (Sample("13900139000", "【Demo】1"),)},
        {"content": content_digest("batch", ["13900139000", "13900139001"], ["【Demo】1"])},
        {"kind": SpendKind.CAMPAIGN_START},
        {"campaign_id": 7},
    ],
)
def test_a_plan_changed_after_the_approval_is_refused(changes):
    gate = SpendGate()
    confirmed = plan()
    approval = gate.approve(confirmed)
    changed = replace(confirmed, **changes)
    assert changed.plan_id == confirmed.plan_id  # the same id: only the fields tell them apart
    with pytest.raises(SpendRefused, match="changed after it was confirmed"):
        gate.spend(approval, changed)
    with pytest.raises(SpendRefused, match="already used"):  # and the approval is gone
        gate.spend(approval, confirmed)


def test_an_approval_for_another_plan_is_refused():
    gate = SpendGate()
    approval = gate.approve(plan())
    with pytest.raises(SpendRefused, match="another plan"):
        gate.spend(approval, plan())  # equal figures, another plan id


def test_an_approval_expires():
    clock = FakeClock()
    gate = SpendGate(clock=clock)
    confirmed = plan()
    in_time = gate.approve(confirmed)
    late = gate.approve(confirmed)
    clock.now += APPROVAL_TTL_SECONDS
    gate.spend(in_time, confirmed)  # exactly at the limit: still good
    clock.now += 0.5
    with pytest.raises(SpendRefused, match="expired"):
        gate.spend(late, confirmed)


def test_the_content_digest_depends_on_every_part_and_their_order():
    one = content_digest("batch", ["13800138000", "13800138001"], ["a"])
    assert one == content_digest("batch", ["13800138000", "13800138001"], ["a"])
    assert len(one) == 64
    others = {
        content_digest("single", ["13800138000", "13800138001"], ["a"]),
        content_digest("batch", ["13800138001", "13800138000"], ["a"]),
        content_digest("batch", ["13800138000", "13800138001"], ["b"]),
        content_digest("batch", ["13800138000"], ["13800138001", "a"]),
    }
    assert one not in others and len(others) == 4


def test_redeem_returns_the_confirmed_plan_once():
    gate = SpendGate()
    confirmed = SpendPlan(SpendKind.CAMPAIGN_START, 3, 3, None, campaign_id=7)
    approval = gate.approve(confirmed)
    assert gate.redeem(approval, SpendKind.CAMPAIGN_START) is confirmed
    with pytest.raises(SpendRefused, match="already used"):
        gate.redeem(approval, SpendKind.CAMPAIGN_START)
    with pytest.raises(SpendRefused, match="no confirmation"):
        gate.redeem(None, SpendKind.CAMPAIGN_START)
