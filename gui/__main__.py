"""``python -m gui`` and the ``sms-console`` gui-script."""

import sys


def main() -> None:
    from gui.app import run

    sys.exit(run())


if __name__ == "__main__":
    main()
