"""The layering rules, checked on the source (AST), so a shortcut fails CI instead of review.

- The plain-Python layers (api, sandbox, store, campaign, services, keychain) import no Qt
  (the keyring's Qt helpers live in gui/views/partials/keyring_ui.py).
- Money leaves only through gui/services: nothing else calls the client's send methods,
  names a send endpoint, builds a CampaignEngine or calls the engine's test send.
  (The engine itself is the mechanism the campaign service drives; the client and the
  sandbox define the endpoints.)
- Only the confirmation dialog and the command line's confirmation (run_cli) ask the spend
  gate for an approval.
- gui/services files stay readable in one sitting (≤ 400 lines).
- No view imports a private name (``_name``) of gui.app or gui.context.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GUI = Path(__file__).resolve().parent.parent / "gui"
PLAIN_LAYERS = ("api", "sandbox", "store", "campaign", "services", "keychain")
SEND_METHODS = {"single_send", "batch_send", "multi_send"}  # every sending method of gui/api/client.py
# The engine's test send (gui.campaign.engine.send_test_message) is called only by the
# campaign service; its test_send(approval) method is the gated way to it. A call of that
# name is flagged however it is spelled (a bare name, a module alias, the full path).
ENGINE_TEST_SEND = "send_test_message"
ENGINE_ONLY = {ENGINE_TEST_SEND, "CampaignEngine"}
SEND_ENDPOINTS = {"sms/single_send", "sms/batch_send", "sms/multi_send", "sms/tpl_single_send", "sms/tpl_batch_send"}
# Where the send mechanism is defined, not used: the client, the gateway it talks to, the engine.
SEND_DEFINED_IN = ("api/client.py", "sandbox/", "campaign/engine.py")
# The confirmation dialog, and the command line's own confirmation (the plan printed,
# then --yes or a typed "yes").
APPROVE_CALLERS = ("views/partials/spend_confirm.py", "campaign/run_cli.py")
# The start-up and the context: views use their public names only.
APP_MODULES = ("gui.app", "gui.context")


def sources() -> list[tuple[str, ast.Module]]:
    return [
        (p.relative_to(GUI).as_posix(), ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(GUI.rglob("*.py"))
    ]


def qt_imports(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in ("PySide6", "shiboken6")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("PySide6", "shiboken6"):
            found.append(node.module or "")
    return found


def spend_violations(rel: str, tree: ast.Module) -> list[str]:
    """Sends, engines and approvals outside the places allowed to have them."""
    found = []
    in_services = rel.startswith("services/")
    defines_sends = rel.startswith(SEND_DEFINED_IN)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in SEND_METHODS and not (in_services or defines_sends):
                found.append(f"{rel}:{node.lineno} calls {name}()")
            if name == "CampaignEngine" and not in_services:
                found.append(f"{rel}:{node.lineno} constructs CampaignEngine")
            if name == ENGINE_TEST_SEND and not (in_services or defines_sends):
                found.append(f"{rel}:{node.lineno} calls the engine's {ENGINE_TEST_SEND}()")
            if name == "approve" and isinstance(func, ast.Attribute) and not rel.startswith(APPROVE_CALLERS):
                found.append(f"{rel}:{node.lineno} calls .approve() outside the confirmation dialog")
        elif isinstance(node, ast.ImportFrom) and node.module == "gui.campaign.engine" and not in_services:
            names = {a.name for a in node.names} & ENGINE_ONLY
            found += [f"{rel}:{node.lineno} imports {n} from the engine" for n in sorted(names)]
        elif isinstance(node, ast.Constant) and node.value in SEND_ENDPOINTS and not (in_services or defines_sends):
            found.append(f"{rel}:{node.lineno} names the endpoint {node.value}")
    return found


def private_app_names(tree: ast.Module) -> list[str]:
    """Private names of gui.app / gui.context a module imports (``from gui.app import _x``)
    or reaches through the module (``gui.app._x``, ``import gui.app as a; a._x``)."""
    found = []
    aliases = {module: module for module in APP_MODULES}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases.update({a.asname: a.name for a in node.names if a.asname and a.name in APP_MODULES})
        elif isinstance(node, ast.ImportFrom) and node.module in APP_MODULES:
            found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.ImportFrom) and node.module == "gui":
            aliases.update({a.asname or a.name: f"gui.{a.name}" for a in node.names if f"gui.{a.name}" in APP_MODULES})
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            owner = ast.unparse(node.value)
            if owner in aliases:
                found.append(f"{aliases[owner]}.{node.attr}")
    return found


def test_plain_layers_import_no_qt():
    offenders = {
        rel: qt_imports(tree) for rel, tree in sources() if rel.split("/")[0] in PLAIN_LAYERS and qt_imports(tree)
    }
    assert offenders == {}


def test_money_leaves_only_through_the_services():
    offenders = [v for rel, tree in sources() for v in spend_violations(rel, tree)]
    assert offenders == []


def test_views_use_no_private_name_of_the_app_or_the_context():
    offenders = {
        rel: names for rel, tree in sources() if rel.startswith("views/") and (names := private_app_names(tree))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "code",
    [
        "from gui.app import _already_running",
        "from gui.context import _Drain",
        "import gui.app\ngui.app._start(a, c)",
        "import gui.context as c\nc._Drain",
        "from gui import app\napp._start(a, c)",
    ],
)
def test_the_private_name_check_sees_each_spelling(code):
    assert private_app_names(ast.parse(code)) != []


def test_the_private_name_check_allows_public_names_and_own_privates():
    code = "from gui.app import start_sandbox\nfrom gui.context import AppContext\nself._busy = 0\nctx._locks"
    assert private_app_names(ast.parse(code)) == []


def test_services_files_are_readable_in_one_sitting():
    long_files = {
        p.name: n
        for p in (GUI / "services").glob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long_files == {}


@pytest.mark.parametrize(
    ("rel", "code", "expected"),
    [
        ("views/compose.py", "client.batch_send(m, t)", "calls batch_send()"),
        ("views/compose.py", "ctx.client()._call('sms/multi_send', {})", "names the endpoint sms/multi_send"),
        ("views/campaigns.py", "CampaignEngine(j, c, 1, s)", "constructs CampaignEngine"),
        ("views/campaigns.py", "send_test_message(client, n, t)", "calls the engine's send_test_message()"),
        ("views/campaigns.py", "e.send_test_message(c, n, t)", "calls the engine's send_test_message()"),
        (
            "views/campaigns.py",
            "gui.campaign.engine.send_test_message(c, n, t)",
            "calls the engine's send_test_message()",
        ),
        ("views/campaigns.py", "from gui.campaign.engine import send_test_message", "imports send_test_message"),
        ("views/campaigns.py", "ctx.spend_gate.approve(plan)", "calls .approve() outside"),
        ("views/campaigns.py", "from gui.campaign.engine import CampaignEngine", "imports CampaignEngine"),
        ("campaign/run_cli.py", "CampaignEngine(j, c, 1, s)", "constructs CampaignEngine"),
        ("views/compose.py", "gate.approve(plan)", "calls .approve() outside"),
    ],
)
def test_the_checker_catches_each_kind_of_shortcut(rel, code, expected):
    assert any(expected in v for v in spend_violations(rel, ast.parse(code)))


@pytest.mark.parametrize(
    ("rel", "code"),
    [
        ("services/send.py", "client.batch_send(m, t)"),
        ("services/campaigns.py", "CampaignEngine(j, c, 1, s)"),
        ("views/partials/spend_confirm.py", "gate.approve(plan)"),
        ("views/campaigns.py", "service.test_send(approval)"),
        ("services/campaign_runs.py", "engine_mod.send_test_message(client, n, t)"),
    ],
)
def test_the_checker_allows_the_services(rel, code):
    assert spend_violations(rel, ast.parse(code)) == []


def test_qt_import_check_sees_a_qt_import():
    assert qt_imports(ast.parse("from PySide6.QtCore import QObject")) == ["PySide6.QtCore"]
