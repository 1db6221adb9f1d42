"""Checks on the files magcoach reads and writes, before it touches them (light: no imports
beyond the standard library, so the report and chart writers can use them too)."""

from __future__ import annotations

from pathlib import Path

from magcoach.errors import BadFile


def check_readable_file(path: Path, *, max_bytes: int | None = None) -> None:
    """Refuse at once what is not an ordinary file (a folder, /dev/urandom, a pipe) or is
    larger than `max_bytes`: reading those would hang or fill memory."""
    import stat

    try:
        info = path.stat()
    except FileNotFoundError:
        raise BadFile(f"No such file: {path}") from None
    except OSError as exc:
        raise BadFile(f"Cannot read {path}: {exc.strerror}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise BadFile(f"{path} is a folder; give the exported file inside it.")
    if not stat.S_ISREG(info.st_mode):
        raise BadFile(
            f"{path} is not an ordinary file (a device, pipe or socket); magcoach imports "
            "files saved on disk."
        )
    if max_bytes is not None and info.st_size > max_bytes:
        raise BadFile(f"{path.name} is larger than {max_bytes // (1024 * 1024)} MB.")


def check_output_file(path: Path) -> None:
    """Refuse to write over anything but an ordinary file: exports write beside the target and
    then move over it, which would replace a device such as /dev/full with a plain file."""
    if path.is_dir():
        raise BadFile(f"{path} is a folder; give a file name.")
    if path.exists() and not path.is_file():
        raise BadFile(f"{path} is not an ordinary file; give the name of a file to write.")
    if not path.parent.is_dir():
        raise BadFile(f"The folder {path.parent} does not exist.")
