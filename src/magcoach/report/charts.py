"""Charts for trends and the report (matplotlib, Agg backend, PNG and SVG).

Readable in black and white: series differ by marker, line style and hatching, not colour;
every axis says what it measures and in which unit. matplotlib is imported only inside the
functions (it is slow to import) and never through pyplot (no global state).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from magcoach.errors import InvalidInput

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from magcoach.outcomes import PainDay, Trends
    from magcoach.trial import TrialDesign, TrialResult

GREY = "0.55"
LIGHT = "0.85"


@dataclass(frozen=True)
class ChartImage:
    """One chart, drawn as PNG or SVG when first asked for (a PDF needs only PNG, a web page
    only SVG; drawing both doubles the time), with a text alternative for screen readers."""

    name: str
    title: str
    alt: str
    figure: Figure = field(repr=False, compare=False)

    @cached_property
    def png(self) -> bytes:
        out = io.BytesIO()
        self.figure.savefig(out, format="png", dpi=170, metadata={"Software": None})
        return out.getvalue()

    @cached_property
    def pdf_png(self) -> bytes:
        """The same pixels as `png`, packed for the PDF: one grey channel when every pixel is
        an opaque grey, as in every chart here. WeasyPrint decodes and packs again each image
        it embeds, splitting an RGBA one into colour and transparency, which took more time
        than writing the rest of the PDF; a grey image is a quarter of the data and no split."""
        from PIL import Image

        dpi = 170
        raw = io.BytesIO()
        self.figure.savefig(raw, format="rgba", dpi=dpi)
        width = int(self.figure.get_figwidth() * dpi)  # as the Agg renderer sizes its canvas
        pixels = raw.getvalue()
        if width <= 0 or len(pixels) % (4 * width):
            return self.png
        image = Image.frombuffer("RGBA", (width, len(pixels) // (4 * width)), pixels)
        red, green, blue, alpha = image.split()
        if alpha.getextrema() == (255, 255) and red.tobytes() == green.tobytes() == blue.tobytes():
            image = red
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=1)  # WeasyPrint packs it again anyway
        return out.getvalue()

    @cached_property
    def svg(self) -> str:
        out = io.StringIO()
        self.figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        return out.getvalue()

    def save(self, path: Path) -> Path:
        """Write as PNG or SVG, chosen by the file's suffix."""
        suffix = path.suffix.lower()
        if suffix not in (".png", ".svg"):
            raise InvalidInput(
                f"Charts can be saved as .png or .svg, not '{path.suffix or path.name}'.",
                hint="Use a file name ending in .png or .svg.",
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        from magcoach.io.files import check_output_file

        check_output_file(path)  # never move a file over a device such as /dev/null
        tmp = path.with_name(path.name + ".tmp")
        if suffix == ".png":
            tmp.write_bytes(self.png)
        else:
            tmp.write_text(self.svg, encoding="utf-8")
        tmp.replace(path)
        return path


def _new_figure(width_in: float, height_in: float) -> Figure:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.labelsize": 9,
            "svg.fonttype": "none",
            "svg.hashsalt": "magcoach",  # stable SVG ids: same data, same file
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return Figure(figsize=(width_in, height_in), layout="constrained")


def _render(fig: Figure, name: str, title: str, alt: str) -> ChartImage:
    return ChartImage(name=name, title=title, alt=alt, figure=fig)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)[:4])


def _date_axis(ax: Any) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def pain_magnesium_chart(
    trends: Trends,
    *,
    change_date: date | None = None,
    lag_days: int = 7,
    change_label: str = "change",
) -> ChartImage:
    """Pain with its 7-day mean, magnesium (food + supplement stacked) against the
    requirement, and supplement adherence, with the change and other events marked."""
    days = _fitted(trends, change_date)
    if not days:
        raise InvalidInput("There are no days to draw.")
    fig = _new_figure(7.4, 6.2)
    ax_pain, ax_mg, ax_adh = fig.subplots(
        3, 1, sharex=True, gridspec_kw={"height_ratios": [3, 3, 0.8]}
    )
    x = [d.date for d in days]
    # panels first, then the marks that cross them: the drawing order fixes the SVG bytes
    _draw_pain_panel(ax_pain, days)
    _draw_magnesium_panel(ax_mg, days, trends.requirement_mg)
    _draw_supplement_days_panel(ax_adh, days, trends)
    if change_date is not None and x[0] <= change_date <= x[-1] + timedelta(days=1):
        _mark_change(ax_pain, ax_mg, ax_adh, x, change_date, lag_days, change_label)
    event_lines = _mark_events(ax_pain, ax_mg, trends, change_date)
    _draw_legends_and_dates(ax_pain, ax_mg, ax_adh, x, event_lines)
    alt = _pain_magnesium_alt(trends, change_date)
    return _render(fig, "pain_magnesium", "Pain and magnesium over time", alt)


def _draw_pain_panel(ax: Any, days: list[Any]) -> None:
    """Daily pain as open dots and its 7-day mean as a line: the mean is the signal."""
    pain_x = [d.date for d in days if d.pain is not None]
    pain_y = [d.pain for d in days if d.pain is not None]
    ax.plot(
        pain_x, pain_y, linestyle="none", marker="o", markersize=3.5, markerfacecolor="white",
        markeredgecolor="black", markeredgewidth=0.8, label="daily pain",
    )  # fmt: skip
    mean_x = [d.date for d in days if d.pain_7day_mean is not None]
    mean_y = [d.pain_7day_mean for d in days if d.pain_7day_mean is not None]
    ax.plot(mean_x, mean_y, color="black", linewidth=2.0, label="7-day mean")
    ax.set_ylim(0, 10.4)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel("Pain (0–10 scale)")  # the axis labels name each panel: no titles to
    # collide with the legends above them


def _draw_magnesium_panel(ax: Any, days: list[Any], requirement_mg: float | None) -> None:
    """Food and supplement magnesium stacked per day, against the requirement line."""
    # bars only for days with magnesium: drawing costs what the data costs, not the span
    logged = [d for d in days if d.food_mg or d.supplement_mg]
    bar_x = [d.date for d in logged]
    food = [d.food_mg or 0.0 for d in logged]
    supp = [d.supplement_mg or 0.0 for d in logged]
    ax.bar(bar_x, food, width=0.85, color=GREY, edgecolor=GREY, label="from food")
    ax.bar(
        bar_x, supp, width=0.85, bottom=food, color="white", edgecolor="black", hatch="////",
        linewidth=0.4, label="from supplements",
    )  # fmt: skip
    if requirement_mg:
        ax.axhline(
            requirement_mg, color="black", linestyle="--", linewidth=1.2,
            label=f"requirement {requirement_mg:.0f} mg/day",
        )  # fmt: skip
    ax.set_ylabel("Magnesium (mg/day)")
    top = max([f + s for f, s in zip(food, supp, strict=True)] + [requirement_mg or 0])
    ax.set_ylim(0, max(top * 1.15, 50))


def _draw_supplement_days_panel(ax: Any, days: list[Any], trends: Trends) -> None:
    """A strip of taken and missed supplement days; missed counts only after the start."""
    started = trends.adherence.started
    taken = [d.date for d in days if d.supplement_taken]
    missed = [d.date for d in days if started and d.date >= started and not d.supplement_taken]
    ax.plot(taken, [0.5] * len(taken), linestyle="none", marker="s", markersize=3.5,
            color="black", label="taken")  # fmt: skip
    ax.plot(missed, [0.5] * len(missed), linestyle="none", marker="x", markersize=4,
            color="black", label="missed")  # fmt: skip
    ax.set_yticks([])
    ax.set_ylim(0, 1)
    ax.spines["left"].set_visible(False)
    share = trends.adherence.share
    ax.set_ylabel(
        f"Supplement\n{share:.0%} of days" if share is not None else "Supplement\nnone",
        rotation=0, ha="right", va="center",
    )  # fmt: skip


def _mark_change(
    ax_pain: Any,
    ax_mg: Any,
    ax_adh: Any,
    x: list[date],
    change_date: date,
    lag_days: int,
    change_label: str,
) -> None:
    """The change as a line through every panel, its wash-in shaded (those days are left out
    of the comparison), and its label on the pain panel."""
    lag_end = change_date + timedelta(days=lag_days)
    for ax in (ax_pain, ax_mg, ax_adh):
        ax.axvline(change_date, color="black", linestyle="-.", linewidth=1.2)
        if lag_days:
            ax.axvspan(change_date, lag_end, facecolor="none", edgecolor=LIGHT, hatch="..",
                       linewidth=0, zorder=0,
                       label="wash-in (left out)" if ax is ax_pain else None)  # fmt: skip
    # the label reads away from the nearer edge, so it is never cut off
    late = (change_date - x[0]).days > (x[-1] - x[0]).days / 2
    ax_pain.annotate(
        f"{change_label} ({change_date:%d %b})", xy=(change_date, 10.2),
        xytext=(-4 if late else 4, 0), textcoords="offset points", fontsize=8,
        va="center", ha="right" if late else "left",
    )  # fmt: skip


def _mark_events(ax_pain: Any, ax_mg: Any, trends: Trends, change_date: date | None) -> list[str]:
    """Numbered dotted lines for events; returns their key lines for the x-axis label. The
    supplement start on the change day is the change itself, so it is not marked twice."""
    event_lines = []
    marked = [
        e
        for e in trends.events
        if not (change_date is not None and e.date == change_date and "start" in e.kind)
    ]
    for number, event in enumerate(marked, start=1):
        event_lines.append(f"{number}: {event.date:%d %b} {event.text}")
        for ax in (ax_pain, ax_mg):
            ax.axvline(event.date, color="black", linestyle=":", linewidth=1.0)
        ax_pain.annotate(
            str(number), xy=(event.date, 0.3), xytext=(2, 0), textcoords="offset points",
            fontsize=8, fontweight="bold",
        )  # fmt: skip
    return event_lines


def _draw_legends_and_dates(
    ax_pain: Any, ax_mg: Any, ax_adh: Any, x: list[date], event_lines: list[str]
) -> None:
    """Legends above their panels, one shared date axis, and the event key beneath it."""
    for ax in (ax_pain, ax_mg):
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), fontsize=8, frameon=False,
                  ncol=3, borderaxespad=0.2)  # fmt: skip
    _date_axis(ax_adh)
    ax_adh.set_xlim(x[0] - timedelta(days=0.6), x[-1] + timedelta(days=0.6))
    label = "Date"
    if event_lines:
        label += "\nEvents (dotted lines): " + _wrap("; ".join(event_lines), 110)
    ax_adh.set_xlabel(label, fontsize=8)


def _pain_magnesium_alt(trends: Trends, change_date: date | None) -> str:
    """The chart's text alternative for screen readers."""
    return (
        f"Pain and magnesium from {trends.start} to {trends.end}. "
        + (
            f"Mean pain {trends.mean_pain:.1f}/10. "
            if trends.mean_pain is not None
            else "No pain recorded. "
        )
        + (
            f"Mean magnesium {trends.mean_total_mg:.0f} mg/day. "
            if trends.mean_total_mg is not None
            else ""
        )
        + (f"Change on {change_date}." if change_date else "")
    )


def _fitted(trends: Trends, change_date: date | None) -> list[Any]:
    """The days from the first one with anything to show (pain, magnesium, a supplement, an
    event or the change): a two-week diary in a 90-day window is not drawn 85% empty."""
    days = list(trends.days)
    marks = [e.date for e in trends.events]
    if change_date is not None:
        marks.append(change_date)
    for index, day in enumerate(days):
        has_data = day.pain is not None or day.food_mg or day.supplement_mg
        if has_data or day.supplement_taken or day.date in marks:
            return days[max(index - 1, 0) :]  # one empty day before, as a margin
    return days


def intake_vs_requirement_chart(
    mean_food_mg: float,
    mean_supplement_mg: float,
    *,
    rda_mg: float | None,
    ear_mg: float | None = None,
    supplemental_ul_mg: float | None = None,
) -> ChartImage:
    """Average daily magnesium (food and supplements stacked) against RDA/EAR, and the
    supplements alone against the upper limit for supplemental magnesium."""
    fig = _new_figure(7.4, 2.5)
    ax = fig.subplots()
    ax.barh([1], [mean_food_mg], color=GREY, edgecolor="black", linewidth=0.5, height=0.5,
            label="food")  # fmt: skip
    ax.barh([1], [mean_supplement_mg], left=[mean_food_mg], color="white", edgecolor="black",
            hatch="////", linewidth=0.5, height=0.5, label="supplements")  # fmt: skip
    ax.barh([0], [mean_supplement_mg], color="white", edgecolor="black", hatch="////",
            linewidth=0.5, height=0.5)  # fmt: skip
    ax.set_yticks([1, 0], ["all magnesium", "supplements only"])
    limits = [mean_food_mg + mean_supplement_mg]
    if rda_mg:
        ax.plot([rda_mg, rda_mg], [0.6, 1.4], color="black", linestyle="--", linewidth=1.4,
                label=f"RDA {rda_mg:.0f} mg")  # fmt: skip
        limits.append(rda_mg)
    if ear_mg:
        ax.plot([ear_mg, ear_mg], [0.6, 1.4], color="black", linestyle=":", linewidth=1.4,
                label=f"EAR {ear_mg:.0f} mg")  # fmt: skip
        limits.append(ear_mg)
    if supplemental_ul_mg:
        ul_label = f"upper limit, supplements {supplemental_ul_mg:.0f} mg"
        ax.plot([supplemental_ul_mg] * 2, [-0.4, 0.4], color="black", linestyle="-.",
                linewidth=1.4, label=ul_label)  # fmt: skip
        limits.append(supplemental_ul_mg)
    ax.set_xlim(0, max(limits) * 1.12)
    ax.set_ylim(-0.6, 1.6)
    ax.set_xlabel("Magnesium (mg/day, average over the period)")
    fig.legend(loc="outside lower center", fontsize=7.5, ncol=5, frameon=False)
    ax.set_title("Intake against the requirement", loc="left")
    alt = (
        f"Average magnesium {mean_food_mg:.0f} mg/day from food and {mean_supplement_mg:.0f} "
        f"mg/day from supplements"
        + (f", against an RDA of {rda_mg:.0f} mg/day." if rda_mg else ".")
    )
    return _render(fig, "intake_vs_requirement", "Intake against the requirement", alt)


def contributors_chart(contributors: Sequence[tuple[str, float]], top: int = 8) -> ChartImage:
    """Foods giving the most magnesium (mg/day on average), largest at the top."""
    items = sorted(contributors, key=lambda item: item[1], reverse=True)[:top]
    if not items:
        raise InvalidInput("No food entries with magnesium to draw.")
    fig = _new_figure(7.4, 0.45 * len(items) + 1.0)
    ax = fig.subplots()
    names = [name if len(name) <= 45 else name[:44] + "…" for name, _ in items]
    values = [mg for _, mg in items]
    positions = list(range(len(items)))[::-1]
    ax.barh(positions, values, color=LIGHT, edgecolor="black", hatch="\\\\", linewidth=0.5,
            height=0.6)  # fmt: skip
    for pos, value in zip(positions, values, strict=True):
        ax.annotate(f"{value:.0f}", xy=(value, pos), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=8)  # fmt: skip
    ax.set_yticks(positions, names)
    ax.set_xlim(0, max(values) * 1.15)
    ax.set_xlabel("Magnesium (mg/day, average over the period)")
    ax.set_title("Top food sources of magnesium", loc="left")
    alt = "Top food sources: " + "; ".join(f"{n} {v:.0f} mg/day" for n, v in items)
    return _render(fig, "contributors", "Top food sources of magnesium", alt)


def trial_chart(
    design: TrialDesign, pain_days: Sequence[PainDay], result: TrialResult | None = None
) -> ChartImage:
    """The trial's periods (magnesium shaded grey, wash-in days dotted) with daily pain and
    each period's mean pain over its compared days."""
    from datetime import datetime

    from magcoach.trial import Arm

    fig = _new_figure(7.4, 3.6)
    ax: Any = fig.subplots()

    def edge(day: date, shift: float) -> datetime:  # half a day either side of a date
        return datetime.combine(day, datetime.min.time()) + timedelta(days=shift)

    for period in design.periods:
        on = period.arm is Arm.MAGNESIUM
        ax.axvspan(edge(period.start, -0.5), edge(period.end, 0.5),
                   facecolor=LIGHT if on else "white", edgecolor="none", zorder=0,
                   label=("magnesium period" if on else None) if period.number <= 2 else None,
                   )  # fmt: skip
        if design.washin_days:
            ax.axvspan(edge(period.start, -0.5), edge(period.analysed_from, -0.5), facecolor="none",
                       edgecolor="0.6", hatch="...", linewidth=0, zorder=0,
                       label="wash-in (not compared)" if period.number == 1 else None)  # fmt: skip
        compared = [d.pain for d in pain_days if period.analysed_from <= d.date <= period.end]
        if compared:
            ax.plot([edge(period.analysed_from, -0.5), edge(period.end, 0.5)],
                    [sum(compared) / len(compared)] * 2, color="black",
                    linestyle="-" if on else "--", linewidth=2.0,
                    label=None if period.number > 2 else
                    ("mean on magnesium" if on else "mean without"))  # fmt: skip
        ax.annotate(f"{period.arm.value}{period.pair}", xy=(edge(period.start, -0.3), 10.2),
                    xytext=(2, 0), textcoords="offset points", fontsize=8, fontweight="bold",
                    va="center")  # fmt: skip
    ax.plot([d.date for d in pain_days], [d.pain for d in pain_days], linestyle="none",
            marker="o", markersize=3.2, markerfacecolor="white", markeredgecolor="black",
            markeredgewidth=0.8, label="daily pain")  # fmt: skip
    ax.set_ylim(0, 10.6)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel("Pain (0–10 scale)")
    ax.set_xlim(design.start - timedelta(days=1), design.end + timedelta(days=1))
    _date_axis(ax)
    ax.set_xlabel("Date (A = magnesium, B = no magnesium; the number is the pair)")
    ax.set_title("Your magnesium trial: periods and daily pain", loc="left")
    fig.legend(loc="outside lower center", fontsize=7.5, ncol=5, frameon=False)
    alt = (
        f"Trial from {design.start} to {design.end}, {len(design.sequence)} periods in the "
        f"order {design.order}, {len(pain_days)} days with pain rated."
    )
    if result is not None and result.as_assigned is not None:
        est = result.as_assigned
        alt += (
            f" Mean pain {est.mean_on:.1f} on magnesium and {est.mean_off:.1f} without; "
            f"verdict: {result.verdict_text}."
        )
    return _render(fig, "trial", "Your magnesium trial", alt)


__all__ = [
    "ChartImage",
    "contributors_chart",
    "intake_vs_requirement_chart",
    "pain_magnesium_chart",
    "trial_chart",
]
