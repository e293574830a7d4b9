"""The trimmed standard library the site ships instead of Pyodide's whole one.

Why: Pyodide's `python_stdlib.zip` is 2.5 MB and does not compress further, yet the calculator
and Pyodide's own start-up import about 150 of its 600 files. On a 1.6 Mbps link the
difference is about 9 seconds. `loadPyodide({stdLibURL})` takes the library's address, so the
build can hand the page a zip of just the files that are imported.

Which files: scripts/trace_stdlib.mjs boots the shipped Pyodide in Node, installs the
calculator's wheel the ways the page does, runs every kind of request through the page's
entry point, and also imports every standard-library module the calculator's source names
anywhere (so a lazy import on a path the requests miss is still covered); it reports the
library files then loaded. tests/pyodide runs the whole portable suite on the trimmed zip.

The files also lose their docstrings and comments (`stripped`), with every line kept where
it was so that a traceback still points at the right one: 0.53 MB instead of 0.89 MB.

Plain functions, called from site_build.runtime (GIST_STDLIB=full ships the whole library).
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import tokenize
import zipfile
from pathlib import Path

TRACE_SCRIPT = Path("scripts") / "trace_stdlib.mjs"
BOOT_CORE = Path("docs") / "assets" / "javascripts" / "gist-boot-core.js"
TRACE_TIMEOUT_S = 300
STDLIB_ENV = "GIST_STDLIB"
FULL_STDLIB = "python_stdlib.zip"
# What the traced files depend on besides the wheel: the runtime and the tracer.
TRACE_INPUTS = ("pyodide.asm.mjs", "pyodide.asm.wasm", FULL_STDLIB, "package.json")
PACKAGE = "gist_calculator"


class TrimError(RuntimeError):
    """The trimmed library could not be made; the message says why and what to do."""


def trimmed_wanted() -> bool:
    """Unless GIST_STDLIB=full: then the page loads Pyodide's whole library."""
    return os.environ.get(STDLIB_ENV, "trimmed").strip().lower() != "full"


def source_imports(package_dir: Path) -> list[str]:
    """Top-level modules the package's source imports anywhere, its own excepted."""
    names: set[str] = set()
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return sorted(name for name in names if name.split(".")[0] != PACKAGE)


def traced_files(root: Path, pyodide: Path, wheel: Path, modules: list[str]) -> list[str]:
    """The library's files (paths inside the zip) loaded by the calculator in real Pyodide."""
    node = shutil.which("node")
    if node is None:
        raise TrimError(
            "Node.js is needed to find what the calculator imports and 'node' was not found; "
            f"run 'make node', or ship the whole library: {STDLIB_ENV}=full."
        )
    command = [node, str(root / TRACE_SCRIPT), str(pyodide), str(wheel), *modules]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TRACE_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise TrimError(f"Tracing the standard library took over {error.timeout} s.") from error
    try:
        files = json.loads(done.stdout.strip().splitlines()[-1])["files"]
    except (IndexError, ValueError, KeyError, TypeError):
        files = None
    if done.returncode != 0 or not isinstance(files, list) or not files:
        raise TrimError(
            "Tracing the standard library the calculator needs failed (ship the whole one "
            f"with {STDLIB_ENV}=full):\n{done.stdout}{done.stderr}"
        )
    return [str(name) for name in files]


def stripped(text: str) -> str:
    """The module without docstrings and comments, each line at its place; or as it was.

    A docstring becomes an empty string of as many lines, a comment disappears, trailing
    blanks go. A file the build's Python cannot parse (newer syntax) stays as it was.
    """
    try:
        tree = ast.parse(text)
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (SyntaxError, tokenize.TokenError, ValueError):
        return text
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def at(lineno: int, utf8_col: int) -> int:  # ast columns count UTF-8 bytes
        return starts[lineno - 1] + len(lines[lineno - 1].encode()[:utf8_col].decode())

    spans: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
                and first.end_lineno is not None
                and first.end_col_offset is not None
            ):
                height = first.end_lineno - first.lineno
                empty = '"""' + "\n" * height + '"""' if height else '""'
                start = at(first.lineno, first.col_offset)
                spans.append((start, at(first.end_lineno, first.end_col_offset), empty))
    for token in tokens:
        if token.type == tokenize.COMMENT:  # tokenize columns count characters
            start = starts[token.start[0] - 1] + token.start[1]
            spans.append((start, starts[token.end[0] - 1] + token.end[1], ""))
    spans.sort()
    parts, last = [], 0
    for start, end, replacement in spans:
        if start < last:
            return text
        parts += [text[last:start], replacement]
        last = end
    parts.append(text[last:])
    result = "\n".join(line.rstrip() for line in "".join(parts).split("\n"))
    try:
        ast.parse(result)
    except SyntaxError:
        return text
    return result


def write_trimmed(full: Path, files: list[str], out: Path) -> None:
    """A zip of only `files` from Pyodide's library (with their folders), reproducibly."""
    wanted = set(files)
    for name in files:
        parts = name.split("/")[:-1]
        wanted.update("/".join(parts[: i + 1]) + "/" for i in range(len(parts)))
    with zipfile.ZipFile(full) as source:
        missing = sorted(set(files) - set(source.namelist()))
        if missing:
            raise TrimError(f"{full} lacks files the trace named: {', '.join(missing)}")
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                if info.filename in wanted:
                    data = source.read(info)
                    if info.filename.endswith(".py"):
                        data = stripped(data.decode("utf-8")).encode("utf-8")
                    kept = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                    kept.external_attr = info.external_attr
                    kept.compress_type = zipfile.ZIP_DEFLATED
                    target.writestr(kept, data, compresslevel=9)


def trimmed_stdlib(root: Path, wheel: Path, wheel_digest: str) -> Path:
    """The trimmed library for this wheel and Pyodide, made once and cached by both."""
    pyodide = root / "node_modules" / "pyodide"
    modules = source_imports(root / "calculator" / "src" / PACKAGE)
    key = hashlib.sha256(wheel_digest.encode() + b"\0" + "\n".join(modules).encode() + b"\0")
    key.update(Path(__file__).read_bytes())  # how the files are trimmed and stripped
    for path in [root / TRACE_SCRIPT, root / BOOT_CORE, *(pyodide / name for name in TRACE_INPUTS)]:
        if not path.is_file():
            raise TrimError(f"{path} is missing; run 'make node' (npm ci).")
        key.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    cache = Path(tempfile.gettempdir()) / "gist-site-stdlib" / f"{key.hexdigest()[:16]}.zip"
    if cache.is_file():
        return cache
    files = traced_files(root, pyodide, wheel, modules)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gist-stdlib-", dir=cache.parent) as tmp:
        out = Path(tmp) / cache.name
        write_trimmed(pyodide / FULL_STDLIB, files, out)
        out.replace(cache)
    return cache


def stdlib_site_path(stdlib: Path) -> str:
    """Its name inside assets/pyodide/: a content hash, so a browser may keep it for good."""
    digest = hashlib.sha256(stdlib.read_bytes()).hexdigest()[:16]
    return f"stdlib/{digest}/python_stdlib.zip"
