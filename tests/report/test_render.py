"""The report a clinician reads: HTML with its sections, PDF that really renders."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from magcoach.errors import BadFile, InvalidInput
from magcoach.report.charts import contributors_chart
from magcoach.report.model import ReportData
from magcoach.report.render import build_charts, render_html, write_html, write_pdf

from .conftest import make_report_data, pdf_page_has_content, pdf_pages_text


def test_html_has_every_section_and_says_it_is_not_a_diagnosis(report_data: ReportData) -> None:
    html = render_html(report_data)
    for heading in (
        "At a glance",
        "Person",
        "Screening and red flags",
        "Magnesium intake against the requirement",
        "Supplements: doses and timing",
        'Pain trend and "did it help?"',
        "Food diary summary",
        "Evidence",
    ):
        assert heading in html, heading
    assert "Self-reported data, not a diagnosis." in html
    assert "improved by a meaningful amount" in html
    assert "320 mg/day" in html
    assert "with breakfast and with the evening meal" in html
    assert html.count("<svg") == 3  # three charts, inline, no external files
    assert 'src="http' not in html


def test_red_flags_are_shown_first_in_the_glance(tmp_path: Path) -> None:
    html = render_html(make_report_data(red_flag=True))
    assert "1 reported" in html
    assert "saddle area" in html and "emergency, same day" in html
    assert html.index("Red flags") < html.index("Magnesium requirement")


def test_user_text_is_escaped(report_data: ReportData) -> None:
    from dataclasses import replace

    html = render_html(replace(report_data, person_name="<script>alert(1)</script>"))
    assert "<script>" not in html


def test_pdf_renders_with_verdict_requirement_and_evidence(
    report_data: ReportData, tmp_path: Path
) -> None:
    pdf = write_pdf(report_data, tmp_path / "report.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    content = pdf_page_has_content(pdf)
    assert len(content) >= 3 and all(content)  # pages with content, not blank
    text = "\n".join(pdf_pages_text(pdf))
    flat = " ".join(text.split())
    assert "improved by a meaningful amount" in flat
    assert "Requirement: 320 mg/day" in flat
    assert "Evidence" in flat
    for evidence_id in ("[ostelo2008]", "[farrar2001]", "[iom1997]"):
        assert evidence_id in flat
    assert "not a diagnosis" in flat


def test_write_refuses_a_missing_folder_and_leaves_nothing(
    report_data: ReportData, tmp_path: Path
) -> None:
    with pytest.raises(BadFile, match="does not exist"):
        write_html(report_data, tmp_path / "nope" / "r.html")
    assert not (tmp_path / "nope").exists()
    out = write_html(report_data, tmp_path / "r.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    written = [p.name for p in tmp_path.iterdir() if p.name != "home"]  # home: the diary's
    assert written == ["r.html"]  # no partial file left


def test_charts_come_as_png_and_svg_with_labelled_axes(report_data: ReportData) -> None:
    charts = build_charts(report_data)
    assert set(charts) == {"intake_vs_requirement", "pain_magnesium", "contributors"}
    chart = charts["pain_magnesium"]
    assert chart.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Pain (0–10 scale)" in chart.svg
    assert "Magnesium (mg/day)" in chart.svg
    assert "hatch" in chart.svg or "pattern" in chart.svg  # supplements hatched, not coloured
    assert "mg/day" in charts["intake_vs_requirement"].svg


def test_chart_save_by_suffix(tmp_path: Path) -> None:
    chart = contributors_chart([("Spinach, cooked", 78.0), ("Almonds", 62.0)])
    assert chart.save(tmp_path / "c.svg").read_text().lstrip().startswith("<?xml")
    assert chart.save(tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(InvalidInput, match=r"\.png or \.svg"):
        chart.save(tmp_path / "c.jpg")


def _pixels(png: bytes) -> bytes:
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


def test_the_pdf_gets_each_charts_pixels_in_one_grey_channel(report_data: ReportData) -> None:
    from PIL import Image

    for name in ("intake_vs_requirement", "pain_magnesium", "contributors"):
        drawn_for_pdf = build_charts(report_data)[name].pdf_png  # each from a fresh figure
        drawn_as_png = build_charts(report_data)[name].png
        assert Image.open(io.BytesIO(drawn_for_pdf)).mode == "L", name
        assert _pixels(drawn_for_pdf) == _pixels(drawn_as_png), name


def test_a_chart_in_colour_keeps_its_colour_in_the_pdf() -> None:
    from PIL import Image

    chart = contributors_chart([("Spinach, cooked", 78.0), ("Almonds", 62.0)])
    chart.figure.axes[0].axvline(40, color="red", linewidth=4)
    image = Image.open(io.BytesIO(chart.pdf_png))
    assert image.mode == "RGBA"
    assert (255, 0, 0, 255) in {pixel for _, pixel in image.getcolors(1 << 20) or []}
