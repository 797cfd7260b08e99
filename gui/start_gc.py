"""The cyclic garbage collector held off while the console starts, back once the first data is in.

From process start to the visible tab's first data the console is CPU-bound on one interpreter
lock, and importing a few hundred modules (PySide's support code, the console's own, requests)
makes the collector run about a hundred times on its young generations: ~13 ms of that time,
finding next to nothing — what a start-up builds lives as long as the console. So gui/__main__.py
holds the collector off first thing and the start-up releases it once the first data is in (or a
few seconds after the window at the latest, or before a dialog that comes instead of the window).
Reference counting frees everything that is not in a cycle meanwhile, as always. The campaign
importer does the same around its parsing (gui/campaign/import_files.py).

On release the start-up's objects are frozen (``gc.freeze``: moved where no collection looks)
before the collector runs again: otherwise its first young collection scans every object the
start-up made (~60,000, ~12 ms, just as the first data is painted), and each later full collection
would scan them again. The few hundred cycles the start-up left behind stay until a campaign run
ends (its own ``gc.unfreeze``, gui/views/campaigns/presenter.py). Plain Python.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Hold the collector off (if it runs): the start-up begins."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Freeze what the start-up made and let the collector run again, if ``hold()`` stopped it;
    later calls do nothing."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


def held() -> bool:
    return _held
