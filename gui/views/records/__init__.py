"""The Records tab, a package: ``page`` (the tab and the provider's records), ``archive`` and
``archive_model`` (the local archive), ``stats`` with ``delivery_figures`` and
``delivery_chart`` (statistics from the archive)."""

from gui.views.records.page import RecordsTab

__all__ = ["RecordsTab"]
