"""The trends chart fits the diary, keeps its labels inside, and its legends clear of titles."""

from __future__ import annotations

from datetime import date, timedelta

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import num2date

from magcoach.outcomes import Event, IntakeDay, PainDay, build_trends
from magcoach.report.charts import pain_magnesium_chart

END = date(2026, 6, 15)


def _two_week_diary_in_90_days() -> object:
    first = END - timedelta(days=13)
    days = [first + timedelta(days=i) for i in range(14)]
    return build_trends(
        [PainDay(d, 5.0) for d in days],
        [IntakeDay(d, 250.0) for d in days],
        [Event(END - timedelta(days=2), "supplement_started", "started Magnesium glycinate")],
        END - timedelta(days=89),
        END,
        requirement_mg=320,
    )


def test_a_two_week_diary_fills_the_chart_not_a_sixth_of_it() -> None:
    trends = _two_week_diary_in_90_days()
    chart = pain_magnesium_chart(trends, change_date=END - timedelta(days=2))  # type: ignore[arg-type]
    left, right = (num2date(v).date() for v in chart.figure.axes[-1].get_xlim())
    assert (right - left).days <= 16  # 14 days and a margin, not 90


def test_the_change_label_near_the_right_edge_reads_leftwards_and_no_titles_collide() -> None:
    trends = _two_week_diary_in_90_days()
    chart = pain_magnesium_chart(
        trends,  # type: ignore[arg-type]
        change_date=END - timedelta(days=2),
        change_label="started Magnesium glycinate",
    )
    pain_axes = chart.figure.axes[0]
    (label,) = [t for t in pain_axes.texts if "started Magnesium glycinate" in t.get_text()]
    assert label.get_horizontalalignment() == "right"
    assert all(not ax.get_title(loc="left") for ax in chart.figure.axes)
    canvas = FigureCanvasAgg(chart.figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    box = label.get_window_extent(renderer)
    assert box.x0 >= 0 and box.x1 <= chart.figure.bbox.x1  # inside the figure, not cut off


def test_a_mistyped_year_costs_what_the_data_costs_not_the_span() -> None:
    old = END.replace(year=2016)
    trends = build_trends(
        [PainDay(END, 5.0)],
        [IntakeDay(old, 150.0), IntakeDay(END, 250.0, 100.0)],
        [],
        old,
        END,
        requirement_mg=320,
    )
    chart = pain_magnesium_chart(trends)
    magnesium_axes = chart.figure.axes[1]
    assert len(magnesium_axes.patches) <= 4  # two days, food and supplement: not 3,653 bars
