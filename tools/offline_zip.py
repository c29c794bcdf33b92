"""Zip a built site into one reproducible archive: ``make offline`` (site-offline.zip).

Every entry, in sorted order, under one top folder (``mathproofs/``), with one fixed time
stamp and fixed permissions, so the same build gives the same bytes. A reader unzips it
and opens ``mathproofs/index.html`` from disk.

    python tools/offline_zip.py SITE_DIR OUT.zip
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

# The earliest time a zip entry can hold (1980-01-01), for every entry.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
TOP = "mathproofs"
FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--


def zip_site(site: Path, out: Path) -> int:
    """Write ``out`` from every file under ``site``; returns how many files it holds."""
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site}: no index.html (build the offline site first)")
    files = sorted(p for p in site.rglob("*") if p.is_file())
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{TOP}/{path.relative_to(site).as_posix()}", FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = FILE_MODE
            info.create_system = 3  # Unix, whatever system zips it
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return len(files)


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    count = zip_site(Path(argv[0]), Path(argv[1]))
    print(f"{argv[1]}: {count} files under {TOP}/")


if __name__ == "__main__":
    main(sys.argv[1:])
