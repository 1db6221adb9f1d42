"""A synthetic diary with a known truth, turned into ReportData by hand (no store needed)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from magcoach.outcomes import Event, IntakeDay, PainDay, did_it_help
from magcoach.report.model import (
    EvidenceItem,
    FoodContributor,
    FoodDiarySummary,
    RedFlag,
    ReportData,
    RequirementSummary,
    ScreeningSummary,
    SupplementLine,
)

START = date(2026, 4, 1)
CHANGE = START + timedelta(days=24)
END = START + timedelta(days=60)


def make_report_data(*, red_flag: bool = False) -> ReportData:
    rng = np.random.default_rng(7)
    n = (END - START).days + 1
    noise = np.zeros(n)
    for i in range(1, n):
        noise[i] = 0.6 * noise[i - 1] + rng.normal(0, 0.8)
    level = np.where(np.arange(n) < 24, 7.0, np.where(np.arange(n) < 31, 5.5, 4.0))
    pain = np.clip(np.round(level + noise), 0, 10)
    pain_days = tuple(
        PainDay(START + timedelta(days=i), float(p)) for i, p in enumerate(pain) if i % 11 != 5
    )
    food = rng.normal(230, 40, n)
    intake_days = tuple(
        IntakeDay(START + timedelta(days=i), float(food[i]), 200.0 if i >= 24 and i % 9 else 0.0)
        for i in range(n)
    )
    supplement_dates = tuple(d.date for d in intake_days if d.supplement_mg > 0)
    events = (
        Event(CHANGE, "supplement_started", "started Magnesium glycinate 100 mg"),
        Event(START + timedelta(days=40), "treatment", "physiotherapy session"),
    )
    result = did_it_help(
        pain_days,
        CHANGE,
        today=END,
        events=events,
        intake_days=intake_days,
        change_label="Magnesium glycinate",
    )
    flags = (
        (
            RedFlag(
                "new numbness around the back passage (saddle area)",
                "emergency, same day",
                "go to an emergency department now",
            ),
        )
        if red_flag
        else ()
    )
    return ReportData(
        person_name="Alex Example",
        period_start=START,
        period_end=END,
        generated_on=END,
        person_rows=(
            ("Age", "44 years"),
            ("Sex", "female"),
            ("Region", "US/Canada (IOM 1997 values)"),
            ("Kidney function", "eGFR 92 mL/min/1.73 m²"),
            ("Medicines", "omeprazole"),
        ),
        requirement=RequirementSummary(
            rda_mg=320,
            ear_mg=265,
            supplemental_ul_mg=350,
            basis="Female, 31-50 years, not pregnant",
            sources=("iom1997", "ods-magnesium"),
        ),
        screening=ScreeningSummary(
            risk_level="moderate",
            summary="Low intake and a medicine that lowers magnesium (a proton-pump inhibitor).",
            reasons=("Food magnesium below the average requirement", "Takes omeprazole (PPI)"),
            red_flags=flags,
            sources=("fda-ppi-2011", "nice-redflag-summary"),
        ),
        intake_days=intake_days,
        pain_days=pain_days,
        events=events,
        supplements=(
            SupplementLine(
                name="Magnesium glycinate",
                form="glycinate",
                elemental_mg_per_dose=100,
                doses_per_day=2,
                timing="with breakfast and with the evening meal",
                notes="Split doses are better tolerated.",
                started=CHANGE,
                sources=("ods-magnesium",),
            ),
        ),
        supplement_dates=supplement_dates,
        did_it_help=result,
        food=FoodDiarySummary(
            days_with_food=n,
            entries=3 * n,
            unknown_entries=4,
            mean_food_mg=float(food.mean()),
            mean_energy_kcal=1850,
            contributors=(
                FoodContributor("Spinach, cooked", 78, 0.34),
                FoodContributor("Almonds", 62, 0.27),
                FoodContributor("Black beans, boiled", 40, 0.17),
                FoodContributor("Oatmeal", 30, 0.13),
            ),
        ),
        advice=("Walk 20-30 minutes most days.",),
        evidence=(
            EvidenceItem(
                "ostelo2008",
                "Ostelo RW et al. Interpreting change scores for pain and functional status in "
                "low back pain. Spine 2008;33(1):90-94",
                2008,
                "consensus",
                "Minimal important change on a 0-10 pain scale: 2 points or 30% of baseline.",
                "moderate",
            ),
            EvidenceItem(
                "farrar2001",
                "Farrar JT et al. Clinical importance of changes in chronic pain intensity. "
                "Pain 2001;94(2):149-158",
                2001,
                "pooled analysis of RCTs",
                "A 2-point or 30% reduction matched 'much improved'.",
                "moderate",
            ),
            EvidenceItem("iom1997", "Institute of Medicine. Dietary Reference Intakes 1997", 1997),
        ),
    )


@pytest.fixture
def report_data() -> ReportData:
    return make_report_data()


def pdf_pages_text(path: Path) -> list[str]:
    """The text of each page of a PDF, read with pypdf (no poppler-utils needed)."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def pdf_page_has_content(path: Path) -> list[bool]:
    """Per page: text or an image on it (a blank page has neither)."""
    from pypdf import PdfReader

    return [
        len((page.extract_text() or "").strip()) > 40 or bool(page.images)
        for page in PdfReader(path).pages
    ]
