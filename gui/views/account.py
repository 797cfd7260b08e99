"""The Account tab: everything user/get tells, and the three settings user/set can change.

alarm_balance (a whole number: the provider warns the emergency contact when the
balance falls below it), emergency_contact and emergency_mobile are validated by the
AccountService (``gui.services.account``; this tab translates its refusals), only
changed fields are sent, and at least one must change. user/get and user/set run in
workers through the service, which keeps the one cached account: after either, the
service's change reaches ``ctx.balance_changed`` so the status bar (and compose's
estimate) follow.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.api.models import Account
from gui.services import account as account_service
from gui.services.account import MAX_CONTACT_CHARS, AccountChanges, AccountValueError, account_changes
from gui.theme import status_css
from gui.views.partials.account_fields import account_field_labels
from gui.views.partials.audit import audit_log
from gui.views.partials.busy import BusyBar
from gui.views.partials.errors import show_error, show_load_error
from gui.views.partials.load_guard import LoadGuard
from gui.views.partials.number_list_edit import reason_text
from gui.views.partials.tab_page import TabPage


def _money(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


class AccountTab(TabPage):
    FIELDS = (  # attribute, label (translated in _build)
        "nick",
        "gmt_created",
        "mobile",
        "email",
        "ip_whitelist",
        "api_version",
        "balance",
        "alarm_balance",
        "emergency_contact",
        "emergency_mobile",
    )

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("account_tab")
        self.account: Account | None = None
        self.field_labels = labels = account_field_labels()  # the audit view names fields so too

        info_box = QGroupBox(self.tr("Account"), self)
        info_form = QFormLayout(info_box)
        self.value_labels: dict[str, QLabel] = {}
        for name in self.FIELDS:
            label = QLabel("…", info_box)
            label.setObjectName(f"account_{name}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            info_form.addRow(self._label(labels[name]), label)
            self.value_labels[name] = label
        self.extra_label = QLabel(info_box)
        self.extra_label.setObjectName("account_extra")
        self.extra_label.setWordWrap(True)
        self.extra_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info_form.addRow(self.extra_label)

        edit_box = QGroupBox(self.tr("Alarm and emergency contact"), self)
        edit_form = QFormLayout(edit_box)
        hint = QLabel(
            self.tr(
                "When the balance falls below the alarm amount the provider alerts the emergency "
                "contact. Change one or more fields, then save."
            ),
            edit_box,
        )
        hint.setWordWrap(True)
        edit_form.addRow(hint)
        self.alarm_edit = QLineEdit(edit_box)
        self.alarm_edit.setObjectName("alarm_balance_edit")
        # No QIntValidator: it silently dropped keys ("99.5" became "995"). What is typed
        # stays as typed and the AccountService's check says what is wrong with it.
        self.alarm_edit.setPlaceholderText(self.tr("whole number, e.g. 100"))
        self.contact_edit = QLineEdit(edit_box)
        self.contact_edit.setObjectName("emergency_contact_edit")
        self.contact_edit.setMaxLength(MAX_CONTACT_CHARS)
        self.contact_edit.setPlaceholderText(self.tr("name of the person to alert"))
        self.mobile_edit = QLineEdit(edit_box)
        self.mobile_edit.setObjectName("emergency_mobile_edit")
        self.mobile_edit.setPlaceholderText(self.tr("mobile number, e.g. 13800138000"))
        edit_form.addRow(self._label(labels["alarm_balance"]), self.alarm_edit)
        edit_form.addRow(self._label(labels["emergency_contact"]), self.contact_edit)
        edit_form.addRow(self._label(labels["emergency_mobile"]), self.mobile_edit)
        self.validation_label = QLabel(edit_box)
        self.validation_label.setObjectName("account_validation")
        self.validation_label.setWordWrap(True)
        edit_form.addRow(self.validation_label)
        self.save_button = QPushButton(self.tr("Save"), edit_box)
        self.save_button.setObjectName("save_account_button")
        self.reset_button = QPushButton(self.tr("Undo changes"), edit_box)
        self.reset_button.setObjectName("reset_account_button")
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setObjectName("refresh_account_button")
        edit_buttons = QHBoxLayout()
        edit_buttons.addStretch(1)
        edit_buttons.addWidget(self.reset_button)
        edit_buttons.addWidget(self.save_button)
        edit_form.addRow(edit_buttons)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("account_status")
        self.status_label.setWordWrap(True)
        self.busy = BusyBar(self)
        self.load_guard = LoadGuard(self, self.busy)

        content = QWidget(self)
        columns = QHBoxLayout(content)
        columns.addWidget(info_box, 1, Qt.AlignmentFlag.AlignTop)
        columns.addWidget(edit_box, 1, Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        top = QHBoxLayout()
        top.addWidget(self.status_label, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.busy)

        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self._fill_edits)
        self.refresh_button.clicked.connect(self.refresh)
        for edit in (self.alarm_edit, self.contact_edit, self.mobile_edit):
            edit.textChanged.connect(self._validate)
            edit.returnPressed.connect(self.save)
        ctx.balance_changed.connect(self._balance_changed)
        ctx.profile_changed.connect(self._profile_changed)
        self._validate()

    def title(self) -> str:
        return self.tr("Account")

    def _label(self, text: str) -> str:
        """A form label: the colon is part of the translation (Chinese uses a full-width one)."""
        return self.tr("{0}:").format(text)

    # --- loading ------------------------------------------------------------------
    def start_initial_load(self) -> None:
        self.ctx.connectivity.in_background(self)  # nobody clicked: a gateway out of reach is the banner's
        self.load(force=False)  # the status bar and Compose ask at start-up too: one user_get

    def refresh(self) -> None:
        """F5 / Refresh: user_get anew."""
        self.load(force=True)

    def load(self, force: bool) -> None:
        if not self.load_guard.may_load():
            return
        service = self.ctx.account_service()
        task = self.ctx.run(
            service.refresh if force else service.current, self._loaded, self._load_failed, name="user_get"
        )
        self._track(task, self.tr("Loading the account…"))

    def _track(self, task, message: str) -> None:
        self.busy.track(task, message, [self.save_button, self.reset_button, self.refresh_button])
        task.done.connect(self._validate)

    def _loaded(self, account: Account) -> None:
        self.show_account(account, fill_edits=True)  # the service told balance_changed already
        self.status_label.setText(self.tr("Account loaded."))
        self.ctx.connectivity.reached(self)
        self.initial_load_finished.emit(True, "")

    def _profile_changed(self, profile) -> None:
        self.account = None
        for label in self.value_labels.values():
            label.setText("…")
        for edit in (self.alarm_edit, self.contact_edit, self.mobile_edit):
            edit.clear()
        self.status_label.setText("")
        self.load_guard.profile_changed(profile)

    def _load_failed(self, error) -> None:
        self.status_label.setText(self.tr("The account could not be loaded."))
        show_load_error(self.ctx, self, error, self.tr("Loading the account failed."))
        self.initial_load_finished.emit(False, str(error))

    def _balance_changed(self, account) -> None:
        # Someone else (status bar refresh, compose after a send) fetched the account:
        # show the new figures without touching what the operator is typing.
        if isinstance(account, Account) and account is not self.account:
            self.show_account(account, fill_edits=self.account is None)

    def show_account(self, account: Account, fill_edits: bool) -> None:
        self.account = account
        values = {
            "nick": account.nick,
            "gmt_created": account.gmt_created,
            "mobile": account.mobile,
            "email": account.email,
            "ip_whitelist": account.ip_whitelist or self.tr("(none: any address)"),
            "api_version": account.api_version,
            "balance": _money(account.balance),
            "alarm_balance": _money(account.alarm_balance),
            "emergency_contact": account.emergency_contact,
            "emergency_mobile": account.emergency_mobile,
        }
        for name, value in values.items():
            self.value_labels[name].setText(str(value) if value not in (None, "") else "—")
        extra = getattr(account, "extra", None) or {}
        self.extra_label.setText("\n".join(f"{key}: {value}" for key, value in sorted(extra.items())))
        self.extra_label.setVisible(bool(extra))
        if fill_edits:
            self._fill_edits()
        self._validate()

    def _fill_edits(self) -> None:
        account = self.account
        if account is None:
            return
        self.alarm_edit.setText(
            _money(account.alarm_balance.to_integral_value()) if account.alarm_balance is not None else ""
        )
        self.contact_edit.setText(account.emergency_contact or "")
        self.mobile_edit.setText(account.emergency_mobile or "")

    # --- editing ------------------------------------------------------------------
    def changes(self) -> tuple[AccountChanges, list[str]]:
        """(the validated user_set changes against the account, problems in plain words)."""
        if self.account is None:
            return AccountChanges(), [self.tr("Load the account first.")]
        changes, problems = account_changes(
            self.account, self.alarm_edit.text(), self.contact_edit.text(), self.mobile_edit.text()
        )
        return changes, [self._problem_text(p) for p in problems]

    def _problem_text(self, problem: AccountValueError) -> str:
        """An AccountService refusal in the operator's words."""
        if problem.field == account_service.ALARM_BALANCE:
            if problem.problem == account_service.TOO_LARGE:
                return self.tr("The alarm amount is too large.")
            return self.tr("The alarm amount must be a whole number of 0 or more.")
        if problem.field == account_service.EMERGENCY_CONTACT:
            if problem.problem == account_service.TOO_LONG:
                return self.tr("The emergency contact is too long: at most {0} characters.").format(MAX_CONTACT_CHARS)
            return self.tr("The emergency contact cannot be emptied; enter a name.")
        if problem.problem == account_service.EMPTY:
            return self.tr("The emergency mobile cannot be emptied; enter a number.")
        if problem.problem == account_service.NOT_MAINLAND:
            return self.tr("The emergency mobile must be a mainland China mobile number.")
        return self.tr("The emergency mobile “{0}” is not valid: {1}.").format(
            problem.value.strip(), reason_text(problem.reason or "invalid")
        )

    def _validate(self, *_args) -> None:
        changes, problems = self.changes()
        if problems:
            self.validation_label.setText("\n".join(problems))
            self.validation_label.setStyleSheet(status_css("error"))
        elif not changes:
            self.validation_label.setText(self.tr("No changes."))
            self.validation_label.setStyleSheet("")
        else:
            names = self.tr(", ").join(self.field_labels[field] for field in changes.fields())
            self.validation_label.setText(self.tr("Will change: {0}").format(names))
            self.validation_label.setStyleSheet(status_css("ok"))
        if not self.busy.busy:
            self.save_button.setEnabled(bool(changes) and not problems)
            self.reset_button.setEnabled(self.account is not None)

    def save(self) -> None:
        changes, problems = self.changes()
        if problems or not changes or self.busy.busy:
            return
        service, audit = self.ctx.account_service(), audit_log(self.ctx)
        task = self.ctx.run(lambda: service.apply(changes, audit), self._saved, self._save_failed, name="user_set")
        self._track(task, self.tr("Saving…"))

    def _saved(self, account: Account) -> None:
        self.show_account(account, fill_edits=True)
        self.status_label.setText(self.tr("Saved. The values below are the ones the gateway now holds."))

    def _save_failed(self, error) -> None:
        self.status_label.setText(self.tr("Saving failed; nothing was changed."))
        show_error(self.ctx, self, error, self.tr("Saving the account settings failed."))
