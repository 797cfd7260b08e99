"""One table of number-rejection texts (gui.api.numbers): every reason id the normaliser or the
campaign importer can give has an English and a Chinese text."""

from __future__ import annotations

import ast
import inspect
import re

import pytest

from gui.api import numbers
from gui.api.numbers import REASONS, REASONS_ZH, normalize_number, reason_text
from gui.campaign import importer
from gui.campaign.importer import IMPORT_REASONS, IMPORT_REASONS_ZH

CJK = re.compile(r"[\u4e00-\u9fff]")
# The importer's own ids that are not rejections: LeftOutRow.message words them.
NOT_REJECTIONS = {"duplicate", "suppressed"}


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def normaliser_reasons() -> set[str]:
    """Every reason id written in gui.api.numbers: the literal given to ``_reject`` and every
    literal assigned to a ``reason`` variable handed to it."""
    tree = ast.parse(inspect.getsource(numbers))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_reject" and len(node.args) > 1:
            if isinstance(node.args[1], ast.Constant):
                found.add(node.args[1].value)
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "reason" for t in node.targets):
            found |= _strings(node.value)
    return found


def importer_reasons() -> set[str]:
    """Every reason id the importer puts on a row it leaves out (LeftOutRow's third argument)."""
    tree = ast.parse(inspect.getsource(importer))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "LeftOutRow" and len(node.args) > 2:
            found |= _strings(node.args[2])
    return found - NOT_REJECTIONS


def test_the_scans_find_the_reasons():
    assert normaliser_reasons() == set(REASONS)
    assert importer_reasons() == {"invalid", "missing_value"}


@pytest.mark.parametrize("reason", sorted(normaliser_reasons()))
def test_every_normaliser_reason_has_both_texts(reason):
    english, chinese = reason_text(reason, "en"), reason_text(reason, "zh_CN")
    assert english == REASONS[reason] and english.isascii() and english.strip()
    assert chinese == REASONS_ZH[reason] and CJK.search(chinese)
    assert reason_text(reason, "zh") == chinese


@pytest.mark.parametrize("reason", sorted(importer_reasons() | set(REASONS)))
def test_every_importer_reason_has_both_texts(reason):
    assert IMPORT_REASONS[reason].isascii() and IMPORT_REASONS[reason].strip()
    assert CJK.search(IMPORT_REASONS_ZH[reason])


def test_the_tables_hold_the_same_ids():
    assert set(REASONS) == set(REASONS_ZH)
    assert set(IMPORT_REASONS) == set(IMPORT_REASONS_ZH)


@pytest.mark.parametrize(
    "raw",
    ["", "abc", "1380013800", "138001380001", "01012345678", "12345678901", "+999123456", "+44", "1.5E+3"],
)
def test_what_the_normaliser_answers_has_both_texts(raw):
    check = normalize_number(raw)
    assert check.reason in REASONS and check.reason in REASONS_ZH


def test_an_unknown_id_is_shown_as_it_is():
    assert reason_text("no_such_reason", "zh") == "no_such_reason"
