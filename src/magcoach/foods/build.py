"""Build the food database (SQLite + FTS5) from the USDA files.

Inputs (see the README in the USDA folder): SR28 ASCII, FDC SR Legacy 2018 CSV, FDC Foundation
Foods 2024 CSV, FNDDS 2017-2018 and 2019-2020 "At A Glance" CSV. The same food in several
datasets becomes one row:

- SR28 and FDC SR Legacy are the same records (joined through `sr_legacy_food.csv`):
  id `sr:<NDB number>`, the FDC id kept as provenance.
- A Foundation food whose NDB number is an SR food joins that SR food (SR values first, gaps
  filled from Foundation; portions merged); the others are `fdc:<FDC id>`.
- FNDDS 2017-2018 and 2019-2020 share food codes: id `fndds:<code>`, newer values preferred,
  portions from 2017-2018.

The database is written to a temporary file and moved into place with `os.replace`, so an
interrupted build never leaves a half-built database. A missing nutrient stays NULL.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from magcoach.errors import SetupError
from magcoach.foods.model import NUTRIENT_KEYS
from magcoach.foods.search import RANK_COLUMNS, is_generic, rank_features
from magcoach.foods.units import (
    CANONICAL_UNITS,
    PORTION_WORDS,
    UNIT_ALIASES,
    unit_factors,
)

SCHEMA_VERSION = (
    "9"  # 9: food_rank.mods; 8: food_rank.noun padded, ns_of (7: noun, also, alts; 6: value_note)
)

SR_DIR = "sr28"
SR_LEGACY_DIR = "fdc_sr_legacy_2018_04"
FOUNDATION_DIR = "fdc_foundation_2024_10_31"
FNDDS_1718_DIR = "fndds_2017_2018"
FNDDS_1920_DIR = "fndds_2019_2020"

FNDDS_1718_VALUES = f"{FNDDS_1718_DIR}/2017-2018 FNDDS At A Glance - FNDDS Nutrient Values.csv"
FNDDS_1718_FOODS = f"{FNDDS_1718_DIR}/2017-2018 FNDDS At A Glance - Foods and Beverages.csv"
FNDDS_1718_PORTIONS = f"{FNDDS_1718_DIR}/2017-2018 FNDDS At A Glance - Portions and Weights.csv"
FNDDS_1920_VALUES = f"{FNDDS_1920_DIR}/2019-2020 FNDDS At A Glance - FNDDS Nutrient Values.csv"

INPUT_FILES: tuple[str, ...] = (
    f"{SR_DIR}/FOOD_DES.txt",
    f"{SR_DIR}/NUT_DATA.txt",
    f"{SR_DIR}/WEIGHT.txt",
    f"{SR_DIR}/FD_GROUP.txt",
    f"{SR_LEGACY_DIR}/food.csv",
    f"{SR_LEGACY_DIR}/sr_legacy_food.csv",
    f"{SR_LEGACY_DIR}/food_portion.csv",
    f"{SR_LEGACY_DIR}/measure_unit.csv",
    f"{FOUNDATION_DIR}/food.csv",
    f"{FOUNDATION_DIR}/foundation_food.csv",
    f"{FOUNDATION_DIR}/food_nutrient.csv",
    f"{FOUNDATION_DIR}/food_portion.csv",
    f"{FOUNDATION_DIR}/measure_unit.csv",
    f"{FOUNDATION_DIR}/food_category.csv",
    FNDDS_1718_VALUES,
    FNDDS_1718_FOODS,
    FNDDS_1718_PORTIONS,
    FNDDS_1920_VALUES,
)

SYNONYMS_FILE = Path(__file__).with_name("data") / "synonyms.csv"

# SR nutrient numbers and FDC nutrient ids (first present wins) for each kept nutrient.
SR_NUTRIENTS: dict[str, str] = {
    "208": "energy_kcal",
    "203": "protein_g",
    "204": "fat_g",
    "205": "carbohydrate_g",
    "291": "fiber_g",
    "269": "sugars_g",
    "304": "magnesium_mg",
    "301": "calcium_mg",
    "306": "potassium_mg",
    "307": "sodium_mg",
}
FDC_NUTRIENTS: dict[str, tuple[str, ...]] = {
    "energy_kcal": ("1008", "2048", "2047"),
    "protein_g": ("1003",),
    "fat_g": ("1004", "1085"),
    "carbohydrate_g": ("1005", "1050"),
    "fiber_g": ("1079",),
    "sugars_g": ("2000", "1063"),
    "magnesium_mg": ("1090",),
    "calcium_mg": ("1087",),
    "potassium_mg": ("1092",),
    "sodium_mg": ("1093",),
}
FNDDS_COLUMNS: dict[str, str] = {
    "energy_kcal": "Energy (kcal)",
    "protein_g": "Protein (g)",
    "fat_g": "Total Fat (g)",
    "carbohydrate_g": "Carbohydrate (g)",
    "fiber_g": "Fiber, total dietary (g)",
    "sugars_g": "Sugars, total (g)",
    "magnesium_mg": "Magnesium (mg)",
    "calcium_mg": "Calcium (mg)",
    "potassium_mg": "Potassium (mg)",
    "sodium_mg": "Sodium (mg)",
}
# FDC measure units that are lab bookkeeping, not household portions.
SKIPPED_FDC_UNITS = {"1010", "1011", "1012", "1061", "1062"}

# How a food ranks when nothing in the query says otherwise (lower ranks first).
KIND_GENERIC, KIND_DISH, KIND_RESTAURANT, KIND_BRANDED, KIND_INFANT, KIND_INGREDIENT = range(6)
SOURCE_RANK = {"SR Legacy": 0, "SR28": 0, "Foundation Foods 2024": 1}

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LEADING_AMOUNT = re.compile(r"^\s*(\d+(?:\.\d+)?(?:\s+\d+/\d+)?|\d+/\d+)\s+(.*)$")
_BRAND_WORD = re.compile(r"\b[A-Z][A-Z'&.]{2,}\b")


@dataclass
class BuildReport:
    """What a build did: counts per source, time taken, where the database is."""

    db_path: Path
    foods: int
    portions: int
    foods_by_source: dict[str, int]
    missing_magnesium: int
    seconds: float
    schema_version: str = SCHEMA_VERSION


@dataclass
class _Record:
    id: str
    source: str
    source_id: str
    description: str
    group: str
    nutrients: dict[str, float | None]
    portions: list[tuple[str, float, float, str]] = field(default_factory=list)
    provenance: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    branded: bool = False
    value_note: str = ""  # why a value came from another release than usual

    def add_portion(self, description: str, grams: float, amount: float, unit: str) -> None:
        if grams <= 0 or amount <= 0 or not description.strip():
            return
        key = (description.strip().lower(), round(grams, 1))
        for existing in self.portions:
            if (existing[0].lower(), round(existing[1], 1)) == key:
                return
        self.portions.append((description.strip(), grams, amount, unit.strip()))


# ---------------------------------------------------------------- fingerprints


def _input_paths(usda_dir: Path) -> list[Path]:
    return [usda_dir / name for name in INPUT_FILES]


def input_fingerprint(usda_dir: Path) -> list[list[object]]:
    """Cheap identity of the inputs: name, size and modification time of each file."""
    rows: list[list[object]] = []
    for path in [*_input_paths(usda_dir), SYNONYMS_FILE]:
        st = path.stat()
        name = path.name if path == SYNONYMS_FILE else str(path.relative_to(usda_dir))
        rows.append([name, st.st_size, st.st_mtime_ns])
    return rows


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_usda_dir(usda_dir: Path) -> None:
    """Raise SetupError naming the folder and the first missing files."""
    if not usda_dir.is_dir():
        raise SetupError(
            f"The USDA data folder {usda_dir} does not exist.",
            hint="Set MAGCOACH_USDA_DIR (or `usda_dir` in config.toml) to the folder that holds "
            "sr28/, fdc_sr_legacy_2018_04/, fdc_foundation_2024_10_31/, fndds_2017_2018/ and "
            "fndds_2019_2020/.",
        )
    missing = [name for name in INPUT_FILES if not (usda_dir / name).is_file()]
    if missing:
        raise SetupError(
            f"The USDA data folder {usda_dir} is missing {len(missing)} file(s): "
            + ", ".join(missing[:4])
            + (" ..." if len(missing) > 4 else ""),
            hint="Download the releases listed in its README from USDA FoodData Central, or set "
            "MAGCOACH_USDA_DIR to a complete copy.",
        )


def build_needed(usda_dir: Path, db_path: Path) -> bool:
    """True when the database is missing, from another schema version or older inputs."""
    if not db_path.is_file():
        return True
    try:
        current = json.dumps(input_fingerprint(usda_dir))
    except OSError:
        return False  # inputs unreadable: keep using the database we have
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.Error:
        return True
    return bool(meta.get("schema_version") != SCHEMA_VERSION or meta.get("inputs") != current)


# ---------------------------------------------------------------- readers


def _sr_lines(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="latin-1", newline="") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if line:
                yield [part.strip("~") for part in line.split("^")]


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _fndds_rows(path: Path) -> Iterator[dict[str, str]]:
    """FNDDS At-A-Glance rows: skip the title lines, normalise header whitespace."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header: list[str] | None = None
        for row in reader:
            if header is None:
                if row and row[0].strip() == "Food code":
                    header = [" ".join(cell.split()) for cell in row]
                continue
            if not row or not row[0].strip():
                continue
            yield dict(zip(header, row, strict=False))


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _fmt_amount(amount: float) -> str:
    return f"{amount:g}"


# ---------------------------------------------------------------- sources


def _read_sr(usda_dir: Path, records: dict[str, _Record]) -> dict[str, str]:
    """SR28 + SR Legacy. Returns NDB number -> record id."""
    groups = {p[0]: p[1] for p in _sr_lines(usda_dir / SR_DIR / "FD_GROUP.txt")}
    legacy: dict[str, str] = {}
    for row in _csv_rows(usda_dir / SR_LEGACY_DIR / "sr_legacy_food.csv"):
        legacy[row["NDB_number"].strip().zfill(5)] = row["fdc_id"].strip()
    by_ndb: dict[str, str] = {}
    for p in _sr_lines(usda_dir / SR_DIR / "FOOD_DES.txt"):
        ndb = p[0]
        fdc_id = legacy.get(ndb)
        rid = f"sr:{ndb.lstrip('0') or '0'}"
        rec = _Record(
            id=rid,
            source="SR Legacy" if fdc_id else "SR28",
            source_id=ndb,
            description=p[2],
            group=groups.get(p[1], ""),
            nutrients=dict.fromkeys(NUTRIENT_KEYS),
            provenance=[f"sr28:{ndb}"] + ([f"fdc:{fdc_id}"] if fdc_id else []),
            extra=[x for x in (p[4],) if x],
            branded=bool(p[5]) or bool(_BRAND_WORD.search(p[2])),
        )
        records[rid] = rec
        by_ndb[ndb] = rid
    wanted = SR_NUTRIENTS
    with (usda_dir / SR_DIR / "NUT_DATA.txt").open(encoding="latin-1", newline="") as handle:
        for line in handle:
            parts = line.split("^", 3)
            if len(parts) < 3:
                continue
            key = wanted.get(parts[1].strip("~"))
            if key is None:
                continue
            nrid = by_ndb.get(parts[0].strip("~"))
            if nrid is not None:
                records[nrid].nutrients[key] = _number(parts[2])
    for p in _sr_lines(usda_dir / SR_DIR / "WEIGHT.txt"):
        wrid = by_ndb.get(p[0])
        amount, grams = _number(p[2]), _number(p[4])
        if wrid is None or amount is None or grams is None:
            continue
        records[wrid].add_portion(f"{_fmt_amount(amount)} {p[3]}", grams, amount, p[3])
    # FDC SR Legacy portions (mostly the same as WEIGHT.txt; duplicates are dropped)
    fdc_to_rid = {fdc: by_ndb[ndb] for ndb, fdc in legacy.items() if ndb in by_ndb}
    units = {r["id"]: r["name"] for r in _csv_rows(usda_dir / SR_LEGACY_DIR / "measure_unit.csv")}
    for row in _csv_rows(usda_dir / SR_LEGACY_DIR / "food_portion.csv"):
        prid = fdc_to_rid.get(row["fdc_id"])
        if prid is None:
            continue
        _add_fdc_portion(records[prid], row, units)
    return by_ndb


def _add_fdc_portion(rec: _Record, row: dict[str, str], units: dict[str, str]) -> None:
    amount, grams = _number(row["amount"]), _number(row["gram_weight"])
    if amount is None or grams is None:
        return
    unit = units.get(row["measure_unit_id"], "undetermined")
    words = [w for w in (row.get("portion_description", ""), row.get("modifier", "")) if w]
    unit_text = unit if unit != "undetermined" else ""
    unit_text = ", ".join(x for x in [unit_text, *words] if x)
    if not unit_text:
        return
    rec.add_portion(f"{_fmt_amount(amount)} {unit_text}", grams, amount, unit_text)


def _read_foundation(usda_dir: Path, records: dict[str, _Record], by_ndb: dict[str, str]) -> None:
    base = usda_dir / FOUNDATION_DIR
    ndb_of = {r["fdc_id"]: r["NDB_number"].strip() for r in _csv_rows(base / "foundation_food.csv")}
    categories = {r["id"]: r["description"] for r in _csv_rows(base / "food_category.csv")}
    own: dict[str, _Record] = {}
    target: dict[str, _Record] = {}
    for row in _csv_rows(base / "food.csv"):
        fdc_id = row["fdc_id"]
        if row["data_type"] != "foundation_food" or fdc_id not in ndb_of:
            continue
        rec = _Record(
            id=f"fdc:{fdc_id}",
            source="Foundation Foods 2024",
            source_id=fdc_id,
            description=row["description"],
            group=categories.get(row["food_category_id"], ""),
            nutrients=dict.fromkeys(NUTRIENT_KEYS),
            provenance=[],
        )
        own[fdc_id] = rec
        sr_rid = by_ndb.get(ndb_of[fdc_id].zfill(5))
        target[fdc_id] = records[sr_rid] if sr_rid else rec
    wanted: dict[str, tuple[str, int]] = {}
    for key, ids in FDC_NUTRIENTS.items():
        for rank, nid in enumerate(ids):
            wanted[nid] = (key, rank)
    best: dict[tuple[str, str], int] = {}
    for row in _csv_rows(base / "food_nutrient.csv"):
        hit = wanted.get(row["nutrient_id"])
        if hit is None:
            continue
        frec = own.get(row["fdc_id"])
        if frec is None:
            continue
        key, rank = hit
        value = _number(row["amount"])
        if value is None or best.get((frec.id, key), 99) <= rank:
            continue
        best[(frec.id, key)] = rank
        frec.nutrients[key] = value
    units = {r["id"]: r["name"] for r in _csv_rows(base / "measure_unit.csv")}
    samples: dict[tuple[str, float, str], list[float]] = {}
    for row in _csv_rows(base / "food_portion.csv"):
        if row["fdc_id"] not in own or row["measure_unit_id"] in SKIPPED_FDC_UNITS:
            continue
        amount, grams = _number(row["amount"]), _number(row["gram_weight"])
        if amount is None or grams is None:
            continue
        unit = units.get(row["measure_unit_id"], "undetermined")
        words = [w for w in (row["portion_description"], row["modifier"]) if w]
        unit_text = ", ".join(x for x in [unit if unit != "undetermined" else "", *words] if x)
        if unit_text:
            samples.setdefault((row["fdc_id"], amount, unit_text), []).append(grams)
    for (fdc_id, amount, unit_text), weights in samples.items():
        grams = round(sum(weights) / len(weights), 1)
        own[fdc_id].add_portion(f"{_fmt_amount(amount)} {unit_text}", grams, amount, unit_text)
    for fdc_id, rec in own.items():
        dest = target[fdc_id]
        if dest is rec:
            records[rec.id] = rec
            continue
        dest.provenance.append(f"fdc:{fdc_id}")
        for key, value in rec.nutrients.items():
            if dest.nutrients.get(key) is None and value is not None:
                dest.nutrients[key] = value
        for portion in rec.portions:
            dest.add_portion(*portion)
        if rec.description.lower() != dest.description.lower():
            dest.extra.append(rec.description)


def _read_fndds(usda_dir: Path, records: dict[str, _Record]) -> None:
    fndds: dict[str, _Record] = {}
    older: dict[str, tuple[str, dict[str, float | None]]] = {}
    for release, path in (
        ("FNDDS 2017-2018", usda_dir / FNDDS_1718_VALUES),
        ("FNDDS 2019-2020", usda_dir / FNDDS_1920_VALUES),
    ):
        tag = "fndds-" + release.split()[1]
        for row in _fndds_rows(path):
            code = row["Food code"].strip()
            nutrients = {k: _number(row.get(col)) for k, col in FNDDS_COLUMNS.items()}
            rec = fndds.get(code)
            if rec is None:
                rec = fndds[code] = _Record(
                    id=f"fndds:{code}",
                    source=release,
                    source_id=code,
                    description=row["Main food description"].strip(),
                    group=row.get("WWEIA Category description", "").strip(),
                    nutrients=nutrients,
                    provenance=[f"{tag}:{code}"],
                )
            else:  # the newer release wins; the older one stays as provenance
                older[code] = (rec.source, dict(rec.nutrients))
                rec.source = release
                rec.description = row["Main food description"].strip()
                rec.group = row.get("WWEIA Category description", "").strip() or rec.group
                rec.nutrients = {
                    k: v if v is not None else rec.nutrients.get(k) for k, v in nutrients.items()
                }
                rec.provenance.append(f"{tag}:{code}")
    _settle_disputed_values(fndds, older, records)
    for row in _fndds_rows(usda_dir / FNDDS_1718_FOODS):
        rec = fndds.get(row["Food code"].strip())
        extra = row.get("Additional food description", "").strip()
        if rec is not None and extra:
            rec.extra.append(extra)
    for row in _fndds_rows(usda_dir / FNDDS_1718_PORTIONS):
        rec = fndds.get(row["Food code"].strip())
        grams = _number(row.get("Portion weight (g)"))
        text = row.get("Portion description", "").strip()
        if rec is None or grams is None or grams <= 0 or text.lower().startswith("guideline"):
            continue
        match = _LEADING_AMOUNT.match(text)
        if match:
            amount_text, unit_text = match.group(1), match.group(2)
            amount = sum(_fraction(part) for part in amount_text.split())
        else:
            amount, unit_text = 1.0, text
        if amount > 0:
            rec.add_portion(text, grams, amount, unit_text)
    records.update(fndds)


# Two releases of one FNDDS code whose magnesium differs more than this many times are a
# dispute (FNDDS 2019-2020 bran flakes: 29 mg/100 g, where 2017-2018 and SR say 165-229).
DISPUTE_RATIO = 2.5
MINERALS = ("magnesium_mg", "potassium_mg", "calcium_mg")
_PEER_SKIP = frozenset(
    {"cereal", "cereals", "plain", "nfs", "with", "and", "the", "ready", "eat", "flavored"}
    | {"from", "made", "type", "not", "added"}
)


def _peer_words(description: str) -> set[str]:
    words = {w.rstrip("s") for w in re.findall(r"[a-z]+", description.lower()) if len(w) > 2}
    return {w for w in words if w not in _PEER_SKIP}


def _settle_disputed_values(
    fndds: dict[str, _Record],
    older: dict[str, tuple[str, dict[str, float | None]]],
    analytic: dict[str, _Record],
) -> None:
    """Where two FNDDS releases disagree wildly on magnesium, keep the release that agrees
    with the analytic (SR Legacy / Foundation) records of the same food, and say so.

    "The same food": analytic records whose description holds every informative word of the
    FNDDS description ("bran flakes" -> "Cereals ready-to-eat, POST Bran Flakes")."""
    peers_of: list[tuple[set[str], float]] = [
        (_peer_words(r.description), mg)
        for r in analytic.values()
        if (mg := r.nutrients.get("magnesium_mg")) is not None and mg > 0
    ]
    for code, (old_source, old_values) in older.items():
        rec = fndds[code]
        new_mg, old_mg = rec.nutrients.get("magnesium_mg"), old_values.get("magnesium_mg")
        if new_mg is None or old_mg is None or max(new_mg, old_mg) < 10:
            continue
        low, high = sorted((new_mg, old_mg))
        if low > 0 and high / low < DISPUTE_RATIO:
            continue
        wanted = _peer_words(rec.description)
        peers = sorted(mg for words, mg in peers_of if wanted and wanted <= words)
        if not peers:
            continue
        median = peers[len(peers) // 2]

        def distance(value: float, reference: float = median) -> float:
            return abs(math.log(max(value, 0.1) / reference))

        if distance(old_mg) < distance(new_mg):
            for key in MINERALS:
                if old_values.get(key) is not None:
                    rec.nutrients[key] = old_values[key]
            rec.value_note = (
                f"Minerals from {old_source}: {rec.source} gives magnesium {new_mg:g} mg/100 g, "
                f"far from {len(peers)} similar USDA analyses (median {median:g} mg/100 g)."
            )


def _fraction(text: str) -> float:
    if "/" in text:
        num, den = text.split("/", 1)
        return float(num) / float(den) if float(den) else 0.0
    return float(text)


# ---------------------------------------------------------------- ranking features


def _kind(rec: _Record) -> int:
    desc = rec.description.lower()
    group = rec.group.lower()
    if "baby" in group or "infant" in group or "babyfood" in desc or "infant formula" in desc:
        return KIND_INFANT
    if "toddler" in desc or "child formula" in desc or "human milk" in group:
        return KIND_INFANT
    if rec.branded and rec.source in ("SR Legacy", "SR28"):
        return KIND_BRANDED
    if (
        "restaurant" in group
        or "fast food" in group
        or desc.startswith("restaurant")
        or "fast food" in desc
        or "from restaurant" in desc
        or "from fast food" in desc
        or desc.endswith(", restaurant")  # Foundation's "Cheese, American, restaurant"
    ):
        return KIND_RESTAURANT
    if any(w in desc for w in ("industrial", "for use in", "ingredient", "food service")):
        return KIND_INGREDIENT
    if "alaska native" in group or "meals, entrees" in group:
        return KIND_DISH
    return KIND_GENERIC


def _order_kind(rec: _Record) -> int:
    """Storage order: USDA's generic restaurant records ("Pizza, cheese, from restaurant or
    fast food, NS as to type of crust") sit with the dishes, where a common word's first few
    hundred matches still reach them."""
    kind = _kind(rec)
    return KIND_DISH if kind == KIND_RESTAURANT and is_generic(rec.description) else kind


def portion_key(unit_text: str) -> str:
    """The unit word a person would type for this USDA portion ('cup', 'slice', 'medium')."""
    text = unit_text.lower().strip()
    text = re.sub(r"\(.*?\)", " ", text)
    words: list[str] = _WORD.findall(text.replace("fl oz", "floz").replace("fl. oz", "floz"))
    if not words:
        return ""
    first = words[0]
    if first == "floz":
        return "fl oz"
    if len(words) > 1 and f"{first} {words[1]}" in PORTION_WORDS:
        return PORTION_WORDS[f"{first} {words[1]}"]
    if first in UNIT_ALIASES:
        return UNIT_ALIASES[first]
    if first in PORTION_WORDS:
        return PORTION_WORDS[first]
    return first


def _stem_table(con: sqlite3.Connection, words: set[str]) -> dict[str, str]:
    """Porter stems exactly as FTS5 computes them (so the scorer agrees with the index)."""
    con.execute(
        "CREATE VIRTUAL TABLE temp.stemmer USING fts5(w, tokenize='porter unicode61 "
        "remove_diacritics 2')"
    )
    ordered = sorted(words)
    con.executemany(
        "INSERT INTO temp.stemmer(rowid, w) VALUES (?, ?)",
        [(i + 1, w) for i, w in enumerate(ordered)],
    )
    con.execute("CREATE VIRTUAL TABLE temp.stemmer_v USING fts5vocab(temp, stemmer, instance)")
    stems: dict[str, str] = {}
    for term, doc in con.execute("SELECT term, doc FROM temp.stemmer_v"):
        stems.setdefault(ordered[doc - 1], term)
    con.execute("DROP TABLE temp.stemmer_v")
    con.execute("DROP TABLE temp.stemmer")
    return stems


# ---------------------------------------------------------------- the build

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE foods (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    source_id TEXT NOT NULL,
    description TEXT NOT NULL,
    food_group TEXT NOT NULL,
    energy_kcal REAL, protein_g REAL, fat_g REAL, carbohydrate_g REAL, fiber_g REAL,
    sugars_g REAL, magnesium_mg REAL, calcium_mg REAL, potassium_mg REAL, sodium_mg REAL,
    provenance TEXT NOT NULL,
    value_note TEXT NOT NULL,
    kind INTEGER NOT NULL,
    source_rank INTEGER NOT NULL,
    n_portions INTEGER NOT NULL,
    stems TEXT NOT NULL
);
CREATE TABLE portions (
    food_rowid INTEGER NOT NULL REFERENCES foods(rowid),
    seq INTEGER NOT NULL,
    description TEXT NOT NULL,
    grams REAL NOT NULL,
    amount REAL NOT NULL,
    unit TEXT NOT NULL,
    unit_key TEXT NOT NULL,
    PRIMARY KEY (food_rowid, seq)
) WITHOUT ROWID;
CREATE TABLE units (unit TEXT PRIMARY KEY, kind TEXT NOT NULL, factor REAL NOT NULL);
CREATE TABLE vocab (word TEXT PRIMARY KEY, stem TEXT NOT NULL, df INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE food_rank (
    rowid INTEGER PRIMARY KEY,
    prior REAL NOT NULL, form0 REAL NOT NULL,
    name TEXT NOT NULL, head TEXT NOT NULL, head_plain TEXT NOT NULL,
    n_head_plain INTEGER NOT NULL, second TEXT NOT NULL,
    early TEXT NOT NULL, n_early INTEGER NOT NULL, late TEXT NOT NULL, n_late INTEGER NOT NULL,
    unusual TEXT NOT NULL, n_unusual INTEGER NOT NULL,
    cooked TEXT NOT NULL, n_cooked INTEGER NOT NULL, raw INTEGER NOT NULL,
    forms TEXT NOT NULL, n_forms INTEGER NOT NULL,
    salted INTEGER NOT NULL, skinless INTEGER NOT NULL, fat_added INTEGER NOT NULL,
    plain_other INTEGER NOT NULL, noun TEXT NOT NULL, also TEXT NOT NULL,
    alts TEXT NOT NULL, n_alts INTEGER NOT NULL, ns_of TEXT NOT NULL, mods TEXT NOT NULL
);
CREATE VIRTUAL TABLE foods_fts USING fts5(
    name, extra, tokenize='porter unicode61 remove_diacritics 2'
);
"""


def build_database(usda_dir: Path, db_path: Path, *, progress: bool = False) -> BuildReport:
    """Build the food database at `db_path` from the USDA files in `usda_dir` (atomically)."""
    started = time.perf_counter()
    usda_dir = Path(usda_dir)
    db_path = Path(db_path)
    check_usda_dir(usda_dir)
    steps = ["SR28 + SR Legacy", "Foundation Foods", "FNDDS", "index", "checksums"]
    if progress:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(
            TextColumn("[bold]Building food database[/] {task.description:<18}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            transient=False,
        )
        task = bar.add_task(steps[0], total=len(steps))
        bar.start()

        def advance(next_step: str) -> None:
            bar.update(task, advance=1, description=next_step)

    else:

        def advance(next_step: str) -> None:
            return None

    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = db_path.with_name(f".{db_path.name}.building-{os.getpid()}")
    try:
        records: dict[str, _Record] = {}
        by_ndb = _read_sr(usda_dir, records)
        advance(steps[1])
        _read_foundation(usda_dir, records, by_ndb)
        advance(steps[2])
        _read_fndds(usda_dir, records)
        advance(steps[3])
        report = _write(tmp_path, usda_dir, records)
        advance(steps[4])
        _write_checksums(tmp_path, usda_dir)
        advance("done")
        os.replace(tmp_path, db_path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    finally:
        if progress:
            bar.stop()
    report.db_path = db_path
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _write(path: Path, usda_dir: Path, records: dict[str, _Record]) -> BuildReport:
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA page_size=8192")
        con.execute("BEGIN")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                con.execute(statement)
        # rowid order is the prior ranking (generic, short, SR first): a full-text match without
        # ORDER BY returns rows in rowid order, so the first few hundred hits are the best bets.
        ordered = sorted(
            records.values(),
            key=lambda r: (
                _order_kind(r),
                len(_WORD.findall(r.description)),
                SOURCE_RANK.get(r.source, 2),
                r.id,
            ),
        )
        seg_words: list[list[list[str]]] = []
        all_words: set[str] = set()
        for rec in ordered:
            segments = [_WORD.findall(seg.lower()) for seg in rec.description.split(",")]
            seg_words.append(segments)
            for seg in segments:
                all_words.update(seg)
            for extra in rec.extra:
                all_words.update(_WORD.findall(extra.lower()))
        stems = _stem_table(con, all_words)
        food_rows = []
        portion_rows = []
        fts_rows = []
        rank_rows = []
        by_source: dict[str, int] = {}
        doc_freq: dict[str, int] = {}
        missing_mg = 0
        for rowid, (rec, segments) in enumerate(zip(ordered, seg_words, strict=True), start=1):
            stem_text = "|".join(" ".join(stems.get(w, w) for w in seg) for seg in segments)
            food_rows.append(
                (
                    rowid,
                    rec.id,
                    rec.source,
                    rec.source_id,
                    rec.description,
                    rec.group,
                    *(rec.nutrients.get(k) for k in NUTRIENT_KEYS),
                    json.dumps(rec.provenance),
                    rec.value_note,
                    _kind(rec),
                    SOURCE_RANK.get(rec.source, 2),
                    len(rec.portions),
                    stem_text,
                )
            )
            fts_rows.append((rowid, rec.description, " ; ".join(rec.extra)))
            rank_rows.append(
                (
                    rowid,
                    *rank_features(
                        rec.description,
                        lambda w: stems.get(w, w),
                        kind=_kind(rec),
                        source_rank=SOURCE_RANK.get(rec.source, 2),
                        group=rec.group,
                        n_portions=len(rec.portions),
                        magnesium=rec.nutrients.get("magnesium_mg"),
                        also=rec.extra,
                    ),
                )
            )
            for seq, (desc, grams, amount, unit) in enumerate(rec.portions, start=1):
                portion_rows.append((rowid, seq, desc, grams, amount, unit, portion_key(unit)))
            by_source[rec.source] = by_source.get(rec.source, 0) + 1
            if rec.nutrients.get("magnesium_mg") is None:
                missing_mg += 1
            words = {w for seg in segments for w in seg}
            for extra in rec.extra:
                words.update(_WORD.findall(extra.lower()))
            for w in words:
                doc_freq[w] = doc_freq.get(w, 0) + 1
        placeholders = ",".join("?" * len(food_rows[0]))
        con.executemany(f"INSERT INTO foods VALUES ({placeholders})", food_rows)
        con.executemany("INSERT INTO portions VALUES (?,?,?,?,?,?,?)", portion_rows)
        con.executemany("INSERT INTO foods_fts(rowid, name, extra) VALUES (?,?,?)", fts_rows)
        marks = ",".join("?" * (len(RANK_COLUMNS) + 1))
        con.executemany(f"INSERT INTO food_rank VALUES ({marks})", rank_rows)
        con.execute("INSERT INTO foods_fts(foods_fts) VALUES ('optimize')")
        con.executemany(
            "INSERT INTO vocab VALUES (?,?,?)",
            [(w, stems.get(w, w), n) for w, n in doc_freq.items()],
        )
        con.executemany(
            "INSERT INTO units VALUES (?,?,?)",
            [(u, kind, factor) for u, (kind, factor) in unit_factors().items()],
        )
        meta = {
            "schema_version": SCHEMA_VERSION,
            "inputs": json.dumps(input_fingerprint(usda_dir)),
            "usda_dir": str(usda_dir),
            "built_at_unix": str(int(time.time())),
            "canonical_units": json.dumps(sorted(CANONICAL_UNITS)),
            "foods_by_source": json.dumps(by_source),
        }
        con.executemany("INSERT INTO meta VALUES (?,?)", list(meta.items()))
        con.execute("COMMIT")
        con.execute("ANALYZE")
    finally:
        con.close()
    return BuildReport(
        db_path=path,
        foods=len(food_rows),
        portions=len(portion_rows),
        foods_by_source=by_source,
        missing_magnesium=missing_mg,
        seconds=0.0,
    )


def _write_checksums(path: Path, usda_dir: Path) -> None:
    sums = {name: _sha256(usda_dir / name) for name in INPUT_FILES}
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute(
                "INSERT INTO meta VALUES ('input_sha256', ?)", (json.dumps(sums, sort_keys=True),)
            )
    finally:
        con.close()
