"""The Templates tab: the account's own templates and the provider's default ones.

Own templates can be added, edited (which sends them back to review) and deleted;
default templates are listed apart and serve as a starting point (a new own template,
or straight into compose). Every call runs in a worker; the tab shows it is busy.

"Use in compose": this tab emits ``use_template(template, is_default)``. It knows
nothing about the compose tab; the main window connects that signal to
``ComposeTab.use_template`` (``MainWindow._wire_tabs``), and the compose tab asks to be
brought to the front when a template arrives.
Templates in review are read anew every minute while the tab is shown (TemplateReviewWatch);
``review_announced(text)`` carries approvals and rejections to the main window's status bar.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from gui.api.models import Template
from gui.services.template_review import TemplatePreflight
from gui.views.partials.audit import template_editor
from gui.views.partials.busy import BusyBar
from gui.views.partials.confirm import ask
from gui.views.partials.errors import show_error, show_load_error
from gui.views.partials.load_guard import LoadGuard
from gui.views.partials.tab_page import TabPage
from gui.views.partials.table_model import RECORD_ROLE, Column, RowTableModel, make_sort_proxy
from gui.views.partials.table_view import DataTableView
from gui.views.partials.template_form import TemplateDialog, status_colour, status_text
from gui.views.partials.template_reviews import TemplateReviewWatch
from gui.views.partials.variable_form import default_signature, fill_signature


def _colour(template: Template) -> QColor | None:
    colour = status_colour(template.check_status)
    return QColor(colour) if colour else None


class TemplatesTab(TabPage):
    use_template = Signal(object, bool)  # Template, is_default
    review_announced = Signal(str)  # an approval or a rejection, for the main window's status bar

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("templates_tab")
        self.own_templates: list[Template] = []
        self.default_templates: list[Template] = []
        self.dialog: TemplateDialog | None = None
        self.reviews = TemplateReviewWatch(ctx, self._show_review_read, lambda: self.busy.busy, self)

        # --- own templates --------------------------------------------------------
        own_box = QGroupBox(self.tr("My templates"), self)
        self.own_model = RowTableModel(
            [
                Column.field(self.tr("ID"), "tpl_id", align_right=True),
                Column.field(self.tr("Content"), "tpl_content", tooltip=lambda t: t.tpl_content),
                Column.field(self.tr("Review"), "check_status", display=status_text, foreground=_colour),
                Column.field(self.tr("Reason"), "reason", tooltip=lambda t: t.reason or None),
            ],
            self,
        )
        self.own_table = DataTableView(own_box)
        self.own_table.setObjectName("own_templates_table")
        self.own_table.setModel(make_sort_proxy(self.own_model, self))
        self.own_table.set_empty_text(
            self.tr(
                "No templates yet. Add one: it must start with your 【signature】 "
                "and is reviewed by the provider before you can send with it."
            )
        )
        self._size_columns(self.own_table, 460)
        self.add_button = QPushButton(self.tr("Add…"), own_box)
        self.add_button.setObjectName("add_template_button")
        self.edit_button = QPushButton(self.tr("Edit…"), own_box)
        self.edit_button.setObjectName("edit_template_button")
        self.delete_button = QPushButton(self.tr("Delete…"), own_box)
        self.delete_button.setObjectName("delete_template_button")
        self.use_own_button = QPushButton(self.tr("Use in compose"), own_box)
        self.use_own_button.setObjectName("use_own_template_button")
        self.refresh_button = QPushButton(self.tr("Refresh"), own_box)
        self.refresh_button.setObjectName("refresh_templates_button")
        own_buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.use_own_button):
            own_buttons.addWidget(button)
        own_buttons.addStretch(1)
        own_buttons.addWidget(self.refresh_button)
        own_layout = QVBoxLayout(own_box)
        own_layout.addLayout(own_buttons)
        own_layout.addWidget(self.own_table)

        # --- default templates ----------------------------------------------------
        default_box = QGroupBox(self.tr("Default templates (provided by the gateway)"), self)
        self.default_model = RowTableModel(
            [
                Column.field(self.tr("ID"), "tpl_id", align_right=True),
                Column.field(self.tr("Content"), "tpl_content", tooltip=lambda t: t.tpl_content),
                Column.field(self.tr("Review"), "check_status", display=status_text, foreground=_colour),
            ],
            self,
        )
        self.default_table = DataTableView(default_box)
        self.default_table.setObjectName("default_templates_table")
        self.default_table.setModel(make_sort_proxy(self.default_model, self))
        self.default_table.set_empty_text(self.tr("The gateway's default templates appear here."))
        self._size_columns(self.default_table, 560)
        self.copy_default_button = QPushButton(self.tr("Start a template from it…"), default_box)
        self.copy_default_button.setObjectName("copy_default_template_button")
        self.use_default_button = QPushButton(self.tr("Use in compose"), default_box)
        self.use_default_button.setObjectName("use_default_template_button")
        default_buttons = QHBoxLayout()
        default_buttons.addWidget(self.copy_default_button)
        default_buttons.addWidget(self.use_default_button)
        default_buttons.addStretch(1)
        default_layout = QVBoxLayout(default_box)
        default_layout.addLayout(default_buttons)
        default_layout.addWidget(self.default_table)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(own_box)
        splitter.addWidget(default_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("templates_status")
        self.status_label.setWordWrap(True)
        self.busy = BusyBar(self)
        self.load_guard = LoadGuard(self, self.busy)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.busy)
        self._action_buttons = [
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.use_own_button,
            self.refresh_button,
            self.copy_default_button,
            self.use_default_button,
        ]

        self.add_button.clicked.connect(self.add_template)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.use_own_button.clicked.connect(self.use_selected_own)
        self.use_default_button.clicked.connect(self.use_selected_default)
        self.copy_default_button.clicked.connect(self.start_from_default)
        self.refresh_button.clicked.connect(self.refresh)
        self.own_table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.own_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.default_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()
        ctx.profile_changed.connect(self._profile_changed)
        self.reviews.announced.connect(self.status_label.setText)
        self.reviews.announced.connect(self.review_announced)

    def title(self) -> str:
        return self.tr("Templates")

    @staticmethod
    def _size_columns(table: DataTableView, content_width: int) -> None:
        header = table.horizontalHeader()
        header.resizeSection(0, 70)
        header.resizeSection(1, content_width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        if table.model().columnCount() > 3:
            header.resizeSection(2, 150)

    # --- loading ------------------------------------------------------------------
    def start_initial_load(self) -> None:
        self.ctx.connectivity.in_background(self)  # nobody clicked: a gateway out of reach is the banner's
        self.load(force=False)  # Compose reads the same lists at start-up: one read for both

    def refresh(self) -> None:
        """F5 / Refresh: the provider's lists read anew."""
        self.load(force=True)

    def load(self, force: bool) -> None:
        if not self.load_guard.may_load():
            return
        catalog = self.ctx.template_catalog()
        task = self.ctx.run(lambda: catalog.load(force), self._loaded, self._load_failed, name="tpl_get")
        self._track(task, self.tr("Loading templates…"))

    def _loaded(self, result) -> None:
        own, defaults = result
        outcomes = self.reviews.outcomes_of(own)
        self.ctx.connectivity.reached(self)
        self.set_templates(list(own), list(defaults))
        self.status_label.setText(
            self.tr("{0} own template(s), {1} default template(s).").format(
                len(self.own_templates), len(self.default_templates)
            )
        )
        self.reviews.announce(outcomes)
        self.initial_load_finished.emit(True, "")

    def _profile_changed(self, profile) -> None:
        self.set_templates([], [])
        self.status_label.setText("")
        self.load_guard.profile_changed(profile)

    def _load_failed(self, error) -> None:
        self.status_label.setText(self.tr("The templates could not be loaded."))
        show_load_error(self.ctx, self, error, self.tr("Loading the templates failed."))
        self.initial_load_finished.emit(False, str(error))

    def set_templates(self, own: list[Template], defaults: list[Template]) -> None:
        self.own_templates = sorted(own, key=lambda t: t.tpl_id)
        self.default_templates = sorted(defaults, key=lambda t: t.tpl_id)
        self.own_model.set_rows(self.own_templates)
        self.default_model.set_rows(self.default_templates)
        self._update_buttons()
        self.reviews.list_shown(self.own_templates)

    def _show_review_read(self, own: list[Template], defaults: list[Template]) -> None:
        selected = self.selected_own()
        self.set_templates(own, defaults)
        if selected is not None:
            self.select_own(selected.tpl_id)

    def _track(self, task, message: str) -> None:
        """Busy while ``task`` runs; afterwards the buttons follow the selection again."""
        self.busy.track(task, message, self._action_buttons)
        task.done.connect(self._update_buttons)

    # --- selection ----------------------------------------------------------------
    def selected_own(self) -> Template | None:
        records = self.own_table.selected_records()
        return records[0] if records else None

    def selected_default(self) -> Template | None:
        records = self.default_table.selected_records()
        return records[0] if records else None

    def select_own(self, tpl_id: int) -> None:
        for row in range(self.own_table.model().rowCount()):
            record = self.own_table.model().index(row, 0).data(RECORD_ROLE)
            if record.tpl_id == tpl_id:
                self.own_table.selectRow(row)
                return

    def _update_buttons(self, *_args) -> None:
        if self.busy.busy:
            return
        own = self.selected_own()
        self.edit_button.setEnabled(own is not None)
        self.delete_button.setEnabled(own is not None)
        self.use_own_button.setEnabled(own is not None and own.check_status == "SUCCESS")
        self.use_own_button.setToolTip(
            ""
            if own is None or own.check_status == "SUCCESS"
            else self.tr("Only approved templates can be used for sending.")
        )
        has_default = self.selected_default() is not None
        self.use_default_button.setEnabled(has_default)
        self.copy_default_button.setEnabled(has_default)

    # --- actions ------------------------------------------------------------------
    def add_template(self, content: str = "") -> None:
        dialog = TemplateDialog(self, content=content or "", ctx=self.ctx, preflight=self._preflight())
        self._open_dialog(dialog, self._submit_add)

    def _preflight(self) -> TemplatePreflight | None:
        """What the dialog asks before submitting (blocked words, signature); None without a profile."""
        if not self.ctx.has_apikey:
            return None
        client = self.ctx.bound(self.ctx.client)
        return TemplatePreflight(self.ctx.template_catalog(), lambda text: client().get_black_word(text))

    def start_from_default(self) -> None:
        template = self.selected_default()
        if template is not None:
            signature = default_signature(self.own_templates)
            self.add_template(fill_signature(template.tpl_content, signature))

    def edit_selected(self) -> None:
        template = self.selected_own()
        if template is None:
            return
        dialog = TemplateDialog(
            self, content=template.tpl_content, editing_id=template.tpl_id, ctx=self.ctx, preflight=self._preflight()
        )
        self._open_dialog(dialog, lambda d: self._submit_update(template, d))

    def _open_dialog(self, dialog: TemplateDialog, on_accept) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: on_accept(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _submit_add(self, dialog: TemplateDialog) -> None:
        content, notify_type = dialog.content(), dialog.notify_type()
        editor = template_editor(self.ctx)  # the call and its audit row, in the worker
        task = self.ctx.run(
            lambda: editor.add(content, notify_type=notify_type),
            self._added,
            lambda e: self._action_failed(e, self.tr("Adding the template failed.")),
            name="tpl_add",
        )
        self._track(task, self.tr("Submitting the template…"))

    def _added(self, template: Template) -> None:
        self.set_templates([*self.own_templates, template], self.default_templates)
        self.select_own(template.tpl_id)
        self.status_label.setText(self.tr("Template {0} submitted; it is now in review.").format(template.tpl_id))

    def _submit_update(self, original: Template, dialog: TemplateDialog) -> None:
        content = dialog.content()
        if content == original.tpl_content:
            self.status_label.setText(self.tr("Nothing changed; the template was not resubmitted."))
            return
        editor = template_editor(self.ctx)
        task = self.ctx.run(
            lambda: editor.update(original.tpl_id, content),
            self._updated,
            lambda e: self._action_failed(e, self.tr("Saving the template failed.")),
            name="tpl_update",
        )
        self._track(task, self.tr("Saving the template…"))

    def _updated(self, template: Template) -> None:
        rows = [template if t.tpl_id == template.tpl_id else t for t in self.own_templates]
        self.set_templates(rows, self.default_templates)
        self.select_own(template.tpl_id)
        self.status_label.setText(self.tr("Template {0} saved; it is back in review.").format(template.tpl_id))

    def delete_selected(self) -> None:
        template = self.selected_own()
        if template is None:
            return
        self.confirm_box = ask(
            self,
            self.tr("Delete template"),
            self.tr("Delete template {0}?").format(template.tpl_id),
            lambda: self._delete(template),
            yes_text=self.tr("Delete"),
            object_name="confirm_delete_template",
            icon=QMessageBox.Icon.Warning,
            informative=template.tpl_content,
        )

    def _delete(self, template: Template) -> None:
        editor = template_editor(self.ctx)
        task = self.ctx.run(
            lambda: editor.delete(template.tpl_id),
            lambda _t: self._deleted(template),
            lambda e: self._action_failed(e, self.tr("Deleting the template failed.")),
            name="tpl_del",
        )
        self._track(task, self.tr("Deleting the template…"))

    def _deleted(self, template: Template) -> None:
        self.set_templates([t for t in self.own_templates if t.tpl_id != template.tpl_id], self.default_templates)
        self.status_label.setText(self.tr("Template {0} deleted.").format(template.tpl_id))

    def _action_failed(self, error, action: str) -> None:
        self.status_label.setText(action)
        show_error(self.ctx, self, error, action)

    def use_selected_own(self) -> None:
        template = self.selected_own()
        if template is not None and template.check_status == "SUCCESS":
            self.use_template.emit(template, False)

    def use_selected_default(self) -> None:
        template = self.selected_default()
        if template is not None:
            self.use_template.emit(template, True)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._update_buttons()
        self.reviews.set_visible(True)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.reviews.set_visible(False)
