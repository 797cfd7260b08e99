"""The GUI-thread guard is on for the suite and catches view code touching a store."""

from __future__ import annotations

import threading

import pytest

from gui.store import io_guard
from gui.store.db import Store


def test_the_guard_is_on_for_the_whole_suite():
    assert io_guard.enabled()


def test_a_view_reading_the_store_on_the_gui_thread_is_refused(tmp_path, monkeypatch):
    store = Store.open(tmp_path / "s.sqlite3")  # a test body: no view frame, allowed
    # Code compiled as if it lived in gui/views: the guard looks at the frame's file name.
    fake_view = str(io_guard._GUI / "views" / "fake_tab.py")
    code = compile("def load(store):\n    return store.get_setting('x')\n", fake_view, "exec")
    namespace: dict = {}
    exec(code, namespace)
    with pytest.raises(io_guard.GuiThreadIOError, match="fake_tab.py"):
        namespace["load"](store)
    with io_guard.allow_gui_thread_io():
        assert namespace["load"](store) is None
    # The same view code in a worker thread is the house rule, and passes.
    result: list = []
    worker = threading.Thread(target=lambda: result.append(namespace["load"](store)))
    worker.start()
    worker.join()
    assert result == [None]
    store.close()


def test_the_application_context_is_watched_like_the_views(tmp_path, app_ctx):
    """AppContext lives in gui/context.py: opening a store through it on the GUI thread is refused."""
    with pytest.raises(io_guard.GuiThreadIOError, match="context.py"):
        app_ctx.store()
    with io_guard.allow_gui_thread_io():
        assert not app_ctx.store().closed
