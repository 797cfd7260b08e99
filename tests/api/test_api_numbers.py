"""Number normalisation, splitting and list parsing (examples and property tests)."""

from __future__ import annotations

import pytest
from hypothesis import example, given
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
        "1.3800138000E+10",  # scientific notation that spells every digit
        "1.3800138000e10",
        "1.38001380000 E+10",
        "１．３８００１３８０００Ｅ＋１０",
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
        ("1.5E+3", "scientific_lost_digits"),
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


# --- scientific notation: digits lost to Excel are never guessed --------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "1.38001E+10",  # Excel's General format: 13800138000 shown (and saved) as 1.38001E+10
        "1.3800138E+10",  # looks complete, but the three zeros could have been any digits
        "1.38001380E+10",
        "1.38E10",
        "1.38e+10",
        "1.38001e10",
        " 1.38001E+10 ",
        "1.38001 E+10",
        "1.38001E +10",
        "1.38001\u00a0E+10",
        "+1.38001E+10",
        "1,38001E+10",  # a decimal comma (European Excel)
        "１．３８００１Ｅ＋１０",  # full-width, from a Chinese IME
        "１．３８００１ｅ１０",
        "1.38001Ｅ+10",
        "\u30001.38001E+10\u3000",
        "8.61380013800E+12",  # +86 prefix inside the lost digits
        "4.4791112345E+11",
        "1E10",
        "1.38E-10",  # not even a whole number
    ],
)
def test_scientific_notation_that_lost_digits_is_rejected(raw):
    check = normalize_number(raw)
    assert not check.ok and check.number == ""
    assert check.reason == "scientific_lost_digits"
    assert "scientific notation" in check.message
    assert reason_text("scientific_lost_digits", "zh") != check.message


def test_scientific_pastes_are_rejected_whole_not_split_into_pieces():
    assert split_numbers("1.38001 E+10, 13800138000") == ["1.38001 E+10", "13800138000"]
    valid, rejected, duplicates = parse_number_list("1.38001E+10\n1.3800138E+10 13900139000\n１．３８００１Ｅ＋１０")
    assert valid == ["13900139000"] and duplicates == []
    assert rejected == [
        ("1.38001E+10", "scientific_lost_digits"),
        ("1.3800138E+10", "scientific_lost_digits"),
        ("１．３８００１Ｅ＋１０", "scientific_lost_digits"),
    ]


def _scientific(digits: str, point: int, written: int, e: str, plus: str, space: str) -> str:
    """``digits`` in scientific notation with the first ``written`` digits of its mantissa."""
    mantissa = digits[:point] + ("." + digits[point:written] if written > point else "")
    return f"{mantissa}{space}{e}{plus}{len(digits) - point}"


@given(
    st.one_of(MAINLAND, st.from_regex(r"[1-9][0-9]{5,14}", fullmatch=True)),
    st.data(),
    st.sampled_from(["E", "e", "Ｅ", "ｅ"]),
    st.sampled_from(["+", "", "＋"]),
    st.sampled_from(["", " ", "\u00a0", "\u3000"]),
    st.booleans(),
)
@example("13800138000", None, "E", "+", "", False)
def test_any_scientific_form_with_fewer_digits_than_the_number_is_rejected(digits, data, e, plus, space, wide):
    # The number's digits, written with a shorter mantissa: whatever digits were dropped,
    # the normaliser must not turn the form back into any number.
    if data is None:
        point, written = 1, 6  # 1.38001E+10
    else:
        point = data.draw(st.integers(1, len(digits) - 1), label="point")
        written = data.draw(st.integers(1, len(digits) - 1), label="written")
    raw = _scientific(digits, point, written, e, plus, space)
    if wide:
        raw = raw.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789.+"})
    check = normalize_number(raw)
    assert not check.ok and check.number == "", (raw, check)
    assert check.reason == "scientific_lost_digits", (raw, check)
    assert parse_number_list(raw).valid == []


@given(st.floats(min_value=1e5, max_value=1e20, allow_nan=False, allow_infinity=False), st.integers(0, 9))
def test_float_formatted_in_scientific_notation_never_becomes_a_number_it_does_not_spell(value, places):
    # What a spreadsheet or Python prints for a float cell at any precision.
    for raw in (f"{value:.{places}E}", f"{value:.{places}e}", repr(value) if "e" in repr(value) else None):
        if raw is None:
            continue
        check = normalize_number(raw)
        mantissa, exponent = raw.lower().split("e")
        spelled = mantissa.replace(".", "")  # every digit written, trailing zeros included
        needed = len(mantissa.split(".")[0]) + int(exponent)  # digits of the whole number it stands for
        if len(spelled) < needed:
            # The rest would be zeros the float made up: never a number, always this reason.
            assert not check.ok and check.reason == "scientific_lost_digits", (raw, check)
        elif spelled[needed:].strip("0"):  # a fraction: no whole number, so no phone number either
            assert not check.ok and check.reason == "scientific_lost_digits", (raw, check)
        elif check.ok:
            assert check.number == spelled[:needed], (raw, check)  # exactly the digits written
        else:
            assert check.reason in REASONS and check.reason != "scientific_lost_digits", (raw, check)


@given(MAINLAND, st.integers(0, 3), st.sampled_from(["E", "e"]))
def test_scientific_notation_that_spells_every_digit_is_that_number(number, extra_zeros, e):
    raw = f"{number[0]}.{number[1:]}{'0' * extra_zeros}{e}+10"
    check = normalize_number(raw)
    assert check.ok and check.number == number, (raw, check)


def test_the_importer_uses_the_same_reason_and_text(tmp_path):
    from gui.campaign.importer import import_file, repair_number

    path = tmp_path / "lost.csv"
    path.write_text("mobile\n13800138000\n1.38001E+10\n", encoding="utf-8")
    [rejection] = import_file(path).rejected
    assert (rejection.line, rejection.reason) == (3, "scientific_lost_digits")
    assert rejection.message == REASONS["scientific_lost_digits"]  # the number reason's own text
    for raw in ("1.38001E+10", "1.3800138E+10", "１．３８００１Ｅ＋１０"):
        assert repair_number(raw).reason == normalize_number(raw).reason == "scientific_lost_digits"
