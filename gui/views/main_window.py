"""The main window: the eight tabs, the menus and the status bar."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from gui import APP_DISPLAY_NAME
from gui.services.estimate import money
from gui.views.partials.a11y import name_inputs
from gui.views.partials.balance_banner import BalanceBanner
from gui.views.partials.offline_banner import OfflineBanner

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.views.partials.tab_page import TabPage

log = logging.getLogger(__name__)


def build_tabs(ctx: AppContext) -> list[TabPage]:
    """The tab pages in their order. Imported here so each tab module stays independent."""
    from gui.views.account import AccountTab
    from gui.views.blocked_words import BlockedWordsTab
    from gui.views.campaigns import CampaignsTab
    from gui.views.compose import ComposeTab
    from gui.views.records import RecordsTab
    from gui.views.replies import RepliesTab
    from gui.views.reports import ReportsTab
    from gui.views.templates import TemplatesTab

    return [
        cls(ctx)
        for cls in (
            ComposeTab,
            CampaignsTab,
            TemplatesTab,
            RecordsTab,
            RepliesTab,
            ReportsTab,
            BlockedWordsTab,
            AccountTab,
        )
    ]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("main_window")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("main_tabs")
        self.tabs.setDocumentMode(True)
        self.tab_pages = build_tabs(ctx)  # in tab order: index i is self.tabs' page i
        for page in self.tab_pages:
            self.tabs.addTab(page, page.title())
        self.setCentralWidget(self._with_banners(self.tabs))
        self._wire_tabs()
        # Screen readers: every field named after its label (fields a tab adds later get
        # theirs when the tab is shown again).
        name_inputs(self.tabs)
        # Tabs load their first data when first shown, once start_initial_loads has run.
        self._loads_started = False
        self._loaded_tabs: set[str] = set()
        self.tabs.currentChanged.connect(self._on_tab_shown)
        self._build_menus()
        self._build_status_bar()
        self._build_shortcuts()
        self._update_title()
        self.resize(1280, 800)
        self._restore_geometry()
        ctx.profile_changed.connect(self._on_profile_changed)
        ctx.balance_changed.connect(self._on_balance)

    # --- building ---------------------------------------------------------------
    def _with_banners(self, body: QWidget) -> QWidget:
        """The central widget: the bands that say where the operator is, above ``body`` (the tabs).

        Each band shows and hides itself (the sandbox band follows the active profile)."""
        from gui.views.partials.sandbox_band import SandboxBand

        central = QWidget(self)
        central.setObjectName("main_central")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.sandbox_band = SandboxBand(self.ctx, central)
        layout.addWidget(self.sandbox_band)
        # the low-balance banner: seen whichever tab is open
        self.balance_banner = BalanceBanner(self.ctx, central)
        layout.addWidget(self.balance_banner)
        layout.addWidget(OfflineBanner(self.ctx, central))  # the gateway unreachable: one banner, Retry
        layout.addWidget(body, 1)
        return central

    def _wire_tabs(self) -> None:
        """What one tab asks of another goes by signal through here; no tab imports another.

        "Use in compose" on the Templates tab loads the template into Compose, and Compose
        asks to be brought to the front."""
        from gui.views.compose import ComposeTab
        from gui.views.templates import TemplatesTab

        compose = next(page for page in self.tab_pages if isinstance(page, ComposeTab))
        templates = next(page for page in self.tab_pages if isinstance(page, TemplatesTab))
        templates.use_template.connect(compose.use_template)
        compose.wants_front.connect(lambda: self.tabs.setCurrentWidget(compose))
        # Templates' review results (approved, or rejected with the reason) in the status bar.
        templates.review_announced.connect(lambda text: self.statusBar().showMessage(text, 120_000))

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Console"))
        self.profiles_action = QAction(self.tr("&Profiles…"), self)
        self.profiles_action.triggered.connect(self.open_profiles)
        menu.addAction(self.profiles_action)
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.triggered.connect(self.open_settings)
        menu.addAction(self.settings_action)
        menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About SMS Console"), self)
        about.triggered.connect(self.open_about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.profile_label = QLabel(self)
        self.profile_label.setObjectName("status_profile")
        self.url_label = QLabel(self)
        self.url_label.setObjectName("status_base_url")
        self.balance_label = QLabel(self)
        self.balance_label.setObjectName("status_balance")
        for label in (self.profile_label, self.url_label, self.balance_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            bar.addPermanentWidget(label)
        from gui.views.poll_status import PollStatusLabel  # background poll: interval, last poll, errors

        # The context owns the background poll and the push receiver; asking for it starts them.
        self.poll_status = PollStatusLabel(self.ctx.background_poll(), self)
        bar.addPermanentWidget(self.poll_status)
        self._on_profile_changed(self.ctx.profile)

    def _build_shortcuts(self) -> None:
        for index in range(min(self.tabs.count(), 9)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.tabs.setCurrentIndex(i))
        # F5 plus the platform's other refresh keys, each once: two shortcuts on one key
        # would be ambiguous and neither would fire.
        keys = [QKeySequence("F5")]
        for sequence in QKeySequence.keyBindings(QKeySequence.StandardKey.Refresh):
            if sequence not in keys:
                keys.append(sequence)
        self.refresh_shortcuts = []
        for sequence in keys:
            refresh = QShortcut(sequence, self)
            refresh.activated.connect(self.refresh_current_tab)
            self.refresh_shortcuts.append(refresh)

    def refresh_current_tab(self) -> None:
        index = self.tabs.currentIndex()
        if index >= 0:  # -1: no tab
            self.tab_pages[index].refresh()

    # --- state --------------------------------------------------------------------
    def _update_title(self) -> None:
        """``profile — SMS Console``; the sandbox: ``sandbox — SANDBOX — SMS Console``.

        The title ends with the app's name: on X11, Wayland and Windows Qt appends the
        application display name unless the title already ends with it (a title ending with
        "SANDBOX" showed the name twice)."""
        title = APP_DISPLAY_NAME
        profile = self.ctx.profile
        if profile is not None:
            name = self.tr("{0} — SANDBOX").format(profile.name) if profile.sandbox else profile.name
            title = f"{name} — {title}"
        self.setWindowTitle(title)

    def _on_profile_changed(self, profile) -> None:
        self._update_title()
        if profile is None:
            self.profile_label.setText(self.tr("No profile"))
            self.url_label.setText("")
        else:
            self.profile_label.setText(self.tr("Profile: {0}").format(profile.name))
            warn = "  ⚠ http" if profile.is_plain_http else ""
            self.url_label.setText(f"{profile.base_url}{warn}")
            if profile.is_plain_http:
                self.url_label.setToolTip(
                    self.tr(
                        "Plain http: the apikey travels unencrypted in every request. Use https if the gateway offers "
                        "it."
                    )
                )
        self.balance_label.setText(self.tr("Balance: …"))
        # a fresh answer is shared with the tabs loading now (one user_get at start-up)
        self.ctx.refresh_account(on_error=self._on_balance_error, force=False)

    def _on_balance(self, account) -> None:
        if account is None:
            self.balance_label.setText(self.tr("Balance: unknown"))
        else:
            # two decimals, as Compose and the confirmations show it (756.30, not 756.3)
            self.balance_label.setText(self.tr("Balance: {0}").format(money(account.balance, "")))

    def _on_balance_error(self, error) -> None:
        self.balance_label.setText(self.tr("Balance: unavailable"))
        self.balance_label.setToolTip(str(error))

    def start_initial_loads(self, every_tab: bool = False) -> None:
        """Load the visible tab's first data now and each other tab's when it is first shown
        (a start-up asks the provider only for what the operator looks at); ``every_tab``
        (--smoke) loads them all at once."""
        self._loads_started = True
        for page in self.tab_pages if every_tab else [self.tabs.currentWidget()]:
            self._load_once(page)

    def _load_once(self, page) -> None:
        if page is not None and page.objectName() not in self._loaded_tabs:
            self._loaded_tabs.add(page.objectName())
            page.start_initial_load()

    def _on_tab_shown(self, index: int) -> None:
        name_inputs(self.tabs.currentWidget())
        if self._loads_started:
            self._load_once(self.tabs.widget(index))

    # --- dialogs ------------------------------------------------------------------
    def open_profiles(self) -> None:
        from gui.views.profiles import ProfileDialog

        ProfileDialog(self.ctx, self).exec()

    def open_settings(self) -> None:
        from gui.views.settings_dialog import SettingsDialog

        SettingsDialog(self.ctx, self).exec()

    def open_about(self) -> None:
        from gui.views.about_dialog import AboutDialog

        AboutDialog(self.ctx, self).exec()

    # --- geometry -----------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.value("window/geometry")
        state = self.ctx.settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.setValue("window/geometry", self.saveGeometry())
        self.ctx.settings.setValue("window/state", self.saveState())
        self.ctx.settings.sync()
        super().closeEvent(event)
