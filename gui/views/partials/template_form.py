"""Template widgets: the local check before submitting, the add/edit dialog, and the review
status in plain words. What Compose needs (the form generated from a template's
``#variables#``, the signature, the check of a text before sending) is in ``variable_form``.

The local check catches what the provider would refuse anyway, before a round trip
and a review cycle are spent: a missing or misplaced 【signature】, broken variables
(an odd ``#``, ``# code#``), and texts over 500 characters. When the operator presses
Submit, the dialog then asks what review would say (``TemplatePreflight``, in a worker:
blocked words, a signature on no approved template) and, if review would object, says so
and submits only on a second, explicit click ("Submit anyway").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.api import texts
from gui.i18n import QT_TRANSLATE_NOOP
from gui.theme import box_css, status_css
from gui.theme import status_colour as theme_colour

if TYPE_CHECKING:
    from gui.services.template_review import TemplateCheck, TemplatePreflight

_WELL_FORMED_VARIABLE = re.compile(r"#\w+#")

# notify_type of tpl/add, in plain words.
NOTIFY_TYPES = [
    (0, QT_TRANSLATE_NOOP("TemplateDialog", "Tell me the review result, approved or rejected")),
    (1, QT_TRANSLATE_NOOP("TemplateDialog", "Tell me only when it is rejected")),
    (2, QT_TRANSLATE_NOOP("TemplateDialog", "Tell me only when it is approved")),
    (3, QT_TRANSLATE_NOOP("TemplateDialog", "Don't tell me")),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("TemplateCheck", text)


def check_template_content(content: str) -> list[str]:
    """The problems the provider would refuse ``content`` for, in the operator's language;
    [] when it may be submitted."""
    problems: list[str] = []
    if not content.strip():
        return [_tr("The template is empty.")]
    signature_problem = texts.check_signature(content)
    if signature_problem is not None:
        messages = {
            texts.NO_SIGNATURE: _tr("The template must start with a 【signature】, e.g. 【Your company】."),
            texts.SIGNATURE_NOT_LEADING: _tr("The 【signature】 must be at the very start of the template."),
            texts.SEVERAL_SIGNATURES: _tr("A template may carry only one 【signature】."),
            texts.EMPTY_SIGNATURE: _tr("The signature inside 【】 is empty."),
        }
        problems.append(messages.get(signature_problem, signature_problem))
    leftover = _WELL_FORMED_VARIABLE.sub("", content)
    if "#" in leftover:
        problems.append(
            _tr("A variable is malformed: write variables as #name# (letters, digits or _; no spaces), every # closed.")
        )
    length = texts.char_count(content)
    if length > texts.MAX_CHARS:
        problems.append(
            _tr("The template has {0} characters; at most {1} are allowed.").format(length, texts.MAX_CHARS)
        )
    return problems


class TemplateDialog(QDialog):
    """Add a template (content + notify_type) or edit one (content; goes back to review).

    With ``preflight`` (and ``ctx`` to run it in a worker), Submit first asks what review
    would say; its objections are shown and Submit becomes "Submit anyway"."""

    def __init__(
        self,
        parent: QWidget | None = None,
        content: str = "",
        editing_id: int | None = None,
        ctx=None,
        preflight: TemplatePreflight | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("template_dialog")
        self.editing_id = editing_id
        self.ctx = ctx
        self.preflight = preflight
        self.warned_text: str | None = None  # the text review's objections were shown for
        self.checking = False
        self.setWindowTitle(
            self.tr("Edit template {0}").format(editing_id) if editing_id is not None else self.tr("Add template")
        )
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Start with your 【signature】. Variables are written #name#, e.g. 【Acme】Your code is #code#."),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if editing_id is not None:
            self.review_warning = QLabel(
                self.tr(
                    "Saving sends the template back to review: it cannot be used for sending until the "
                    "provider approves it again."
                ),
                self,
            )
            self.review_warning.setObjectName("review_warning")
            self.review_warning.setWordWrap(True)
            self.review_warning.setStyleSheet(status_css("warning", bold=True))
            layout.addWidget(self.review_warning)
        self.content_edit = QPlainTextEdit(self)
        self.content_edit.setObjectName("template_content_edit")
        self.content_edit.setAccessibleName(self.tr("Template text"))
        self.content_edit.setPlainText(content)
        self.content_edit.setMinimumHeight(110)
        layout.addWidget(self.content_edit, 1)
        self.check_label = QLabel(self)
        self.check_label.setObjectName("template_check_label")
        self.check_label.setWordWrap(True)
        layout.addWidget(self.check_label)
        self.review_label = QLabel(self)
        self.review_label.setObjectName("template_review_label")
        self.review_label.setWordWrap(True)
        self.review_label.hide()
        layout.addWidget(self.review_label)
        from gui.views.partials.highlighter import BlockedWordHighlighter  # the editor's, not VariableForm's

        self.highlighter = BlockedWordHighlighter(self.content_edit.document())
        form = QFormLayout()
        self.notify_combo = QComboBox(self)
        self.notify_combo.setObjectName("notify_type_combo")
        self.notify_combo.setAccessibleName(self.tr("Review notification"))
        for value, label in NOTIFY_TYPES:
            self.notify_combo.addItem(QCoreApplication.translate("TemplateDialog", label), value)
        if editing_id is None:
            form.addRow(self.tr("Review notification:"), self.notify_combo)
        else:
            self.notify_combo.hide()
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.submit_text = (
            self.tr("Save and submit for review") if editing_id is not None else self.tr("Submit for review")
        )
        self.ok_button.setText(self.submit_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.content_edit.textChanged.connect(self._check)
        self._check()

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None  # the box is built with Ok and Cancel
        return button

    def content(self) -> str:
        return self.content_edit.toPlainText().strip()

    def notify_type(self) -> int:
        return int(self.notify_combo.currentData())

    def _check(self) -> None:
        problems = check_template_content(self.content())
        chars = texts.char_count(self.content())
        variables = texts.template_variables(self.content())
        if problems:
            self.check_label.setText("\n".join(f"• {p}" for p in problems))
            self.check_label.setStyleSheet(status_css("error"))
        else:
            info = self.tr("{0} characters").format(chars)
            if variables:
                info += " · " + self.tr("variables: {0}").format(", ".join(variables))
            self.check_label.setText(self.tr("Looks right. {0}").format(info))
            self.check_label.setStyleSheet(status_css("ok"))
        # An edit after the warning: the new text is checked anew before it is submitted.
        self.warned_text = None
        self.review_label.hide()
        self.ok_button.setText(self.submit_text)
        self.ok_button.setEnabled(not problems and not self.checking)

    def accept(self) -> None:
        content = self.content()
        if check_template_content(content) or self.checking:
            return
        if self.preflight is None or self.ctx is None or content == self.warned_text:
            super().accept()  # nothing to ask, or submitted anyway after the warning
            return
        preflight = self.preflight
        self.checking = True
        self.ok_button.setEnabled(False)
        self.review_label.setText(self.tr("Checking blocked words and the signature…"))
        self.review_label.setStyleSheet(status_css("info"))
        self.review_label.show()
        self.ctx.run(
            lambda: preflight.check(content),
            self._review_checked,
            lambda error: self._review_failed(content, error),
            name="template_preflight",
            owner=self,
        )

    def _review_checked(self, check: TemplateCheck) -> None:
        self.checking = False
        if check.text != self.content():
            self._check()  # edited meanwhile: the next Submit checks the new text
            return
        if check.clean:
            self.review_label.hide()
            super().accept()
            return
        self.highlighter.set_words(list(check.blocked_words))
        warnings = []
        if check.blocked_words:
            words = "、".join(f"“{w}”" for w in check.blocked_words)
            if len(check.blocked_words) == 1:
                warnings.append(self.tr("{0} is a blocked word: review will reject this template.").format(words))
            else:
                warnings.append(self.tr("{0} are blocked words: review will reject this template.").format(words))
        if check.signature_unregistered:
            warnings.append(
                self.tr("The signature 【{0}】 is not on any approved template: review may reject it.").format(
                    check.signature
                )
            )
        kind = "error" if check.blocked_words else "warning"  # blocked words: rejected for sure
        self._warn(check.text, "\n".join(f"• {w}" for w in warnings), kind)

    def _review_failed(self, content: str, error: BaseException) -> None:
        self.checking = False
        if content != self.content():
            self._check()
            return
        self._warn(
            content,
            self.tr("Blocked words and the signature could not be checked ({0}); review may still reject it.").format(
                error
            ),
        )

    def _warn(self, content: str, text: str, kind: str = "warning") -> None:
        """Show review's objections; Submit becomes "Submit anyway" for this very text."""
        self.review_label.setText(text)
        self.review_label.setStyleSheet(box_css(kind))
        self.review_label.show()
        self.warned_text = content
        self.ok_button.setText(self.tr("Submit anyway"))
        self.ok_button.setEnabled(True)


# check_status -> (plain words, colour). The raw status stays visible next to the words.
CHECK_STATUS = {
    "SUCCESS": (QT_TRANSLATE_NOOP("TemplateStatus", "Approved"), "ok"),
    "CHECKING": (QT_TRANSLATE_NOOP("TemplateStatus", "In review"), "warning"),
    "FAIL": (QT_TRANSLATE_NOOP("TemplateStatus", "Rejected"), "error"),
}


def status_text(status: str | None) -> str:
    """'Approved (SUCCESS)': the words in the operator's language, the provider's status as is."""
    status = (status or "").strip()
    words = CHECK_STATUS.get(status.upper())
    if words is None:
        return status
    return f"{QCoreApplication.translate('TemplateStatus', words[0])} ({status})"


def status_colour(status: str | None) -> str | None:
    """The colour (#rrggbb, readable on the current light or dark palette) for a check status."""
    words = CHECK_STATUS.get((status or "").strip().upper())
    return theme_colour(words[1]).name() if words else None
