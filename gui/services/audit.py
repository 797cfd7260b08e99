"""The audit log: who sent what, when, at what cost, and who changed the account's set-up
(issue 15, item 5; plain Python, no Qt).

``AuditLog(store_factory, who)`` appends one row per money or admin action to the profile's
store — the local SQLite file, or the team database that every console of the account shares —
and reads them back for the audit view (``query``). The services call ``record`` in the worker
that did the action, right after the action was answered.

Recording never blocks nor breaks the action: a failed write is logged and tried once more, and
then given up (the action's outcome stands; the error is logged). What a row holds is chosen by
the callers: counts, costs, and a structured detail (``gui.services.audit_detail``: a kind and
its parameters — a campaign's id and name, a template's id, the names of the fields changed —
kept as JSON and worded by the audit view in the operator's language), never an apikey nor a
message's text.

Pause, resume and cancel of a running campaign are pressed on the GUI thread and do no I/O
there: their rows are written by ``record_in_background`` on a short-lived thread of their own.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gui.services import audit_detail as details
from gui.services.audit_detail import AuditDetail
from gui.store.db import beijing_timestamp

if TYPE_CHECKING:  # the rows (gui.store.audit_rows) are imported when the log is first written or read
    from gui.store.audit_rows import AuditEntry, AuditFilter, AuditPage

log = logging.getLogger(__name__)

# The actions (the ``action`` column; the audit view translates them for display).
SEND = "send"
CAMPAIGN_START = "campaign_start"
CAMPAIGN_PAUSE = "campaign_pause"
CAMPAIGN_RESUME = "campaign_resume"
CAMPAIGN_CANCEL = "campaign_cancel"
TEMPLATE_ADD = "template_add"
TEMPLATE_UPDATE = "template_update"
TEMPLATE_DELETE = "template_delete"
USER_SET = "user_set"
SUPPRESSION_ADD = "suppression_add"
SUPPRESSION_REMOVE = "suppression_remove"
ACTIONS = (
    SEND,
    CAMPAIGN_START,
    CAMPAIGN_PAUSE,
    CAMPAIGN_RESUME,
    CAMPAIGN_CANCEL,
    TEMPLATE_ADD,
    TEMPLATE_UPDATE,
    TEMPLATE_DELETE,
    USER_SET,
    SUPPRESSION_ADD,
    SUPPRESSION_REMOVE,
)

MAX_DETAIL = 200  # a short detail, never a message
PAGE_SIZE = 100
RETRIES = 1  # a failed write is tried once more


@dataclass(frozen=True)
class Who:
    """The operator (a name set per profile) and the machine they work on."""

    operator: str
    machine: str


def os_user() -> str:
    """The operating system's user name (a profile without an operator name records this)."""
    import getpass  # here: with termios, a start-up's import that no first load needs

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment nor the password database
        return os.environ.get("USERNAME", "") or "?"


def default_who(operator: str | None = None) -> Who:
    """``operator`` (the profile's name for its operator) or the OS user, on this machine."""
    return Who((operator or "").strip() or os_user(), socket.gethostname())


def detail_text(detail: AuditDetail | None) -> str:
    """What the ``detail`` column keeps for ``detail`` (JSON; '' for none). A detail too long for
    ``MAX_DETAIL`` loses its campaign name (the id stays), never its JSON's end."""
    if detail is None:
        return ""
    text = detail.text()
    if len(text) > MAX_DETAIL and "name" in detail.params:
        text = AuditDetail(detail.kind, {**detail.params, "name": ""}).text()
    if len(text) > MAX_DETAIL:
        raise ValueError(f"audit detail longer than {MAX_DETAIL} characters: {text[:40]}…")
    return text


def cost_text(cost: Decimal | str | None) -> str | None:
    """A cost as the log keeps it: a Decimal's plain text, None when unknown."""
    if cost is None or cost == "":
        return None
    return format(Decimal(str(cost)).normalize(), "f")


class AuditLog:
    """Appends to and reads the audit log of one profile's store (see the module's docstring)."""

    def __init__(self, store_factory: Callable[[], Any], who: Who | Callable[[], Who] | None = None) -> None:
        self._store = store_factory
        self._who = who if who is not None else default_who()

    def who(self) -> Who:
        return self._who() if callable(self._who) else self._who

    def entry(
        self,
        action: str,
        count: int = 0,
        cost: Decimal | str | None = None,
        unit: str = "",
        detail: AuditDetail | None = None,
    ) -> AuditEntry:
        from gui.store.audit_rows import AuditEntry

        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        who = self.who()
        return AuditEntry(
            beijing_timestamp(),
            who.operator,
            who.machine,
            action,
            int(count or 0),
            cost_text(cost),
            unit or "",
            detail_text(detail),
        )

    def record(
        self,
        action: str,
        count: int = 0,
        cost: Decimal | str | None = None,
        unit: str = "",
        detail: AuditDetail | None = None,
    ) -> bool:
        """Append one row (in the caller's worker). False when it could not be written: logged, never raised."""
        try:
            entry = self.entry(action, count, cost, unit, detail)
        except Exception:
            log.exception("audit: could not make the %s entry", action)
            return False
        for attempt in range(RETRIES + 1):
            try:
                store = self._store()
                if store is None:  # a service built without a store (tests, the command line)
                    log.debug("audit: no store, %s not recorded", action)
                    return False
                store.record_audit(entry)
                return True
            except Exception as exc:  # noqa: BLE001 - the action stands; the log says what was lost
                if attempt < RETRIES:
                    log.warning("audit: writing the %s entry failed (%s), trying again", action, exc)
                else:
                    log.error("audit: the %s entry was not written: %s (%s)", action, exc, entry)
        return False

    def record_in_background(
        self,
        action: str,
        count: int = 0,
        cost: Decimal | str | None = None,
        unit: str = "",
        detail: AuditDetail | None = None,
    ) -> threading.Thread:
        """``record`` on a thread of its own (for actions taken on the GUI thread without I/O)."""
        thread = threading.Thread(
            target=self.record, args=(action, count, cost, unit, detail), name=f"audit-{action}", daemon=True
        )
        thread.start()
        return thread

    # --- reading (the audit view, in a worker) ---------------------------------------
    def query(self, flt: AuditFilter | None = None, page: int = 1, page_size: int = PAGE_SIZE) -> AuditPage:
        """Page ``page`` (from 1) of the entries matching ``flt``, newest first."""
        from gui.store.audit_rows import AuditFilter, AuditPage

        store = self._store()
        flt = flt or AuditFilter()
        offset = max(0, int(page) - 1) * int(page_size)
        return AuditPage(store.audit_entries(flt, offset, int(page_size)), store.count_audit(flt))

    def entries(self, flt: AuditFilter | None = None, batch: int = 2000) -> list[AuditEntry]:
        """Every entry matching ``flt``, newest first (the export)."""
        from gui.store.audit_rows import AuditFilter

        store = self._store()
        rows: list[AuditEntry] = []
        while True:
            got = store.audit_entries(flt or AuditFilter(), len(rows), batch)
            rows += got
            if len(got) < batch:
                return rows

    def operators(self) -> list[str]:
        """The operator names in the log (the view's filter), sorted."""
        return list(self._store().audit_operators())


class CampaignAudit:
    """The campaign service's audit rows (``gui.services.campaign_runs``): a confirmed start or resume
    with the rows it may send and their estimated cost, test sends with what they cost, and the
    pause / resume / cancel buttons (written in the background: they are pressed on the GUI thread)."""

    def __init__(self, log_: AuditLog, journal: Callable[[], Any]) -> None:
        self.log = log_
        self._journal = journal
        self._names: dict[int, str] = {}  # campaign id -> its name, read once in a worker

    def name(self, campaign_id: int) -> str:
        """The campaign's name ('' when the journal cannot say it: the id alone identifies it)."""
        name = self._names.get(campaign_id)
        if name is None:
            name = ""
            try:
                name = str(self._journal().campaign(campaign_id).name or "")
            except Exception:
                log.debug("audit: no name for campaign %s", campaign_id, exc_info=True)
            self._names[campaign_id] = name
        return name

    def planned(self, action: str, campaign_id: int, plan: Any, retry_of: int | None = None) -> bool:
        """A confirmed run's row (``plan``: its SpendPlan, None when no row was left to send; the
        cost is the plan's estimate). ``retry_of``: the campaign whose failed rows this one sends."""
        detail = details.campaign_run(campaign_id, self.name(campaign_id), retry_of, nothing_left=plan is None)
        if plan is None:
            return self.log.record(action, 0, None, "", detail)
        return self.log.record(action, plan.recipients, plan.cost, plan.unit, detail)

    def test_send(self, answer: Any, plan: Any, campaign_id: int | None) -> bool:
        """A test send's row: one message and its fee when the gateway took it."""
        accepted = getattr(answer, "code", None) == 0
        return self.log.record(
            SEND,
            1 if accepted else 0,
            getattr(answer, "fee", None) if accepted else Decimal(0),
            getattr(answer, "unit", "") or plan.unit,
            details.for_test_send(campaign_id),
        )

    def control(self, action: str, campaign_id: int, after_pause: bool = False) -> threading.Thread:
        """Pause / resume / cancel of a run (no I/O on the caller's thread: the name only if known)."""
        detail = details.campaign_control(campaign_id, self._names.get(campaign_id, ""), after_pause)
        return self.log.record_in_background(action, detail=detail)


def add_suppressed(store: Any, audit: AuditLog, numbers: list[str], reason: str, source: str) -> int:
    """``store.add_suppressed`` and, when numbers were added, its audit row (``source``: where from,
    one of ``audit_detail.SOURCES``; never the reason, which may quote a reply)."""
    detail = details.suppression(source)
    added = int(store.add_suppressed(numbers, reason))
    if added:
        audit.record(SUPPRESSION_ADD, added, detail=detail)
    return added


def remove_suppressed(store: Any, audit: AuditLog, numbers: list[str], source: str = details.BY_HAND) -> int:
    """``store.remove_suppressed`` and, when numbers were removed, its audit row."""
    detail = details.suppression(source)
    removed = int(store.remove_suppressed(numbers))
    if removed:
        audit.record(SUPPRESSION_REMOVE, removed, detail=detail)
    return removed


__all__ = [
    "ACTIONS",
    "AuditDetail",
    "AuditLog",
    "CampaignAudit",
    "Who",
    "add_suppressed",
    "cost_text",
    "detail_text",
    "default_who",
    "remove_suppressed",
]
