"""The collector held off while the console starts (gui.start_gc): released, with the start-up's
objects frozen, once the visible tab's first data is in."""

from __future__ import annotations

import gc

from fresh_python import run_to_first_data

from gui import start_gc

# In the console's process: what the collector's state is at each start-up mark (gui.startup_times).
_AT_THE_MARKS = """
import gc, runpy, sys
import gui.startup_times as marks
_mark = marks.mark
def mark(name):
    _mark(name)
    print(f"gc {name}: enabled={gc.isenabled()} frozen={gc.get_freeze_count()}", flush=True)
marks.mark = mark
sys.argv = ["gui", "--sandbox"]
runpy.run_module("gui", run_name="__main__", alter_sys=True)
"""


def test_hold_and_release():
    assert gc.isenabled()
    try:
        start_gc.hold()
        assert not gc.isenabled() and start_gc.held()
        start_gc.release()
        assert gc.isenabled() and not start_gc.held()
        assert gc.get_freeze_count() > 0  # what was made meanwhile is frozen, not scanned
        gc.unfreeze()
        start_gc.release()  # again: nothing
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_release_without_a_hold_leaves_the_collector_as_it_is():
    gc.disable()
    try:
        start_gc.release()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_the_console_holds_the_collector_until_its_first_data_then_freezes_the_start_up(sms_console_home):
    result = run_to_first_data(sms_console_home, "-c", _AT_THE_MARKS)
    states = dict(line.split(": ", 1) for line in result.stdout.splitlines() if line.startswith("gc "))
    assert states["gc shown"] == "enabled=False frozen=0", result.stdout
    enabled, frozen = states["gc loaded"].split()
    assert enabled == "enabled=True" and int(frozen.split("=")[1]) > 10_000, result.stdout
