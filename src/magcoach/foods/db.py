"""Read access to the built food database: get a food, search foods."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from magcoach.errors import NotFound, SetupError
from magcoach.foods.model import NUTRIENT_KEYS, Food, FoodHit, Portion
from magcoach.foods.search import Searcher

if TYPE_CHECKING:
    from magcoach.settings import Settings

__all__ = ["Food", "FoodDB", "FoodHit", "Portion", "open_food_db"]

_FOOD_COLUMNS = (
    "rowid, id, source, source_id, description, food_group, "
    + ", ".join(NUTRIENT_KEYS)
    + ", value_note, provenance"
)


SURVEY_CACHE: Final = 4096  # FNDDS look-ups kept (a diary names few foods)


class FoodDB:
    """An open food database (read-only). Cheap to open; caches what it reads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise SetupError(
                f"No food database at {self.path}.",
                hint="Build it once from the USDA data.",
                field="food_db",
            )
        try:
            self.con = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
            )
            self.con.execute("SELECT 1 FROM foods LIMIT 1")
        except sqlite3.Error as exc:
            raise SetupError(
                f"The food database {self.path} cannot be read ({exc}).",
                hint="Build it again from the USDA data.",
                field="food_db",
            ) from None
        self.searcher = Searcher(self.con)
        self._by_rowid: dict[int, Food] = {}
        self._rowid_of: dict[str, int] = {}
        self._units: dict[str, tuple[str, float]] | None = None
        self._survey: dict[tuple[tuple[str, ...], int], list[Food]] = {}

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> FoodDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ foods
    def _food_from_row(self, row: tuple[object, ...]) -> Food:
        rowid = int(str(row[0]))
        values = row[6 : 6 + len(NUTRIENT_KEYS)]
        nutrients = MappingProxyType(
            {
                key: (None if v is None else float(str(v)))
                for key, v in zip(NUTRIENT_KEYS, values, strict=True)
            }
        )
        portions = tuple(
            Portion(description=d, grams=g, amount=a, unit=u, key=k)
            for d, g, a, u, k in self.con.execute(
                "SELECT description, grams, amount, unit, unit_key FROM portions "
                "WHERE food_rowid = ? ORDER BY seq",
                (rowid,),
            )
        )
        food = Food(
            id=str(row[1]),
            source=str(row[2]),
            source_id=str(row[3]),
            description=str(row[4]),
            group=str(row[5]),
            nutrients_per_100g=nutrients,
            portions=portions,
            provenance=tuple(json.loads(str(row[-1]))),
            value_note=str(row[-2] or ""),
        )
        self._by_rowid[rowid] = food
        self._rowid_of[food.id] = rowid
        return food

    def by_rowid(self, rowid: int) -> Food:
        food = self._by_rowid.get(rowid)
        if food is None:
            row = self.con.execute(
                f"SELECT {_FOOD_COLUMNS} FROM foods WHERE rowid = ?", (rowid,)
            ).fetchone()
            if row is None:
                raise NotFound(f"No food with row {rowid} in the food database.")
            food = self._food_from_row(row)
        return food

    def get(self, food_id: str) -> Food:
        """The food with this id ("sr:11458", "fndds:75209010", "fdc:2346404")."""
        rowid = self._rowid_of.get(food_id)
        if rowid is not None:
            return self._by_rowid[rowid]
        row = self.con.execute(f"SELECT {_FOOD_COLUMNS} FROM foods WHERE id = ?", (food_id,))
        found = row.fetchone()
        if found is None:
            # provenance ids (fdc ids of SR Legacy rows, older FNDDS codes) lead to the group
            found = self.con.execute(
                f"SELECT {_FOOD_COLUMNS} FROM foods WHERE provenance LIKE ?",
                (f'%"{food_id}"%',),
            ).fetchone()
        if found is None:
            raise NotFound(
                f"No food with id {food_id!r} in the food database.",
                hint="Ids look like sr:11458, fndds:75209010 or fdc:2346404; a food search "
                "shows them.",
                field="food",
            )
        return self._food_from_row(found)

    def survey_foods(self, words: Iterable[str], limit: int = 40) -> list[Food]:
        """FNDDS records (what people report eating) whose name holds every one of `words`,
        shortest name first: the survey's own record of a food SR analysed."""
        terms = tuple(w for w in words if w.isalpha())
        if not terms:
            return []
        found = self._survey.get((terms, limit))
        if found is None:
            rows = self.con.execute(
                "SELECT f.rowid FROM foods_fts JOIN foods f ON f.rowid = foods_fts.rowid "
                "WHERE foods_fts MATCH ? AND f.source LIKE 'FNDDS%' "
                "ORDER BY length(f.description) LIMIT ?",
                (" AND ".join(f'name:"{w}"' for w in terms), limit),
            ).fetchall()
            found = [self.by_rowid(int(rowid)) for (rowid,) in rows]
            if len(self._survey) < SURVEY_CACHE:
                self._survey[(terms, limit)] = found
        return found

    def foods_from(self, sources: Iterable[str], *, with_magnesium: bool = False) -> list[Food]:
        """Every food from these sources ("SR Legacy", "SR28"...), portions included, read
        in two queries (much quicker than `by_rowid` one food at a time). `with_magnesium`:
        only foods with a magnesium value above zero."""
        wanted = tuple(sources)
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))
        where = f"source IN ({marks})" + (" AND magnesium_mg > 0" if with_magnesium else "")
        portions: dict[int, list[Portion]] = {}
        for rowid, d, g, a, u, k in self.con.execute(
            "SELECT food_rowid, description, grams, amount, unit, unit_key FROM portions "
            f"WHERE food_rowid IN (SELECT rowid FROM foods WHERE {where}) "
            "ORDER BY food_rowid, seq",
            wanted,
        ):
            portions.setdefault(rowid, []).append(
                Portion(description=d, grams=g, amount=a, unit=u, key=k)
            )
        foods: list[Food] = []
        for row in self.con.execute(f"SELECT {_FOOD_COLUMNS} FROM foods WHERE {where}", wanted):
            values = row[6 : 6 + len(NUTRIENT_KEYS)]
            foods.append(
                Food(
                    id=str(row[1]),
                    source=str(row[2]),
                    source_id=str(row[3]),
                    description=str(row[4]),
                    group=str(row[5]),
                    nutrients_per_100g=MappingProxyType(
                        {
                            key: (None if v is None else float(v))
                            for key, v in zip(NUTRIENT_KEYS, values, strict=True)
                        }
                    ),
                    portions=tuple(portions.get(int(row[0]), ())),
                    provenance=tuple(json.loads(str(row[-1]))),
                    value_note=str(row[-2] or ""),
                )
            )
        return foods

    def named_in(self, sources: Iterable[str], reference_prefix: str = "FNDDS") -> set[str]:
        """Ids of foods from `sources` whose head words (the stems naming the food: "pumpkin
        squash" for "Seeds, pumpkin and squash seed kernels, dried"; plural-insensitive) all
        appear together in one description of a reference source (default FNDDS, the foods
        Americans report eating in NHANES)."""
        wanted = tuple(sources)
        if not wanted:
            return set()
        marks = ", ".join("?" * len(wanted))
        postings: dict[str, set[int]] = {}
        for rowid, name in self.con.execute(
            "SELECT r.rowid, r.name FROM food_rank r JOIN foods f ON f.rowid = r.rowid "
            "WHERE f.source LIKE ?",
            (reference_prefix + "%",),
        ):
            for stem in str(name).split():
                postings.setdefault(stem, set()).add(int(rowid))
        named: set[str] = set()
        for food_id, head in self.con.execute(
            "SELECT f.id, r.head_plain FROM food_rank r JOIN foods f ON f.rowid = r.rowid "
            f"WHERE f.source IN ({marks})",
            wanted,
        ):
            stems = sorted(str(head).split(), key=lambda s: len(postings.get(s, ())))
            if not stems or stems[0] not in postings:
                continue
            common = set(postings[stems[0]])
            for stem in stems[1:]:
                common &= postings.get(stem, set())
                if not common:
                    break
            if common:
                named.add(str(food_id))
        return named

    def search(self, query: str, limit: int = 10) -> list[FoodHit]:
        """Foods matching `query`, best first (empty list when nothing matches)."""
        limit = max(1, min(int(limit), 200))
        by_rowid = self.by_rowid
        return [
            FoodHit(by_rowid(rowid), score) for rowid, score in self.searcher.search(query, limit)
        ]

    def suggestions(self, query: str, limit: int = 3) -> list[str]:
        """Descriptions to offer after a failed lookup ("Did you mean: ...")."""
        hits = self.search(query, limit)
        if hits:
            return [h.food.description for h in hits]
        # nothing matched all words: try each word on its own
        out: list[str] = []
        for word in query.split():
            for hit in self.search(word, 1):
                if hit.food.description not in out:
                    out.append(hit.food.description)
        return out[:limit]

    # ------------------------------------------------------------ units
    def units(self) -> dict[str, tuple[str, float]]:
        """Canonical unit -> (mass|volume, grams or ml per unit), computed by pint at build."""
        if self._units is None:
            self._units = {
                unit: (kind, factor)
                for unit, kind, factor in self.con.execute("SELECT unit, kind, factor FROM units")
            }
        return self._units

    def meta(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT key, value FROM meta").fetchall())

    def count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM foods").fetchone()[0])


def open_food_db(settings: Settings, *, progress: bool = False) -> FoodDB:
    """Open the person's food database, building it first when it is missing or stale."""
    from magcoach.foods.build import build_database, build_needed

    db_path = settings.food_db
    usda_dir = settings.usda_dir
    if not db_path.is_file():
        if not usda_dir.is_dir():
            raise SetupError(
                f"The food database is not built yet and the USDA data folder {usda_dir} "
                "does not exist.",
                hint="Set MAGCOACH_USDA_DIR to the folder with the USDA files (sr28/, "
                "fdc_sr_legacy_2018_04/, ...), then build the food database.",
                field="food_db",
            )
        build_database(usda_dir, db_path, progress=progress)
    elif usda_dir.is_dir() and build_needed(usda_dir, db_path):
        build_database(usda_dir, db_path, progress=progress)
    return FoodDB(db_path)
