"""The Compose form read as a send request, with the checks that answer at once.

``build_plan`` turns what the operator entered into a ``SendRequest`` (or tells them, in
their words, what is wrong: no number, too many numbers, a variable left empty, a text
the gateway would refuse). The SendService checks the request again in a worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from gui.api import texts
from gui.api.numbers import normalize_number
from gui.services.send_modes import MAX_NUMBERS_PER_CALL, MODE_BATCH, MODE_PERSONAL, MODE_SINGLE
from gui.views.compose.base import ComposeBase
from gui.views.partials.errors import error_language
from gui.views.partials.number_list_edit import reason_text
from gui.views.partials.variable_form import text_problem

if TYPE_CHECKING:
    from gui.services.send_plan import SendRequest


class ComposeRequest(ComposeBase):
    def build_plan(self) -> SendRequest | None:
        """The send as the form describes it, or None after telling the operator what is wrong.

        These checks answer at once, in the operator's words; the service checks again."""
        from gui.services.send_plan import SendRequest  # its dataclasses come with the first send, not the tab

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
                notes.append(
                    QCoreApplication.translate("ComposeRequest", "%n row(s) left out:", "", len(problems))
                    + " "
                    + "; ".join(problems[:5])
                )
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
                    notes.append(
                        QCoreApplication.translate(
                            "ComposeRequest", "%n invalid number(s) left out.", "", len(rejected)
                        )
                    )
                if duplicates:
                    notes.append(
                        QCoreApplication.translate("ComposeRequest", "%n duplicate(s) sent once.", "", len(duplicates))
                    )
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
