"""The profile dialog's "Move local history to the team database…" (issue 15, item 6): the real button,
the confirmation, the progress dialog with Cancel, the counts at the end. A real PostgreSQL, the
sandbox over HTTP, an in-memory keyring; nothing mocked."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from tab_helpers import wait_dialog

from gui.views.profiles import ProfileDialog
from tests.team.move_helpers import fill_local, prepared_team, team_rows
from tests.team.test_team_console import TEAM_PROFILE, close_ctx, make_team_ctx

LEFT = Qt.MouseButton.LeftButton
TIMEOUT_MS = 60_000
TABLES = ("messages", "reports", "records", "replies", "suppression", "audit_log", "campaign_rows")


@pytest.fixture
def moving(qapp, app_paths, sandbox, pg_database):
    """A console whose active profile keeps its data in a team database, with the local history it
    had before the switch still in its profile folder."""
    database = prepared_team(pg_database)
    local = fill_local(app_paths.profile_dir(TEAM_PROFILE))
    ctx = make_team_ctx(app_paths, sandbox, database)
    yield ctx, database, local
    close_ctx(ctx)


def open_dialog(qtbot, ctx) -> ProfileDialog:
    dialog = ProfileDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog._busy == 0 and dialog.team_box.move_button.isEnabled(), timeout=TIMEOUT_MS)
    assert dialog.selected_name() == TEAM_PROFILE and dialog.team_box.move_button.isVisible()
    return dialog


def confirm(qtbot, answer=QMessageBox.StandardButton.Yes) -> QMessageBox:
    box = wait_dialog(qtbot, "team_move_confirm")
    qtbot.mouseClick(box.button(answer), LEFT)
    return box


def test_the_move_is_confirmed_shows_progress_and_ends_with_the_counts(qtbot, moving):
    ctx, database, local = moving
    dialog = open_dialog(qtbot, ctx)
    box = dialog.team_box
    qtbot.mouseClick(box.move_button, LEFT)
    question = wait_dialog(qtbot, "team_move_confirm")
    text = question.text() + question.informativeText()
    assert "The local file is not changed" in text and f"Sent messages: {local.counts['messages']:,}" in text
    with qtbot.waitSignal(dialog.operation_finished, timeout=TIMEOUT_MS, check_params_cb=lambda n: n == "db_move"):
        qtbot.mouseClick(question.button(QMessageBox.StandardButton.Yes), LEFT)
    progress = wait_dialog(qtbot, "team_move_dialog")
    assert not progress.running and progress.close_button.isVisible() and not progress.cancel_button.isVisible()
    assert "Every count matches" in progress.result_label.text()
    assert "kept as it is, as a backup" in progress.result_label.text()
    shown = {
        progress.counts_table.item(row, 0).text(): progress.counts_table.item(row, 2).text()
        for row in range(progress.counts_table.rowCount())
    }
    assert shown["Sent messages"] == f"{local.counts['messages']:,}"
    assert shown["Campaign rows"] == f"{local.counts['campaign_rows']:,}"
    assert "every count matches" in box.db_result.text()
    rows = team_rows(database)
    assert all(rows[t] == local.counts[t] for t in TABLES), rows
    qtbot.mouseClick(progress.close_button, LEFT)
    assert not progress.isVisible()

    # Again: nothing is copied twice
    qtbot.mouseClick(box.move_button, LEFT)
    with qtbot.waitSignal(dialog.operation_finished, timeout=TIMEOUT_MS, check_params_cb=lambda n: n == "db_move"):
        confirm(qtbot)
    assert team_rows(database) == rows


def test_cancel_stops_between_batches_and_the_next_move_continues(qtbot, moving):
    ctx, database, local = moving
    dialog = open_dialog(qtbot, ctx)
    dialog.team_move.batch_rows = 1  # many small transactions: Cancel lands half-way
    qtbot.mouseClick(dialog.team_box.move_button, LEFT)
    confirm(qtbot)
    progress = wait_dialog(qtbot, "team_move_dialog")
    qtbot.waitUntil(lambda: progress.progress_bar.value() > 5, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(dialog.operation_finished, timeout=TIMEOUT_MS, check_params_cb=lambda n: n == "db_move"):
        qtbot.mouseClick(progress.cancel_button, LEFT)
    assert "was stopped" in progress.result_label.text() and "continue where it stopped" in progress.result_label.text()
    stopped = team_rows(database)
    assert 0 < stopped["campaign_rows"] + stopped["messages"] < local.counts["campaign_rows"] + local.counts["messages"]
    qtbot.mouseClick(progress.close_button, LEFT)

    dialog.team_move.batch_rows = None
    qtbot.mouseClick(dialog.team_box.move_button, LEFT)
    with qtbot.waitSignal(dialog.operation_finished, timeout=TIMEOUT_MS, check_params_cb=lambda n: n == "db_move"):
        confirm(qtbot)
    again = wait_dialog(qtbot, "team_move_dialog")
    assert "Every count matches" in again.result_label.text()
    rows = team_rows(database)
    assert all(rows[t] == local.counts[t] for t in TABLES), rows  # no duplicates


def test_no_move_while_a_campaign_of_the_profile_is_being_sent(qtbot, moving):
    ctx, database, _local = moving
    dialog = open_dialog(qtbot, ctx)
    release = threading.Event()
    task = ctx.tasks.run(lambda: release.wait(30), name="campaign")  # the Campaigns tab's sending worker,
    ctx.track_send(task)  # tracked as the tab tracks its runs (gui/views/campaigns/presenter.py)
    try:
        with qtbot.waitSignal(dialog.operation_finished, timeout=TIMEOUT_MS, check_params_cb=lambda n: n == "db_move"):
            qtbot.mouseClick(dialog.team_box.move_button, LEFT)
        assert "being sent or settled" in dialog.team_box.db_result.text()
    finally:
        release.set()
    qtbot.waitUntil(lambda: task.finished or task not in ctx.tasks.running, timeout=TIMEOUT_MS)
    assert team_rows(database)["messages"] == 0


def test_a_refused_password_is_shown_in_words_with_the_databases_message(qtbot, moving):
    ctx, database, _local = moving
    dialog = open_dialog(qtbot, ctx)
    dialog.team_box.password_edit.setText("not-the-password")
    qtbot.mouseClick(dialog.team_box.move_button, LEFT)
    with qtbot.waitSignal(dialog.operation_finished, timeout=TIMEOUT_MS, check_params_cb=lambda n: n == "db_move"):
        confirm(qtbot)
    progress = wait_dialog(qtbot, "team_move_dialog")
    assert "The move stopped" in progress.result_label.text()
    assert "password authentication failed" in progress.result_label.text()
    assert "not-the-password" not in progress.result_label.text() + dialog.team_box.db_result.text()
    assert team_rows(database)["messages"] == 0
