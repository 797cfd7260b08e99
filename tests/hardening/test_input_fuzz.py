"""Input fuzzing: campaign import files, message texts and phone numbers in every odd form.

- Import: random bytes, broken encodings (truncated UTF-16, invalid UTF-8/GBK), ragged
  rows, NULs, 1 MB cells, formula cells, empty files, a file over the row limit (refused
  in under a second) — never anything but a table or an ImportRefused with a plain message;
  and no valid row of a well-formed file is lost, whatever its encoding and separators.
- Formula cells (=cmd|' /C calc'!A0, +, -, @) never reach an export as formulas.
- Texts: emoji and CJK Extension B characters (two UTF-16 units each) are counted and
  billed right, and arrive at the gateway intact (single, batch and multi_send).
- Numbers: any decoration of a valid mainland number repairs to exactly that number; any
  other input is rejected with a reason or accepted as a well-formed number, never raises.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from gui.api import texts
from gui.api.numbers import normalize_number
from gui.campaign.dryrun import DryRunOptions, dry_run
from gui.campaign.importer import (
    MAX_ROWS,
    ImportRefused,
    guess_number_column,
    import_file,
    prepare_rows,
    read_table,
    repair_number,
)

FAST = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
TEMPLATE = "【豪霆云】#name#您好，您预约的#service#将于#time#开始，回T退订"


def write(tmp_path, data: bytes, suffix: str = ".csv"):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    return path


def import_through(path):
    """What the Campaigns tab does with a file, up to the dry run (no network)."""
    table = read_table(path)
    column = guess_number_column(table)
    imported = prepare_rows(table, column if column is not None else 0, {"name": 1, "service": 2, "time": 3})
    return dry_run(imported, DryRunOptions(TEMPLATE, Decimal("0.05")), black_word=None)


# ------------------------------------------------------------------ import: any bytes
@FAST
@given(
    data=st.binary(max_size=400)
    | st.sampled_from(
        [
            codecs.BOM_UTF16_LE + b"a",
            codecs.BOM_UTF16_BE + b"\x00",
            codecs.BOM_UTF16_LE + b"\x00\xd8",  # truncated / lone surrogate
            codecs.BOM_UTF8 + b"\xff\xfe",
            b"\x81\x30",
            b"\xa1",
            b"\x00" * 50,
            b"\r\r\r",
            b'"unterminated,1\n2',
            "手机号,name\n13800138000,张三\n".encode("utf-16-le"),
            b"a,b\n" + b'"' * 3 + b"\n",
        ]
    ),
    suffix=st.sampled_from([".csv", ".txt", ".tsv", ".xlsx"]),
)
def test_any_bytes_give_a_table_or_a_plain_refusal(tmp_path, data, suffix):
    path = write(tmp_path, data, suffix)
    try:
        report = import_through(path)
    except ImportRefused as refused:
        assert refused.message and "{" not in refused.message  # a filled-in sentence
    else:
        assert report.ready_count + report.not_ready_count == len(report.rows)


def test_truncated_utf16_is_refused_as_an_encoding_problem(tmp_path):
    path = write(tmp_path, codecs.BOM_UTF16_LE + "13800138000\n".encode("utf-16-le") + b"\x31")
    with pytest.raises(ImportRefused) as refused:
        read_table(path)
    assert refused.value.problem == "encoding" and "CSV UTF-8" in refused.value.message


# ------------------------------------------------------------------ import: no row lost
cell_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12) | st.sampled_from(
    [
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2",
        "@SUM(A1)",
        "a,b",
        "x;y",
        "tab\there",
        '引号"内',
        "多\n行",
        "🙂",
        "𠀀",
        " 张三 ",
        "",
    ]
)
valid_numbers = st.integers(0, 10**8 - 1).map(lambda n: f"138{n:08d}")


@FAST
@given(
    rows=st.lists(st.tuples(valid_numbers, st.lists(cell_text, max_size=5)), min_size=1, max_size=30),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    delimiter=st.sampled_from([",", "\t", ";"]),
    header=st.booleans(),
)
def test_no_valid_row_is_lost_whatever_the_encoding_separator_and_raggedness(
    tmp_path, rows, encoding, delimiter, header
):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if header:
        writer.writerow(["手机号", "name", "service", "time"])
    for number, extra in rows:
        writer.writerow([number, *extra])  # ragged: 1 to 6 cells per row
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    # has_header as the operator confirms it (guessing takes a first row without a valid number for one)
    table = read_table(write(tmp_path, data), has_header=header)
    result = prepare_rows(table, 0)
    seen = {r.mobile for r in result.rows} | {r.mobile for r in result.duplicates}
    numbers = {number for number, _ in rows}
    assert seen <= numbers  # never a number that was not in the file
    if not any(set(cell) & set(',;\t\r\n"') for _, extra in rows for cell in extra):
        # cells free of separators and quotes: the file is unambiguous, every row must come through
        assert seen == numbers
        assert len(result.rows) == len(numbers)
        assert result.rejected == []
    else:
        # ambiguous separators: every row is still accounted for (imported, duplicate or rejected with a reason)
        assert len(result.rows) + len(result.duplicates) + len(result.rejected) >= len(numbers)
        assert all(r.reason for r in result.rejected)


@pytest.mark.parametrize(
    "content, delimiter",
    [
        ("13800138000,张三,体检,\r\n13800138001,李四;王五\r\n13800138002\r\n", ","),  # ragged, ";" in a text
        ("13800138000\r\n13800138001\t李四\r\n", "\t"),  # first row has one cell
        ("手机号;备注\r\n13800138000;a,b\r\n13800138001;c\r\n13800138002;d,e,f\r\n", ";"),
    ],
)
def test_separator_sniffing_on_ragged_rows(tmp_path, content, delimiter):
    table = read_table(write(tmp_path, content.encode("utf-8")))
    assert table.delimiter == delimiter
    result = prepare_rows(table, 0)
    assert len(result.rows) == content.count("1380013800") and result.rejected == []


def test_lines_of_blanks_are_no_rows(tmp_path):
    table = read_table(write(tmp_path, b"mobile\n \n13800138000\n \t \n"))
    assert [cells for _, cells in table.rows] == [["13800138000"]]


def test_a_one_megabyte_cell_is_refused_with_its_line_quickly(tmp_path):
    big = "x" * 1_000_000
    path = write(tmp_path, f"手机号,name\n13800138000,张三\n13800138001,{big}\n13800138002,李四\n".encode())
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        read_table(path)
    assert time.monotonic() - started < 1.0
    assert refused.value.problem == "cell_too_large"
    assert "Line 3" in refused.value.message and "500 characters" in refused.value.message


def test_a_long_cell_under_the_limit_becomes_a_rejected_row_not_a_crash(tmp_path):
    path = write(
        tmp_path,
        f"手机号,name,service,time\n13800138000,{'长' * 100_000},体检,9:00\n13800138001,张三,体检,9:00\n".encode(),
    )
    report = import_through(path)
    assert report.ready_count == 1
    [bad] = [r for r in report.rows if not r.ready]
    assert bad.mobile == "13800138000" and bad.problem == "text_too_long"
    assert bad.parts == math.ceil(texts.char_count(bad.text) / 67)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        b"\r\n\r\n",
        b" \n \n",
        b",,,\n,,\n",
        "手机号,name\n".encode("gbk"),
        b"\t\t\n",
    ],
)
def test_empty_files_are_refused_in_plain_words(tmp_path, data):
    with pytest.raises(ImportRefused) as refused:
        read_table(write(tmp_path, data))
    assert refused.value.problem == "empty" and refused.value.message == "The file has no rows."


def test_a_csv_over_the_row_limit_is_refused_in_under_a_second(tmp_path):
    line = b"13800138000,\xe5\xbc\xa0\xe4\xb8\x89,\xe4\xbd\x93\xe6\xa3\x80,9:00\n"
    path = write(tmp_path, b"mobile,name,service,time\n" + line * (MAX_ROWS + 5))
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        import_file(path)
    elapsed = time.monotonic() - started
    assert refused.value.problem == "too_many_rows"
    assert str(MAX_ROWS) in refused.value.message and "split the file" in refused.value.message
    assert elapsed < 1.0, elapsed


def test_an_xlsx_whose_dimension_lies_is_still_stopped_at_the_limit(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for i in range(60):
        sheet.append([f"1380013{i:04d}", "张三"])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    with pytest.raises(ImportRefused) as refused:
        read_table(path, max_rows=50)
    assert refused.value.problem == "too_many_rows"


# ------------------------------------------------------------------ formulas never exported as formulas
FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formula_cells_are_neutralised_in_the_dry_run_export(tmp_path, suffix):
    lines = ["手机号,name,service,time"]
    for i, formula in enumerate(FORMULAS):
        quoted = '"' + formula.replace('"', '""') + '"'
        lines.append(f"1380013{i:04d},{quoted},体检,9:00")
        lines.append(f"{quoted},张三,体检,9:00")  # a formula where the number should be: rejected
    report = import_through(write(tmp_path, "\r\n".join(lines).encode("utf-8")))
    out = tmp_path / f"dry-run{suffix}"
    report.export(out)
    if suffix == ".csv":
        cells = [c for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))) for c in row]
    else:
        from openpyxl import load_workbook

        book = load_workbook(out)
        assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)
        cells = [str(c.value or "") for row in book.active.iter_rows() for c in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not (cell.startswith("-") and not re.fullmatch(r"-[0-9.]+", cell)), cell
    # the formulas are still there as text, for the operator to see
    assert any(c == "'" + FORMULAS[0] for c in cells)


# ------------------------------------------------------------------ texts: emoji and Extension B
def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def expected_parts(text: str) -> int:
    n = utf16_units(text)
    return 1 if n <= 70 else math.ceil(n / 67)


rare = st.sampled_from(["𠀀", "𠮷", "𩸽", "🙂", "👍🏽", "👨‍👩‍👧", "🇨🇳", "é", "é", "\u200d", "ｱ", "，", "【", "a"])
mixed_text = st.lists(rare | st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200).map("".join)


@settings(max_examples=300, deadline=None)
@given(mixed_text)
@example("𠀀" * 35)  # 70 units: one part
@example("a" * 69 + "𠀀")  # 71 units: two parts
@example("🙂" * 34 + "a")  # 69 units
@example("👨‍👩‍👧" * 9)  # ZWJ sequences: 8 units each, 72 units
def test_characters_and_parts_count_utf16_units(text):
    assert texts.char_count(text) == utf16_units(text)
    assert texts.parts(text) == (0 if text == "" else expected_parts(text)) or texts.parts(text) == expected_parts(text)
    fee = texts.estimate_fee(text, 3, "0.05")
    assert fee == texts.parts(text) * 3 * __import__("decimal").Decimal("0.05")


WIRE_TEXTS = [
    "【Demo】您的验证码是𠀀𠮷🙂",
    "【Demo】您的验证码是" + "𩸽" * 30,  # 71 units: 2 parts
    "【Demo】您的验证码是a,b%2C&+=?#👨‍👩‍👧",
    "【Demo】您的验证码是" + "🇨🇳" * 100,
]


def test_rare_characters_reach_the_gateway_intact_and_are_billed_by_utf16_units(sandbox):
    from gui.api.client import SmsClient

    client = SmsClient(sandbox.apikey, sandbox.base_url, timeout=(2, 5))
    try:
        for i, text in enumerate(WIRE_TEXTS):
            answer = client.single_send(f"1390000{i:04d}", text)
            assert answer.code == 0 and answer.count == expected_parts(text), (text, answer)
        batch = client.batch_send(["13700000001", "13700000002"], WIRE_TEXTS[2])
        assert [item.count for item in batch.data] == [expected_parts(WIRE_TEXTS[2])] * 2
        multi = client.multi_send([f"1360000{i:04d}" for i in range(len(WIRE_TEXTS))], WIRE_TEXTS)
        assert [item.count for item in multi.data] == [expected_parts(t) for t in WIRE_TEXTS]
    finally:
        client.close()
    received = [a.text for a in sandbox.accepted_log()]
    assert received == WIRE_TEXTS + [WIRE_TEXTS[2]] * 2 + WIRE_TEXTS


# ------------------------------------------------------------------ numbers in every odd form
PREFIXES = ["", "+86", "0086", "86", "+86 ", "(+86)", "+86-", "＋86"]
DECORATION = [" ", "-", "(", ")", "\u00a0", "\u3000", "－", "—", "（", "）"]
MAINLAND = st.tuples(
    st.sampled_from(
        ["130", "133", "135", "138", "139", "147", "150", "158", "166", "177", "180", "186", "189", "191", "198", "199"]
    ),
    st.integers(0, 10**8 - 1),
).map(lambda t: f"{t[0]}{t[1]:08d}")


@st.composite
def decorated(draw):
    number = draw(MAINLAND)
    digits = list(number)
    for _ in range(draw(st.integers(0, 4))):
        digits.insert(draw(st.integers(1, len(digits) - 1)), draw(st.sampled_from(DECORATION)))
    text = draw(st.sampled_from(PREFIXES)) + "".join(digits)
    text = draw(st.sampled_from(["", " ", "\t", "\u3000"])) + text + draw(st.sampled_from(["", " ", "\u00a0"]))
    form = draw(st.sampled_from(["text", "text", "int", "float", "dot0", "scientific"]))
    if form == "int":
        return number, int(number)
    if form == "float":
        return number, float(number)
    if form == "dot0":
        return number, number + ".0"
    if form == "scientific":
        return number, f"{number[0]}.{number[1:]}E+10"
    return number, text


@settings(max_examples=400, deadline=None)
@given(decorated())
def test_any_decoration_of_a_valid_number_repairs_to_exactly_that_number(pair):
    number, cell = pair
    check = repair_number(cell)
    assert check.ok, (cell, check.reason)
    assert check.number == number and not check.international


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(max_size=30),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=True),
        st.from_regex(r"[+0-9eE.\- ]{1,25}", fullmatch=True),
        st.none(),
        st.booleans(),
    )
)
@example("1.38001E+10")  # digits lost to scientific notation
@example("1e999999")
@example("+8613800138000000000000")
@example("١٣٨٠٠١٣٨٠٠٠")  # Arabic-Indic digits
def test_anything_else_is_rejected_with_a_reason_or_is_a_well_formed_number(cell):
    check = repair_number(cell)
    if check.ok:
        assert re.fullmatch(r"1[3-9][0-9]{9}", check.number) or (
            check.international and re.fullmatch(r"\+[1-9][0-9]{5,14}", check.number)
        ), (cell, check)
    else:
        assert check.reason
    plain = normalize_number(cell)
    assert plain.ok == bool(plain.number) or not plain.ok
