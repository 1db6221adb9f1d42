"""Exports as downloads: the use case writes into a private temporary folder, the browser gets
the bytes (the CSV export's two files zipped together)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from fastapi.responses import Response

from magcoach.app import transfer
from magcoach.app.context import Context


def _attachment(body: bytes, name: str, media_type: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def export_download(
    ctx: Context, kind: str, *, start: str | None = None, end: str | None = None
) -> Response:
    stamp = ctx.clock.today().isoformat()
    with tempfile.TemporaryDirectory(prefix="magcoach-export-") as folder:
        where = Path(folder)
        if kind == "csv":
            view = transfer.export_csv(ctx, where / "magcoach-entries.csv", start=start, end=end)
            packed = io.BytesIO()
            with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
                for file in (view.entries_file, view.days_file):
                    archive.write(file, Path(file).name)
            return _attachment(packed.getvalue(), f"magcoach-{stamp}-csv.zip", "application/zip")
        if kind == "backup":
            backup = transfer.export_backup(ctx, where / "backup.json")
            body = Path(backup.file).read_bytes()
            return _attachment(body, f"magcoach-backup-{stamp}.json", "application/json")
        fhir = transfer.export_fhir(ctx, where / "fhir.json", start=start, end=end)
        body = Path(fhir.file).read_bytes()
        return _attachment(body, f"magcoach-fhir-{stamp}.json", "application/fhir+json")
