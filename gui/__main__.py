"""``python -m gui`` and the ``sms-console`` gui-script."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.sandbox.process import SandboxProcess

from gui import startup_times

startup_times.mark("main")  # the interpreter is up (printed only when bench_startup asks)


def skip_pyside_source_scan() -> bool:
    """Spare the start-up PySide6's reading of every module's source; True when spared.

    Once imported, PySide6 replaces ``__import__`` and asks of every module imported after it
    whether it is a PySide module — by reading its whole source file (``inspect.getsource``
    in ``shibokensupport.feature._mod_uses_pyside``; the answer serves ``from __feature__
    import snake_case``). A start-up imports a few hundred modules after Qt (the console's
    own, requests, the sandbox's http.server): about a tenth of its CPU time before the first
    data went into reading their sources; a bare Qt window imports almost none. Nothing the
    console runs uses ``__feature__``, so the answer comes from the module's name instead: the
    console's own modules are PySide modules, as the scan would find, the others are not (a
    frozen bundle has no sources: the scan finds no PySide module there at all). It is a
    private function: a PySide6 without it leaves the scan as it is.
    """
    import PySide6.QtCore  # noqa: F401 - installs the import hook and loads shibokensupport

    try:
        from shibokensupport import feature
    except ImportError:
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside
    return True


def _uses_pyside(module: object) -> bool:
    name = str(getattr(module, "__name__", ""))
    return name == "gui" or name.startswith(("gui.", "PySide6"))


def main() -> None:
    from gui import child_process

    # the console's own children (gui.child_process), without Qt
    if sys.argv[1:2] == [child_process.SANDBOX_GATEWAY]:  # the --sandbox gateway (gui.sandbox.process)
        from gui.sandbox.__main__ import main as gateway_main

        sys.exit(gateway_main(sys.argv[2:]))
    if sys.argv[1:2] == [child_process.KEYRING_READ]:  # a saved profile's apikey (gui.keychain.read_ahead)
        from gui.keychain.read_ahead import main as read_main

        sys.exit(read_main(sys.argv[2:]))
    from gui import start_gc
    from gui.keychain.read_ahead import ApikeyReadAhead, may_open_a_saved_profile

    start_gc.hold()  # released once the first data is in (gui.app)
    # before Qt: the child imports keyring on another core while this process starts Qt; it is
    # told the profile's name once the console knows it (gui.app._start), else it exits
    read_ahead = ApikeyReadAhead.spawn() if may_open_a_saved_profile(sys.argv[1:]) else None
    gateway = _sandbox_gateway(sys.argv[1:])
    skip_pyside_source_scan()
    from gui.app import run

    sys.exit(run(read_ahead=read_ahead, gateway=gateway))


def _sandbox_gateway(argv: list[str]) -> SandboxProcess | None:
    """--sandbox: the gateway's process, started first thing (gui.sandbox.process.wanted says why);
    None otherwise, or where it cannot run in a process of its own (gui.app then runs it in-process)."""
    from gui.sandbox import process

    if not process.wanted(argv):
        return None
    from gui.paths import AppPaths

    return process.spawn_if_supported(process.log_path(AppPaths.default().ensure()))


if __name__ == "__main__":
    main()
