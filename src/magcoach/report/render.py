"""Render a `ReportData` as HTML (Jinja2, charts inline) and PDF (WeasyPrint).

HTML embeds the charts as inline SVG (sharp at any zoom, text searchable); the PDF embeds
them as PNG data URIs (grey, see `ChartImage.pdf_png`), which WeasyPrint renders reliably.
Files are written atomically: a failed render never leaves a half-written report behind.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from magcoach.errors import BadFile, SetupError
from magcoach.outcomes import Adherence, adherence, build_trends
from magcoach.report.charts import (
    ChartImage,
    contributors_chart,
    intake_vs_requirement_chart,
    pain_magnesium_chart,
    trial_chart,
)
from magcoach.report.model import ReportData

TEMPLATES = Path(__file__).parent / "templates"
Embed = Literal["svg", "png"]


@dataclass(frozen=True)
class IntakeStats:
    days: int
    mean_food: float
    mean_supp: float
    mean_total: float
    meeting: int
    below_ear: int | None


@dataclass(frozen=True)
class PainStats:
    days: int
    mean: float | None
    last7: float | None


def intake_stats(data: ReportData) -> IntakeStats:
    days = data.intake_days
    if not days:
        return IntakeStats(0, 0.0, 0.0, 0.0, 0, None)
    rda = data.requirement.rda_mg if data.requirement else None
    ear = data.requirement.ear_mg if data.requirement else None
    food = sum(d.food_mg for d in days) / len(days)
    supp = sum(d.supplement_mg for d in days) / len(days)
    return IntakeStats(
        days=len(days),
        mean_food=food,
        mean_supp=supp,
        mean_total=food + supp,
        meeting=sum(1 for d in days if rda is not None and d.total_mg >= rda),
        below_ear=sum(1 for d in days if d.total_mg < ear) if ear is not None else None,
    )


def build_charts(data: ReportData) -> dict[str, ChartImage]:
    """The report's charts, by name (only those with data to show)."""
    charts: dict[str, ChartImage] = {}
    stats = intake_stats(data)
    req = data.requirement
    if stats.days and req and req.rda_mg:
        charts["intake_vs_requirement"] = intake_vs_requirement_chart(
            stats.mean_food,
            stats.mean_supp,
            rda_mg=req.rda_mg,
            ear_mg=req.ear_mg,
            supplemental_ul_mg=req.supplemental_ul_mg,
        )
    if data.pain_days or data.intake_days:
        trends = build_trends(
            data.pain_days,
            data.intake_days,
            data.events,
            data.period_start,
            data.period_end,
            requirement_mg=req.rda_mg if req else None,
            supplement_dates=data.supplement_dates or None,
        )
        result = data.did_it_help
        charts["pain_magnesium"] = pain_magnesium_chart(
            trends,
            change_date=result.change_date if result else None,
            lag_days=result.lag_days if result else 7,
            change_label=result.change_label if result else "change",
        )
    if data.trial is not None:
        charts["trial"] = trial_chart(data.trial.design, data.trial.pain_days, data.trial.result)
    if data.food and data.food.contributors:
        charts["contributors"] = contributors_chart(
            [(c.food, c.mg_per_day) for c in data.food.contributors]
        )
    return charts


def _svg_inline(svg: str) -> str:
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg, flags=re.S)
    return re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)


def render_html(data: ReportData, *, embed: Embed = "svg") -> str:
    """The report as one self-contained HTML page (no external files)."""
    import jinja2
    from markupsafe import Markup, escape

    charts = build_charts(data)

    def figure(chart: ChartImage) -> Markup:
        if embed == "svg":
            body = Markup(_svg_inline(chart.svg))
        else:
            encoded = base64.b64encode(chart.pdf_png).decode("ascii")
            body = Markup('<img src="data:image/png;base64,{}" alt="{}">').format(
                encoded, chart.alt
            )
        return Markup('<figure role="img" aria-label="{}">{}<figcaption>{}</figcaption></figure>'
                      ).format(chart.alt, body, escape(chart.alt))  # fmt: skip

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["mg"] = lambda v: f"{v:.0f}"
    env.filters["one"] = lambda v: f"{v:.1f}"
    env.filters["num"] = lambda v: f"{v:g}"
    env.filters["signed"] = lambda v: f"{v:+.1f}".replace("+0.0", "0.0").replace("-0.0", "0.0")
    env.filters["longdate"] = lambda d: f"{d.day} {d:%B %Y}" if isinstance(d, date) else "–"
    env.filters["shortdate"] = lambda d: f"{d.day} {d:%b}" if isinstance(d, date) else "–"
    template = env.get_template("report.html.j2")
    pains = [p.pain for p in data.pain_days]
    last7 = [p.pain for p in data.pain_days if (data.period_end - p.date).days < 7]
    adh: Adherence = adherence(data.supplement_dates, end=data.period_end)
    return template.render(
        d=data,
        css=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        charts=charts,
        figure=figure,
        intake=intake_stats(data),
        pain=PainStats(
            days=len(pains),
            mean=sum(pains) / len(pains) if pains else None,
            last7=sum(last7) / len(last7) if last7 else None,
        ),
        adherence=adh,
    )


def render_pdf(data: ReportData) -> bytes:
    """The report as PDF bytes (WeasyPrint, A4)."""
    html = render_html(data, embed="png")
    try:
        from weasyprint import HTML
    except OSError as exc:  # missing system libraries (pango)
        raise SetupError(
            f"The PDF engine could not start: {exc}",
            hint="Install WeasyPrint's system libraries (Debian/Ubuntu: apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0), or write the HTML report instead.",
        ) from None
    pdf: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    return pdf


def _write_atomically(path: Path, content: bytes) -> Path:
    from magcoach.io.files import check_output_file

    if path.exists() and path.is_dir():
        raise BadFile(f"{path} is a folder; give a file name for the report.")
    if path.exists():
        check_output_file(path)  # never move a file over a device such as /dev/null
    if not path.parent.exists():
        raise BadFile(
            f"The folder {path.parent} does not exist.",
            hint="Create it first, or choose another place for the report.",
        )
    tmp = path.with_name(f".{path.name}.partial")
    try:
        tmp.write_bytes(content)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BadFile(f"Could not write {path}: {exc.strerror}.") from None
    return path


def write_html(data: ReportData, path: Path) -> Path:
    return _write_atomically(path, render_html(data).encode("utf-8"))


def write_pdf(data: ReportData, path: Path) -> Path:
    return _write_atomically(path, render_pdf(data))


__all__ = ["build_charts", "render_html", "render_pdf", "write_html", "write_pdf"]
