"""The newcomer's commands (issue 14 item 6): scripts/run-sandbox.sh says plainly when there is
no display, before installing anything or starting Qt; it installs only what running needs;
scripts/setup-venv.sh adds the extras a command asks for.

The scripts run for real, from a copy of the repository's scripts in a temporary folder whose
apt step and .venv Python are stand-ins that write down how they were called.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    platform.system() != "Linux" or shutil.which("bash") is None, reason="the display check is Linux's"
)

RECORDER = """#!/usr/bin/env bash
echo "$(basename "$0") $*" >> "{log}"
"""


@pytest.fixture
def fake_repo(tmp_path) -> Path:
    """scripts/run-sandbox.sh and setup-venv.sh as they are; the apt step and .venv/bin/python record their calls."""
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    for name in ("run-sandbox.sh", "setup-venv.sh"):
        shutil.copy(REPO / "scripts" / name, repo / "scripts" / name)
    shutil.copy(REPO / "pyproject.toml", repo / "pyproject.toml")
    log = repo / "calls.log"
    recorder = RECORDER.format(log=log)
    (repo / "scripts" / "install-system-deps.sh").write_text(recorder)
    python = repo / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(recorder)
    python.chmod(0o755)
    return repo


def run_script(repo: Path, script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return subprocess.run(
        ["bash", str(repo / "scripts" / script), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def calls(repo: Path) -> list[str]:
    log = repo / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def test_without_a_display_run_sandbox_says_how_to_run_and_installs_nothing(fake_repo):
    result = run_script(fake_repo, "run-sandbox.sh")
    assert result.returncode != 0
    assert "no display" in result.stderr
    assert "QT_QPA_PLATFORM=offscreen bash scripts/run-sandbox.sh --smoke" in result.stderr
    assert "xvfb-run -a bash scripts/run-sandbox.sh" in result.stderr
    assert "libxcb" not in result.stderr + result.stdout  # not Qt's advice
    assert calls(fake_repo) == []  # no apt, no pip, no Qt


def test_a_display_or_offscreen_runs_with_only_what_running_needs(fake_repo):
    result = run_script(fake_repo, "run-sandbox.sh", "--lang", "zh_CN", DISPLAY=":99")
    assert result.returncode == 0, result.stderr
    assert calls(fake_repo) == [
        "install-system-deps.sh run",  # the Qt runtime packages, not xvfb / gnome-keyring / binutils
        "python -m pip install -e .",  # no test, build or lint extras; no -q: pip shows progress
        "python -m gui --sandbox --lang zh_CN",
    ]
    (fake_repo / "calls.log").unlink()
    result = run_script(fake_repo, "run-sandbox.sh", "--smoke", QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stderr
    assert calls(fake_repo) == ["install-system-deps.sh run", "python -m gui --sandbox --smoke"]  # venv up to date


def test_setup_venv_adds_the_extras_asked_for_and_keeps_them(fake_repo):
    def setup(*extras: str) -> list[str]:
        (fake_repo / "calls.log").unlink(missing_ok=True)
        result = run_script(fake_repo, "setup-venv.sh", *extras)
        assert result.returncode == 0, result.stderr
        return calls(fake_repo)

    assert setup() == ["python -m pip install -e ."]
    assert setup() == []  # nothing to do
    assert setup("test", "build") == ["python -m pip install -e .[test,build]"]  # scripts/test.sh
    assert setup("test") == []
    assert setup("lint") == ["python -m pip install -e .[test,build,lint]"]  # scripts/lint.sh
    with (fake_repo / "pyproject.toml").open("a") as file:
        file.write("\n# changed\n")
    assert setup() == ["python -m pip install -e .[test,build,lint]"]  # a new pyproject: all again
    result = run_script(fake_repo, "setup-venv.sh", "tests")
    assert result.returncode == 2 and "unknown extra" in result.stderr


def test_the_commands_ask_for_what_they_need():
    run = (REPO / "scripts" / "run-sandbox.sh").read_text()
    assert "bash scripts/install-system-deps.sh run\n" in run and "bash scripts/setup-venv.sh\n" in run
    test = (REPO / "scripts" / "test.sh").read_text()
    assert "bash scripts/setup-venv.sh test build\n" in test
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/sandbox.md" in readme and "docs/reliability.md" in readme
