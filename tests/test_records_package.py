"""The Records family after issue 12: a package that imports only partials, shared helpers in
partials (report status, export), and export roles on the columns instead of column numbers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from tab_helpers import show_tab

from gui.store.export import free_text_indices
from gui.views.partials.export import export_path_with_suffix
from gui.views.records.archive_model import ArchiveModel

VIEWS = Path(__file__).resolve().parent.parent / "gui" / "views"


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function (the gui.views ones)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("gui.views")}


def test_the_records_package_imports_only_partials_and_itself():
    for path in sorted((VIEWS / "records").glob("*.py")):
        for module in imported_modules(path):
            assert module.startswith(("gui.views.partials", "gui.views.records")), f"{path.name} imports {module}"


@pytest.mark.parametrize("tab", ["reports.py", "replies"])
def test_the_reports_and_replies_tabs_import_only_partials(tab):
    """A tab module, or a tab package's modules, import partials (and, in a package, its own modules)."""
    path = VIEWS / tab
    files = sorted(path.glob("*.py")) if path.is_dir() else [path]
    own = f"gui.views.{tab}" if path.is_dir() else None
    assert files
    for file in files:
        for module in imported_modules(file):
            allowed = module.startswith("gui.views.partials") or module == "gui.views.suppression_dialog"
            assert allowed or (own is not None and module.startswith(own + ".")), f"{file.name} imports {module}"


def test_the_find_bar_does_not_import_the_table_view():
    assert imported_modules(VIEWS / "partials" / "find_bar.py") == set()
    assert "gui.views.partials.find_bar" in imported_modules(VIEWS / "partials" / "table_view.py")


def test_no_view_module_is_left_at_the_old_paths():
    for old in ("records.py", "archive_view.py", "stats_view.py"):
        assert not (VIEWS / old).exists()


@pytest.mark.parametrize(
    ("path", "selected", "expected"),
    [
        ("/x/out", "CSV, UTF-8 for Excel (*.csv)", "/x/out.csv"),
        ("/x/out", "Excel workbook (*.xlsx)", "/x/out.xlsx"),
        ("/x/out.CSV", "Excel workbook (*.xlsx)", "/x/out.CSV"),
        ("/x/out.v2", "", "/x/out.v2.xlsx"),
    ],
)
def test_the_export_dialog_adds_the_chosen_format(path, selected, expected):
    assert str(export_path_with_suffix(path, selected)) == expected


def test_the_archive_export_neutralises_its_text_and_error_columns():
    columns = ArchiveModel.export_columns()
    assert {columns[n].header for n in free_text_indices(columns)} == {"Text", "Error"}
    assert [c.header for c in columns][:3] == ["Sent (Beijing)", "Mobile", "Text"]


def test_the_records_export_neutralises_its_text_and_error_columns(qtbot, app_ctx):
    from gui.views.records import RecordsTab

    tab = show_tab(qtbot, RecordsTab(app_ctx))
    columns = tab.model.columns
    assert free_text_indices(columns) == {3, 8}  # the numbers records.py used to spell out
    assert {columns[n].header for n in free_text_indices(columns)} == {"Text", "Error"}
