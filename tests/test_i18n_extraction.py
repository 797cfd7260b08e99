"""Every text the code translates is in the translation file, under the context it is looked up in.

The completeness test in test_i18n.py only sees what lupdate extracted; a call lupdate's
Python parser skips (e.g. a plural count written as ``len(rows)``) never reaches the .ts and
stays English without any test noticing. This reads the calls from the source itself.
"""

from __future__ import annotations

import ast
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TS = REPO / "resources" / "i18n" / "sms_console_zh_CN.ts"


def _i18n_sources():
    spec = importlib.util.spec_from_file_location("i18n_sources", REPO / "scripts" / "i18n_sources.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _in_ts() -> set[tuple[str, str]]:
    root = ET.parse(TS).getroot()
    found = set()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("vanished", "obsolete"):
                continue
            found.add((name, message.findtext("source") or ""))
    return found


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _calls(path: Path, wrappers: dict[str, str]) -> list[tuple[str, str, int]]:
    """(context, text, line) of each translation call with literal arguments in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, cls: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call) and child.args:
                func = child.func
                if isinstance(func, ast.Attribute) and func.attr == "translate" and len(child.args) >= 2:
                    context, text = _literal(child.args[0]), _literal(child.args[1])
                    if context is not None and text is not None:
                        found.append((context, text, child.lineno))
                elif isinstance(func, ast.Attribute) and func.attr == "tr" and cls is not None:
                    text = _literal(child.args[0])
                    if text is not None and isinstance(func.value, ast.Name) and func.value.id == "self":
                        found.append((cls, text, child.lineno))
                elif isinstance(func, ast.Name) and func.id in wrappers:
                    text = _literal(child.args[0])
                    if text is not None:
                        found.append((wrappers[func.id], text, child.lineno))
            visit(child, cls)

    visit(tree, None)
    return found


def test_every_translated_text_of_the_code_is_in_the_translation_file():
    sources = _i18n_sources()
    in_ts = _in_ts()
    missing = []
    for path in sorted((REPO / "gui").rglob("*.py")):
        wrappers = sources.wrappers(ast.parse(path.read_text(encoding="utf-8")))
        for context, text, line in _calls(path, wrappers):
            if (context, text) not in in_ts:
                missing.append(f"{path.relative_to(REPO)}:{line} [{context}] {text[:60]!r}")
    assert not missing, "not in the .ts (run scripts/update_translations.sh):\n" + "\n".join(missing)


def test_the_check_reads_a_plural_with_a_call_as_its_count(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "class Part:\n"
        "    def f(self, rows):\n"
        "        a = QCoreApplication.translate('Part', '%n row(s)', '', len(rows))\n"
        "        b = self.tr('Plain')\n",
        encoding="utf-8",
    )
    assert _calls(sample, {}) == [("Part", "%n row(s)", 4), ("Part", "Plain", 5)]
