"""Number normalisation, splitting and list parsing (examples and property tests)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.api.numbers import REASONS, is_international, normalize_number, parse_number_list, reason_text, split_numbers

# Mainland mobile prefixes phonenumbers knows as valid mobiles.
MAINLAND = st.builds(
    lambda p, rest: p + rest,
    st.sampled_from(
        [
            "130",
            "131",
            "132",
            "133",
            "135",
            "136",
            "137",
            "138",
            "139",
            "150",
            "151",
            "152",
            "153",
            "155",
            "156",
            "157",
            "158",
            "159",
            "176",
            "177",
            "180",
            "181",
            "182",
            "183",
            "185",
            "186",
            "187",
            "188",
            "189",
            "199",
        ]
    ),
    st.from_regex(r"[0-9]{8}", fullmatch=True),
)


@pytest.mark.parametrize(
    "raw",
    [
        "13800138000",
        "+8613800138000",
        "008613800138000",
        "8613800138000",
        "+86 138 0013 8000",
        "138-0013-8000",
        "(138) 0013 8000",
        "13800138000.0",
        "1.38001380E+10",
        "1.3800138E10",
        13800138000,
        13800138000.0,
        " 13800138000 ",
        "１３８００１３８０００",
        "+86-138-0013-8000",
        "+86 (138) 0013-8000",
    ],
)
def test_mainland_forms(raw):
    check = normalize_number(raw)
    assert check.ok and check.number == "13800138000" and not check.international and check.reason is None


@pytest.mark.parametrize(
    "raw, number",
    [
        ("+447911123456", "+447911123456"),
        ("+44 7911 123456", "+447911123456"),
        ("0044 7911 123456", "+447911123456"),
        ("+93701234567", "+93701234567"),
        ("+1 (415) 555-2671", "+14155552671"),
    ],
)
def test_international_forms(raw, number):
    check = normalize_number(raw)
    assert check.ok and check.number == number and check.international
    assert is_international(check.number)


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("-", "empty"),
        ("abc", "not_a_number"),
        ("1380013800x", "not_a_number"),
        ("138 0013 800O", "not_a_number"),
        ("1380013800", "too_short"),
        ("138001380001", "too_long"),
        ("+86138001380", "too_short"),
        ("01012345678", "not_mobile"),
        ("12345678901", "invalid"),
        ("14012345678", "invalid"),
        ("+999123456", "unknown_country"),
        ("+44", "too_short"),
        ("+4479111234567890", "too_long"),
        ("+442079460000", "not_mobile"),
        ("1.5E+3", "too_short"),
    ],
)
def test_rejections_have_reasons(raw, reason):
    check = normalize_number(raw)
    assert not check.ok and check.number == "" and check.reason == reason
    assert check.message == REASONS[reason] and check.message
    assert reason_text(reason, "zh") and reason_text(reason, "en") == REASONS[reason]


@given(
    MAINLAND,
    st.sampled_from(["", "+86", "0086", "86", "+86 ", "+86-"]),
    st.sampled_from(["{}", "{} ", " {}", "{}.0"]),
    st.booleans(),
)
def test_mainland_prefixes_and_decoration_normalise_to_11_digits(number, prefix, shape, spaced):
    body = f"{number[:3]} {number[3:7]} {number[7:]}" if spaced else number
    raw = shape.format(prefix + body) if shape != "{}.0" or not spaced else prefix + body
    check = normalize_number(raw)
    assert check.ok, (raw, check)
    assert check.number == number and not check.international


@given(MAINLAND)
def test_mainland_from_spreadsheet_cells(number):
    assert normalize_number(int(number)).number == number
    assert normalize_number(float(number)).number == number
    assert normalize_number(f"{float(number):.10E}").number == number  # 1.3800138000E+10
    assert normalize_number(repr(float(number))).number == number  # "13800138000.0"


@given(st.text(max_size=20))
def test_normalize_never_raises_and_is_idempotent(raw):
    check = normalize_number(raw)
    assert check.ok == (check.reason is None)
    if check.ok:
        again = normalize_number(check.number)
        assert again.ok and again.number == check.number and again.international == check.international
    else:
        assert check.reason in REASONS


def test_split_numbers_every_separator():
    text = (
        "13800138000,13800138001，13800138002、13800138003;13800138004；13800138005 13800138006"
        "\n13800138007\t13800138008"
    )
    assert split_numbers(text) == [f"1380013800{i}" for i in range(9)]
    # Spaces inside one number stay together; spaces between numbers split.
    assert split_numbers("+86 138 0013 8000\n138 0013 8001") == ["+86 138 0013 8000", "138 0013 8001"]
    assert split_numbers("13800138000 13800138001") == ["13800138000", "13800138001"]
    assert split_numbers("  \n,,; ") == []


def test_parse_number_list():
    valid, rejected, duplicates = parse_number_list(
        "13800138000, +86 138 0013 8000；0086-13800138001\nabc 1380013800 +447911123456\n\n13800138001"
    )
    assert valid == ["13800138000", "13800138001", "+447911123456"]
    assert rejected == [("abc", "not_a_number"), ("1380013800", "too_short")]
    assert duplicates == ["13800138000", "13800138001"]


def test_parse_number_list_from_cells_skips_blanks():
    result = parse_number_list([13800138000, None, "", 13800138000.0, "x1"])
    assert result.valid == ["13800138000"] and result.duplicates == ["13800138000"]
    assert result.rejected == [("x1", "not_a_number")]


@given(st.lists(MAINLAND, max_size=30), st.sampled_from([",", "，", "、", ";", "；", " ", "\n", "\t", " , "]))
def test_parse_number_list_properties(numbers, separator):
    valid, rejected, duplicates = parse_number_list(separator.join(numbers))
    assert rejected == []
    assert valid == list(dict.fromkeys(numbers))  # unique, first-seen order
    assert len(valid) + len(duplicates) == len(numbers)
    assert sorted(set(duplicates)) == sorted({n for n in numbers if numbers.count(n) > 1})
