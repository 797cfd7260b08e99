"""The spend gate is made on first use, not before the window's first paint (issue 17), and a hold
on it still reaches the database banner's Connectivity."""

from __future__ import annotations


def test_the_spend_gate_is_made_on_first_use_and_its_hold_reaches_the_connectivity(qtbot, app_ctx):
    heard = []
    app_ctx.connectivity.database_offline.connect(heard.append)
    app_ctx.connectivity.forget()  # a profile switch before any gate: nothing to resume, none made
    assert not app_ctx.spend_gate_made
    gate = app_ctx.spend_gate
    assert app_ctx.spend_gate_made and app_ctx.spend_gate is gate  # one gate
    gate.hold("the team database is out of reach")
    qtbot.waitUntil(lambda: heard == ["the team database is out of reach"], timeout=5000)
    assert app_ctx.connectivity.database_unreachable
    app_ctx.connectivity.forget()
    qtbot.waitUntil(lambda: not app_ctx.connectivity.database_unreachable, timeout=5000)
