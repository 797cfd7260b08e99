"""How the views depend on each other, checked on the source (AST).

- A tab never imports another tab: tabs talk through signals that the main window wires
  (e.g. Templates' "use this template" reaches Compose that way). Partials and dialogs
  import no tab either; only the main window knows them all.
- No view imports a private name of gui.app or gui.context (a leading underscore): what a
  view needs from them is public API.
- No file of gui/ (views, services and the plain layers alike) is longer than 400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GUI = Path(__file__).resolve().parent.parent / "gui"
VIEWS = GUI / "views"
TABS = ("compose", "campaigns", "templates", "records", "replies", "reports", "blocked_words", "account")
WIRES_THE_TABS = ("views/main_window.py",)
MAX_LINES = 400


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(GUI.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(path: Path, tree: ast.Module) -> list[tuple[str, list[str]]]:
    """(module, names) for each import in ``path``; relative imports resolved."""
    here = _module_of(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.append((module, [alias.name for alias in node.names]))
    return found


def _tab_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] == ["gui", "views"] and len(parts) > 2 and parts[2] in TABS:
        return parts[2]
    return None


def _view_files() -> list[Path]:
    return sorted(VIEWS.rglob("*.py"))


@pytest.mark.parametrize("path", _view_files(), ids=lambda p: p.relative_to(GUI).as_posix())
def test_no_view_imports_another_tab_or_a_private_name_of_the_app(path):
    rel = path.relative_to(GUI).as_posix()
    own_tab = _tab_of(_module_of(path))
    problems = []
    for module, names in _imported(path, ast.parse(path.read_text(encoding="utf-8"))):
        targets = [module] + [f"{module}.{name}" for name in names]
        for target in targets:
            tab = _tab_of(target)
            if tab is not None and tab != own_tab and rel not in WIRES_THE_TABS:
                problems.append(f"imports the {tab} tab ({module})")
                break
        if module in ("gui.app", "gui.context"):
            problems += [f"imports the private {module}.{n}" for n in names if n.startswith("_")]
    assert not problems, f"{rel}: " + "; ".join(problems)


def test_private_app_names_are_not_reached_through_attributes():
    found = []
    for path in _view_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Attribute)
                and isinstance(node.value.value, ast.Name)
                and node.value.value.id == "gui"
                and node.value.attr in ("app", "context")
            ):
                found.append(f"{path.relative_to(GUI)}: gui.{node.value.attr}.{node.attr}")
    assert not found


@pytest.mark.parametrize("folder", ["views", "services", "api", "sandbox", "store", "campaign", "keychain", "."])
def test_every_file_of_the_console_reads_in_one_sitting(folder):
    long = {
        p.relative_to(GUI).as_posix(): n
        for p in sorted((GUI / folder).rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"over {MAX_LINES} lines: {long}"


def test_the_checker_sees_a_cross_tab_import():
    """The rule above can fail: a made-up Compose file importing the Records tab is caught."""
    fake = VIEWS / "compose" / "fake.py"  # only its name is used: gui.views.compose.fake
    tree = ast.parse("from gui.views.records import RecordsTab\nfrom ..templates import TemplatesTab\n")
    imports = _imported(fake, tree)
    assert [_tab_of(m) or _tab_of(f"{m}.{n[0]}") for m, n in imports] == ["records", "templates"]


def test_plural_texts_are_not_translated_through_a_base_class():
    """PySide's ``self.tr(text, disambiguation, n)`` looks the text up under the object's own
    class name only (plain ``self.tr(text)`` also tries its base classes): a plural text written
    in a base class or mixin (e.g. a part of Compose) would stay English. Such texts name their
    context: ``QCoreApplication.translate("ComposeResults", text, "", n)``."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in _view_files()}
    classes = [node for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    subclassed = {
        base.id if isinstance(base, ast.Name) else base.attr
        for cls in classes
        for base in cls.bases
        if isinstance(base, ast.Name | ast.Attribute)
    }
    found = []
    for path, tree in trees.items():
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name in subclassed):
            for node in ast.walk(cls):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "tr"
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "self"
                    and len(node.args) >= 2
                ):
                    found.append(f"{path.relative_to(GUI)}:{node.lineno} {cls.name}")
    assert not found, found
