"""The "how to take the picture" controls of a capture page: area, screen, delay, and series mode."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from evidencekit.capture import MonitorInfo
from evidencekit.gui import style
from evidencekit.gui.capture import CaptureOptions
from evidencekit.i18n import N_, _

DELAYS = ((0, N_("No wait")), (3, N_("3 seconds")), (5, N_("5 seconds")), (10, N_("10 seconds")))


class CaptureOptionsForm(QWidget):
    """Builds a CaptureOptions from what the person chose; series choices only where `with_series`."""

    def __init__(self, *, with_series: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(style.SPACING // 2)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.whole = QRadioButton(_("The &whole screen"))
        self.whole.setAccessibleName(_("Picture of the whole screen"))
        self.region = QRadioButton(_("&Part of the screen (you draw a box on it)"))
        self.region.setAccessibleName(_("Picture of part of the screen"))
        self.whole.setChecked(True)
        self.area_group = QButtonGroup(self)
        self.area_group.addButton(self.whole)
        self.area_group.addButton(self.region)
        area_row = QVBoxLayout()  # one above the other: side by side they were wider than a 960 px window
        area_row.addWidget(self.whole)
        area_row.addWidget(self.region)
        form.addRow(QLabel(_("What to take:")), area_row)

        self.monitor = QComboBox()
        self.monitor.setAccessibleName(_("Which screen"))
        self.monitor_label = QLabel(_("Whi&ch screen:"))
        self.monitor_label.setBuddy(self.monitor)
        form.addRow(self.monitor_label, self.monitor)
        self.set_monitors([])

        self.delay = QComboBox()
        self.delay.setAccessibleName(_("Wait before taking the picture"))
        for seconds, text in DELAYS:
            self.delay.addItem(_(text), seconds)
        delay_label = QLabel(_("Wait &first:"))
        delay_label.setBuddy(self.delay)
        form.addRow(delay_label, self.delay)

        self.series = QComboBox()
        self.series.setAccessibleName(_("Several pictures while you scroll"))
        self.series.addItem(_("Just one picture"), "single")
        self.series.addItem(_("One picture every few seconds, until I press Stop"), "timed")
        self.series.addItem(_("One picture each time I press \u201cCapture next\u201d"), "manual")
        self.interval = QSpinBox()
        self.interval.setRange(2, 60)
        self.interval.setValue(5)
        self.interval.setSuffix(_(" seconds"))
        self.interval.setAccessibleName(_("Seconds between pictures"))
        series_label = QLabel(_("While &scrolling a long chat:"))
        series_label.setBuddy(self.series)
        interval_label = QLabel(_("Seco&nds between pictures:"))
        interval_label.setBuddy(self.interval)
        form.addRow(series_label, self.series)
        form.addRow(interval_label, self.interval)
        self.series_widgets = (series_label, self.series, interval_label, self.interval)
        self.interval_widgets = (interval_label, self.interval)
        for widget in self.series_widgets:
            widget.setVisible(with_series)
        self.with_series = with_series
        self.series.currentIndexChanged.connect(self._update)
        self.region.toggled.connect(self._update)
        self._update()

    def set_monitors(self, monitors: list[MonitorInfo]) -> None:
        self.monitor.clear()
        for info in monitors:
            text = (_("Screen {number} (main screen): {width}×{height}") if info.primary
                    else _("Screen {number}: {width}×{height}"))
            self.monitor.addItem(text.format(number=info.number, width=info.rect.width, height=info.rect.height),
                                 info.number)
        primary = next((i for i, m in enumerate(monitors) if m.primary), 0)
        self.monitor.setCurrentIndex(primary)
        many = len(monitors) > 1
        self.monitor.setVisible(many)
        self.monitor_label.setVisible(many)

    def _update(self) -> None:
        region = self.region.isChecked()
        series_on = self.with_series and not region
        self.series.setEnabled(series_on)
        timed = series_on and self.series.currentData() == "timed"
        for widget in self.interval_widgets:
            widget.setVisible(self.with_series and timed)
        self.monitor.setEnabled(not region)

    def options(self, fields: dict[str, str]) -> CaptureOptions:
        region = self.region.isChecked()
        monitor = self.monitor.currentData() if self.monitor.count() > 1 and not region else None
        series = str(self.series.currentData()) if self.with_series and not region else "single"
        return CaptureOptions(area="region" if region else "screen", monitor=monitor,
                              delay_s=int(self.delay.currentData() or 0), series=series,
                              interval_s=self.interval.value(), fields=dict(fields))
