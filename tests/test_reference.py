"""The reference data: every row cites real evidence; tables match FACTS.md; lookups work."""

from __future__ import annotations

import csv
import io
import tomllib
from typing import Any

import pytest

from magcoach import reference
from magcoach.errors import BadFile, ExitCode, NotFound
from magcoach.reference import loaders

# The evidence ids the integrator fixed for everyone (common brief).
_AGREED_IDS = """
iom1997 ods-magnesium efsa2015 efsa-draft-2015 bfr2017 scf2001 vkm2016 ods-interactions
smpc-mg-aspartate stockley-quinolones diuretic-monograph fda-ppi-2011 ppi-meta-2019
smpc-mg-antacid smpc-mgso4-infusion pi-injectable-mg ods-migraine ods-hypermagnesaemia
molecules2020-forms smpc-mg-lactate firoz2001 ods-absorption pardo2021 rylander2014
schwalfenberg2017 blancquaert2019 ods-diarrhoea-forms laxative-forms grober2017 kass2017 fan2021
wang2024 song2025 zhang2025 mds-ascvd lu2022 costello2025 costello2016 arnaud2008 warsaw2020
chl-rbc fda-dv-2016 nielsen2024 orlova2020 yousef2013 yousef-summary painscience-yousef
tarleton2020 park2020 cochrane-cramps-2020 bayram2021 shin2020 nhs-glos-redflags ahcpr1994
hull-cauda-equina nice-redflag-summary nice-ng59 nice-press-2016 acp2017 iasp-chronic-pain
krebs2009 ostelo2008 farrar2001 kamper2010 nrs-change-2022 usda-sr28 usda-fdc chemistry-iupac
"""
REQUIRED_EVIDENCE_IDS = _AGREED_IDS.split()


def _rows_with_sources(filename: str) -> list[tuple[str, list[str]]]:
    """(row label, cited ids) for every row of a CSV or TOML reference file."""
    text = loaders.read_text(filename)
    found: list[tuple[str, list[str]]] = []
    if filename.endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text))
        fields = reader.fieldnames or []
        column = "source" if "source" in fields else "sources" if "sources" in fields else None
        assert column, f"{filename} has no source column"
        for number, row in enumerate(reader, start=2):
            found.append((f"{filename}:{number}", list(loaders.split_list(row[column] or ""))))
    else:
        data = tomllib.loads(text)

        def walk(node: Any, where: str) -> None:
            if isinstance(node, dict):
                if "source" in node or "sources" in node:
                    value = node.get("source", node.get("sources"))
                    ids = value if isinstance(value, list) else loaders.split_list(str(value))
                    found.append((where, list(ids)))
                else:
                    for key, child in node.items():
                        walk(child, f"{where}.{key}")
            elif isinstance(node, list):
                for index, child in enumerate(node):
                    walk(child, f"{where}[{index}]")

        walk(data, filename)
        assert found, f"{filename} has no source keys"
    return found


def test_evidence_list_has_every_agreed_id() -> None:
    ids = set(reference.evidence())
    assert not set(REQUIRED_EVIDENCE_IDS) - ids


def test_evidence_list_records_the_key_findings_honestly() -> None:
    ev = reference.evidence()
    assert ev["cochrane-cramps-2020"].strength == "negative"
    assert "older adults" in ev["cochrane-cramps-2020"].finding
    assert ev["bayram2021"].strength == "negative"
    assert ev["yousef2013"].kind == "rct" and ev["yousef2013"].year == 2013
    assert ev["tarleton2020"].kind == "cross_sectional"
    assert ev["park2020"].kind == "systematic_review"
    assert ev["nice-ng59"].kind == "guideline" and ev["acp2017"].kind == "guideline"
    assert ev["fan2021"].url == "https://doi.org/10.1093/jn/nxab138"
    assert "77" in ev["fan2021"].finding


def test_every_reference_row_cites_an_existing_evidence_entry() -> None:
    ids = set(reference.evidence())
    files = [name for name in reference.data_files() if name != "evidence.csv"]
    # Other areas' files (food_pool.csv, lifestyle.csv) are covered too.
    assert {"requirements.csv", "medicines.csv", "red_flags.csv"} <= set(files)
    checked = 0
    for name in files:
        for where, cited in _rows_with_sources(name):
            assert cited, f"{where} cites no source"
            unknown = [c for c in cited if c not in ids]
            assert not unknown, f"{where} cites unknown evidence {unknown}"
            checked += 1
    assert checked > 200


def test_a_row_without_a_source_fails_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    original = loaders.read_text
    broken = "id,text,severity,source\nflushing,Facial flushing,early,\n"
    monkeypatch.setattr(
        loaders,
        "read_text",
        lambda name: broken if name == "too_much_magnesium.csv" else original(name),
    )
    with pytest.raises(BadFile, match="no source"):
        loaders._cited("too_much_magnesium.csv", reference.TooMuchMagnesiumSign)
    bogus = "id,text,severity,source\nflushing,Facial flushing,early,made-up-2099\n"
    monkeypatch.setattr(loaders, "read_text", lambda name: bogus)
    with pytest.raises(BadFile, match="made-up-2099"):
        loaders._cited("too_much_magnesium.csv", reference.TooMuchMagnesiumSign)


def test_every_table_loads_into_frozen_models() -> None:
    reference.load_all()
    form = reference.supplement_forms()["citrate"]
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error
        form.name = "other"  # type: ignore[misc]
    assert reference.supplement_forms() is reference.supplement_forms()  # loaded once


# --- requirement tables match FACTS.md §1.1 and §1.2, written out here --------------------

# (age_min, age_max, sex, pregnant, lactating) -> (RDA/AI, EAR, supplemental UL); None = none
US_FACTS = {
    (0, 0.5, "any", False, False): (30, None, None),
    (0.5, 1, "any", False, False): (75, None, None),
    (1, 4, "any", False, False): (80, 65, 65),
    (4, 9, "any", False, False): (130, 110, 110),
    (9, 14, "any", False, False): (240, 200, 350),
    (14, 19, "male", False, False): (410, 340, 350),
    (14, 19, "female", False, False): (360, 300, 350),
    (19, 31, "male", False, False): (400, 330, 350),
    (19, 31, "female", False, False): (310, 255, 350),
    (31, 51, "male", False, False): (420, 350, 350),
    (31, 51, "female", False, False): (320, 265, 350),
    (51, 71, "male", False, False): (420, 350, 350),
    (51, 71, "female", False, False): (320, 265, 350),
    (71, 121, "male", False, False): (420, 350, 350),
    (71, 121, "female", False, False): (320, 265, 350),
    (10, 19, "female", True, False): (400, 335, 350),
    (19, 31, "female", True, False): (350, 290, 350),
    (31, 61, "female", True, False): (360, 300, 350),
    (10, 19, "female", False, True): (360, 300, 350),
    (19, 31, "female", False, True): (310, 255, 350),
    (31, 61, "female", False, True): (320, 265, 350),
}
EU_FACTS = {
    (0.5, 1, "any", False, False): (80, None, None),
    (1, 3, "any", False, False): (170, None, None),
    (3, 4, "any", False, False): (230, None, None),
    (4, 10, "any", False, False): (230, None, 250),
    (10, 18, "male", False, False): (300, None, 250),
    (10, 18, "female", False, False): (250, None, 250),
    (18, 121, "male", False, False): (350, None, 250),
    (18, 121, "female", False, False): (300, None, 250),
    (18, 61, "female", True, False): (300, None, 250),
    (18, 61, "female", False, True): (300, None, 250),
}


def _table(region: str) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    return {
        (r.age_min, r.age_max, r.sex, r.pregnant, r.lactating): (
            r.rda_mg,
            r.ear_mg,
            r.supplemental_ul_mg,
        )
        for r in reference.requirement_rows()
        if r.region == region
    }


def test_us_requirement_table_matches_facts() -> None:
    table = _table("us")
    assert table == US_FACTS
    infants = [r for r in reference.requirement_rows() if r.region == "us" and r.age_max <= 1]
    assert all(r.is_ai for r in infants)
    assert not any(
        r.is_ai for r in reference.requirement_rows() if r.region == "us" and r.age_min >= 1
    )


def test_eu_requirement_table_matches_facts_and_records_choices() -> None:
    table = _table("eu")
    for key, values in EU_FACTS.items():
        assert table[key] == values, key
    rows = [r for r in reference.requirement_rows() if r.region == "eu"]
    assert all(r.is_ai and r.ear_mg is None for r in rows)
    toddler = next(r for r in rows if r.age_min == 1)
    assert "160" in toddler.note and "efsa-draft-2015" in toddler.sources
    assert all(r.supplemental_ul_mg is None for r in rows if r.age_max <= 4)


def test_open_question_choices_are_recorded_in_the_data() -> None:
    boys = next(
        r
        for r in reference.requirement_rows()
        if r.region == "us" and r.sex == "male" and r.age_min == 14
    )
    assert "345" in boys.note and boys.ear_mg == 340
    classes = reference.medicine_classes()
    assert classes["tetracycline"].separate_before_h == 2
    assert classes["tetracycline"].separate_after_h == 6
    assert classes["bisphosphonate"].separate_before_h == 4
    assert classes["bisphosphonate"].separate_after_h == 4
    assert "open question 2" in classes["bisphosphonate"].note
    assert classes["levothyroxine"].separate_before_h == 4
    assert "UNVERIFIED" in classes["high_dose_zinc"].note


def test_life_stages_cover_every_age_without_overlap() -> None:
    rows = reference.requirement_rows()
    for region in ("us", "eu"):
        for sex in ("female", "male"):
            for tenths in range(0, 1201):
                age = tenths / 10
                hits = [
                    r
                    for r in rows
                    if r.region == region
                    and not r.pregnant
                    and not r.lactating
                    and r.sex in (sex, "any")
                    and r.age_min <= age < r.age_max
                ]
                assert len(hits) == 1, (region, sex, age, hits)


# --- supplement forms -----------------------------------------------------------------------

ELEMENTAL_FACTS = {
    "oxide": (60.3, None),
    "hydroxide": (41.7, None),
    "carbonate": (28.8, None),
    "chloride": (25.5, 12.0),
    "sulfate": (20.2, 9.9),
    "citrate": (16.2, 11.9),
    "malate": (15.5, 11.6),
    "glycinate": (14.1, None),
    "lactate": (12.0, 10.2),
    "taurate": (8.9, None),
    "aspartate": (8.4, 7.5),
    "l-threonate": (8.3, None),
    "orotate": (7.3, 6.6),
    "gluconate": (5.9, 5.4),
}


def test_supplement_forms_match_facts_and_are_honest() -> None:
    forms = reference.supplement_forms()
    assert set(forms) == set(ELEMENTAL_FACTS) | {"topical"}
    for form_id, (anhydrous, hydrate) in ELEMENTAL_FACTS.items():
        assert (forms[form_id].elemental_pct_anhydrous, forms[form_id].elemental_pct_hydrate) == (
            anhydrous,
            hydrate,
        ), form_id
    assert "11.3" in forms["citrate"].note
    assert "4%" in forms["oxide"].absorption and "firoz2001" in forms["oxide"].sources
    assert forms["oxide"].laxative_tendency == "high"
    assert {"muscle_tension", "nerve_pain"} <= set(forms["glycinate"].suits)
    assert {"muscle_pain", "fatigue"} <= set(forms["malate"].suits)
    assert "constipation" in forms["citrate"].suits
    assert forms["topical"].suits == ("targeted_relief",)
    assert "unproven" in forms["topical"].absorption and "grober2017" in forms["topical"].sources
    # No trial backs the "suits" claims of the chelates: their strength must say so.
    for form_id in ("glycinate", "malate", "taurate", "l-threonate", "orotate", "topical"):
        assert forms[form_id].evidence_strength == "weak", form_id


# --- medicines, conditions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "generic", "class_id"),
    [
        ("omeprazole", "omeprazole", "ppi"),
        ("PRILOSEC", "omeprazole", "ppi"),
        ("Nexium 40 mg", "esomeprazole", "ppi"),
        ("Lasix", "furosemide", "loop_diuretic"),
        ("hydrochlorothiazide", "hydrochlorothiazide", "thiazide_diuretic"),
        ("Aldactone", "spironolactone", "potassium_sparing_diuretic"),
        ("Fosamax", "alendronate", "bisphosphonate"),
        ("doxycycline", "doxycycline", "tetracycline"),
        ("Cipro", "ciprofloxacin", "fluoroquinolone"),
        ("Synthroid", "levothyroxine", "levothyroxine"),
        ("digoxin", "digoxin", "digoxin"),
        ("ciclosporin", "ciclosporin", "magnesium_wasting"),
        ("gabapentin", "gabapentin", "absorption_reduced"),
        ("Revolade", "eltrombopag", "eltrombopag"),
    ],
)
def test_match_medicine_finds_generic_and_brand_names(
    typed: str, generic: str, class_id: str
) -> None:
    match = reference.match_medicine(typed)
    assert (match.generic, match.class_id, match.name_as_typed) == (generic, class_id, typed)
    assert match.timing_text and match.sources


def test_diuretics_and_ppis_carry_their_mds_item() -> None:
    assert reference.match_medicine("bumetanide").mds_item == "diuretic"
    assert reference.match_medicine("chlorthalidone").mds_item == "diuretic"
    assert reference.match_medicine("amiloride").mds_item == "diuretic"
    assert reference.match_medicine("pantoprazole").mds_item == "ppi"
    assert reference.match_medicine("doxycycline").mds_item is None


def test_near_miss_medicine_suggests_the_right_name() -> None:
    with pytest.raises(NotFound) as caught:
        reference.match_medicine("omeprazol")
    assert caught.value.message == "No medicine matches 'omeprazol'."
    assert caught.value.hint == "Did you mean: omeprazole?"
    assert caught.value.exit_code == ExitCode.NOT_FOUND
    # A near miss is an error even when unknown medicines are allowed.
    with pytest.raises(NotFound, match="omeprazole"):
        reference.match_medicine("omeprazol", allow_unknown=True)


def test_unrelated_medicine_is_unknown_not_an_error_when_allowed() -> None:
    match = reference.match_medicine("ibuprofen", allow_unknown=True)
    assert not match.known and match.class_id is None
    with pytest.raises(NotFound):
        reference.match_medicine("ibuprofen")


def test_match_medicines_reports_every_failure() -> None:
    assert [m.class_id for m in reference.match_medicines(["Losec", "lasix"])] == [
        "ppi",
        "loop_diuretic",
    ]
    with pytest.raises(NotFound) as caught:
        reference.match_medicines(["omeprazol", "lasx"])
    assert "omeprazol" in str(caught.value) and "Lasix" in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "condition_id"),
    [
        ("crohn's", "crohns"),
        ("Coeliac", "celiac"),
        ("t2d", "type2_diabetes"),
        ("kidney_failure", "kidney_failure"),
        ("AV block", "heart_block"),
        ("myasthenia gravis", "myasthenia_gravis"),
        ("processed food", "processed_diet"),
    ],
)
def test_match_condition_accepts_aliases(typed: str, condition_id: str) -> None:
    assert reference.match_condition(typed).id == condition_id


def test_unknown_condition_suggests() -> None:
    with pytest.raises(NotFound) as caught:
        reference.match_condition("diabetis")
    assert "type2_diabetes" in str(caught.value.hint)


def test_conditions_include_the_supplement_hard_stops_and_cautions() -> None:
    kinds = {c.id: c.kind for c in reference.conditions().values()}
    assert kinds["kidney_failure"] == "supplement_hard_stop"
    assert kinds["heart_block"] == "supplement_hard_stop"
    assert kinds["myasthenia_gravis"] == "supplement_hard_stop"  # issue 5: a hard stop
    for seed in (
        "type2_diabetes",
        "crohns",
        "celiac",
        "kidney_disease",
        "alcohol_use",
        "older_age",
        "processed_diet",
    ):
        assert seed in kinds


def test_symptoms_signs_and_red_flags() -> None:
    symptoms = reference.symptoms()
    for seed in (
        "muscle_cramps",
        "fatigue_weakness",
        "numbness_tingling",
        "anxiety_irritability",
        "insomnia",
        "high_blood_pressure",
        "osteoporosis_risk",
        "loss_of_appetite",
        "nausea_vomiting",
        "personality_change",
        "abnormal_heart_rhythm",
        "seizures",
    ):
        assert seed in symptoms
    assert symptoms["seizures"].seek_care and symptoms["abnormal_heart_rhythm"].seek_care
    signs = {s.id for s in reference.too_much_magnesium_signs()}
    assert {"diarrhoea", "low_blood_pressure", "irregular_heartbeat", "muscle_weakness"} <= signs
    flags = reference.red_flags()
    emergencies = {f.id for f in flags.values() if f.urgency == "emergency"}
    assert emergencies == {
        "new_bladder_dysfunction",
        "new_bowel_incontinence",
        "saddle_numbness",
        "severe_leg_weakness",
        "bilateral_sciatica",
    }
    assert flags["saddle_numbness"].text.startswith("Numbness")
    assert "today" in flags["new_bladder_dysfunction"].instruction
    assert all(f.instruction for f in flags.values())
    assert "false-positive" in flags["history_of_cancer"].note
    assert {
        "long_term_ppi",
        "diuretic_use",
        "heavy_drinking",
        "type2_diabetes",
        "gi_malabsorption",
        "older_age",
        "processed_diet",
        "low_magnesium_diet",
        "kidney_problems",
    } <= set(reference.risk_factors())
