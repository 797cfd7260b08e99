"""Error explanations: every code of NOTES.md in both languages, -2 as "not enabled",
describe() for every exception type, and no apikey in any message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gui.api.errors import (
    ERROR_TEXTS,
    LIMIT_TEXTS,
    ApiError,
    LimitError,
    SendInDoubt,
    TransportError,
    UnreadableResponse,
    describe,
)

NOTES = Path("/work/shared/api/NOTES.md")


def _codes_in_notes() -> set[int]:
    if NOTES.exists():
        table = NOTES.read_text(encoding="utf-8").split("## Error codes", 1)[1].split("##", 1)[0]
        codes: set[int] = set()
        for first, second in re.findall(r"\|\s*(-?\d+)(?:\s*/\s*(-?\d+))?\s*\|", table):
            codes.add(int(first))
            if second:
                codes.add(int(second))
        return codes
    return set(range(0, 29)) | {-1, -2, -3, -4, -5, -50, -51, -53, -54, -55, -57}


def test_every_code_of_notes_is_explained_in_both_languages():
    codes = _codes_in_notes()
    assert {0, 1, 28, -1, -5, -50, -51, -53, -54, -55, -57} <= codes
    for code in codes:
        zh, en = ERROR_TEXTS[code]
        assert re.search(r"[\u4e00-\u9fff]", zh), code
        assert re.search(r"[A-Za-z]", en) and not re.search(
            r"[\u4e00-\u9fff]", en.replace("【", "").replace("】", "")
        ), code
        err = ApiError(code, "m", "d", 400, "sms/single_send")
        assert err.explain("zh") == zh and err.explain("en") == en and err.explain("zh_CN") == zh


def test_minus_two_on_advanced_feature_reads_not_enabled():
    plain = ApiError(-2, "", "", 400, "tpl/get")
    assert not plain.not_enabled and "not enabled" not in plain.explain("en")
    for feature in ("uid", "extend", "callback_url", "pull_status", "pull_reply"):
        err = ApiError(-2, "", "", 400, "sms/x", advanced_feature=feature)
        assert err.not_enabled
        assert "not enabled" in err.explain("en") and feature in err.explain("en") and "provider" in err.explain("en")
        assert "开通" in err.explain("zh")
        title, body = describe(err, "en")
        assert title == "Feature not enabled" and "ask the provider" in body


def test_unknown_code_still_explained():
    assert "999" in ApiError(999).explain("en") and "999" in ApiError(999).explain("zh")


def test_describe_every_type_in_both_languages():
    cases = [
        ApiError(3, "余额不足", "", 400, "sms/single_send"),
        TransportError("user/get", "timeout", "Read timed out"),
        TransportError("user/get", "connection", "reset"),
        UnreadableResponse("user/get", "not_json", "not JSON", 502, "<html>"),
        UnreadableResponse("user/get", "empty", "empty", 200),
        UnreadableResponse("user/get", "http_error", "x", 503),
        UnreadableResponse("user/get", "wrong_shape", "x", 200),
        SendInDoubt("sms/batch_send", TransportError("sms/batch_send", "timeout", "t", True)),
        SendInDoubt("sms/batch_send", TransportError("sms/batch_send", "connection", "refused", False)),
        LimitError("too_many_numbers", limit=1000, count=1001),
        RuntimeError("boom apikey=abcdef"),
    ]
    for exc in cases:
        for lang in ("zh", "en"):
            title, body = describe(exc, lang)
            assert title and body
            assert "abcdef" not in body
    assert "records" in describe(cases[7], "en")[1] and "发送记录" in describe(cases[7], "zh")[1]
    assert "nothing was sent" in describe(cases[8], "en")[1]
    assert "503" in describe(cases[5], "en")[1]
    assert "余额不足" in describe(cases[0], "en")[1] and "Top up" in describe(cases[0], "en")[1]


def test_limit_errors_every_problem_has_both_texts():
    for problem in LIMIT_TEXTS:
        err = LimitError(problem, 2, limit=1, count=2, numbers=1, texts=2, number="+1", value="v", what="w")
        assert err.explain("en").startswith("Item 3: ") and err.explain("zh").startswith("第 3 条")
        assert isinstance(err, ValueError) and str(err) == err.explain("en")
    assert "1001" in LimitError("too_many_numbers", limit=1000, count=1001).explain("en")
    # Missing parameters do not crash the explanation.
    assert LimitError("too_many_numbers").explain("en")


def test_send_in_doubt_maybe_sent():
    assert SendInDoubt("e", TransportError("e", "timeout", "t", True)).maybe_sent
    assert SendInDoubt("e", TransportError("e", "timeout", "t", None)).maybe_sent
    assert SendInDoubt("e", UnreadableResponse("e", "not_json")).maybe_sent
    assert not SendInDoubt("e", TransportError("e", "connect_timeout", "t", False)).maybe_sent


@pytest.mark.parametrize(
    "code, retryable, callers",
    [(-50, True, False), (-51, True, False), (8, False, True), (-1, False, True), (-53, False, False)],
)
def test_error_classes(code, retryable, callers):
    err = ApiError(code)
    assert err.retryable == retryable and err.callers_fault == callers
