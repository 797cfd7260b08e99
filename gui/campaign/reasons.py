"""The reasons of campaign rows: why a row is left out, not sendable, or settled (plain Python).

One table, extending gui.api.numbers.REASONS (the number reasons): the importer, the dry run
and the journal store a reason as its id (``id:parameter`` when the text has a ``{0}``,
"duplicate:12"); ``row_reason_text`` words it in the UI's language for the dry-run table, the
exports and Past campaigns. Older consoles stored English text: ``reason_id`` reads it back
as the id; a text that is no reason of the console (a provider's message) stays as it is.
"""

from __future__ import annotations

import re

from gui.api.numbers import REASONS, REASONS_ZH, reason_text

# Every reason a campaign row can carry, on top of gui.api.numbers.REASONS (the number reasons,
# "scientific_lost_digits" among them): the one table of reason texts. The importer, the dry
# run and the journal store the ids (``id:parameter`` when the text has a ``{0}``: "duplicate:12");
# ``row_reason_text`` words them in English or Chinese.
IMPORT_REASONS: dict[str, str] = {
    **REASONS,
    "missing_value": "a variable column is empty",
    "duplicate": "duplicate of line {0}",
    "suppressed": "on the suppression list",
    "suppressed_note": "on the suppression list: {0}",  # the list's note: an opt-out reply, a complaint…
    "blocked_words": "contains blocked words: {0}",
    "recently_sent": "the same text was sent to this number in the last 5 minutes",
    "empty_text": "the text is empty",
    "text_too_long": "the text is longer than 500 characters",
    "no_signature": "the text does not start with a 【signature】",
    "signature_not_leading": "the 【signature】 is not at the start",
    "several_signatures": "the text has several 【signatures】",
    "empty_signature": "the 【signature】 is empty",
    # Written (in English) by the engine and settling on rows they settle.
    "settled_from_records": "settled from the provider's records",
    "not_in_records_not_sent": "not in the provider's records: not sent",
    "not_in_records_sent_again": "not in the provider's records: sent again",
}
IMPORT_REASONS_ZH: dict[str, str] = {
    **REASONS_ZH,
    "missing_value": "变量列为空",
    "duplicate": "与第 {0} 行重复",
    "suppressed": "在屏蔽名单中",
    "suppressed_note": "在屏蔽名单中：{0}",
    "blocked_words": "含屏蔽词：{0}",
    "recently_sent": "5 分钟内已向此号码发送过相同内容",
    "empty_text": "内容为空",
    "text_too_long": "内容超过 500 个字",
    "no_signature": "内容不以【签名】开头",
    "signature_not_leading": "【签名】不在开头",
    "several_signatures": "内容有多个【签名】",
    "empty_signature": "【签名】为空",
    "settled_from_records": "已按服务商的记录核实",
    "not_in_records_not_sent": "服务商记录中没有：未发送",
    "not_in_records_sent_again": "服务商记录中没有：将重新发送",
}

# What older consoles wrote in the journal instead of an id (English free text), read back as
# ids: the reasons' English texts (the current ones above and these earlier wordings) and the
# two texts that carried a parameter.
_OLD_REASON_TEXTS: dict[str, str] = {
    "the number was shortened by scientific notation (format the column as text and export again)": (
        "scientific_lost_digits"
    ),
}
_OLD_REASON_PATTERNS = (
    (re.compile(r"duplicate of line (\d+)\Z"), "duplicate"),
    (re.compile(r"contains blocked words: (.*)\Z", re.DOTALL), "blocked_words"),
)
_ID_OF_TEXT: dict[str, str] = {
    **{text: reason for reason, text in IMPORT_REASONS.items() if "{0}" not in text},
    **_OLD_REASON_TEXTS,
}


def reason_id(reason: str) -> str:
    """A stored reason as an id: an id stays as it is, an old English text becomes its id
    ("duplicate of line 12" -> "duplicate:12"); any other text (a provider's message) as it is."""
    if not reason or reason in IMPORT_REASONS:
        return reason
    key, colon, _ = reason.partition(":")
    if colon and key in IMPORT_REASONS:
        return reason
    found = _ID_OF_TEXT.get(reason)
    if found is not None:
        return found
    for pattern, key in _OLD_REASON_PATTERNS:
        match = pattern.match(reason)
        if match:
            return f"{key}:{match.group(1)}"
    return reason


def row_reason_text(reason: str, lang: str = "en") -> str:
    """A campaign row's stored reason (an id, or an old English text) in ``lang`` ("zh…" Chinese,
    else English); a text that is no reason of this console (a provider's message) as it is."""
    return reason_text(reason_id(reason), lang, IMPORT_REASONS, IMPORT_REASONS_ZH)
