"""Build the offline copy of the site and zip it: `make offline` runs this.

The offline copy is the same site built with the engine's offline plugin switched on
(OFFLINE=true); `site_build finish --offline` then adds what a page opened from disk needs
(Pyodide as classic scripts, the vendored search polyfill) and drops instant navigation. Either
engine builds it (--engine mkdocs, the default, or zensical). The zip holds one folder, so that
unzipping it anywhere gives a single folder with index.html at its top.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # site_build/ sits at the top of the checkout
    sys.path.insert(0, str(REPO))

from site_build.engines import ENGINES, build  # noqa: E402
from site_build.project import BuildError  # noqa: E402

DEFAULT_OUT = REPO / "dist" / "gist-guide-offline.zip"
FOLDER = "gist-guide-offline"  # the one top-level folder inside the zip
SIZE_LIMIT = 25_000_000  # bytes; the budget for the download


def build_site(site_dir: Path, engine: str = "mkdocs") -> None:
    """The engine's strict build with the offline plugin on, finished, into site_dir."""
    try:
        build(engine, site_dir, offline=True)
    except BuildError as error:
        raise SystemExit(f"error: the offline build failed: {error}") from error


def zip_site(site_dir: Path, out: Path) -> None:
    """Zip site_dir as FOLDER/..., entries sorted and dated alike so a rebuild is the same."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site_dir).as_posix()}", stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes(), compresslevel=9)
    partial.replace(out)


def build_offline_zip(out: Path = DEFAULT_OUT, engine: str = "mkdocs") -> Path:
    with tempfile.TemporaryDirectory(prefix="gist-offline-") as tmp:
        site_dir = Path(tmp) / FOLDER
        build_site(site_dir, engine)
        zip_site(site_dir, out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the zip to write")
    parser.add_argument("--engine", choices=ENGINES, default="mkdocs", help="the site's engine")
    args = parser.parse_args(argv)
    out = build_offline_zip(args.out.resolve(), args.engine)
    size = out.stat().st_size
    print(
        f"Wrote {out.relative_to(REPO) if out.is_relative_to(REPO) else out} ({size / 1e6:.1f} MB)"
    )
    if size > SIZE_LIMIT:
        print(f"error: the zip is larger than {SIZE_LIMIT / 1e6:.0f} MB.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
