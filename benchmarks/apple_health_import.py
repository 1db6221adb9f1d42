"""Apple Health import in bounded memory: generate a >=200 MB export.xml, import it with the
real command line in a child process, report throughput (MB/s) and the child's peak RSS.

    python benchmarks/apple_health_import.py [--size-mb 200] [--keep]

The generated file looks like a real export: an internal DTD (no entities), mostly step-count
and heart-rate records, with dietary magnesium + energy samples per meal and lower-back-pain
records mixed in. Pass criterion from the issue: peak RSS under 200 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record type CDATA #REQUIRED unit CDATA #IMPLIED value CDATA #IMPLIED>
]>
<HealthData locale="en_GB">
 <ExportDate value="2026-06-15 09:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1982-03-01"/>
"""
SEVERITIES = ("Mild", "Moderate", "Severe", "NotPresent")


def record(kind: str, at: datetime, value: str, unit: str | None, app: str) -> str:
    stamp = at.strftime("%Y-%m-%d %H:%M:%S +0100")
    unit_attr = f' unit="{unit}"' if unit else ""
    return (
        f' <Record type="{kind}" sourceName="{app}" sourceVersion="17.4" '
        f'device="&lt;&lt;HKDevice: 0x28; name:iPhone, model:iPhone&gt;&gt;"{unit_attr} '
        f'creationDate="{stamp}" startDate="{stamp}" endDate="{stamp}" value="{value}"/>\n'
    )


def generate(path: Path, size_mb: int) -> dict[str, int]:
    target = size_mb * 1024 * 1024
    counts = {"records": 0, "meals": 0, "pain": 0}
    at = datetime(2018, 1, 1, 6, 0)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        written = len(HEAD)
        i = 0
        while written < target:
            i += 1
            # 2 minutes apart: 200 MB of records span about 2018-2021, all before the pinned
            # today (magcoach refuses entries dated in the future)
            at += timedelta(minutes=2)
            chunk = []
            if i % 30 == 0:
                chunk.append(
                    record(
                        "HKQuantityTypeIdentifierDietaryMagnesium",
                        at,
                        f"{40 + i % 90}.5",
                        "mg",
                        "MyFitnessPal",
                    )
                )
                chunk.append(
                    record(
                        "HKQuantityTypeIdentifierDietaryEnergyConsumed",
                        at,
                        f"{300 + i % 400}",
                        "kcal",
                        "MyFitnessPal",
                    )
                )
                counts["meals"] += 1
            elif i % 997 == 0:
                sev = SEVERITIES[i % 4]
                chunk.append(
                    record(
                        "HKCategoryTypeIdentifierLowerBackPain",
                        at,
                        f"HKCategoryValueSeverity{sev}",
                        None,
                        "Health",
                    )
                )
                counts["pain"] += 1
            elif i % 2:
                chunk.append(
                    record("HKQuantityTypeIdentifierStepCount", at, str(i % 900), "count", "iPhone")
                )
            else:
                chunk.append(
                    record(
                        "HKQuantityTypeIdentifierHeartRate",
                        at,
                        str(60 + i % 40),
                        "count/min",
                        "Apple Watch",
                    )
                )
            text = "".join(chunk)
            out.write(text)
            written += len(text)
            counts["records"] += len(chunk)
        out.write("</HealthData>\n")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="magcoach-ah-bench-"))
    xml = workdir / "export.xml"
    t0 = time.perf_counter()
    counts = generate(xml, args.size_mb)
    size_mb = xml.stat().st_size / 1024 / 1024
    print(
        f"generated {xml} ({size_mb:.1f} MB, {counts['records']:,} records, "
        f"{counts['meals']:,} meals, {counts['pain']:,} pain) in {time.perf_counter() - t0:.1f} s"
    )
    env = dict(os.environ, MAGCOACH_HOME=str(workdir / "home"), MAGCOACH_TODAY="2026-06-15")
    magcoach = [sys.executable, "-m", "magcoach"]
    subprocess.run(
        [*magcoach, "person", "add", "Bench", "--age", "44", "--sex", "female"],
        env=env,
        check=True,
        capture_output=True,
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    result = subprocess.run(
        [*magcoach, "import", "apple-health", str(xml), "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if result.returncode != 0:
        print(result.stderr)
        return 1
    report = json.loads(result.stdout)
    print(
        f"imported {report['imported']:,} entries ({report['skipped']} skipped) in "
        f"{seconds:.1f} s: {size_mb / seconds:.1f} MB/s"
    )
    print(
        f"peak RSS of the import process: {peak_mb:.0f} MB (limit 200 MB; the figure is the max "
        f"over child processes; the earlier `person add` alone peaked at {before / 1024:.0f} MB)"
    )
    t0 = time.perf_counter()
    again = subprocess.run(
        [*magcoach, "import", "apple-health", str(xml), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    print(
        f"second import: {json.loads(again.stdout)['duplicates']:,} duplicates, "
        f"{json.loads(again.stdout)['imported']} added, {time.perf_counter() - t0:.1f} s"
    )
    if not args.keep:
        xml.unlink()
    expected = counts["meals"] + counts["pain"]
    ok = peak_mb < 200 and report["imported"] == expected
    print(
        "PASS"
        if ok
        else f"FAIL: peak RSS {peak_mb:.0f} MB, imported {report['imported']} of {expected}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
