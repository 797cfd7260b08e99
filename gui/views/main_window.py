"""The main window: the eight tabs, the menus and the status bar."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from gui import APP_DISPLAY_NAME
from gui.views.partials.balance_banner import BalanceBanner
from gui.views.partials.database_banner import DatabaseBanner
from gui.views.partials.lazy_tabs import LazyTabWidget, TabSpec
from gui.views.partials.offline_banner import OfflineBanner

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from gui.context import AppContext
    from gui.views.partials.tab_page import TabPage
    from gui.views.poll_status import PollStatusLabel

log = logging.getLogger(__name__)

# The tabs whose first load reads the template lists (TemplateCatalog), which start-up reads ahead.
TEMPLATE_READERS = frozenset({"compose_tab", "templates_tab"})
# A start-up builds the background poll's status once the visible tab's first data is in; at the latest after this.
POLL_STATUS_LATEST_MS = 5_000
POLL_STATUS_AFTER_DATA_MS = 150  # after the first data: its paint first


# The tabs in their order; each is imported and built when first shown (LazyTabWidget), so
# each tab module stays independent and a start-up builds only the visible one.
TAB_SPECS = (
    TabSpec("gui.views.compose", "ComposeTab", "compose_tab", "Compose && send"),
    TabSpec("gui.views.campaigns", "CampaignsTab", "campaigns_tab", "Campaigns"),
    TabSpec("gui.views.templates", "TemplatesTab", "templates_tab", "Templates"),
    TabSpec("gui.views.records", "RecordsTab", "records_tab", "Records"),
    TabSpec("gui.views.replies", "RepliesTab", "replies_tab", "Replies"),
    TabSpec("gui.views.reports", "ReportsTab", "reports_tab", "Status reports"),
    TabSpec("gui.views.blocked_words", "BlockedWordsTab", "blocked_words_tab", "Blocked words"),
    TabSpec("gui.views.account", "AccountTab", "account_tab", "Account"),
)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, light_first_paint: bool = False) -> None:
        """``light_first_paint`` (the console's start-up): the visible tab's page and the background
        poll's status are built right after the window's first paint, not before it (whoever asks
        for either earlier gets it built then)."""
        super().__init__()
        self.ctx = ctx
        self.setObjectName("main_window")
        # index i of self.tabs is TAB_SPECS[i]; the visible one is built now, the others when shown
        self.tabs = LazyTabWidget(ctx, TAB_SPECS, self._tab_built, self)
        self.tabs.setObjectName("main_tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self._with_banners(self.tabs))
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
        if ctx.account is not None:  # already told (e.g. while this window was being built)
            self._on_balance(ctx.account)
        if light_first_paint:  # a turn after the paint: what start-up does after the paint goes first
            from gui import startup_times

            startup_times.after_first_paint(self, lambda: QTimer.singleShot(0, self._build_the_rest_light))
        else:
            self._build_the_rest()

    def _build_the_rest(self) -> None:
        """The visible tab's page and the background poll's status, before the first paint."""
        # The visible tab. Screen readers: every field named after its label, as each tab
        # is built (fields a tab adds later get theirs when the tab is shown again).
        self.tabs.currentWidget()
        self.poll_status  # noqa: B018 - built on first access

    def _build_the_rest_light(self) -> None:
        """After the first paint: the visible tab's page now, the background poll's status once
        that page's first data is in (the poll's set-up and its first store read would delay
        it), or after POLL_STATUS_LATEST_MS at the latest (a load that never starts)."""
        index = self.tabs.currentIndex()
        if index >= 0:
            self.tabs.page(index).initial_load_finished.connect(self._poll_status_after_paint)
        QTimer.singleShot(POLL_STATUS_LATEST_MS, self._build_poll_status)

    def _poll_status_after_paint(self, *_args) -> None:
        # Not in the slot that delivered the first data: the data is painted first (the paint
        # comes back to the event loop), the status label shortly after.
        QTimer.singleShot(POLL_STATUS_AFTER_DATA_MS, self._build_poll_status)

    def _build_poll_status(self, *_args) -> None:
        self.poll_status  # noqa: B018 - built on first access, once

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
        layout.addWidget(DatabaseBanner(self.ctx, central))  # team mode: the database unreachable, Retry
        layout.addWidget(body, 1)
        return central

    @property
    def tab_pages(self) -> list[TabPage]:
        """Every tab page in tab order (index i is self.tabs' page i), each built if it was not yet."""
        return [self.tabs.page(index) for index in range(self.tabs.count())]

    def findChild(self, type_, *args, **kwargs):  # noqa: N802 - Qt's name
        """Qt's findChild; a tab page asked for by its object name is built first (tabs are
        built when first shown, and a caller looking one up means to use it)."""
        name = args[0] if args else kwargs.get("name")
        if isinstance(name, str) and name:
            self.tabs.page_named(name)
        return super().findChild(type_, *args, **kwargs)

    def _tab_built(self, page: TabPage) -> None:
        """A tab page was just built: its fields get their accessible names, and what it asks of
        another tab goes by signal through here (no tab imports another).

        "Use in compose" on the Templates tab loads the template into Compose (built then, if it
        was not yet), and Compose asks to be brought to the front."""
        from gui.views.partials.a11y import name_inputs  # after the first paint

        name_inputs(page)
        name = page.objectName()
        if name == "compose_tab":
            page.wants_front.connect(lambda: self.tabs.setCurrentWidget(page))  # type: ignore[attr-defined]
        elif name == "templates_tab":
            compose = next(i for i, spec in enumerate(TAB_SPECS) if spec.class_name == "ComposeTab")

            def use_in_compose(template, is_default: bool = False) -> None:
                self.tabs.page(compose).use_template(template, is_default)  # type: ignore[attr-defined]

            page.use_template.connect(use_in_compose)  # type: ignore[attr-defined]
            # Templates' review results (approved, or rejected with the reason) in the status bar.
            review_announced = page.review_announced  # type: ignore[attr-defined]
            review_announced.connect(lambda text: self.statusBar().showMessage(text, 120_000))

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Console"))
        self.profiles_action = QAction(self.tr("&Profiles…"), self)
        self.profiles_action.triggered.connect(self.open_profiles)
        menu.addAction(self.profiles_action)
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.triggered.connect(self.open_settings)
        menu.addAction(self.settings_action)
        self.audit_action = menu.addAction(self.tr("&Audit log…"))
        self.audit_action.triggered.connect(self.open_audit_log)
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
        self._poll_status: PollStatusLabel | None = None  # see poll_status
        self._on_profile_changed(self.ctx.profile)

    @property
    def poll_status(self) -> PollStatusLabel:
        """The background poll's interval, last poll and errors, last in the status bar; built on first use."""
        if self._poll_status is None:
            from gui.views.poll_status import PollStatusLabel

            # The context owns the background poll and the push receiver; asking for it starts them.
            self._poll_status = PollStatusLabel(self.ctx.background_poll(), self)
            self.statusBar().addPermanentWidget(self._poll_status)
        return self._poll_status

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
            self.tabs.page(index).refresh()

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
        # a fresh answer is shared with the tabs loading now (one user_get at start-up); without
        # the apikey yet (read after the window is shown) start_initial_loads asks
        self._balance_asked = self.ctx.has_apikey
        self.ctx.refresh_account(on_error=self._on_balance_error, force=False)

    def _on_balance(self, account) -> None:
        if account is None:
            self.balance_label.setText(self.tr("Balance: unknown"))
        else:
            # two decimals, as Compose and the confirmations show it (756.30, not 756.3)
            from gui.services.estimate import money

            self.balance_label.setText(self.tr("Balance: {0}").format(money(account.balance, "")))

    def _on_balance_error(self, error) -> None:
        self.balance_label.setText(self.tr("Balance: unavailable"))
        self.balance_label.setToolTip(str(error))

    def start_initial_loads(self, every_tab: bool = False) -> None:
        """Load the visible tab's first data now and each other tab's when it is first shown
        (a start-up asks the provider only for what the operator looks at); ``every_tab``
        (--smoke) loads them all at once."""
        self._loads_started = True
        if not self._balance_asked:
            self._balance_asked = True
            self.ctx.refresh_account(on_error=self._on_balance_error, force=False)
        for page in self.tab_pages if every_tab else [self.tabs.currentWidget()]:
            self._load_once(page)

    def start_visible_reads(self) -> None:
        """Start, in a worker, the provider reads the visible tab's first load shares (the
        template lists for Compose and Templates), while its page is still being built: its
        load then finds them on the wire or in (gui.services.cache). A failure here is the
        load's to report, when it asks again."""
        if TAB_SPECS[self.tabs.currentIndex()].object_name in TEMPLATE_READERS and self.ctx.has_apikey:
            catalog = self.ctx.template_catalog()
            for read in (catalog.load_own, catalog.load_defaults):  # two workers: side by side
                self.ctx.run(read, None, lambda error: log.debug("templates ahead: %r", error), name="templates")

    def _load_once(self, page) -> None:
        if page is not None and page.objectName() not in self._loaded_tabs:
            self._loaded_tabs.add(page.objectName())
            page.start_initial_load()

    def _on_tab_shown(self, index: int) -> None:
        from gui.views.partials.a11y import name_inputs

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

    def open_audit_log(self) -> None:
        from gui.views.audit_dialog import AuditLogDialog

        AuditLogDialog(self.ctx, self).open()

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
