"""An audit row's detail as data, not prose: a kind and its parameters (plain Python, no Qt).

The log is read by operators in their own language, so a row keeps *what* happened — a send's
mode and counts, a campaign's id and name, a template id, the names of the account fields
changed — as JSON in the ``detail`` column (``{"kind": "send", "mode": "batch", …}``), and the
audit view words it in the UI language (``gui.views.audit_detail_text``). A detail written
before this (free text, never starting with ``{``) has no kind: the view shows it as it is.

Never a message's text, a number's reason, an apikey nor a field's new value: only ids,
counts, names of fields and where a change came from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The kinds (the JSON's "kind"), with the parameters each carries.
SEND = "send"  # mode (single / batch / personal), accepted, total, parts
SEND_IN_DOUBT = "send_in_doubt"  # mode, count: the gateway may have taken them
TEST_SEND = "test_send"  # campaign: the campaign's id, or None (a test before it was saved)
CAMPAIGN_RUN = "campaign_run"  # campaign, name, retry_of (id or None), nothing_left (bool)
CAMPAIGN_CONTROL = "campaign_control"  # campaign, name, after_pause (bool)
TEMPLATE = "template"  # template (its id), fields (the API names changed, [] for add/delete)
ACCOUNT_FIELDS = "account_fields"  # fields: the user/set API names set, never their values
SUPPRESSION = "suppression"  # source: one of SOURCES
KINDS = (SEND, SEND_IN_DOUBT, TEST_SEND, CAMPAIGN_RUN, CAMPAIGN_CONTROL, TEMPLATE, ACCOUNT_FIELDS, SUPPRESSION)

# Where a suppression list change came from.
BY_HAND = "by_hand"
FILE_IMPORT = "file_import"
REPLIES = "replies"
SOURCES = (BY_HAND, FILE_IMPORT, REPLIES)

MAX_NAME = 60  # a campaign's name is cut to this: the detail stays short (MAX_DETAIL)


@dataclass(frozen=True)
class AuditDetail:
    """One row's detail: ``kind`` (one of KINDS) and its parameters (JSON values only)."""

    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    def text(self) -> str:
        """What the ``detail`` column keeps: compact JSON, the kind first."""
        return json.dumps({"kind": self.kind, **self.params}, ensure_ascii=False, separators=(",", ":"))


def parse_detail(text: str | None) -> AuditDetail | None:
    """The structured detail in ``text``; None for an older row's free text (shown as it is)."""
    if not text or not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
        return None
    kind = data.pop("kind")
    return AuditDetail(kind, data)


# --- the details the services write -------------------------------------------------------
def send(mode: str, accepted: int, total: int, parts: int) -> AuditDetail:
    return AuditDetail(SEND, {"mode": mode, "accepted": int(accepted), "total": int(total), "parts": int(parts)})


def send_in_doubt(mode: str, count: int) -> AuditDetail:
    return AuditDetail(SEND_IN_DOUBT, {"mode": mode, "count": int(count)})


def for_test_send(campaign_id: int | None) -> AuditDetail:
    """A test send's detail (named so that pytest never takes it for a test)."""
    return AuditDetail(TEST_SEND, {"campaign": None if campaign_id is None else int(campaign_id)})


def campaign_run(campaign_id: int, name: str, retry_of: int | None = None, nothing_left: bool = False) -> AuditDetail:
    return AuditDetail(
        CAMPAIGN_RUN,
        {
            "campaign": int(campaign_id),
            "name": (name or "")[:MAX_NAME],
            "retry_of": None if retry_of is None else int(retry_of),
            "nothing_left": bool(nothing_left),
        },
    )


def campaign_control(campaign_id: int, name: str, after_pause: bool = False) -> AuditDetail:
    return AuditDetail(
        CAMPAIGN_CONTROL, {"campaign": int(campaign_id), "name": (name or "")[:MAX_NAME], "after_pause": after_pause}
    )


def template(tpl_id: int, *fields: str) -> AuditDetail:
    return AuditDetail(TEMPLATE, {"template": int(tpl_id), "fields": list(fields)})


def account_fields(**values: object) -> AuditDetail:
    """The API names of the values given (not None): which fields changed, never their values."""
    return AuditDetail(ACCOUNT_FIELDS, {"fields": [name for name, value in values.items() if value is not None]})


def suppression(source: str) -> AuditDetail:
    if source not in SOURCES:
        raise ValueError(f"unknown suppression source {source!r}")
    return AuditDetail(SUPPRESSION, {"source": source})


__all__ = [
    "ACCOUNT_FIELDS",
    "BY_HAND",
    "CAMPAIGN_CONTROL",
    "CAMPAIGN_RUN",
    "FILE_IMPORT",
    "KINDS",
    "REPLIES",
    "SEND",
    "SEND_IN_DOUBT",
    "SOURCES",
    "SUPPRESSION",
    "TEMPLATE",
    "TEST_SEND",
    "AuditDetail",
    "account_fields",
    "campaign_control",
    "campaign_run",
    "parse_detail",
    "send",
    "send_in_doubt",
    "suppression",
    "template",
    "for_test_send",
]
