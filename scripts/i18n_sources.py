"""The source files pyside6-lupdate should scan, with module-level tr wrappers made visible.

Several modules translate through a small wrapper so their code stays short::

    def _tr(text: str) -> str:
        return QCoreApplication.translate("Keyring", text)

    ... _tr("Keyring works") ...

lupdate only knows ``tr``/``translate``/``QT_TRANSLATE_NOOP`` and would miss every such
string. For a module that defines a wrapper like this, this script writes a shadow copy
under SHADOW_DIR in which each ``_tr("…")`` call reads ``QCoreApplication.translate("Keyring", "…")``
(same lines, so locations stay right) and lists the shadow instead of the module.
update_translations.sh maps the shadow paths in the .ts back to the real files.

    python scripts/i18n_sources.py SHADOW_DIR   # prints one path per line, sorted
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TRANSLATE_OWNERS = {"QCoreApplication", "QApplication", "QGuiApplication"}


def wrappers(tree: ast.Module) -> dict[str, str]:
    """Module-level ``def name(text): return X.translate("ctx", text)`` -> {name: ctx}."""
    found: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or len(node.args.args) != 1 or len(node.body) != 1:
            continue
        statement = node.body[0]
        call = statement.value if isinstance(statement, ast.Return) else None
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "translate"
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id in TRANSLATE_OWNERS
            and len(call.args) == 2
        ):
            continue
        context, text = call.args
        if (
            isinstance(context, ast.Constant)
            and isinstance(context.value, str)
            and isinstance(text, ast.Name)
            and text.id == node.args.args[0].arg
        ):
            found[node.name] = context.value
    return found


def plural_counts(tree: ast.Module) -> list[tuple[int, int, int, bytes]]:
    """Edits spelling each plural count that is not a plain name as ``n``.

    lupdate's Python parser drops a ``translate(ctx, text, disambiguation, len(rows))`` (or a
    ``tr(text, disambiguation, len(rows))`` outside a class) whose count is a call or an
    attribute: the text would silently stay untranslated. Only the shadow copy is changed.
    """
    edits = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        index = {"translate": 3, "tr": 2}.get(node.func.attr)
        if index is None or len(node.args) <= index:
            continue
        count = node.args[index]
        if isinstance(count, ast.Name | ast.Constant) or count.end_lineno != count.lineno:
            continue
        edits.append((count.lineno, count.col_offset, count.end_col_offset or count.col_offset, b"n"))
    return edits


def shadow_text(source: str, tree: ast.Module, names: dict[str, str]) -> str:
    """The source with each ``wrapper("literal"…)`` call spelled as a translate() call and
    each plural count spelled as a name (see plural_counts)."""
    lines = source.splitlines(keepends=True)
    edits = plural_counts(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in names
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            end = node.func.end_col_offset or node.func.col_offset
            context = names[node.func.id]
            edits.append(
                (node.func.lineno, node.func.col_offset, end + 1, f'QCoreApplication.translate("{context}", '.encode())
            )
    # Right to left on each line so earlier offsets stay valid (offsets are UTF-8 byte columns).
    for lineno, start, end, replacement in sorted(edits, reverse=True):
        raw = lines[lineno - 1].encode("utf-8")
        lines[lineno - 1] = (raw[:start] + replacement + raw[end:]).decode("utf-8")
    return "".join(lines)


def main(argv: list[str]) -> int:
    shadow_dir = Path(argv[0]).resolve() if argv else REPO / "build" / "i18n-shadow"
    paths = sorted(p for p in (REPO / "gui").rglob("*.py") if "__pycache__" not in p.parts)
    for path in paths:
        relative = path.relative_to(REPO)
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        names = wrappers(tree)
        if not names and not plural_counts(tree):
            print(relative.as_posix())
            continue
        target = shadow_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(shadow_text(source, tree, names), encoding="utf-8")
        print(target.as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
