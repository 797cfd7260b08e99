"""What the parts of the Compose tab share: the status line, the mode, the send service, busy tracking.

ComposeTab (``page.py``) is put together from parts, one file each: the recipients
(``recipients.py``), the message (``message.py``), the form read as a send request
(``request.py``), the results (``results.py``), the sends in doubt (``in_doubt.py``) and
the presenter that turns the operator's actions into service calls (``presenter.py``).
Every part is a mixin over ComposeBase, so a part reads the widgets another part built
as attributes of the one tab; the declarations below name them for the type checker.
The parts' ``tr()`` texts are found at run time through the tab's classes (PySide looks a
text up in the context of each class of the object), whichever part says them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.context import ProfileChanged
from gui.services.send_modes import MODE_BATCH, MODE_PERSONAL, MODE_SINGLE
from gui.theme import status_css
from gui.views.partials.audit import audit_log
from gui.views.partials.errors import show_error
from gui.views.partials.tab_page import TabPage

if TYPE_CHECKING:  # the send service (send_plan, spend_gate) comes with the first send, not the first load
    from collections.abc import Callable
    from decimal import Decimal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import (
        QCheckBox,
        QComboBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QPushButton,
        QRadioButton,
        QStackedWidget,
        QTableWidget,
        QWidget,
    )

    from gui.api.models import Template
    from gui.services.estimate import Estimate
    from gui.services.send import SendService
    from gui.services.send_plan import ResultRow, SendRequest
    from gui.services.send_setup import QuickSendSetup
    from gui.views.partials.busy import BusyBar
    from gui.views.partials.highlighter import BlockedWordHighlighter
    from gui.views.partials.load_guard import LoadGuard
    from gui.views.partials.number_list_edit import NumberListEdit
    from gui.views.partials.text_counter import TextCounter
    from gui.views.partials.variable_form import VariableForm


class ComposeBase(TabPage):
    if TYPE_CHECKING:
        # --- state (ComposeTab.__init__) -----------------------------------------------
        template: Template | None
        template_is_default: bool
        untouched_text: str
        signature: str
        price: Decimal | None
        price_unit: str
        results: list[ResultRow]
        last_mode: str
        settle_grace_seconds: float
        clock: Callable[[], float]
        load_guard: LoadGuard
        _personal_keys: list[str]
        _update_timer: QTimer
        _settle_timer: QTimer
        # --- widgets: the page's top row and actions --------------------------------------
        mode_single: QRadioButton
        mode_batch: QRadioButton
        mode_personal: QRadioButton
        template_combo: QComboBox
        override_check: QCheckBox
        message_label: QLabel
        busy: BusyBar
        _busy_widgets: list[QWidget]
        # --- widgets: recipients.py ---------------------------------------------------------
        recipient_stack: QStackedWidget
        single_edit: QLineEdit
        single_status: QLabel
        number_list: NumberListEdit
        personal_table: QTableWidget
        personal_status: QLabel
        # --- widgets: message.py ------------------------------------------------------------
        variables_hint: QLabel
        variable_form: VariableForm
        text_edit: QPlainTextEdit
        _highlighter: BlockedWordHighlighter | None
        free_text_button: QPushButton
        counter: TextCounter
        # --- widgets: results.py ------------------------------------------------------------
        doubt_banner: QWidget
        doubt_label: QLabel
        copy_failed_button: QPushButton
        reuse_failed_button: QPushButton

        # --- what one part asks of another ------------------------------------------------
        @property
        def highlighter(self) -> BlockedWordHighlighter: ...
        def set_mode(self, mode: str) -> None: ...
        def _row_cells(self, row: int, keys: list[str]) -> dict[str, str]: ...
        def personal_rows(self) -> tuple[list[tuple[str, str]], list[str]]: ...
        def _rebuild_personal_columns(self) -> None: ...
        def current_text(self) -> str: ...
        def set_templates(self, own: list[Template], defaults: list[Template]) -> None: ...
        def _set_price(self, price: Decimal | None, unit: str, source: str) -> None: ...
        def build_plan(self) -> SendRequest | None: ...
        def update_preview(self) -> Estimate: ...
        def _apply_hint(self) -> None: ...
        def _apply_read_only(self) -> None: ...
        def _blocked_word_pieces(self, plan_texts: list[str]) -> list[str]: ...
        def show_results(self, rows: list[ResultRow]) -> None: ...
        def _update_result_buttons(self) -> None: ...
        def load_in_doubt(self) -> None: ...
        def _refuse_unsettled(self, numbers: list[str]) -> None: ...
        def _select_combo(self, template: Template | None, is_default: bool) -> None: ...
        def _load_template(self, template: Template | None, is_default: bool) -> None: ...
        def choose_template(
            self, template: Template, is_default: bool, on_loaded: Callable[[], None] | None = None
        ) -> None: ...

    # ============================================================== status line
    def _say(self, text: str) -> None:
        self.message_label.setStyleSheet("")
        self.message_label.setText(text)

    def _warn(self, text: str) -> None:
        self.message_label.setStyleSheet(status_css("error", bold=True))
        self.message_label.setText(text)

    def _failed(self, error, action: str) -> None:
        self._warn(action)
        show_error(self.ctx, self, error, action)

    # ============================================================== mode
    @property
    def mode(self) -> str:
        if self.mode_single.isChecked():
            return MODE_SINGLE
        if self.mode_personal.isChecked():
            return MODE_PERSONAL
        return MODE_BATCH

    def _schedule_update(self, *_args) -> None:
        """The live preview follows the form a moment after the last keystroke."""
        self._update_timer.start()

    # ============================================================== service
    def service(self) -> SendService:
        """A send service bound to the active profile (``AppContext.bound``): once the operator
        switched profile its client and store raise ProfileChanged. A send goes through the
        service that planned it, so a plan made for one profile is never sent from another."""
        from gui.services.send import SendService  # with the first send or check, not the first load

        ctx, bind = self.ctx, self._bind()
        return SendService(
            bind(lambda: ctx.client()),
            bind(lambda: ctx.store()),
            ctx.spend_gate,
            ctx.account_service(),
            clock=lambda: self.clock(),
            templates=ctx.template_catalog(),  # the Templates tab reads the same lists
            audit=audit_log(ctx),  # the profile's operator name in the audit log
        )

    def setup(self) -> QuickSendSetup:
        """The reads the tab starts from (templates, price, sends in doubt), bound to the active
        profile as ``service()`` is; they need neither the send plan's nor the spend gate's types."""
        from gui.services.send_setup import QuickSendSetup

        ctx, bind = self.ctx, self._bind()
        return QuickSendSetup(
            bind(lambda: ctx.client()),
            bind(lambda: ctx.store()),
            ctx.account_service(),
            templates=ctx.template_catalog(),  # the Templates tab reads the same lists
        )

    def _bind(self) -> Callable:
        """``AppContext.bound`` for the active profile; without a profile there is nothing to bind
        to, and the worker's first call says so."""
        return self.ctx.bound if self.ctx.profile is not None else (lambda get: get)

    def _track(self, task, message: str, cancellable: bool = False) -> None:
        self.busy.track(task, message, self._busy_widgets, cancellable=cancellable)
        task.done.connect(self._update_result_buttons)


def profile_switched(error: BaseException) -> bool:
    """A service built for the previous profile refused (``AppContext.bound``): nothing reached it."""
    return isinstance(error, ProfileChanged)
