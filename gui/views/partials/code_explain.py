"""What a code means, in the UI's language: one lookup for every column that shows one.

Two kinds of codes reach the tables:

- a carrier's report code (a report's or record's ``error_msg``: ``UNDELIV``, ``MK:0005``,
  ``DB:0141``…), always text. Codes vary by carrier; the table below holds the common ones
  of the three mainland carriers as SMS providers document them (and every code the
  sandbox produces), the prefixes say which side refused, and a code nobody documented
  says so instead of guessing;
- an API code (a send's ``code``: 0, 4, -2…), always an int: ``gui.api.errors``'s
  sentence for it (what happened, what to do), in Chinese or English as the UI is.

Used as the tooltip of the Records (online and archive), Status reports and Compose
results columns, and as the Statistics' "Meaning" column (``code_tooltip_column``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from gui.i18n import QT_TRANSLATE_NOOP, ui_language
from gui.views.partials.table_model import Column, field_getter

# The tr() context of the carrier codes' texts (kept from delivery_figures, where they were).
CONTEXT = "CarrierCode"

CARRIER_CODES = {
    "DELIVRD": QT_TRANSLATE_NOOP("CarrierCode", "Delivered"),
    "UNDELIV": QT_TRANSLATE_NOOP("CarrierCode", "Could not be delivered"),
    "EXPIRED": QT_TRANSLATE_NOOP("CarrierCode", "Expired: the phone stayed unreachable (off, no signal)"),
    "REJECTD": QT_TRANSLATE_NOOP("CarrierCode", "Rejected by the carrier"),
    "DELETED": QT_TRANSLATE_NOOP("CarrierCode", "Deleted by the carrier before delivery"),
    "UNKNOWN": QT_TRANSLATE_NOOP("CarrierCode", "The carrier gave no final state"),
    "ACCEPTD": QT_TRANSLATE_NOOP("CarrierCode", "Accepted by the carrier; no final state yet"),
    "ENROUTE": QT_TRANSLATE_NOOP("CarrierCode", "On its way to the phone; no final state yet"),
    "BLACK": QT_TRANSLATE_NOOP("CarrierCode", "The number is on a blacklist"),
    "DB:0103": QT_TRANSLATE_NOOP("CarrierCode", "The number does not exist (空号)"),
    "DB:0141": QT_TRANSLATE_NOOP("CarrierCode", "The number is on the carrier's blacklist"),
    "DB:0107": QT_TRANSLATE_NOOP("CarrierCode", "The number is suspended"),
    "MK:0001": QT_TRANSLATE_NOOP("CarrierCode", "The phone is switched off or suspended"),
    "MK:0005": QT_TRANSLATE_NOOP("CarrierCode", "The phone's message storage is full"),
    "MK:0010": QT_TRANSLATE_NOOP("CarrierCode", "The phone is switched off"),
    "MN:0001": QT_TRANSLATE_NOOP("CarrierCode", "Suspended for unpaid bills"),
    "MI:0013": QT_TRANSLATE_NOOP("CarrierCode", "The number is suspended (carrier network)"),
    "ID:0076": QT_TRANSLATE_NOOP("CarrierCode", "The carrier's gateway refused the message (flow control)"),
}
CARRIER_PREFIXES = {
    "MK:": QT_TRANSLATE_NOOP("CarrierCode", "A problem on the phone's side (off, full, suspended)"),
    "MN:": QT_TRANSLATE_NOOP("CarrierCode", "The subscriber's account (suspended, unpaid)"),
    "DB:": QT_TRANSLATE_NOOP("CarrierCode", "Refused by the carrier's number database"),
    "MI:": QT_TRANSLATE_NOOP("CarrierCode", "A problem in the carrier's network"),
    "ID:": QT_TRANSLATE_NOOP("CarrierCode", "Refused by the carrier's gateway"),
}
UNKNOWN_CARRIER_CODE = QT_TRANSLATE_NOOP(
    "CarrierCode", "A carrier code with no known explanation: ask the provider what it means"
)


def carrier_code_meaning(code: str) -> str:
    code = (code or "").strip().upper()
    if code in CARRIER_CODES:
        return QCoreApplication.translate(CONTEXT, CARRIER_CODES[code])
    for prefix, meaning in CARRIER_PREFIXES.items():
        if code.startswith(prefix):
            return QCoreApplication.translate(CONTEXT, meaning)
    return QCoreApplication.translate(CONTEXT, UNKNOWN_CARRIER_CODE)


def api_code_meaning(code: int) -> str:
    """``gui.api.errors``'s sentence for an API code, in the UI's language (those texts are
    (zh, en) pairs of the plain layer, not Qt translations)."""
    from gui.api.errors import ERROR_TEXTS, UNKNOWN_CODE_TEXT

    index = 0 if ui_language().startswith("zh") else 1
    texts = ERROR_TEXTS.get(int(code))
    return texts[index] if texts else UNKNOWN_CODE_TEXT[index].format(code=code)


def explain_code(code: Any) -> str:
    """What ``code`` means: an int is an API code, text a carrier's report code; '' for none."""
    if code is None or isinstance(code, bool):
        return ""
    if isinstance(code, int):
        return api_code_meaning(code)
    text = str(code).strip()
    return carrier_code_meaning(text) if text else ""


def code_tooltip(code: Any) -> str | None:
    """The tooltip of a cell showing ``code``: the code and its meaning (None for an empty cell)."""
    meaning = explain_code(code)
    return f"{str(code).strip()}: {meaning}" if meaning else None


def code_tooltip_column(header: str, name: str, **kwargs: Any) -> Column:
    """A column of the records' field ``name`` holding a code, its meaning as the tooltip."""
    get = field_getter(name)
    return Column(header, get, tooltip=lambda record: code_tooltip(get(record)), **kwargs)
