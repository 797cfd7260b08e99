"""An audit row's detail in the operator's language (the audit view's Detail column and export).

The log keeps a kind and its parameters (``gui.services.audit_detail``); this words them in the
UI language at the time of reading, whoever wrote the row and in whatever language their
console ran. API field names become the words the tabs use for them (the Account tab's labels,
the Templates tab's "Content"). An older row's free-text detail is shown as it was written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication

from gui.services import audit_detail as details
from gui.services.audit_detail import AuditDetail, parse_detail
from gui.views.partials.account_fields import account_field_labels


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditDetail", text)


def send_mode_text(mode: str) -> str:
    return {
        "single": _tr("Single send"),
        "batch": _tr("Batch send (same text)"),
        "personal": _tr("Personalised send (a text per number)"),
    }.get(mode, mode)


def field_names_text(fields: Iterable[str]) -> str:
    """API field names as the tabs name them, in the UI language's list style."""
    labels = {**account_field_labels(), "tpl_content": QCoreApplication.translate("TemplatesTab", "Content")}
    return _tr(", ").join(labels.get(str(name), str(name)) for name in fields)


def campaign_text(detail: AuditDetail) -> str:
    """``Campaign #7 “spring list”`` (the id alone when the name was not known)."""
    name = str(detail.get("name") or "")
    if name:
        return _tr("Campaign #{0} “{1}”").format(detail.get("campaign"), name)
    return _tr("Campaign #{0}").format(detail.get("campaign"))


def _send(detail: AuditDetail) -> str:
    return _tr("{0}: {1} of {2} accepted, {3} parts").format(
        send_mode_text(str(detail.get("mode", ""))),
        detail.get("accepted", 0),
        detail.get("total", 0),
        detail.get("parts", 0),
    )


def _send_in_doubt(detail: AuditDetail) -> str:
    return _tr("{0}: {1} in doubt (the gateway may have taken them)").format(
        send_mode_text(str(detail.get("mode", ""))), detail.get("count", 0)
    )


def _test_send(detail: AuditDetail) -> str:
    campaign = detail.get("campaign")
    if campaign is None:
        return _tr("Test send")
    return _tr("Test send for campaign #{0}").format(campaign)


def _campaign_run(detail: AuditDetail) -> str:
    text = campaign_text(detail)
    if detail.get("retry_of") is not None:
        text = _tr("{0}, the failed rows of campaign #{1} again").format(text, detail.get("retry_of"))
    if detail.get("nothing_left"):
        return _tr("{0}; no row was left to send").format(text)
    return _tr("{0}; the cost is the estimate confirmed").format(text)


def _campaign_control(detail: AuditDetail) -> str:
    if detail.get("after_pause"):
        return _tr("{0}, after a pause").format(campaign_text(detail))
    return campaign_text(detail)


def _template(detail: AuditDetail) -> str:
    fields = list(detail.get("fields") or [])
    if fields:
        return _tr("Template {0}, changed: {1}").format(detail.get("template"), field_names_text(fields))
    return _tr("Template {0}").format(detail.get("template"))


def _account_fields(detail: AuditDetail) -> str:
    return _tr("Changed: {0}").format(field_names_text(detail.get("fields") or []))


def _suppression(detail: AuditDetail) -> str:
    return {
        details.BY_HAND: _tr("By hand"),
        details.FILE_IMPORT: _tr("Imported from a file"),
        details.REPLIES: _tr("From replies (opt-outs)"),
    }.get(str(detail.get("source")), str(detail.get("source")))


WORDING: dict[str, Callable[[AuditDetail], str]] = {
    details.SEND: _send,
    details.SEND_IN_DOUBT: _send_in_doubt,
    details.TEST_SEND: _test_send,
    details.CAMPAIGN_RUN: _campaign_run,
    details.CAMPAIGN_CONTROL: _campaign_control,
    details.TEMPLATE: _template,
    details.ACCOUNT_FIELDS: _account_fields,
    details.SUPPRESSION: _suppression,
}


def audit_detail_text(text: str) -> str:
    """The detail column's text in the UI language; an older row's free text, or a kind this
    console does not know (a newer console wrote it), as it is."""
    detail = parse_detail(text)
    wording = WORDING.get(detail.kind) if detail is not None else None
    if detail is None or wording is None:
        return text
    try:
        return wording(detail)
    except (TypeError, ValueError):  # parameters of an unexpected shape: the stored text, not nothing
        return text
