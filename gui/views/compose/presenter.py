"""The Compose presenter: the operator's actions become service calls in workers, their answers become text.

Load (templates, balance, price), "Check blocked words", and the send: ``start_send``
reads the form (``request.py``), ``SendService.plan_quick_send`` checks it again in a
worker (suppression list, blocked words, balance), ``confirm_spend`` asks the operator
(only its OK gives the approval), and ``SendService.send(plan, approval)`` sends it in a
worker, its answer recorded in the store before anything is shown. This part never calls
the client or the store itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from gui.api.errors import ApiError, SendInDoubt
from gui.services.estimate import money
from gui.services.profile_settings import LEGACY_CAMPAIGN_PRICE_KEY
from gui.services.send_modes import MODE_PERSONAL, STATE_OK
from gui.views.compose.base import ComposeBase, profile_switched
from gui.views.partials.errors import error_language, show_error, show_load_error

if TYPE_CHECKING:  # the send service, its plan, the spend gate and its confirmation come with the first send
    from gui.services.send import SendService
    from gui.services.send_plan import SendOutcome, SendPlan
    from gui.services.spend_gate import Approval
    from gui.views.partials.spend_confirm import SpendConfirmDialog


class ComposePresenter(ComposeBase):
    confirm_dialog: SpendConfirmDialog | None  # the open spend confirmation, if any
    pending_plan: SendPlan | None  # the plan that confirmation is about

    # ============================================================== loading
    def refresh(self) -> None:
        """F5 / after a profile switch: templates, balance and price read anew."""
        self.load(force=True)

    def load(self, force: bool) -> None:
        if not self.load_guard.may_load():
            return
        setup = self.setup()
        profile_price = self.ctx.profile.price_per_part if self.ctx.profile is not None else None
        legacy_price = self.ctx.settings.value(LEGACY_CAMPAIGN_PRICE_KEY)  # None when never set: no default

        def fetch():
            return setup.load(profile_price=profile_price, legacy_campaign_price=legacy_price, force=force)

        task = self.ctx.run(fetch, self._loaded, self._load_failed, name="compose_load")
        self._track(task, self.tr("Loading templates and balance…"))

    def _loaded(self, result) -> None:
        own, defaults, price = result  # the account reached balance_changed through the service
        self.ctx.connectivity.reached(self)
        self.set_templates(own, defaults)
        if price is None:
            self._set_price(None, "", "")
        else:
            self._set_price(price.per_part, price.unit, price.source)
        self.update_preview()
        self.initial_load_finished.emit(True, "")

    def _load_failed(self, error) -> None:
        if profile_switched(error):  # a load for the previous profile: load the new one's instead
            self.load_guard.reload_soon()
            return
        self._warn(self.tr("The templates and balance could not be loaded."))
        show_load_error(self.ctx, self, error, self.tr("Loading the templates for compose failed."))
        self.initial_load_finished.emit(False, str(error))

    # ============================================================== blocked words
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
        from gui.services.send_plan import black_word_chunks

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
    def start_send(self) -> None:
        """Send… / Ctrl+Enter: local checks, then the service plans it in a worker."""
        if self.busy.busy or (self.confirm_dialog is not None and self.confirm_dialog.isVisible()):
            return
        request = self.build_plan()
        if request is None:
            return
        from gui.services.send_plan import black_word_chunks

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
        from gui.services.send_plan import (
            AllSuppressed,
            BlockedWordsFound,
            InvalidRecipients,
            InvalidText,
            OverBalance,
            UnsettledSendError,
        )
        from gui.services.spend_gate import SendingHeld

        if profile_switched(error):
            self._warn(self.tr("Not sent: the profile was switched after this send was planned."))
        elif isinstance(error, SendingHeld):
            self._refuse_held()
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

    def _refuse_held(self) -> None:
        """Team mode, the database out of reach (its banner says so): nothing sent, nothing queued."""
        self._warn(
            self.tr(
                "Not sent: the team database cannot be reached. In team mode nothing is sent until it answers "
                "again (see the banner above); nothing was queued."
            )
        )

    def _planned(self, plan: SendPlan, service: SendService) -> None:
        """``service`` planned it and will send it: bound to the profile the plan was made for."""
        self.highlighter.set_words([])
        notes = []
        if plan.suppressed:
            notes.append(
                QCoreApplication.translate(
                    "ComposePresenter", "%n number(s) on the suppression list left out: ", "", len(plan.suppressed)
                )
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
        from gui.views.partials.spend_confirm import confirm_spend

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
            from gui.services.send_plan import UnsettledSendError
            from gui.services.spend_gate import SendingHeld, SpendRefused

            if profile_switched(error):
                self._warn(self.tr("Not sent: the profile was switched after this send was planned."))
            elif isinstance(error, UnsettledSendError):
                self._refuse_unsettled(error.numbers)
            elif isinstance(error, SendingHeld):
                self._refuse_held()
            elif isinstance(error, SpendRefused):
                self._failed(error, self.tr("The confirmation was not valid for this send; nothing was sent."))
            else:
                self._failed(error, self.tr("The send failed."))

        task = self.ctx.run(lambda: service.send(plan, approval), self._sent, failed, name=f"compose_{plan.mode}_send")
        self.ctx.track_send(task)
        self._track(
            task, QCoreApplication.translate("ComposePresenter", "Sending to %n number(s)…", "", len(plan.mobiles))
        )

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
            text = QCoreApplication.translate("ComposePresenter", "Sent to %n number(s).", "", ok)
            if failed:
                text += " " + QCoreApplication.translate("ComposePresenter", "%n failed; see the results.", "", failed)
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
