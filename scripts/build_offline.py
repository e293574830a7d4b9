"""Build the offline copy of the site and zip it: `make offline` runs this.

The offline copy is the same MkDocs site built with Material's offline plugin switched on
(OFFLINE=true); the hook in hooks/gist_site.py then adds what a page opened from disk needs
(Pyodide as classic scripts, the search shim) and drops instant navigation. The zip holds one
folder, so that unzipping it anywhere gives a single folder with index.html at its top.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "dist" / "gist-guide-offline.zip"
FOLDER = "gist-guide-offline"  # the one top-level folder inside the zip
SIZE_LIMIT = 25_000_000  # bytes; the budget for the download


def build_site(site_dir: Path) -> None:
    """`mkdocs build --strict` with the offline plugin on, into site_dir."""
    env = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"error: the offline build failed (exit {done.returncode}).")


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


def build_offline_zip(out: Path = DEFAULT_OUT) -> Path:
    with tempfile.TemporaryDirectory(prefix="gist-offline-") as tmp:
        site_dir = Path(tmp) / FOLDER
        build_site(site_dir)
        zip_site(site_dir, out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the zip to write")
    args = parser.parse_args(argv)
    out = build_offline_zip(args.out.resolve())
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
