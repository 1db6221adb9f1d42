"""How likely low magnesium plays a part (low, moderate, high) from the serum, the Magnesium
Depletion Score and the heuristic's points, and the next step that follows — unless a red flag
or a supplement hard stop says something more urgent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from magcoach.cautions import SupplementCaution
    from magcoach.mds import MagnesiumDepletionScore
    from magcoach.screening import RedFlagResult, SerumReading

Level = Literal["low", "moderate", "high"]
LEVEL_RULES = (
    "high: serum below 0.75 mmol/L, or MDS 3 or more, or heuristic 8 points or more, or MDS 2 "
    "with 3 points or more; moderate: serum 0.75 to below 0.85 mmol/L, or MDS 2, or heuristic "
    "3 points or more, or MDS 1 with 2 points or more; otherwise low."
)


def level_of(
    mds: MagnesiumDepletionScore, points: int, serum: SerumReading | None
) -> tuple[Level, list[str]]:
    """The chance that low magnesium plays a part, by LEVEL_RULES, with the reasons in words:
    the blood test first, then the MDS, then the heuristic's points."""
    reasons: list[str] = []
    serum_band = serum.band if serum else None
    high = serum_band == "low" or mds.score >= 3 or points >= 8 or (mds.score == 2 and points >= 3)
    moderate = (
        serum_band == "possible_latent_deficiency"
        or mds.score == 2
        or points >= 3
        or (mds.score == 1 and points >= 2)
    )
    level: Level = "high" if high else "moderate" if moderate else "low"
    if serum_band == "low":
        reasons.append("Your blood test shows low magnesium (below 0.75 mmol/L).")
    elif serum_band == "possible_latent_deficiency":
        reasons.append(
            "Your blood magnesium is in the 0.75-0.85 mmol/L zone that can hide a latent shortage."
        )
    elif serum_band == "adequate":
        reasons.append(
            "Your blood magnesium looks adequate, though a normal value does not rule out low "
            "body stores."
        )
    elif serum_band in ("above_range", "very_high"):
        reasons.append("Your blood magnesium is above the usual range: do not add supplements.")
    if mds.score:
        reasons.append(
            f"Your Magnesium Depletion Score is {mds.score} of 5 ({mds.band}): "
            + " ".join(item.reason for item in mds.items)
        )
    else:
        reasons.append(
            "Nothing in your medicines, kidney function or drinking adds to magnesium loss "
            "(Magnesium Depletion Score 0)."
        )
    if points:
        reasons.append(
            f"Your symptoms and risk factors add {points} points on magcoach's heuristic "
            "(a rough guide, not a test)."
        )
    elif mds.score:
        reasons.append("No other symptoms or risk factors you reported add points.")
    else:
        reasons.append("You reported no symptoms or risk factors that point to low magnesium.")
    return level, reasons


NEXT_STEPS: Mapping[Level, str] = {
    "high": "Talk to your clinician about checking your magnesium (a blood test, ideally read "
    "together with your diet and medicines) before starting supplements; meanwhile eat more "
    "magnesium-rich foods such as greens, nuts, seeds, beans and whole grains.",
    "moderate": "Start with food: add magnesium-rich foods and track your intake against your "
    "requirement. Talk to your clinician if you take the medicines listed, or if symptoms "
    "persist.",
    "low": "Low magnesium seems unlikely to be a big part of your back pain. A varied diet with "
    "greens, nuts, seeds, beans and whole grains covers most people's needs.",
}


def next_step(level: Level, flags: RedFlagResult, cautions: Sequence[SupplementCaution]) -> str:
    """The most urgent flag's instruction; else a hard stop's; else the level's next step."""
    if flags.urgency != "none":
        return flags.findings[0].instruction
    stops = [c for c in cautions if c.hard_stop]
    if not stops:
        return NEXT_STEPS[level]
    kidney_stop = any(c.id == "kidney_failure" for c in stops)
    return (
        "Do not start magnesium supplements on your own: "
        + " ".join(c.text for c in stops)
        + (
            " Plan any change in what you eat with your kidney team: diets for weak "
            "kidneys often limit potassium and phosphate, which magnesium-rich foods carry."
            if kidney_stop
            else " Food sources of magnesium are fine unless your clinician says otherwise."
        )
    )
