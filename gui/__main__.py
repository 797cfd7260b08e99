"""``python -m gui`` and the ``sms-console`` gui-script."""

import sys

from gui import startup_times

startup_times.mark("main")  # the interpreter is up (printed only when bench_startup asks)


def main() -> None:
    from gui.app import run

    sys.exit(run())


if __name__ == "__main__":
    main()
