"""The profile dialog's form is never squeezed below what its labels need.

With a team profile the storage box holds the database's fields, the password's status and the
last database action's result: taller than a small screen allows. A layout squeezed below its
minimum gives each word-wrapped label less than its height for its width, and the label's last
line is cut off (the password status line was, at the offscreen screen's size). The form scrolls
instead; these tests fail when a label of the storage box (or of the form above it) is clipped.
"""

from __future__ import annotations

import pytest
from keyring_fakes import MemoryKeyring
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from gui.keychain import Keychain
from gui.profiles import STORAGE_TEAM, Profile, TeamDatabase

TEAM_PROFILE = "shop-team"
OP_TIMEOUT_MS = 15_000
# What the box shows after a save and a "Test database" (the longest of their texts).
STATUS = "Stored in the keyring. Leave this empty to keep it; type a new password to replace it."
RESULT = (
    "Connected as sms_operator, but the schema is not current: archive 0 (needs 5), campaign journal 0 "
    "(needs 3). An owner must use “Prepare the database…” first."
)


def clipped_labels(root: QWidget) -> list[str]:
    """The shown labels under ``root`` given less height than their text needs at their width."""
    found = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        needed = max(needed, label.minimumSizeHint().height()) if not label.wordWrap() else needed
        if label.height() < needed:
            name = label.objectName() or type(label).__name__
            found.append(f"{name} ({label.text()[:40]!r}): {label.height()} px of {needed}")
    return found


def settle(widget: QWidget) -> None:
    for _ in range(5):
        QApplication.processEvents()
    widget.layout().activate()
    QApplication.processEvents()


@pytest.fixture
def team_dialog(qtbot, qapp, app_paths):
    from gui.app import AppContext, parse_args
    from gui.views.profiles import ProfileDialog

    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    ctx = AppContext(app_paths, settings, parse_args(["--no-crash-dialog"]))
    ctx.keychain = Keychain(backend=MemoryKeyring())
    team = TeamDatabase("db.example.com", 5432, "sms_team", "sms_operator", "verify-full", "王芳")
    ctx.profiles.save(Profile(TEAM_PROFILE, "https://sms.example.com", storage=STORAGE_TEAM, team=team))
    dialog = ProfileDialog(ctx, None, select=TEAM_PROFILE)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.operation_finished, timeout=OP_TIMEOUT_MS):
        dialog.show()
    qtbot.waitUntil(lambda: dialog._busy == 0, timeout=OP_TIMEOUT_MS)
    box = dialog.team_box
    assert box.team_fields.isVisible()
    box.password_status.setText(STATUS)
    box.show_result(RESULT)
    yield dialog
    dialog.close()
    ctx.tasks.wait_all(3000)
    ctx.release()


@pytest.mark.parametrize("size", [None, (984, 660), (760, 480)], ids=["default", "1024x700", "small"])
def test_no_label_of_the_storage_box_is_clipped(team_dialog, size):
    if size is not None:
        team_dialog.resize(*size)
    settle(team_dialog)
    assert not clipped_labels(team_dialog.team_box), clipped_labels(team_dialog.team_box)
    assert not clipped_labels(team_dialog.editor), clipped_labels(team_dialog.editor)


def test_the_default_size_shows_the_team_form_without_scrolling_on_a_big_enough_screen(team_dialog):
    settle(team_dialog)
    area = team_dialog.screen().availableGeometry()
    viewport = team_dialog.form_scroll.viewport()
    if team_dialog.height() < area.height() - 40:  # the screen left room for the whole form
        for widget in (team_dialog.team_box.password_status, team_dialog.team_box.move_button):
            bottom = widget.mapTo(viewport, widget.rect().bottomLeft()).y()
            assert bottom <= viewport.height(), (widget.objectName(), bottom, viewport.height())


def test_the_check_finds_a_squeezed_label(qtbot):
    from PySide6.QtWidgets import QVBoxLayout

    box = QWidget()
    qtbot.addWidget(box)
    label = QLabel(STATUS, box)
    label.setObjectName("squeezed")
    label.setWordWrap(True)
    QVBoxLayout(box).addWidget(label)
    box.show()
    label.setFixedSize(120, 14)  # several lines' text in one line's height
    QApplication.processEvents()
    assert [c.split(" ")[0] for c in clipped_labels(box)] == ["squeezed"]
