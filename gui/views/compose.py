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

"Use in compose" from the Templates tab: this tab connects itself to the
``use_template(template, is_default)`` signal of any ``templates_tab`` in its window
(looked up when it is shown or loads), and brings itself to the front when a template
arrives. Neither tab imports the other.
"""

from __future__ import annotations

import logging
import time
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.api import texts
from gui.api.errors import ApiError, SendInDoubt
from gui.api.models import Template
from gui.api.numbers import normalize_number
from gui.campaign.settle import MessageSettlement, record_key, sent_at_epoch
from gui.context import ProfileChanged
from gui.services.estimate import Estimate, compute_estimate, money
from gui.services.profile_settings import LEGACY_CAMPAIGN_PRICE_KEY
from gui.services.send import SendService
from gui.services.send_plan import (
    MAX_NUMBERS_PER_CALL,
    MODE_BATCH,
    MODE_PERSONAL,
    MODE_SINGLE,
    STATE_FAILED,
    STATE_IN_DOUBT,
    STATE_NOT_SENT,
    STATE_OK,
    AllSuppressed,
    BlockedWordsFound,
    InvalidRecipients,
    InvalidText,
    OverBalance,
    ResultRow,
    SendOutcome,
    SendPlan,
    SendRequest,
    Settlement,
    UnsettledSendError,
    black_word_chunks,
)
from gui.services.spend_gate import Approval, SpendRefused
from gui.store.db import IN_DOUBT_MSG, SETTLED_NOT_SENT_MSG
from gui.theme import status_colour, status_css
from gui.views.partials.busy import BusyBar
from gui.views.partials.errors import error_language, show_error
from gui.views.partials.highlighter import BlockedWordHighlighter
from gui.views.partials.number_list_edit import NumberListEdit, reason_text
from gui.views.partials.spend_confirm import SpendConfirmDialog, confirm_spend
from gui.views.partials.tab_page import TabPage
from gui.views.partials.table_model import Column, RowTableModel, make_sort_proxy
from gui.views.partials.table_view import DataTableView
from gui.views.partials.template_form import SIGNATURE_VARIABLE, VariableForm, default_signature, text_problem
from gui.views.partials.text_counter import TextCounter

log = logging.getLogger(__name__)

# The plan, the send and the settling are gui.services.send's; their types and state constants
# (MODE_*, STATE_*, ResultRow, SendPlan, ...) are imported above and stay importable from here.
# IN_DOUBT_MSG (gui.store.db, with IN_DOUBT_CODE) marks a number whose send went out without
# a readable answer.
SETTLE_GRACE_SECONDS = 75.0  # records can lag behind a send: "not in the records" means "not sent" only after this
SETTLE_RETRY_SECONDS = 60.0  # a failed automatic check is tried again after this

STATE_TEXTS = {
    STATE_OK: QT_TRANSLATE_NOOP("ComposeResults", "Sent"),
    STATE_FAILED: QT_TRANSLATE_NOOP("ComposeResults", "Failed"),
    STATE_NOT_SENT: QT_TRANSLATE_NOOP("ComposeResults", "Not sent"),
    STATE_IN_DOUBT: QT_TRANSLATE_NOOP("ComposeResults", "In doubt — do not resend; check Records"),
}
STATE_COLOURS = {
    STATE_OK: "ok",
    STATE_FAILED: "error",
    STATE_NOT_SENT: "error",  # gui.theme kinds
    STATE_IN_DOUBT: "warning",
}


def fill_known(content: str, values: dict[str, str]) -> str:
    """The template with the variables that have a value filled, the others left as #name#."""
    complete = {name: values.get(name) or f"#{name}#" for name in texts.template_variables(content)}
    return texts.render_template(content, complete)


class ComposeTab(TabPage):
    template_loaded = Signal(object)  # Template | None (free text)

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("compose_tab")
        self.own_templates: list[Template] = []
        self.default_templates: list[Template] = []
        self.template: Template | None = None
        self.template_is_default = False
        self.signature = ""
        self.price: Decimal | None = None
        self.price_unit = ""
        self.price_source = ""
        self.results: list[ResultRow] = []
        self.last_mode = MODE_BATCH
        self.confirm_dialog: SpendConfirmDialog | None = None
        self.pending_plan: SendPlan | None = None
        self._connected_sources: set[int] = set()
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

        # --- recipients ------------------------------------------------------------
        recipients_box = QGroupBox(self.tr("Recipients"), self)
        self.recipient_stack = QStackedWidget(recipients_box)
        single_page = QWidget(self.recipient_stack)
        self.single_edit = QLineEdit(single_page)
        self.single_edit.setObjectName("single_number_edit")
        self.single_edit.setAccessibleName(self.tr("Number to send to"))
        self.single_edit.setPlaceholderText(self.tr("One number, e.g. 13800138000 or +44 7911 123456"))
        self.single_status = QLabel(single_page)
        self.single_status.setObjectName("single_number_status")
        self.single_status.setWordWrap(True)
        single_layout = QVBoxLayout(single_page)
        single_layout.setContentsMargins(0, 0, 0, 0)
        single_layout.addWidget(self.single_edit)
        single_layout.addWidget(self.single_status)
        single_layout.addStretch(1)
        self.number_list = NumberListEdit(MAX_NUMBERS_PER_CALL, self.recipient_stack)
        personal_page = QWidget(self.recipient_stack)
        self.personal_table = QTableWidget(0, 2, personal_page)
        self.personal_table.setObjectName("personal_table")
        self.personal_table.setAccessibleName(self.tr("Numbers and their values"))
        self.personal_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.personal_table.horizontalHeader().setStretchLastSection(True)
        self.personal_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.add_row_button = QPushButton(self.tr("Add row"), personal_page)
        self.add_row_button.setObjectName("add_row_button")
        self.remove_rows_button = QPushButton(self.tr("Remove rows"), personal_page)
        self.remove_rows_button.setObjectName("remove_rows_button")
        self.paste_rows_button = QPushButton(self.tr("Paste from Excel"), personal_page)
        self.paste_rows_button.setObjectName("paste_rows_button")
        self.paste_rows_button.setToolTip(
            self.tr(
                "Copy the cells in Excel (number first, then one column per variable, in the order shown) and "
                "paste. A header row naming the columns is recognised."
            )
        )
        self.clear_rows_button = QPushButton(self.tr("Clear"), personal_page)
        self.clear_rows_button.setObjectName("clear_rows_button")
        self.personal_status = QLabel(personal_page)
        self.personal_status.setObjectName("personal_status")
        self.personal_status.setWordWrap(True)
        row_buttons = QHBoxLayout()
        for row_button in (
            self.add_row_button,
            self.remove_rows_button,
            self.paste_rows_button,
            self.clear_rows_button,
        ):
            row_buttons.addWidget(row_button)
        row_buttons.addStretch(1)
        personal_layout = QVBoxLayout(personal_page)
        personal_layout.setContentsMargins(0, 0, 0, 0)
        personal_layout.addLayout(row_buttons)
        personal_layout.addWidget(self.personal_table, 1)
        personal_layout.addWidget(self.personal_status)
        self.recipient_stack.addWidget(single_page)
        self.recipient_stack.addWidget(self.number_list)
        self.recipient_stack.addWidget(personal_page)
        recipients_layout = QVBoxLayout(recipients_box)
        recipients_layout.addWidget(self.recipient_stack)

        # --- message ---------------------------------------------------------------
        message_box = QGroupBox(self.tr("Message"), self)
        self.variables_hint = QLabel(message_box)
        self.variables_hint.setWordWrap(True)
        self.variable_form = VariableForm(message_box)
        self.text_edit = QPlainTextEdit(message_box)
        self.text_edit.setObjectName("message_edit")
        self.text_edit.setPlaceholderText(
            self.tr("【Your signature】Your message. It must match one of your approved templates.")
        )
        self.text_edit.setMinimumHeight(70)
        self.highlighter = BlockedWordHighlighter(self.text_edit.document())
        self.free_text_button = QPushButton(self.tr("Edit as free text"), message_box)
        self.free_text_button.setObjectName("free_text_button")
        self.free_text_button.setToolTip(
            self.tr("Stop following the template and edit the text freely. It must still match an approved template.")
        )
        self.counter = TextCounter(message_box)
        self.price_edit = QLineEdit(message_box)
        self.price_edit.setObjectName("price_edit")
        self.price_edit.setMaximumWidth(110)
        self.price_edit.setPlaceholderText(self.tr("e.g. 0.05"))
        self.price_unit_label = QLabel(message_box)
        self.price_source_label = QLabel(message_box)
        self.price_source_label.setObjectName("price_source_label")
        self.price_source_label.setWordWrap(True)
        price_row = QHBoxLayout()
        price_row.addWidget(QLabel(self.tr("Price per part:"), message_box))
        price_row.addWidget(self.price_edit)
        price_row.addWidget(self.price_unit_label)
        price_row.addWidget(self.price_source_label, 1)
        text_row = QHBoxLayout()
        text_row.addWidget(self.counter, 1)
        text_row.addWidget(self.free_text_button, 0, Qt.AlignmentFlag.AlignTop)
        message_layout = QVBoxLayout(message_box)
        message_layout.addWidget(self.variables_hint)
        message_layout.addWidget(self.variable_form)
        message_layout.addWidget(self.text_edit, 1)
        message_layout.addLayout(text_row)
        message_layout.addLayout(price_row)

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

        input_side = QWidget(self)
        input_splitter = QSplitter(Qt.Orientation.Vertical, input_side)
        input_splitter.addWidget(recipients_box)
        input_splitter.addWidget(message_box)
        input_splitter.setStretchFactor(0, 2)
        input_splitter.setStretchFactor(1, 3)
        input_splitter.setChildrenCollapsible(False)
        input_layout = QVBoxLayout(input_side)
        input_layout.setContentsMargins(0, 0, 0, 0)
        input_layout.addWidget(input_splitter, 1)
        input_layout.addLayout(actions)
        input_layout.addWidget(self.message_label)
        input_layout.addWidget(self.busy)

        # --- results ---------------------------------------------------------------
        results_box = QGroupBox(self.tr("Results of the last send"), self)
        self.doubt_banner = QWidget(results_box)
        self.doubt_banner.setObjectName("in_doubt_banner")
        self.doubt_label = QLabel(self.doubt_banner)
        self.doubt_label.setObjectName("in_doubt_label")
        self.doubt_label.setWordWrap(True)
        self.doubt_label.setStyleSheet(status_css("warning", bold=True))
        self.check_now_button = QPushButton(self.tr("Check now"), self.doubt_banner)
        self.check_now_button.setObjectName("check_now_button")
        self.check_now_button.setToolTip(
            self.tr(
                "Look these numbers up in the provider's records: found means sent; not found after the grace "
                "period means not sent, and they are offered for a new send."
            )
        )
        banner_layout = QHBoxLayout(self.doubt_banner)
        banner_layout.setContentsMargins(0, 0, 0, 0)
        banner_layout.addWidget(self.doubt_label, 1)
        banner_layout.addWidget(self.check_now_button, 0, Qt.AlignmentFlag.AlignTop)
        self.doubt_banner.hide()
        self.results_summary = QLabel(self.tr("Nothing sent yet in this session."), results_box)
        self.results_summary.setObjectName("results_summary")
        self.results_summary.setWordWrap(True)
        self.results_model = RowTableModel(
            [
                Column.field(self.tr("Number"), "mobile"),
                Column.field(
                    self.tr("Result"),
                    "state",
                    display=self._state_text,
                    foreground=lambda r: status_colour(STATE_COLOURS[r.state]) if r.state in STATE_COLOURS else None,
                ),
                Column.field(self.tr("Code"), "code", align_right=True),
                Column.field(self.tr("Message"), "msg"),
                Column.field(self.tr("Parts"), "count", align_right=True),
                Column.field(self.tr("Fee"), "fee", align_right=True),
                Column.field(self.tr("SID"), "sid", display=lambda v: "" if not v else str(v)),
            ],
            self,
        )
        self.results_table = DataTableView(results_box)
        self.results_table.setObjectName("results_table")
        self.results_table.setModel(make_sort_proxy(self.results_model, self))
        self.results_table.set_empty_text(
            self.tr("After a send, every number's result appears here: code, message, parts, fee and sid.")
        )
        header = self.results_table.horizontalHeader()
        for column, width in enumerate((105, 80, 45, 150, 45, 55)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.copy_failed_button = QPushButton(self.tr("Copy failed numbers"), results_box)
        self.copy_failed_button.setObjectName("copy_failed_button")
        self.reuse_failed_button = QPushButton(self.tr("Use failed numbers for a new send"), results_box)
        self.reuse_failed_button.setObjectName("reuse_failed_button")
        result_buttons = QHBoxLayout()
        result_buttons.addWidget(self.copy_failed_button)
        result_buttons.addWidget(self.reuse_failed_button)
        result_buttons.addStretch(1)
        results_layout = QVBoxLayout(results_box)
        results_layout.addWidget(self.doubt_banner)
        results_layout.addWidget(self.results_summary)
        results_layout.addWidget(self.results_table, 1)
        results_layout.addLayout(result_buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(input_side)
        splitter.addWidget(results_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
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
        self.personal_table.itemChanged.connect(self._schedule_update)
        self.personal_table.itemSelectionChanged.connect(self._schedule_update)
        self.add_row_button.clicked.connect(lambda: self.add_personal_rows([[]]))
        self.remove_rows_button.clicked.connect(self.remove_selected_rows)
        self.paste_rows_button.clicked.connect(self.paste_rows)
        self.clear_rows_button.clicked.connect(self.clear_personal_rows)
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self.personal_table)
        paste.setContext(Qt.ShortcutContext.WidgetShortcut)
        paste.activated.connect(self.paste_rows)
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

    @staticmethod
    def _state_text(state: str) -> str:
        return QCoreApplication.translate("ComposeResults", str(STATE_TEXTS.get(state, state)))

    def _mode_toggled(self, _button, checked: bool) -> None:
        if checked:
            self._apply_mode()

    def clear_personal_rows(self) -> None:
        self.personal_table.setRowCount(0)
        self._schedule_update()

    # ============================================================== loading
    def start_initial_load(self) -> None:
        self._connect_template_sources()
        self.load_in_doubt()
        self.refresh()

    def refresh(self) -> None:
        if self.busy.busy:
            return
        if not self.ctx.has_apikey:
            self.initial_load_finished.emit(False, "no active profile")
            return
        service = self.service()
        profile_price = self.ctx.profile.price_per_part if self.ctx.profile is not None else None
        legacy_price = self.ctx.settings.value(LEGACY_CAMPAIGN_PRICE_KEY)  # None when never set: no default

        def fetch():
            return service.load(profile_price=profile_price, legacy_campaign_price=legacy_price)

        task = self.ctx.run(fetch, self._loaded, self._load_failed, name="compose_load")
        self._track(task, self.tr("Loading templates and balance…"))

    def service(self) -> SendService:
        """A send service bound to the active profile (``AppContext.bound``): once the operator
        switched profile its client and store raise ProfileChanged. A send goes through the
        service that planned it, so a plan made for one profile is never sent from another."""
        ctx = self.ctx
        # Without a profile there is nothing to bind to: the worker's first call says so.
        bind = ctx.bound if ctx.profile is not None else (lambda get: get)
        return SendService(
            bind(lambda: ctx.client()),
            bind(lambda: ctx.store()),
            ctx.spend_gate,
            ctx.account_service(),
            clock=lambda: self.clock(),
        )

    def _track(self, task, message: str, cancellable: bool = False) -> None:
        self.busy.track(task, message, self._busy_widgets, cancellable=cancellable)
        task.done.connect(self._update_result_buttons)

    def _loaded(self, result) -> None:
        own, defaults, price = result  # the account reached balance_changed through the service
        self.set_templates(own, defaults)
        if price is None:
            self._set_price(None, "", "")
        else:
            self._set_price(price.per_part, price.unit, price.source)
        self.update_preview()
        self.initial_load_finished.emit(True, "")

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
        if profile is not None:
            QTimer.singleShot(0, self.refresh)
            QTimer.singleShot(0, self.load_in_doubt)

    def _load_failed(self, error) -> None:
        if _profile_switched(error):  # a load for the previous profile: load the new one's instead
            QTimer.singleShot(0, self.refresh)
            return
        self._warn(self.tr("The templates and balance could not be loaded."))
        show_error(self.ctx, self, error, self.tr("Loading the templates for compose failed."))
        self.initial_load_finished.emit(False, str(error))

    def set_templates(self, own: list[Template], defaults: list[Template]) -> None:
        self.own_templates = list(own)
        self.default_templates = list(defaults)
        self.signature = default_signature(self.own_templates)
        current = self.template
        self.template_combo.clear()
        self.template_combo.addItem(self.tr("Free text"), None)
        approved = [t for t in self.own_templates if t.check_status == "SUCCESS"]
        if approved:
            self.template_combo.insertSeparator(self.template_combo.count())
            for template in sorted(approved, key=lambda t: t.tpl_id):
                self._add_combo_item(template, False)
        if self.default_templates:
            self.template_combo.insertSeparator(self.template_combo.count())
            for template in sorted(self.default_templates, key=lambda t: t.tpl_id):
                self._add_combo_item(template, True)
        self._select_combo(current, self.template_is_default)

    def _add_combo_item(self, template: Template, is_default: bool) -> None:
        label = (self.tr("Default {0}: {1}") if is_default else self.tr("Template {0}: {1}")).format(
            template.tpl_id, template.tpl_content
        )
        self.template_combo.addItem(label, (template, is_default))
        self.template_combo.setItemData(
            self.template_combo.count() - 1, template.tpl_content, Qt.ItemDataRole.ToolTipRole
        )

    def _select_combo(self, template: Template | None, is_default: bool) -> None:
        for index in range(self.template_combo.count()):
            data = self.template_combo.itemData(index)
            if template is None and data is None and index == 0:
                self.template_combo.setCurrentIndex(0)
                return
            if data and template and data[0].tpl_id == template.tpl_id and data[1] == is_default:
                self.template_combo.setCurrentIndex(index)
                return
        if template is not None:  # e.g. approved after compose loaded its list
            self._add_combo_item(template, is_default)
            self.template_combo.setCurrentIndex(self.template_combo.count() - 1)

    # ============================================================== templates
    def _connect_template_sources(self) -> None:
        """Connect to the ``use_template`` signal of the templates tab(s) of this window."""
        window = self.window()
        if window is self:
            return
        for source in window.findChildren(QWidget, "templates_tab"):
            signal = getattr(source, "use_template", None)
            if signal is not None and id(source) not in self._connected_sources:
                signal.connect(self.use_template)
                self._connected_sources.add(id(source))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._connect_template_sources()

    def use_template(self, template: Template, is_default: bool = False) -> None:
        """Load ``template`` (from the Templates tab) and bring this tab to the front."""
        self._select_combo(template, is_default)
        self._load_template(template, is_default)
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QTabWidget):
            widget = widget.parentWidget()
        if widget is not None:
            widget.setCurrentWidget(self)
        self._say(
            self.tr("Template {0} loaded; fill in its variables.").format(template.tpl_id)
            if texts.template_variables(template.tpl_content)
            else self.tr("Template {0} loaded.").format(template.tpl_id)
        )

    def _template_chosen(self, index: int) -> None:
        data = self.template_combo.itemData(index)
        if data is None:
            self._load_template(None, False)
        else:
            self._load_template(data[0], data[1])

    def _load_template(self, template: Template | None, is_default: bool) -> None:
        self.template = template
        self.template_is_default = is_default
        self.highlighter.clear()
        if template is None:
            self.variable_form.set_variables([])
            self.variables_hint.hide()
            self.free_text_button.setEnabled(False)
        else:
            names = texts.template_variables(template.tpl_content)
            defaults = {SIGNATURE_VARIABLE: self.signature} if is_default and self.signature else {}
            self.variable_form.set_variables(names, defaults)
            self.variables_hint.setVisible(bool(names))
            self.free_text_button.setEnabled(True)
        self._apply_read_only()
        self._rebuild_personal_columns()
        self._apply_hint()
        self.update_preview()
        self.template_loaded.emit(template)

    def _apply_hint(self) -> None:
        if self.mode == MODE_PERSONAL:
            self.variables_hint.setText(
                self.tr("Values here apply to every row; a cell in the table overrides them for its number.")
            )
        else:
            self.variables_hint.setText(self.tr("Fill in the template's variables:"))

    def edit_as_free_text(self) -> None:
        text = self.text_edit.toPlainText()
        self.template_combo.setCurrentIndex(0)
        self._load_template(None, False)
        if self.mode != MODE_PERSONAL:
            self.text_edit.setPlainText(text)

    # ============================================================== modes
    @property
    def mode(self) -> str:
        if self.mode_single.isChecked():
            return MODE_SINGLE
        if self.mode_personal.isChecked():
            return MODE_PERSONAL
        return MODE_BATCH

    def set_mode(self, mode: str) -> None:
        {MODE_SINGLE: self.mode_single, MODE_BATCH: self.mode_batch, MODE_PERSONAL: self.mode_personal}[
            mode
        ].setChecked(True)
        self._apply_mode()

    def _apply_mode(self) -> None:
        mode = self.mode
        self.recipient_stack.setCurrentIndex({MODE_SINGLE: 0, MODE_BATCH: 1, MODE_PERSONAL: 2}[mode])
        self._apply_read_only()
        if mode == MODE_PERSONAL:
            self.text_edit.setPlaceholderText(self.tr("The text of the selected row appears here."))
        else:
            self.text_edit.setPlaceholderText(
                self.tr("【Your signature】Your message. It must match one of your approved templates.")
            )
        self._rebuild_personal_columns()
        self._apply_hint()
        self.update_preview()

    # ============================================================== personalised rows
    def personal_columns(self) -> list[str]:
        """Column keys after the number: the template's variables, or "text" for free text."""
        if self.template is None:
            return ["text"]
        return texts.template_variables(self.template.tpl_content)

    def _rebuild_personal_columns(self) -> None:
        table = self.personal_table
        old_keys = getattr(self, "_personal_keys", ["text"])
        rows = [self._row_cells(row, old_keys) for row in range(table.rowCount())]
        keys = self.personal_columns()
        self._personal_keys = keys
        table.blockSignals(True)
        table.setColumnCount(1 + len(keys))
        headers = [self.tr("Number")] + [self.tr("Text") if k == "text" else f"#{k}#" for k in keys]
        table.setHorizontalHeaderLabels(headers)
        for row, cells in enumerate(rows):
            for column, key in enumerate(["number", *keys]):
                table.setItem(row, column, QTableWidgetItem(cells.get(key, "")))
        table.blockSignals(False)

    def _row_cells(self, row: int, keys: list[str]) -> dict[str, str]:
        cells = {}
        for column, key in enumerate(["number", *keys]):
            item = self.personal_table.item(row, column)
            cells[key] = item.text().strip() if item is not None else ""
        return cells

    def add_personal_rows(self, rows: list[list[str]]) -> None:
        table = self.personal_table
        table.blockSignals(True)
        for cells in rows:
            row = table.rowCount()
            table.insertRow(row)
            for column in range(table.columnCount()):
                table.setItem(row, column, QTableWidgetItem(cells[column] if column < len(cells) else ""))
        table.blockSignals(False)
        self._schedule_update()

    def remove_selected_rows(self) -> None:
        for row in sorted({i.row() for i in self.personal_table.selectedIndexes()}, reverse=True):
            self.personal_table.removeRow(row)
        self._schedule_update()

    def paste_rows(self, text: str | None = None) -> None:
        """Rows copied from Excel (tab-separated). A header row naming the columns maps them."""
        text = QGuiApplication.clipboard().text() if not isinstance(text, str) else text
        lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]
        if not lines:
            self._say(self.tr("The clipboard holds no rows to paste."))
            return
        grid = [line.split("\t") for line in lines]
        keys = ["number", *self._personal_keys]
        order = list(range(len(keys)))
        header = [cell.strip().strip("#").lower() for cell in grid[0]]
        if header and not normalize_number(grid[0][0]).ok and any(h for h in header):
            number_names = {"number", "mobile", "phone", "手机", "手机号", "号码", "手机号码", "电话"}
            mapping = []
            for cell in header:
                if cell in number_names:
                    mapping.append(0)
                elif cell in [k.lower() for k in keys[1:]]:
                    mapping.append(1 + [k.lower() for k in keys[1:]].index(cell))
                else:
                    mapping.append(-1)
            if any(i >= 0 for i in mapping):
                grid = grid[1:]
                order = mapping
        if self.personal_table.rowCount() + len(grid) > MAX_NUMBERS_PER_CALL:
            self._warn(
                self.tr(
                    "That makes more than {0} rows. A quick send is one call of at most {0} numbers; "
                    "use the Campaigns tab for larger lists and for files."
                ).format(MAX_NUMBERS_PER_CALL)
            )
            return
        rows = []
        for cells in grid:
            row = [""] * len(keys)
            for position, value in enumerate(cells):
                target = order[position] if position < len(order) else -1
                if 0 <= target < len(keys):
                    row[target] = value.strip()
            rows.append(row)
        self.add_personal_rows(rows)
        self._say(self.tr("%n row(s) pasted.", "", len(rows)))

    def personal_rows(self) -> tuple[list[tuple[str, str]], list[str]]:
        """((number, text) for every usable row, problems in plain words)."""
        keys = self._personal_keys
        shared = self.variable_form.values()
        valid: list[tuple[str, str]] = []
        problems: list[str] = []
        seen: set[str] = set()
        for row in range(self.personal_table.rowCount()):
            cells = self._row_cells(row, keys)
            if not any(cells.values()):
                continue
            check = normalize_number(cells["number"])
            if not check.ok:
                problems.append(
                    self.tr("Row {0}: “{1}” — {2}").format(
                        row + 1, cells["number"], reason_text(check.reason or "invalid")
                    )
                )
                continue
            if check.number in seen:
                problems.append(self.tr("Row {0}: {1} — duplicate, sent once").format(row + 1, check.number))
                continue
            if self.template is None:
                text = cells.get("text", "")
                if not text:
                    problems.append(self.tr("Row {0}: the text is empty").format(row + 1))
                    continue
            else:
                values = {k: cells.get(k) or shared.get(k, "") for k in keys}
                missing = [k for k, v in values.items() if not v]
                if missing:
                    problems.append(
                        self.tr("Row {0}: no value for {1}").format(row + 1, ", ".join(f"#{k}#" for k in missing))
                    )
                    continue
                text = texts.render_template(self.template.tpl_content, values)
            seen.add(check.number)
            valid.append((check.number, text))
        return valid, problems

    # ============================================================== live preview
    def _schedule_update(self, *_args) -> None:
        self._update_timer.start()

    def _text_edited(self) -> None:
        if not self.text_edit.isReadOnly():
            self._schedule_update()

    def _apply_read_only(self) -> None:
        # The text follows the template (or, personalised, the selected row); free text is typed.
        self.text_edit.setReadOnly(self.mode == MODE_PERSONAL or self.template is not None)

    def current_text(self) -> str:
        """The text for single and batch sends (the template filled in, or the free text)."""
        if self.template is None:
            return self.text_edit.toPlainText().strip()
        return fill_known(self.template.tpl_content, self.variable_form.values())

    def recipients(self) -> list[str]:
        mode = self.mode
        if mode == MODE_SINGLE:
            check = normalize_number(self.single_edit.text())
            return [check.number] if check.ok else []
        if mode == MODE_BATCH:
            return self.number_list.numbers()
        return [number for number, _text in self.personal_rows()[0]]

    def update_preview(self) -> Estimate:
        self._update_timer.stop()
        mode = self.mode
        if mode == MODE_PERSONAL:
            rows, problems = self.personal_rows()
            selected = self.personal_table.currentRow()
            preview = ""
            if rows:  # the selected row's text, else the first row's
                number_at = self._row_cells(selected, self._personal_keys)["number"] if selected >= 0 else ""
                match = [t for n, t in rows if n == normalize_number(number_at).number] if number_at else []
                preview = match[0] if match else rows[0][1]
            elif self.template is not None:
                preview = fill_known(self.template.tpl_content, self.variable_form.values())
            self._set_preview(preview)
            message_texts = [t for _n, t in rows] or [preview]
            recipients = len(rows)
            summary = self.tr("%n row(s) ready", "", len(rows))
            if problems:
                summary += " · " + self.tr("%n row(s) with problems (not sent):", "", len(problems))
                summary += "\n" + "\n".join(problems[:8]) + ("\n…" if len(problems) > 8 else "")
            self.personal_status.setText(summary)
            self.personal_status.setStyleSheet(status_css("error") if problems else "")
        else:
            text = self.current_text()
            if self.template is not None:
                self._set_preview(text)
            message_texts = [text]
            if mode == MODE_SINGLE:
                raw = self.single_edit.text().strip()
                check = normalize_number(raw)
                recipients = 1 if check.ok else 0
                if not raw:
                    self.single_status.setText("")
                elif check.ok:
                    self.single_status.setText(self.tr("Will send to {0}").format(check.number))
                    self.single_status.setStyleSheet("")
                else:
                    self.single_status.setText(
                        self.tr("Not a valid number: {0}").format(reason_text(check.reason or "invalid"))
                    )
                    self.single_status.setStyleSheet(status_css("error"))
            else:
                recipients = len(self.number_list.numbers())
        balance = self.ctx.account.balance if self.ctx.account is not None else None
        estimate = compute_estimate(message_texts, recipients, self.price, self.price_unit, balance)
        self.counter.show_estimate(estimate, personalised=mode == MODE_PERSONAL)
        return estimate

    def _set_preview(self, text: str) -> None:
        if self.text_edit.toPlainText() != text:
            self.text_edit.blockSignals(True)
            self.text_edit.setPlainText(text)
            self.text_edit.blockSignals(False)
            self.highlighter.rehighlight()

    # ============================================================== price
    def _set_price(self, price: Decimal | None, unit: str, source: str) -> None:
        self.price, self.price_unit, self.price_source = price, unit, source
        self.price_edit.setText("" if price is None else format(price.normalize(), "f"))
        self.price_unit_label.setText(self.tr("{0} per part").format(unit) if unit else self.tr("per part"))
        if price is None:
            self.price_source_label.setText(self.tr("unknown: learned from the first send, or type it"))
        elif source == "learned":
            self.price_source_label.setText(self.tr("learned from the last send"))
        else:
            self.price_source_label.setText(self.tr("set by you"))

    def _price_edited(self) -> None:
        text = self.price_edit.text().strip()
        price = _decimal_or_none(text)
        if text and (price is None or price <= 0):
            self.price_source_label.setText(self.tr("not a price: type a number such as 0.05"))
            self.price_source_label.setStyleSheet(status_css("error"))
            return
        self.price_source_label.setStyleSheet("")
        if price == self.price:
            return
        self._set_price(price, self.price_unit, "manual")
        service, unit = self.service(), self.price_unit
        self.ctx.run(
            lambda: service.set_price(price, unit), None, lambda e: show_error(self.ctx, self, e), name="save_price"
        )
        self._schedule_update()

    # ============================================================== blocked words
    def _blocked_word_pieces(self, plan_texts: list[str]) -> list[str]:
        """What to ask get_black_word about: for a template, its fixed part and the distinct
        values; for free text, the distinct texts."""
        if self.mode == MODE_PERSONAL and self.template is not None:
            fixed = texts.render_template(
                self.template.tpl_content, dict.fromkeys(texts.template_variables(self.template.tpl_content), " ")
            )
            values = [
                v
                for row in range(self.personal_table.rowCount())
                for k, v in self._row_cells(row, self._personal_keys).items()
                if k != "number" and v
            ]
            return [fixed, *self.variable_form.values().values(), *values]
        return list(plan_texts)

    def check_blocked_words(self) -> None:
        if self.busy.busy:
            return
        if self.mode == MODE_PERSONAL:
            rows, _problems = self.personal_rows()
            message_texts = [t for _n, t in rows]
        else:
            message_texts = [self.current_text()]
        pieces = self._blocked_word_pieces([t for t in message_texts if t])
        if not any(p.strip() for p in pieces):
            self._say(self.tr("There is no text to check yet."))
            return
        service = self.service()
        chunks = black_word_chunks(pieces)
        task = self.ctx.run(
            lambda control: service.blocked_words(pieces, control.check),
            self._words_checked,
            lambda e: self._failed(e, self.tr("Checking for blocked words failed.")),
            name="get_black_word",
            with_control=True,
        )
        self._track(task, self.tr("Checking for blocked words…"), cancellable=len(chunks) > 3)

    def _words_checked(self, words: list[str]) -> None:
        self.highlighter.set_words(words)
        if words:
            self._warn(
                self.tr(
                    "Blocked words found: {0}. They are highlighted; remove or rephrase them — a text "
                    "with a blocked word is refused (code 4)."
                ).format("、".join(words))
            )
        else:
            self._say(self.tr("No blocked words found."))

    # ============================================================== sending
    def _say(self, text: str) -> None:
        self.message_label.setStyleSheet("")
        self.message_label.setText(text)

    def _warn(self, text: str) -> None:
        self.message_label.setStyleSheet(status_css("error", bold=True))
        self.message_label.setText(text)

    def build_plan(self) -> SendRequest | None:
        """The send as the form describes it, or None after telling the operator what is wrong.

        These checks answer at once, in the operator's words; the service checks again."""
        lang = error_language(self.ctx)
        mode = self.mode
        notes: list[str] = []
        if mode == MODE_PERSONAL:
            rows, problems = self.personal_rows()
            if self.personal_table.rowCount() > MAX_NUMBERS_PER_CALL:
                self._warn(self._campaigns_hint(self.personal_table.rowCount()))
                return None
            if not rows:
                self._warn(
                    self.tr("Add at least one row with a valid number and its values.")
                    if not problems
                    else self.tr("No row can be sent:") + "\n" + "\n".join(problems[:8])
                )
                return None
            if problems:
                notes.append(self.tr("%n row(s) left out:", "", len(problems)) + " " + "; ".join(problems[:5]))
            plan = SendRequest(MODE_PERSONAL, tuple(n for n, _t in rows), tuple(t for _n, t in rows), tuple(notes))
        else:
            if self.template is not None and self.variable_form.missing():
                self._warn(
                    self.tr("Fill in the template's variables: {0}").format(
                        ", ".join(f"#{n}#" for n in self.variable_form.missing())
                    )
                )
                return None
            text = self.current_text()
            if mode == MODE_SINGLE:
                raw = self.single_edit.text().strip()
                check = normalize_number(raw)
                if not raw:
                    self._warn(self.tr("Enter the number to send to."))
                    return None
                if not check.ok:
                    self._warn(
                        self.tr("“{0}” is not a valid number: {1}.").format(raw, reason_text(check.reason or "invalid"))
                    )
                    return None
                mobiles = [check.number]
            else:
                if self.number_list.over_limit:
                    self._warn(self._campaigns_hint(self.number_list.over_limit))
                    return None
                valid, rejected, duplicates = self.number_list.result()
                if not valid:
                    self._warn(
                        self.tr("Enter at least one valid number.")
                        if not rejected
                        else self.tr("None of the numbers is valid; see the list under the numbers.")
                    )
                    return None
                if len(valid) > MAX_NUMBERS_PER_CALL:
                    self._warn(self._campaigns_hint(len(valid)))
                    return None
                if rejected:
                    notes.append(self.tr("%n invalid number(s) left out.", "", len(rejected)))
                if duplicates:
                    notes.append(self.tr("%n duplicate(s) sent once.", "", len(duplicates)))
                mobiles = valid
            mode = MODE_SINGLE if len(mobiles) == 1 else MODE_BATCH
            plan = SendRequest(mode, tuple(mobiles), (text,), tuple(notes))
        international = [m for m in plan.mobiles if m.startswith("+")]
        if international and len(plan.mobiles) > 1:
            self._warn(
                self.tr("International numbers go one per call: send {0} on its own in Single mode.").format(
                    ", ".join(international[:3])
                )
            )
            return None
        for _index, text in enumerate(dict.fromkeys(plan.texts)):
            problem = text_problem(text, lang)
            if problem:
                self._warn(
                    problem
                    if len(plan.texts) == 1
                    else self.tr("Text of {0}: {1}").format(plan.mobiles[plan.texts.index(text)], problem)
                )
                return None
        return SendRequest(
            plan.mode,
            plan.mobiles,
            plan.texts,
            plan.notes,
            tuple(self._blocked_word_pieces(list(plan.texts))),
            allow_over_balance=self.override_check.isChecked(),
        )

    def _campaigns_hint(self, count: int) -> str:
        return self.tr(
            "{0} numbers: a quick send is one call of at most {1} numbers. Use the Campaigns tab for "
            "larger lists and for numbers from a file; it sends in steps and can resume."
        ).format(count, MAX_NUMBERS_PER_CALL)

    def start_send(self) -> None:
        """Send… / Ctrl+Enter: local checks, then the service plans it in a worker."""
        if self.busy.busy or (self.confirm_dialog is not None and self.confirm_dialog.isVisible()):
            return
        request = self.build_plan()
        if request is None:
            return
        service = self.service()
        chunks = black_word_chunks(request.check_pieces or request.texts)
        task = self.ctx.run(
            lambda control: service.plan_quick_send(request, control.check),
            lambda plan: self._planned(plan, service),
            self._plan_refused,
            name="compose_prepare",
            with_control=True,
        )
        self._track(task, self.tr("Checking the message before sending…"), cancellable=len(chunks) > 3)

    def _plan_refused(self, error) -> None:
        """The service would not plan the send: say why; nothing was sent."""
        if _profile_switched(error):
            self._warn(self.tr("Not sent: the profile was switched after this send was planned."))
        elif isinstance(error, UnsettledSendError):
            self._refuse_unsettled(error.numbers)
        elif isinstance(error, BlockedWordsFound):
            self.highlighter.set_words(error.words)
            self._warn(
                self.tr(
                    "Not sent: the text contains blocked words ({0}), highlighted above. Remove or rephrase them."
                ).format("、".join(error.words))
            )
        elif isinstance(error, AllSuppressed):
            self._warn(self.tr("Not sent: every number is on the suppression list (they asked not to be contacted)."))
        elif isinstance(error, OverBalance):
            self._warn(
                self.tr(
                    "Not sent: the estimated cost {0} exceeds the balance {1}. Top up the account, or "
                    "tick “Send even if the estimate exceeds the balance” and send again."
                ).format(money(error.cost, error.unit), money(error.balance, error.unit))
            )
            self.override_check.setFocus()
        elif isinstance(error, InvalidRecipients | InvalidText):
            self._warn(self.tr("Not sent: {0}").format(error))
        else:
            self._failed(error, self.tr("Checking the message before sending failed; nothing was sent."))

    def _planned(self, plan: SendPlan, service: SendService) -> None:
        """``service`` planned it and will send it: bound to the profile the plan was made for."""
        self.highlighter.set_words([])
        notes = []
        if plan.suppressed:
            notes.append(
                self.tr("%n number(s) on the suppression list left out: ", "", len(plan.suppressed))
                + ", ".join(plan.suppressed[:10])
                + ("…" if len(plan.suppressed) > 10 else "")
            )
        if plan.spend.exceeds_balance:  # planned only because the override is ticked
            notes.append(
                QCoreApplication.translate(
                    "ConfirmSendDialog", "The estimate exceeds the balance; you chose to send anyway."
                )
            )
        plan = plan.with_notes(*notes)
        self._say(" ".join(plan.notes))
        self.pending_plan = plan
        self.confirm_dialog = confirm_spend(
            self,
            self.ctx.spend_gate,
            plan.spend,
            lambda approval: self._send(plan, approval, service),
            self._confirmation_cancelled,
        )

    def _confirmation_cancelled(self) -> None:
        self.confirm_dialog = None
        self.pending_plan = None
        self._say(self.tr("Send cancelled; nothing was sent."))

    def _send(self, plan: SendPlan, approval: Approval, service: SendService) -> None:
        self.confirm_dialog = None
        self.pending_plan = None
        self.override_check.setChecked(False)  # an override is for one send only
        self.last_mode = self.mode

        def failed(error) -> None:
            if _profile_switched(error):
                self._warn(self.tr("Not sent: the profile was switched after this send was planned."))
            elif isinstance(error, UnsettledSendError):
                self._refuse_unsettled(error.numbers)
            elif isinstance(error, SpendRefused):
                self._failed(error, self.tr("The confirmation was not valid for this send; nothing was sent."))
            else:
                self._failed(error, self.tr("The send failed."))

        task = self.ctx.run(lambda: service.send(plan, approval), self._sent, failed, name=f"compose_{plan.mode}_send")
        self.ctx.track_send(task)
        self._track(task, self.tr("Sending to %n number(s)…", "", len(plan.mobiles)))

    def _sent(self, outcome: SendOutcome) -> None:
        self.show_results(outcome.rows)
        if outcome.learned_price is not None:
            self._set_price(outcome.learned_price[0], outcome.learned_price[1], "learned")
        if outcome.in_doubt:
            self._warn(
                self.tr(
                    "In doubt — do not resend; check Records. The request went out but no answer came "
                    "back: the messages may have been delivered and billed. “Check now” looks them up "
                    "in the records; the console also checks by itself in about {0} s."
                ).format(int(self.settle_grace_seconds))
            )
            if outcome.error is not None:
                show_error(self.ctx, self, outcome.error)
            self.load_in_doubt()
        elif isinstance(outcome.error, SendInDoubt):  # the connection never opened
            self._warn(self.tr("The gateway could not be reached; nothing was sent."))
            show_error(self.ctx, self, outcome.error)
        elif outcome.error is not None:
            self._warn(self.tr("The gateway refused the send; nothing was sent."))
            show_error(self.ctx, self, outcome.error)
        else:
            ok = sum(1 for r in outcome.rows if r.state == STATE_OK)
            failed = sum(1 for r in outcome.rows if r.failed)
            text = self.tr("Sent to %n number(s).", "", ok)
            if failed:
                text += " " + self.tr("%n failed; see the results.", "", failed)
                # What each refusal means and what to do (e.g. code 3: top up), not just the number.
                codes = sorted({r.code for r in outcome.rows if r.failed and isinstance(r.code, int)})
                lang = error_language(self.ctx)
                text += "".join(
                    self.tr(" Code {0}: {1}").format(code, ApiError(code).explain(lang)) for code in codes[:3]
                )
                self._warn(text)
            else:
                self._say(text)
        if outcome.store_error is not None:
            show_error(
                self.ctx,
                self,
                outcome.store_error,
                self.tr("The send went through, but recording it in the local store failed."),
            )

    def _failed(self, error, action: str) -> None:
        self._warn(action)
        show_error(self.ctx, self, error, action)

    # ============================================================== results
    def show_results(self, rows: list[ResultRow]) -> None:
        self.results = list(rows)
        self.results_model.set_rows(self.results)
        ok = [r for r in rows if r.state == STATE_OK]
        failed = [r for r in rows if r.failed]
        doubt = [r for r in rows if r.state == STATE_IN_DOUBT]
        parts = sum(r.count or 0 for r in ok)
        fee = sum((r.fee or Decimal(0) for r in ok), Decimal(0))
        unit = next((r.unit for r in rows if r.unit), "")
        pieces = [self.tr("%n sent", "", len(ok)), self.tr("%n failed", "", len(failed))]
        if doubt:
            pieces.append(self.tr("%n in doubt (do not resend; check Records)", "", len(doubt)))
        pieces.append(self.tr("{0} part(s), fee {1}").format(parts, money(fee, unit)))
        self.results_summary.setText(" · ".join(pieces))
        self.results_summary.setStyleSheet(status_css("warning", bold=True) if doubt else "")
        self._update_result_buttons()

    def failed_numbers(self) -> list[str]:
        return [r.mobile for r in self.results if r.failed]

    # ============================================================== sends in doubt
    def _refuse_unsettled(self, numbers: list[str]) -> None:
        """A send of a text still in doubt for some of its numbers: refused, no override."""
        self._warn(
            self.tr(
                "Not sent: the previous send of this text to these numbers is not settled yet — Check now. {0}"
            ).format(", ".join(numbers[:10]) + ("…" if len(numbers) > 10 else ""))
        )
        self.load_in_doubt()

    def load_in_doubt(self) -> None:
        """Read the store's sends in doubt (they survive a restart): banner and automatic check."""
        if self.ctx.profile is None:
            return
        service = self.service()
        self.ctx.run(
            service.in_doubt_messages,
            self._in_doubt_loaded,
            lambda e: log.warning("reading the sends in doubt failed: %s", e),
            name="compose_in_doubt",
        )

    def _in_doubt_loaded(self, messages: list) -> None:
        self._show_in_doubt(messages)
        self._schedule_settlement()

    def _show_in_doubt(self, messages: list) -> None:
        self.in_doubt = list(messages)
        count = len(self.in_doubt)
        self.doubt_label.setText(
            self.tr(
                "%n message(s) in doubt: their send got no answer; they may have been delivered. Nothing is sent "
                "to them again until the records settle it.",
                "",
                count,
            )
        )
        self.doubt_banner.setVisible(count > 0)

    def _schedule_settlement(self) -> None:
        """Check by itself once the oldest message in doubt is past its grace period."""
        if not self.in_doubt:
            self._settle_timer.stop()
            return
        due = min(sent_at_epoch(m.sent_at) for m in self.in_doubt) + self.settle_grace_seconds
        delay = max(0.0, due - self.clock()) + 1.0  # the store keeps whole seconds
        self._settle_timer.start(int(min(delay, 24 * 3600) * 1000))

    def check_in_doubt(self, auto: bool = False) -> None:
        """Settle the sends in doubt against the provider's records (the campaigns' settlement)."""
        if self.ctx.profile is None or not self.ctx.has_apikey:
            return
        if self.busy.busy:
            if auto:  # a send or a load is running: try again shortly
                self._settle_timer.start(5000)
            return
        self._settle_timer.stop()
        service, grace = self.service(), self.settle_grace_seconds

        def failed(error) -> None:
            self._warn(
                self.tr(
                    "Checking the records failed; the messages stay in doubt and nothing was sent. "
                    "The console tries again in about a minute."
                )
            )
            self._settle_timer.start(int(SETTLE_RETRY_SECONDS * 1000))
            if not auto:
                show_error(self.ctx, self, error, self.tr("Checking the records for the messages in doubt failed."))

        task = self.ctx.run(
            lambda control: service.settle_in_doubt(grace, control.check),
            self._settled,
            failed,
            name="compose_settle",
            with_control=True,
        )
        self._track(task, self.tr("Looking the messages in doubt up in the records…"))

    def _settled(self, settlement: Settlement) -> None:
        outcome: MessageSettlement = settlement.outcome
        remaining = settlement.remaining
        rows = list(self.results)
        index = {(record_key(r.mobile, r.text)): i for i, r in enumerate(rows) if r.state == STATE_IN_DOUBT}

        def put(mobile: str, text: str, row: ResultRow) -> None:
            at = index.pop(record_key(mobile, text), None)
            if at is None:
                rows.append(row)  # e.g. in doubt since before a restart
            else:
                rows[at] = row

        for message, record in outcome.sent:
            put(
                message.mobile,
                message.text,
                ResultRow(
                    message.mobile,
                    message.text,
                    STATE_OK,
                    0,
                    self.tr("found in the provider's records: sent"),
                    int(record.fee or 0),
                    None,
                    "",
                    record.sid or None,
                ),
            )
        for message in outcome.not_sent:
            put(
                message.mobile,
                message.text,
                ResultRow(message.mobile, message.text, STATE_NOT_SENT, None, SETTLED_NOT_SENT_MSG),
            )
        for message in outcome.waiting:
            if record_key(message.mobile, message.text) not in index:
                rows.append(ResultRow(message.mobile, message.text, STATE_IN_DOUBT, None, IN_DOUBT_MSG))
        self.show_results(rows)
        pieces = []
        if outcome.sent:
            pieces.append(self.tr("%n found in the records: sent.", "", len(outcome.sent)))
        if outcome.not_sent:
            pieces.append(
                self.tr(
                    "%n not in the records after the grace period: not sent — use the failed numbers for a new send.",
                    "",
                    len(outcome.not_sent),
                )
            )
        if outcome.waiting:
            pieces.append(
                self.tr(
                    "%n not in the records yet (they can lag); checked again by itself in about {0} s.",
                    "",
                    len(outcome.waiting),
                ).format(int(self.settle_grace_seconds))
            )
        if not pieces:
            pieces.append(self.tr("Nothing is in doubt."))
        (self._warn if outcome.waiting else self._say)(" ".join(pieces))
        self._show_in_doubt(remaining)
        self._schedule_settlement()

    def _update_result_buttons(self) -> None:
        if self.busy.busy:
            return
        has_failed = bool(self.failed_numbers())
        self.copy_failed_button.setEnabled(has_failed)
        self.reuse_failed_button.setEnabled(has_failed)

    def copy_failed_numbers(self) -> None:
        numbers = self.failed_numbers()
        if numbers:
            QGuiApplication.clipboard().setText("\n".join(numbers))
            self._say(self.tr("%n failed number(s) copied.", "", len(numbers)))

    def use_failed_numbers(self) -> None:
        """Put the failed numbers into the form for a new send (in-doubt ones are not included)."""
        numbers = self.failed_numbers()
        if not numbers:
            return
        if self.last_mode == MODE_PERSONAL:
            keep = set(numbers)
            for row in reversed(range(self.personal_table.rowCount())):
                number = normalize_number(self._row_cells(row, self._personal_keys)["number"])
                if number.number not in keep:
                    self.personal_table.removeRow(row)
            self.set_mode(MODE_PERSONAL)
        elif len(numbers) == 1 and self.last_mode == MODE_SINGLE:
            self.single_edit.setText(numbers[0])
            self.set_mode(MODE_SINGLE)
        else:
            self.number_list.set_numbers(numbers)
            self.set_mode(MODE_BATCH)
        self._say(
            self.tr(
                "%n failed number(s) ready for a new send. Check the reasons first: resending as is "
                "fails again for most codes.",
                "",
                len(numbers),
            )
        )
        self.update_preview()


def _profile_switched(error: BaseException) -> bool:
    """A service built for the previous profile refused (``AppContext.bound``): nothing reached it."""
    return isinstance(error, ProfileChanged)


def _decimal_or_none(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
