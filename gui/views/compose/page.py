"""The Compose & send tab: a quick send of one call (single, batch or personalised).

How a send goes
1. The operator picks a mode, a starting point (free text, an approved own template,
   or a default template whose #company# is pre-filled with their signature), fills
   the template's variables, and enters numbers (or, personalised, a row per number).
   A live counter shows characters, parts, the cost estimate and the balance.
2. "Send…" (or Ctrl+Enter) checks locally (numbers, ≤1000 of them, text length and
   signature, variables filled), then in a worker ``SendService.plan_quick_send``
   (``gui.services.send``) checks it again, removes numbers on the suppression list and
   asks the gateway for blocked words (get_black_word). Blocked words stop the send and
   are highlighted. An estimate above the balance stops it too, unless the operator
   ticks the override. The spend confirmation (``confirm_spend``) sums up recipients,
   parts, cost, balance and samples; only its OK gives the approval the send needs.
3. ``SendService.send(plan, approval)`` in a worker: one call (single_send / batch_send /
   multi_send), its answer recorded in the store right after it arrives, before anything
   is shown. The price per part (``ProfileSettings``) is learned from the fee/count.
   This tab only shows widgets and calls the service; it never calls the client or the
   store itself.
4. A send that went out without a readable answer (SendInDoubt) is never retried: the
   numbers are recorded in the store as "in doubt" (``gui.store.db.IN_DOUBT_CODE``) and
   shown so. They are settled against get_record the way campaign rows are
   (``SendService.settle_in_doubt``): "Check now" on the banner, and by itself
   once the grace period is over while the tab is open. Found in the records: sent, with
   the record's sid; not found after the grace period: not sent, offered for a new send.
   Until then any send of the same text to one of those numbers is refused (last 24 h),
   and the banner ("N messages in doubt — Check now") is back after a restart.

Larger lists, or numbers from a file, belong to the Campaigns tab (a journal, resumable).
"Use in compose" from the Templates tab: the main window connects the Templates tab's
``use_template(template, is_default)`` signal to ``ComposeTab.use_template``; this tab
loads the template and emits ``wants_front`` so the main window brings it to the front.
Neither tab imports the other.

This file lays the tab out and wires it; the parts it is made of are listed in ``base.py``.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.api import texts
from gui.api.models import Template
from gui.services.send_modes import MODE_BATCH
from gui.views.compose.in_doubt import SETTLE_GRACE_SECONDS, ComposeInDoubt
from gui.views.compose.message import ComposeMessage
from gui.views.compose.presenter import ComposePresenter
from gui.views.compose.recipients import ComposeRecipients
from gui.views.compose.request import ComposeRequest
from gui.views.compose.results import ComposeResults
from gui.views.partials.busy import BusyBar
from gui.views.partials.load_guard import LoadGuard

if TYPE_CHECKING:
    from gui.services.send_plan import ResultRow


def _splitter(
    orientation: Qt.Orientation, parent: QWidget, first: QWidget, second: QWidget, stretch: tuple[int, int]
) -> QSplitter:
    """Two panes side by side (or one above the other), sized by ``stretch``; neither can be collapsed away."""
    splitter = QSplitter(orientation, parent)
    splitter.addWidget(first)
    splitter.addWidget(second)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    splitter.setChildrenCollapsible(False)
    return splitter


class ComposeTab(ComposePresenter, ComposeInDoubt, ComposeResults, ComposeRequest, ComposeMessage, ComposeRecipients):
    wants_front = Signal()  # a template arrived: the main window shows this tab

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("compose_tab")
        self.own_templates: list[Template] = []
        self.default_templates: list[Template] = []
        self.template: Template | None = None
        self.template_is_default = False
        self.untouched_text = ""  # the message text as the console last set it (a template's)
        self.signature = ""
        self.price: Decimal | None = None
        self.price_unit = ""
        self.price_source = ""
        self.results: list[ResultRow] = []
        self.last_mode = MODE_BATCH
        self.confirm_dialog = None
        self.pending_plan = None
        # Settling sends in doubt: both knobs are attributes so tests can shorten the wait.
        self.settle_grace_seconds = SETTLE_GRACE_SECONDS
        self.clock = time.time
        self.in_doubt: list = []  # gui.store.InDoubtMessage, as last read from the store

        self._build()
        self._wire()
        self._apply_mode()
        self._load_template(None, False)

    def title(self) -> str:
        return self.tr("Compose && send")

    # ============================================================== building
    def _build(self) -> None:
        # --- top row: mode and starting point ---------------------------------------
        self.mode_single = QRadioButton(self.tr("Single"), self)
        self.mode_single.setObjectName("mode_single")
        self.mode_batch = QRadioButton(self.tr("Batch (same text)"), self)
        self.mode_batch.setObjectName("mode_batch")
        self.mode_personal = QRadioButton(self.tr("Personalised (a text per number)"), self)
        self.mode_personal.setObjectName("mode_personal")
        self.mode_group = QButtonGroup(self)
        for button in (self.mode_single, self.mode_batch, self.mode_personal):
            self.mode_group.addButton(button)
        self.mode_batch.setChecked(True)
        self.template_combo = QComboBox(self)
        self.template_combo.setObjectName("template_combo")
        self.template_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template_combo.setMinimumContentsLength(28)
        self.reload_button = QPushButton(self.tr("Reload"), self)
        self.reload_button.setObjectName("reload_templates_button")
        self.reload_button.setToolTip(self.tr("Fetch the templates and the balance again"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Mode:"), self))
        top.addWidget(self.mode_single)
        top.addWidget(self.mode_batch)
        top.addWidget(self.mode_personal)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("Start from:"), self))
        top.addWidget(self.template_combo, 1)
        top.addWidget(self.reload_button)

        recipients_box = self._build_recipients()
        message_box = self._build_message()

        # --- actions ---------------------------------------------------------------
        self.check_button = QPushButton(self.tr("Check blocked words"), self)
        self.check_button.setObjectName("check_words_button")
        self.override_check = QCheckBox(self.tr("Send even if the estimate exceeds the balance"), self)
        self.override_check.setObjectName("override_balance_check")
        self.send_button = QPushButton(self.tr("Send…"), self)
        self.send_button.setObjectName("send_button")
        self.send_button.setToolTip(self.tr("Ctrl+Enter"))
        self.send_button.setDefault(True)
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addWidget(self.override_check, 1)
        actions.addWidget(self.send_button)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("compose_message")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = BusyBar(self)
        self.load_guard = LoadGuard(self, self.busy)

        input_side = QWidget(self)
        input_splitter = _splitter(Qt.Orientation.Vertical, input_side, recipients_box, message_box, (2, 3))
        input_layout = QVBoxLayout(input_side)
        input_layout.setContentsMargins(0, 0, 0, 0)
        input_layout.addWidget(input_splitter, 1)
        input_layout.addLayout(actions)
        input_layout.addWidget(self.message_label)
        input_layout.addWidget(self.busy)

        results_box = self._build_results()

        splitter = _splitter(Qt.Orientation.Horizontal, self, input_side, results_box, (3, 2))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self._busy_widgets = [
            self.send_button,
            self.check_button,
            self.reload_button,
            self.template_combo,
            self.mode_single,
            self.mode_batch,
            self.mode_personal,
            self.copy_failed_button,
            self.reuse_failed_button,
            self.check_now_button,
        ]

    def _wire(self) -> None:
        self._update_timer = QTimer(self)
        self._update_timer.setSingleShot(True)
        self._update_timer.setInterval(120)
        self._update_timer.timeout.connect(self.update_preview)
        self.mode_group.buttonToggled.connect(self._mode_toggled)
        self.template_combo.activated.connect(self._template_chosen)
        self.reload_button.clicked.connect(self.refresh)
        self.single_edit.textChanged.connect(self._schedule_update)
        self.number_list.numbers_changed.connect(self._schedule_update)
        self.variable_form.changed.connect(self._schedule_update)
        self.text_edit.textChanged.connect(self._text_edited)
        self.free_text_button.clicked.connect(self.edit_as_free_text)
        self.price_edit.editingFinished.connect(self._price_edited)
        self.check_button.clicked.connect(self.check_blocked_words)
        self.send_button.clicked.connect(self.start_send)
        self.copy_failed_button.clicked.connect(self.copy_failed_numbers)
        self.reuse_failed_button.clicked.connect(self.use_failed_numbers)
        self.check_now_button.clicked.connect(self.check_in_doubt)
        self._settle_timer = QTimer(self)
        self._settle_timer.setSingleShot(True)
        self._settle_timer.timeout.connect(lambda: self.check_in_doubt(auto=True))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.start_send)
        self.ctx.balance_changed.connect(lambda _account: self._schedule_update())
        self.ctx.profile_changed.connect(self._profile_changed)
        self._update_result_buttons()

    # ============================================================== loading
    def start_initial_load(self) -> None:
        self.ctx.connectivity.in_background(self)  # nobody clicked: a gateway out of reach is the banner's
        self.load_in_doubt()
        self.load(force=False)  # shares the start-up reads of templates and account

    def _profile_changed(self, profile) -> None:
        """Another account: nothing of the previous one may stay (templates, price, results)."""
        self.set_templates([], [])
        self._load_template(None, False)
        self._set_price(None, "", "")
        self.show_results([])
        self.results_summary.setText(self.tr("Nothing sent yet in this session."))
        self._say("")
        self._settle_timer.stop()
        self._show_in_doubt([])
        self.load_guard.profile_changed(profile)
        if profile is not None:
            QTimer.singleShot(0, self.load_in_doubt)

    # ============================================================== templates
    def use_template(self, template: Template, is_default: bool = False) -> None:
        """Load ``template`` (from the Templates tab; asking first if it would replace typed
        text) and ask to be brought to the front."""

        def loaded() -> None:
            self._say(
                self.tr("Template {0} loaded; fill in its variables.").format(template.tpl_id)
                if texts.template_variables(template.tpl_content)
                else self.tr("Template {0} loaded.").format(template.tpl_id)
            )

        self.wants_front.emit()  # first: a question about typed text shows over Compose
        self.choose_template(template, is_default, loaded)
