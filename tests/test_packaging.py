"""A plain (non-editable) install from the wheel gives a working console that finds its
resources — the way an operator or a packager would install it."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from gui.paths import HOME_ENV

REPO = Path(__file__).resolve().parent.parent
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""


def run(cmd, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120, **kwargs
    )
    assert result.returncode == 0, f"{cmd} -> {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.slow
def test_wheel_installs_into_fresh_venv_and_runs_smoke(tmp_path):
    # 1. Build the wheel. hatchling comes with the test extras, so no build isolation
    #    (no network, a few seconds); without it pip fetches the backend.
    wheels = tmp_path / "wheels"
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("hatchling") else []
    run([sys.executable, "-m", "pip", "wheel", REPO, "--no-deps", *isolation, "-w", wheels])
    (wheel,) = wheels.glob("sms_console-*.whl")

    # 2. A fresh venv gets the console from the wheel only. Its dependencies (PySide6 is
    #    ~250 MB) come from this test venv's site-packages through a .pth file, appended
    #    after the new venv's own site-packages — so `gui` itself can only come from the wheel.
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / BIN / f"python{EXE}"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel])
    new_site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (new_site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    # 3. From outside the repo, the installed package and its resources are used.
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    probe = run(
        [python, "-c", "import gui, gui.paths; print(gui.__file__); print(gui.paths.resources_dir())"], cwd=outside
    ).stdout.splitlines()
    package_file, resources = Path(probe[0]), Path(probe[1])
    assert new_site in package_file.parents, f"gui imported from {package_file}, not from the wheel"
    assert resources == package_file.parent / "resources"
    assert (resources / "i18n" / "sms_console_zh_CN.qm").is_file()
    assert (resources / "icons" / "app.png").is_file()

    # 4. The gui-script runs the smoke test in Chinese from the installed copy.
    home = tmp_path / "home"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{HOME_ENV: str(home)})
    env.pop("PYTHONPATH", None)
    smoke = run([venv / BIN / f"sms-console{EXE}", "--sandbox", "--smoke", "--lang", "zh_CN"], cwd=outside, env=env)
    assert "smoke templates_tab: ok" in smoke.stdout
    log_text = (home / "logs" / "sms-console.log").read_text(encoding="utf-8")
    assert "exit 0" in log_text
    assert "no translation" not in log_text  # the .qm was found inside the installed package
