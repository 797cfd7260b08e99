"""The Campaigns tab's package: files that read in one sitting, and one translation context.

The tab was one class; its texts are translated under the context ``CampaignsTab``. The
pages and the presenter are classes of their own, so a ``self.tr()`` in them would move a
text to another context (untranslated until someone notices): they translate through a
module-level ``_tr`` with the ``CampaignsTab`` context instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "gui" / "views" / "campaigns"


def modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


def test_every_file_reads_in_one_sitting():
    long_files = {p.name: n for p in modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long_files == {}


def test_only_the_tab_itself_uses_self_tr():
    found = []
    for path in modules():
        for cls in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(cls, ast.ClassDef) or cls.name == "CampaignsTab":
                continue
            found += [
                f"{path.name}:{node.lineno} {cls.name}"
                for node in ast.walk(cls)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "tr"
            ]
    assert found == []


def test_every_tr_wrapper_translates_in_the_tab_context():
    contexts = {}
    for path in modules():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name == "_tr":
                call = node.body[0].value
                contexts[path.name] = call.args[0].value
    assert contexts and set(contexts.values()) == {"CampaignsTab"}


def test_the_old_import_path_keeps_its_names():
    import gui.views.campaigns as campaigns

    for name in ("CampaignsTab", "GRACE_KEY", "CHUNK_KEY", "UID_KEY", "OWN_NUMBER_KEY", "STATUS_WORDS"):
        assert hasattr(campaigns, name), name
