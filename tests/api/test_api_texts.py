"""Text helpers: parts and fees (property tests), signatures, templates, blocked words,
the pushed-reply signature (the document's worked example) and opt-out detection."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.api.texts import (
    MAX_CHARS,
    char_count,
    check_signature,
    check_text,
    decode_tpl_value,
    encode_tpl_value,
    estimate_fee,
    find_blocked,
    is_opt_out,
    matches_template,
    parts,
    render_template,
    reply_sign,
    signature_of,
    template_variables,
    utf16_offset,
    verify_reply_sign,
)

# Characters that are not surrogates (a lone surrogate is not text anyone can send).
CHARS = st.characters(blacklist_categories=("Cs",))
TEXT = st.text(CHARS, max_size=600)


# --------------------------------------------------------------------------- parts and fee
def test_parts_boundaries():
    assert parts("") == 0
    assert parts("a") == 1
    assert parts("字" * 70) == 1
    assert parts("字" * 71) == 2
    assert parts("字" * 134) == 2
    assert parts("字" * 135) == 3
    assert parts("【豪霆云】" + "x" * 65) == 1  # the signature and its brackets count
    assert parts("【豪霆云】" + "x" * 66) == 2


def test_emoji_outside_bmp_counts_two():
    assert char_count("😀") == 2 and char_count("é") == 1 and char_count("字") == 1
    assert parts("😀" * 35) == 1 and parts("😀" * 35 + "a") == 2


@given(TEXT)
def test_parts_rule(text):
    n = char_count(text)
    assert n == sum(2 if ord(c) > 0xFFFF else 1 for c in text)
    expected = 0 if n == 0 else 1 if n <= 70 else math.ceil(n / 67)
    assert parts(text) == expected
    if n > 70:
        # Each part holds at most 67 characters and the parts are as few as possible.
        assert 67 * (parts(text) - 1) < n <= 67 * parts(text)


@given(TEXT, TEXT)
def test_parts_monotonic(a, b):
    assert parts(a + b) >= max(parts(a), parts(b))


@given(TEXT, st.integers(0, 5000), st.decimals(min_value=0, max_value=10, places=4))
def test_fee_is_parts_times_recipients_times_price(text, recipients, price):
    fee = estimate_fee(text, recipients, price)
    assert fee == parts(text) * recipients * price
    assert fee >= 0


def test_fee_accepts_strings_and_floats_exactly():
    assert estimate_fee("字" * 71, 3, "0.05") == Decimal("0.30")
    assert estimate_fee("a", 1, 0.05) == Decimal("0.05")
    with pytest.raises(ValueError):
        estimate_fee("a", -1, 1)


# --------------------------------------------------------------------------- signatures
@pytest.mark.parametrize(
    "text, problem",
    [
        ("【豪霆云】您的验证码是1234", None),
        ("您的验证码是1234", "no_signature"),
        ("您的验证码是1234【豪霆云】", "signature_not_leading"),
        ("【豪霆云】【另一个】验证码", "several_signatures"),
        ("【豪霆云】验证码【x】", "several_signatures"),
        ("【】验证码", "empty_signature"),
        ("【豪霆云验证码", "no_signature"),
        ("【豪霆云】验证码】", "several_signatures"),
    ],
)
def test_check_signature(text, problem):
    assert check_signature(text) == problem


def test_signature_of():
    assert signature_of("【豪霆云】您好") == "豪霆云"
    assert signature_of("您好【豪霆云】") is None
    assert signature_of("【豪霆云您好") is None


def test_check_text_limits():
    assert check_text("") == "empty_text"
    assert check_text("  ") == "empty_text"
    assert check_text("【a】" + "x" * (MAX_CHARS - 3)) is None
    assert check_text("【a】" + "x" * (MAX_CHARS - 2)) == "text_too_long"
    assert check_text("【a】" + "😀" * 249) == "text_too_long"  # 3 + 498 code units


@given(
    st.text(CHARS.filter(lambda c: c not in "【】"), min_size=1, max_size=10).filter(str.strip),
    st.text(CHARS.filter(lambda c: c not in "【】"), max_size=50),
)
def test_one_leading_signature_is_accepted(name, body):
    text = f"【{name}】{body}"
    assert check_signature(text) is None
    assert signature_of(text) == name
    assert check_signature(body + text) in (None if not body else "signature_not_leading",)
    assert check_signature(text + f"【{name}】") == "several_signatures"


# --------------------------------------------------------------------------- templates
def test_template_variables_and_render():
    content = "【#company#】亲爱的#name#，您的验证码是#code#。#code#"
    assert template_variables(content) == ["company", "name", "code"]
    assert (
        render_template(content, {"company": "豪霆云", "#name#": "Jacky", "code": 1234})
        == "【豪霆云】亲爱的Jacky，您的验证码是1234。1234"
    )
    with pytest.raises(KeyError) as info:
        render_template(content, {"company": "x"})
    assert "name" in str(info.value) and "code" in str(info.value)
    assert template_variables("no variables # here") == []


def test_encode_tpl_value_document_form():
    encoded = encode_tpl_value({"code": "1234", "company": "豪霆云"})
    assert encoded == "%23code%23=1234&%23company%23=%E8%B1%AA%E9%9C%86%E4%BA%91"
    assert decode_tpl_value(encoded) == {"code": "1234", "company": "豪霆云"}


NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)
VALUES = st.text(CHARS, max_size=20)


@given(st.dictionaries(NAMES, VALUES, min_size=1, max_size=5))
def test_tpl_value_round_trip(values):
    encoded = encode_tpl_value(values)
    assert re.fullmatch(r"[A-Za-z0-9_.\-~%+=&]*", encoded)  # nothing left unencoded
    assert decode_tpl_value(encoded) == values


@given(
    st.lists(NAMES, min_size=1, max_size=4, unique=True),
    st.lists(st.text(CHARS.filter(lambda c: c != "#"), max_size=8), min_size=5, max_size=5),
    st.dictionaries(NAMES, st.text(CHARS.filter(lambda c: c != "#"), min_size=1, max_size=10)),
)
def test_render_fills_every_variable_and_matches_its_template(names, glue, extra):
    content = glue[0] + "".join(f"#{n}#{glue[i % 4 + 1]}" for i, n in enumerate(names))
    assert template_variables(content) == names
    values = {**extra, **{n: f"v{i}" for i, n in enumerate(names)}}
    rendered = render_template(content, values)
    assert "#" not in rendered
    assert matches_template(rendered, content)


# --------------------------------------------------------------------------- blocked words
def test_find_blocked_spans():
    text = "这是一条发票测试短信，发票"
    spans = find_blocked(text, ["发票", "测试"])
    assert spans == [(4, 8), (11, 13)]  # adjacent 发票+测试 merged
    assert [text[a:b] for a, b in spans] == ["发票测试", "发票"]
    assert find_blocked("Buy NOW", ["now"]) == [(4, 7)]
    assert find_blocked("aaa", ["aa"]) == [(0, 3)]
    assert find_blocked("abc", ["", " "]) == []
    assert utf16_offset("😀发票", 1) == 2


@given(st.text(CHARS, max_size=40), st.lists(st.text(CHARS, min_size=1, max_size=3), max_size=4))
def test_find_blocked_covers_every_occurrence(text, words):
    spans = find_blocked(text, words)
    for (a, b), (c, d) in zip(spans, spans[1:], strict=False):
        assert a < b < c < d  # sorted, merged, disjoint
    covered = set()
    for a, b in spans:
        covered.update(range(a, b))
    for word in words:
        w = word.strip()
        start = text.find(w) if w else -1
        while start != -1:  # every exact occurrence is highlighted
            assert set(range(start, start + len(w))) <= covered
            start = text.find(w, start + 1)


# --------------------------------------------------------------------------- reply signature
DOC_REPLY = {
    "id": "2a70c6bb4f2845da816ea1bfe5732747",
    "mobile": "15205201314",
    "reply_time": "2014-03-17 22:55:21",
    "text": "收到了\uff0c谢谢\uff01",
    "extend": "01",
    "base_extend": "8888",
    "_sign": "393d079e0a00912335adfe46f4a2e10f",
}


def test_reply_sign_reproduces_document_example():
    assert reply_sign(DOC_REPLY, "0000") == "393d079e0a00912335adfe46f4a2e10f"
    assert verify_reply_sign(DOC_REPLY, "0000")
    # The ASCII punctuation of the extracted document gives another hash.
    assert not verify_reply_sign({**DOC_REPLY, "text": "收到了,谢谢!"}, "0000")
    assert not verify_reply_sign(DOC_REPLY, "0001")
    assert not verify_reply_sign({k: v for k, v in DOC_REPLY.items() if k != "_sign"}, "0000")


@given(
    st.dictionaries(
        st.from_regex(r"[a-z_]{1,8}", fullmatch=True).filter(lambda k: k != "_sign"),
        st.text(CHARS, max_size=12) | st.none(),
        max_size=6,
    ),
    st.text(CHARS, min_size=1, max_size=20),
)
def test_reply_sign_round_trip_and_tamper(payload, apikey):
    signed = {**payload, "_sign": reply_sign(payload, apikey)}
    assert verify_reply_sign(signed, apikey)
    assert re.fullmatch(r"[0-9a-f]{32}", signed["_sign"])
    if payload:
        key = sorted(payload)[0]
        tampered = {**signed, key: (payload[key] or "") + "x"}
        assert not verify_reply_sign(tampered, apikey)


# --------------------------------------------------------------------------- opt-outs
@pytest.mark.parametrize(
    "reply",
    [
        "退订",
        " 退订。",
        "请帮我退订，谢谢",
        "TD",
        "td",
        " t d ",
        "ＴＤ",
        "T",
        "t.",
        "N",
        "R",
        "拒收",
        "unsubscribe",
        "UNSUBSCRIBE please",
        "STOP",
        "Stop!",
        "回复TD",
    ],
)
def test_is_opt_out_yes(reply):
    assert is_opt_out(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "",
        None,
        "收到了，谢谢！",
        "968163",
        "Thanks",
        "OK",
        "Tomorrow is fine",
        "No problem",
        "TDK battery",
        "stopwatch",
        "NR",
        "A T",
    ],
)
def test_is_opt_out_no(reply):
    assert not is_opt_out(reply)


@given(
    st.sampled_from(["退订", "TD", "T", "N", "R", "拒收", "unsubscribe", "STOP"]),
    st.sampled_from(["", " ", "  ", "\n"]),
    st.booleans(),
)
def test_is_opt_out_case_and_space_insensitive(word, pad, lower):
    word = word.lower() if lower else word
    assert is_opt_out(pad + word + pad)
