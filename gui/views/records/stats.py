"""Delivery statistics (a view inside the Records tab), read from the profile's archive.

For a date range and optionally one campaign: sent / delivered / failed / no report yet per
day and the success rate, as a stacked bar chart (QtCharts) and a table; the same per
campaign; the most frequent error codes with what they mean; and the messages still
without a report after N hours, with "Re-check with the provider" (get_record, see
``gui.store.sync.recheck``). Every query runs in a worker (``delivery_figures.compute``).

The success rate is delivered / (delivered + failed): messages awaiting a report are a
column and a figure of their own, never in the denominator (a console that pulled few
reports would read as a poor delivery). Before counting, "Show" reads get_record's report
states for the days shown that are not final in the archive yet (``gui.store.sync_days``:
only those days, at most ``MAX_PAGES_PER_RUN`` pages a press, resumed by the next press),
so a console that never pulled a report still shows real delivery. In team mode the day marks
are the team database's: a day one console read is not read again by another.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.api.models import beijing_now
from gui.store.backend import day_sync
from gui.store.sync_days import MAX_PAGES_PER_RUN, DaySyncResult, days_of
from gui.views.partials.busy import BusyBar
from gui.views.partials.code_explain import code_tooltip
from gui.views.partials.date_range import DateRangeEdit
from gui.views.partials.errors import describe_error, show_error
from gui.views.partials.report_status import report_status_text
from gui.views.partials.row_table import make_table
from gui.views.partials.table_model import Column
from gui.views.records.delivery_chart import DeliveryChart
from gui.views.records.delivery_figures import StatsResult, carrier_code_meaning, compute, rate_text


class StatsView(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("stats_view")
        self._loaded_once = False
        self.result: StatsResult | None = None
        self._note = ""  # the outcome of the last re-check or sync, shown with the next figures
        self.last_sync: DaySyncResult | None = None  # what the last "Show" read from get_record
        self.now = beijing_now  # the clock "N hours without report" counts from (tests set it)

        self.range_edit = DateRangeEdit(self)
        self.range_edit.week_button.click()
        self.campaign_combo = QComboBox(self)
        self.campaign_combo.setObjectName("stats_campaign")
        self.campaign_combo.addItem(self.tr("All messages"), None)
        # a long campaign name is elided in the closed box, not allowed to widen the window
        self.campaign_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.campaign_combo.setMinimumContentsLength(18)
        self.hours_spin = QSpinBox(self)
        self.hours_spin.setObjectName("stats_hours")
        self.hours_spin.setRange(1, 24 * 14)
        self.hours_spin.setValue(24)
        self.hours_spin.setSuffix(self.tr(" h"))
        self.hours_spin.setToolTip(self.tr("List messages still without a report this long after sending"))
        self.sync_box = QCheckBox(self.tr("Read delivery states from the provider"), self)
        self.sync_box.setObjectName("stats_sync")
        self.sync_box.setChecked(True)
        self.sync_box.setToolTip(
            self.tr(
                "Before counting, “Show” reads the report states of the days shown with get_record "
                "(only days not yet final here, {0} pages at most a press; the next press continues)"
            ).format(MAX_PAGES_PER_RUN)
        )
        self.max_sync_pages = MAX_PAGES_PER_RUN
        self.refresh_button = QPushButton(self.tr("Show"), self)
        self.refresh_button.setObjectName("stats_refresh")
        self.refresh_button.setDefault(True)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("stats_summary")
        self.summary_label.setWordWrap(True)
        self.busy = BusyBar(self)
        self.chart = DeliveryChart(self)

        self.days_model, _, self.days_table = make_table(
            self,
            self._tally_columns(Column.field(self.tr("Day"), "key")),
            "stats_days",
            self.tr("Per day: messages sent in the date range and what their reports say. Press “Show”."),
        )
        self.campaigns_model, _, self.campaigns_table = make_table(
            self,
            self._tally_columns(Column(self.tr("Campaign"), lambda d: self._campaign_name(d.key))),
            "stats_campaigns",
            self.tr("Per campaign: the campaigns with messages in the date range."),
        )
        self.errors_model, _, self.errors_table = make_table(
            self,
            [
                Column(self.tr("Error code"), lambda e: e[0], tooltip=lambda e: code_tooltip(e[0])),
                Column(self.tr("Failed messages"), lambda e: e[1], align_right=True),
                Column(self.tr("Meaning"), lambda e: carrier_code_meaning(e[0])),
            ],
            "stats_errors",
            self.tr("The error codes of failed reports in the date range, most frequent first."),
        )
        self.unreported_model, _, self.unreported_table = make_table(
            self,
            [
                Column.field(self.tr("Sent (Beijing)"), "sent_at"),
                Column.field(self.tr("Mobile"), "mobile"),
                Column.field(self.tr("sid"), "sid", align_right=True),
                Column.field(self.tr("Report status"), "report_status", display=report_status_text),
                Column.field(self.tr("Text"), "text"),
            ],
            "stats_unreported",
            self.tr(
                "Messages still without a final report this many hours after sending. "
                "“Re-check with the provider” asks get_record for them."
            ),
        )
        self.recheck_button = QPushButton(self.tr("Re-check with the provider"), self)
        self.recheck_button.setObjectName("stats_recheck")
        self.recheck_button.setToolTip(
            self.tr(
                "Look the selected messages (or all listed) up with get_record and keep the status the provider has"
            )
        )
        self.recheck_button.setEnabled(False)

        unreported_page = QWidget(self)
        unreported_layout = QVBoxLayout(unreported_page)
        unreported_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Without a final report after"), unreported_page))
        row.addWidget(self.hours_spin)
        row.addWidget(self.recheck_button)
        row.addStretch(1)
        unreported_layout.addLayout(row)
        unreported_layout.addWidget(self.unreported_table, 1)
        self.tables = QTabWidget(self)
        self.tables.setObjectName("stats_tables")
        self.tables.addTab(self.days_table, self.tr("Per day"))
        self.tables.addTab(self.campaigns_table, self.tr("Per campaign"))
        self.tables.addTab(self.errors_table, self.tr("Error codes"))
        self.tables.addTab(unreported_page, self.tr("Without report"))

        # Two rows, as the archive's filters: on one row the controls needed 1,066 px and the
        # window could not be narrower than 1,092 px (wider than a 1,024 px screen).
        dates = QHBoxLayout()
        dates.addWidget(self.range_edit)
        dates.addStretch(1)
        top = QVBoxLayout()
        top.addLayout(dates)
        choices = QHBoxLayout()
        choices.addWidget(self.campaign_combo)
        choices.addWidget(self.sync_box)
        choices.addWidget(self.refresh_button)
        choices.addStretch(1)
        top.addLayout(choices)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.tables)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.busy)
        layout.addWidget(splitter, 1)

        self.refresh_button.clicked.connect(self.refresh)
        self.recheck_button.clicked.connect(self.recheck)
        ctx.profile_changed.connect(self._on_profile_changed)

    def _tally_columns(self, first: Column) -> list[Column]:
        """``first`` (the day, the campaign), then what the reports of its messages say."""
        return [
            first,
            Column.field(self.tr("Sent"), "sent", align_right=True),
            Column.field(self.tr("Delivered"), "delivered", align_right=True),
            Column.field(self.tr("Failed"), "failed", align_right=True),
            Column(
                self.tr("Success rate"),
                lambda d: d.success_rate,
                display=rate_text,
                align_right=True,
                tooltip=lambda d: self.tr(
                    "Delivered ÷ (delivered + failed); messages awaiting a report are not counted"
                ),
            ),
            # apart from the rate: these have no final report yet
            Column.field(self.tr("No report yet"), "no_report", align_right=True),
        ]

    def _campaign_name(self, campaign_id) -> str:
        names = self.result.campaign_names if self.result else {}
        name = names.get(campaign_id)
        return f"{name} (#{campaign_id})" if name and not name.startswith("#") else f"#{campaign_id}"

    # --- loading ------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        if not self._loaded_once:
            self._loaded_once = True
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def refresh(self):
        if self.busy.busy or not self.range_edit.check():  # a reversed range: refused, never swapped
            return None
        since, until = self.range_edit.wire_range()
        campaign_id, hours = self.campaign_combo.currentData(), self.hours_spin.value()
        now = self.now()
        get_record, sync_store = None, None
        if self.sync_box.isChecked():
            try:
                get_record = self.ctx.client().get_record
                # this profile's store, refusing after a switch: records never land in another's
                sync_store = self.ctx.bound(self.ctx.store)
            except Exception:  # noqa: BLE001 - no client (no key): the archive's figures still show
                get_record = None
        max_pages = self.max_sync_pages

        def run(control):
            synced, sync_error = None, None
            if get_record is not None and sync_store is not None:
                try:
                    syncer = day_sync(sync_store(), get_record, max_pages)  # in team mode, marks the team shares
                    synced = syncer.run(days_of(since, until, now), now, progress=control.progress, control=control)
                except Exception as exc:  # noqa: BLE001 - what was read is stored; the figures still show
                    sync_error = exc
            figures = compute(self.ctx.store(), since, until, campaign_id, hours, now)  # no profile: an error
            return figures, synced, sync_error

        task = self.ctx.run(
            run,
            self._counted,
            lambda exc: show_error(self.ctx, self, exc, self.tr("Reading the statistics failed.")),
            on_progress=self._sync_progress,
            name="archive_stats",
            with_control=True,
        )
        self.busy.track(
            task, self.tr("Counting…"), disable=[self.refresh_button, self.recheck_button], cancellable=True
        )
        return task

    def _sync_progress(self, progress) -> None:
        self.busy.set_progress(progress.day_index, progress.days)
        self.busy.message.setText(
            self.tr("Syncing delivery states: day {0} of {1} ({2})…").format(
                progress.day_index + 1, progress.days, progress.day
            )
        )

    def _counted(self, outcome) -> None:
        result, synced, sync_error = outcome
        self.last_sync = synced
        note = self._sync_note(synced, sync_error)
        if note:
            self._note = f"{self._note} {note}".strip()
        self.show_result(result)

    def _sync_note(self, synced: DaySyncResult | None, error: BaseException | None) -> str:
        if error is not None:
            return self.tr(
                "Delivery states could not be read from the provider ({0}); the figures are the archive's."
            ).format(describe_error(self.ctx, error)[0])
        if synced is None or synced.complete and not synced.cancelled:
            return ""
        return self.tr("Delivery states read for {0} of {1} days; press “Show” to read the rest.").format(
            synced.days - synced.left, synced.days
        )

    def show_result(self, result: StatsResult) -> None:
        self.result = result
        self.days_model.set_rows(result.days)
        self.campaigns_model.set_rows(result.campaigns)
        self.errors_model.set_rows(result.errors)
        self.unreported_model.set_rows(result.unreported)
        self.chart.show_days(result.days)
        self._fill_campaigns(result.campaign_names)
        total = result.total
        self.summary_label.setText(
            self.tr(
                "Sent {0} · delivered {1} · failed {2} · success rate {3} · awaiting a report {4} (not in the rate)"
            ).format(
                total.sent,
                total.delivered,
                total.failed,
                rate_text(total.success_rate),
                total.no_report,
            )
        )
        self.recheck_button.setEnabled(bool(result.unreported))
        if self._note:
            self.summary_label.setText(f"{self._note} {self.summary_label.text()}")
            self._note = ""
        for table in (self.days_table, self.campaigns_table, self.errors_table, self.unreported_table):
            table.resizeColumnsToContents()

    def _fill_campaigns(self, names: dict) -> None:
        current = self.campaign_combo.currentData()
        self.campaign_combo.blockSignals(True)
        self.campaign_combo.clear()
        self.campaign_combo.addItem(self.tr("All messages"), None)
        # a long campaign name is elided in the closed box, not allowed to widen the window
        self.campaign_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.campaign_combo.setMinimumContentsLength(18)
        for campaign_id, name in names.items():
            self.campaign_combo.addItem(name if name.startswith("#") else f"{name} (#{campaign_id})", campaign_id)
        self.campaign_combo.setCurrentIndex(max(self.campaign_combo.findData(current), 0))
        self.campaign_combo.blockSignals(False)

    # --- re-check -----------------------------------------------------------------------
    def recheck(self):
        from gui.store.sync import recheck

        rows = self.unreported_table.selected_records() or list(self.unreported_model.rows)
        if not rows or self.busy.busy:
            return None
        try:
            client = self.ctx.client()
        except Exception as exc:  # noqa: BLE001
            show_error(self.ctx, self, exc)
            return None

        def run(control):
            return recheck(
                self.ctx.store(),
                client.get_record,
                rows,
                control=control,
                progress=lambda done, total: control.progress((done, total)),
            )

        task = self.ctx.run(
            run,
            self._rechecked,
            lambda exc: show_error(self.ctx, self, exc, self.tr("The re-check stopped; what was found is kept.")),
            on_progress=lambda p: self.busy.set_progress(*p),
            name="archive_recheck",
            with_control=True,
        )
        self.busy.track(
            task,
            self.tr("Looking {0} messages up with the provider…").format(len(rows)),
            disable=[self.refresh_button, self.recheck_button],
            cancellable=True,
        )
        task.done.connect(self._after_recheck)
        return task

    def _rechecked(self, outcome) -> None:
        calls, final = outcome
        self._note = self.tr("Re-check: {0} now have a final report ({1} look-ups).").format(final, calls)

    def _after_recheck(self) -> None:
        """After the re-check task is done (and the busy bar released): read the figures again."""
        self.refresh()

    def _on_profile_changed(self, _profile) -> None:
        self.result = None
        for model in (self.days_model, self.campaigns_model, self.errors_model, self.unreported_model):
            model.set_rows([])
        self.chart.show_days([])
        self.summary_label.setText("")
        self._loaded_once = False
        if self.isVisible():
            self.ensure_loaded()
