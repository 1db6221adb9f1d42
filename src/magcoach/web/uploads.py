"""Uploaded files: written to a private temporary folder under their own (cleaned) name, so the
importers see the suffix they read (.zip, .xml, .csv) and a report names the person's file,
not a temporary one. The folder goes when the request ends."""

from __future__ import annotations

import re
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import UploadFile

from magcoach.errors import BadFile

CHUNK_BYTES = 1024 * 1024


def clean_name(filename: str | None, fallback: str) -> str:
    """The file's own name without folders or unusual characters ("export (1).zip" stays)."""
    name = Path((filename or "").replace("\\", "/")).name
    name = re.sub(r"[^\w .()+-]", "_", name).strip(" .")
    return name[:120] or fallback


@asynccontextmanager
async def saved_upload(upload: UploadFile, fallback: str) -> AsyncIterator[Path]:
    with tempfile.TemporaryDirectory(prefix="magcoach-upload-") as folder:
        path = Path(folder) / clean_name(upload.filename, fallback)
        size = 0
        with path.open("wb") as out:
            while chunk := await upload.read(CHUNK_BYTES):
                size += len(chunk)
                out.write(chunk)
        if size == 0:
            raise BadFile("The file is empty: choose the export file again.", field="file")
        yield path
