"""What the browser runs: Pyodide, the calculator's wheel in its lock file, the snapshot.

The wheel is built by `build` (the standard front end) and registered with pyodide-lock's own
`add_wheels_to_spec`, so the page's `loadPackage("gist-calculator")` checks it like any of
Pyodide's packages. Both the wheel and the snapshot are cached by the digest of what they are
made from, so a rebuild (``make serve``) costs nothing when the calculator has not changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from build import BuildBackendException, ProjectBuilder
from pyodide_lock import PyodideLockSpec
from pyodide_lock.utils import add_wheels_to_spec

from . import trimmed_stdlib
from .project import DISTRIBUTION, PACKAGE, PYODIDE_SITE_DIR, BuildError, Project

log = logging.getLogger("site_build")

PYODIDE_FILES = (
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)
LOCK_FILE = "pyodide-lock.json"

# The memory snapshot: Pyodide's memory with the calculator imported, made in Node by
# scripts/make_snapshot.mjs with the very Pyodide the site ships, so the page can restore it
# instead of booting Python (see gist-worker.mjs). GIST_SNAPSHOT=0 leaves it out.
SNAPSHOT_DIR = "snapshots"  # inside PYODIDE_SITE_DIR
SNAPSHOT_ENV = "GIST_SNAPSHOT"
SNAPSHOT_TIMEOUT_S = 300
# What the image depends on besides the wheel: the runtime it was made with and its maker.
SNAPSHOT_INPUTS = ("pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "package.json")

# A fixed zip timestamp makes the wheel, and so its sha256 in the lock file, reproducible.
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, the earliest date a zip can hold
# Build leftovers and tool caches (any name starting with a dot) are not part of the source.
SKIPPED_PARTS = {"build", "dist", "__pycache__"}
CACHE = Path(tempfile.gettempdir()) / "gist-site-build"


@dataclass(frozen=True)
class Wheel:
    """The calculator's wheel and where it goes inside assets/pyodide/."""

    path: Path
    sha256: str

    @property
    def site_path(self) -> str:
        """The digest in the path keeps a browser from pairing a new lock with an old wheel."""
        return f"wheels/{self.sha256[:16]}/{self.path.name}"


@dataclass(frozen=True)
class Snapshot:
    path: Path  # gzipped
    id: str

    @property
    def site_path(self) -> str:
        return f"{SNAPSHOT_DIR}/{self.id}.bin.gz"


def snapshot_wanted(environ: Mapping[str, str]) -> bool:
    """Unless GIST_SNAPSHOT says no: then the pages boot Python normally, and no Node is needed."""
    return environ.get(SNAPSHOT_ENV, "1").strip().lower() not in {"0", "false", "no", "off"}


def check_pyodide(project: Project) -> None:
    missing = [n for n in (*PYODIDE_FILES, LOCK_FILE) if not (project.pyodide / n).is_file()]
    if missing:
        raise BuildError(
            f"Pyodide's files are missing from {project.pyodide} ({', '.join(missing)}); "
            "run 'make node' (npm ci)."
        )


def stdlib_for(project: Project, wheel: Wheel) -> Path | None:
    """The trimmed standard library for this wheel (None: GIST_STDLIB=full, the whole one)."""
    if not trimmed_stdlib.trimmed_wanted():
        return None
    try:
        return trimmed_stdlib.trimmed_stdlib(project.root, wheel.path, wheel.sha256)
    except trimmed_stdlib.TrimError as error:
        raise BuildError(str(error)) from error


def expected_bytes(
    project: Project, wheel: Wheel, stdlib: Path | None, snapshot: Snapshot | None
) -> dict[str, int]:
    """What the page's progress bar expects to receive (decoded), without and with snapshot."""
    pyodide = project.pyodide
    library = stdlib or pyodide / trimmed_stdlib.FULL_STDLIB
    common = sum(
        path.stat().st_size
        for path in (pyodide / "pyodide.asm.wasm", pyodide / LOCK_FILE, library)
        if path.is_file()
    )
    sizes = {"boot": common + wheel.path.stat().st_size}
    if snapshot is not None:
        sizes["snapshot"] = common + snapshot.path.stat().st_size
    return sizes


def ship_online(
    site_dir: Path,
    project: Project,
    wheel: Wheel,
    snapshot: Snapshot | None,
    stdlib: Path | None,
) -> None:
    """Pyodide, the wheel in a copy of Pyodide's lock file, the snapshot and the trimmed
    standard library, in the site."""
    target = site_dir / PYODIDE_SITE_DIR
    for name in PYODIDE_FILES:
        copy_if_changed(project.pyodide / name, target / name)
    copy_if_changed(wheel.path, target / wheel.site_path)
    if snapshot is not None:
        copy_if_changed(snapshot.path, target / snapshot.site_path)
    if stdlib is not None:
        copy_if_changed(stdlib, target / trimmed_stdlib.stdlib_site_path(stdlib))
    locked = lock_with_wheel(project.pyodide / LOCK_FILE, target / wheel.site_path, target)
    (target / LOCK_FILE).write_text(
        json.dumps(locked, separators=(",", ":"), sort_keys=True), encoding="utf-8"
    )
    log.info("Shipped Pyodide and %s as %s/%s", wheel.path.name, PYODIDE_SITE_DIR, wheel.site_path)


def lock_with_wheel(lock_file: Path, wheel: Path, base: Path) -> dict[str, object]:
    """Pyodide's lock with the wheel added by pyodide-lock (file_name relative to `base`)."""
    spec = add_wheels_to_spec(PyodideLockSpec.from_json(lock_file), [wheel], base_path=base)
    entry = spec.packages.get(DISTRIBUTION)
    if entry is None or entry.imports != [PACKAGE] or entry.depends:
        raise BuildError(
            f"pyodide-lock registered the calculator's wheel as {entry!r}; expected "
            f"{DISTRIBUTION} importing {PACKAGE} with no dependencies."
        )
    return dict(spec.to_dict())


# ---------------------------------------------------------------- the wheel


def built_wheel(project: Project) -> Wheel:
    """The calculator's wheel, built by `build` once per distinct source (cached)."""
    source_dir = project.calculator
    cache = CACHE / "wheels" / tree_digest(source_dir)
    wheels = sorted(cache.glob("*.whl"))
    if len(wheels) != 1:
        with tempfile.TemporaryDirectory(prefix="gist-wheel-") as tmp:
            # Build from a copy so setuptools leaves no build/ or egg-info in the checkout.
            copy = Path(tmp) / "calculator"
            shutil.copytree(source_dir, copy, ignore=_ignore_build_leftovers)
            built = _build_wheel(copy, Path(tmp) / "out")
            check_wheel(built, source_dir / "src" / PACKAGE)
            staged = Path(tmp) / "staged"
            staged.mkdir()
            shutil.copy2(built, staged / built.name)
            cache.parent.mkdir(parents=True, exist_ok=True)
            try:
                staged.rename(cache)
            except OSError:  # another build filled the cache first
                if not cache.is_dir():
                    raise
        wheels = sorted(cache.glob("*.whl"))
    return Wheel(wheels[0], hashlib.sha256(wheels[0].read_bytes()).hexdigest())


def _build_wheel(source: Path, out: Path) -> Path:
    """`python -m build --wheel --no-isolation`, through build's API, quietly."""

    def runner(
        cmd: Sequence[str], cwd: str | None = None, extra_environ: Mapping[str, str] | None = None
    ) -> None:
        env = {**os.environ, **(extra_environ or {}), "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BuildError(
                "Building the calculator's wheel failed (is setuptools installed? run "
                f"'make venv'):\n{done.stdout}{done.stderr}"
            )

    builder = ProjectBuilder(source, python_executable=sys.executable, runner=runner)
    missing = builder.check_dependencies("wheel")
    if missing:
        raise BuildError(f"The wheel's build needs {sorted(map(str, missing))}; run 'make venv'.")
    try:
        return Path(builder.build("wheel", out))
    except BuildBackendException as error:
        raise BuildError(f"Building the calculator's wheel failed: {error}") from error


def check_wheel(wheel: Path, package_dir: Path) -> None:
    """Pyodide can only install a pure wheel; a file left out would break the browser only."""
    if not wheel.name.endswith("-py3-none-any.whl"):
        raise BuildError(f"The calculator's wheel {wheel.name} is not pure Python.")
    with zipfile.ZipFile(wheel) as archive:
        inside = set(archive.namelist())
    expected = {
        f"{PACKAGE}/{path.relative_to(package_dir).as_posix()}"
        for path in source_files(package_dir)
    }
    left_out = sorted(expected - inside)
    if left_out or f"{PACKAGE}/bridge.py" not in inside:
        raise BuildError(
            f"The calculator's wheel {wheel.name} lacks files the browser needs: "
            f"{', '.join(left_out) or PACKAGE + '/bridge.py'} (check the package data and "
            "__init__.py files in calculator/)."
        )


# ---------------------------------------------------------------- the snapshot


def built_snapshot(project: Project, wheel: Wheel, stdlib: Path | None) -> Snapshot:
    """The gzipped memory snapshot, made once per wheel and Pyodide (cached).

    Pyodide's snapshot API is private: the page checks the id and falls back to a normal boot
    on any failure, so a snapshot only ever makes the calculator start sooner.
    """
    key = hashlib.sha256(wheel.sha256.encode() + b"\0")
    for path in [project.snapshot_script, *(project.pyodide / n for n in SNAPSHOT_INPUTS)]:
        if not path.is_file():
            raise BuildError(f"{path} is missing; run 'make node' (npm ci).")
        key.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    # The image holds the standard library the page will load: the trimmed one, or the whole.
    library = stdlib or project.pyodide / trimmed_stdlib.FULL_STDLIB
    key.update(b"stdlib\0" + hashlib.sha256(library.read_bytes()).digest())
    snapshot_id = key.hexdigest()[:16]
    cache = CACHE / "snapshots" / f"{snapshot_id}.bin.gz"
    if cache.is_file():
        return Snapshot(cache, snapshot_id)
    node = shutil.which("node")
    if node is None:
        raise BuildError(
            "Node.js is needed to make the Pyodide memory snapshot and 'node' was not found; "
            f"run 'make node', or build without the snapshot: {SNAPSHOT_ENV}=0."
        )
    cache.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gist-snapshot-", dir=cache.parent) as tmp:
        out = Path(tmp) / cache.name
        script, pyodide = str(project.snapshot_script), str(project.pyodide)
        command = [node, script, pyodide, str(wheel.path), snapshot_id, str(out), str(library)]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=SNAPSHOT_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise BuildError(f"Making the memory snapshot took over {error.timeout} s.") from error
        if done.returncode != 0 or not out.is_file():
            raise BuildError(
                "Making the Pyodide memory snapshot failed (build without it with "
                f"{SNAPSHOT_ENV}=0):\n{done.stdout}{done.stderr}"
            )
        out.replace(cache)
    log.info("Made the memory snapshot %s (%s)", snapshot_id, done.stdout.strip())
    return Snapshot(cache, snapshot_id)


# ---------------------------------------------------------------- files


def tree_digest(project: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(source_files(project)):
        digest.update(path.relative_to(project).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def source_files(project: Path) -> Iterator[Path]:
    for path in project.rglob("*"):
        parts = path.relative_to(project).parts
        if path.is_file() and not any(_skipped(part) for part in parts):
            yield path


def _skipped(name: str) -> bool:
    return name in SKIPPED_PARTS or name.startswith(".") or name.endswith((".egg-info", ".pyc"))


def _ignore_build_leftovers(_directory: str, names: list[str]) -> set[str]:
    return {name for name in names if _skipped(name)}


def copy_if_changed(source: Path, target: Path) -> None:
    """Copy unless an identical file (same size and time) is there from the last build."""
    if target.is_file():
        old, new = target.stat(), source.stat()
        if old.st_size == new.st_size and int(old.st_mtime) == int(new.st_mtime):
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
