"""Running either engine, then finishing its output: ``python -m site_build build|serve``.

MkDocs 1.6 (with Material 9) runs the markers through mkdocs.yml's markdown_extensions and
finishes its own output through the thin hook (hooks/gist_site.py), so ``mkdocs build`` and
``mkdocs serve`` alone give a working site. Zensical runs the same Markdown extensions but no
hooks: its output is finished here, after it. Zensical only writes inside the checkout
(site_dir must be within the project root), so a site asked for elsewhere is built under
build/ first and moved.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from .finish import FinishOptions, finish
from .project import BuildError, Project
from .serving import SubPathServer

log = logging.getLogger("site_build")

ENGINES = ("mkdocs", "zensical")
SITE_DIR_ENV = "GIST_SITE_DIR"  # mkdocs.yml's site_dir (Zensical has no --site-dir)
# What a rebuild under `serve` watches (Zensical's own server would not finish its output).
WATCHED = ("docs", "overrides", "calculator/src", "site_build", "mkdocs.yml")


def engine_environment(
    project: Project, *, offline: bool, base: Mapping[str, str]
) -> dict[str, str]:
    """The engines' environment: the offline plugin's switch, and this package importable."""
    env = {**base, "NO_MKDOCS_2_WARNING": "1"}
    env["OFFLINE"] = "true" if offline else "false"
    paths = [str(project.root), *filter(None, base.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def build(
    engine: str,
    site_dir: Path,
    *,
    offline: bool = False,
    project: Project | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """Build the finished site into site_dir with the engine; the engine's log."""
    project = project or Project.here()
    environ = dict(os.environ if environ is None else environ)
    env = engine_environment(project, offline=offline, base=environ)
    site_dir = site_dir.resolve()
    if engine == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
        return _run(command, project, env, "mkdocs build --strict")
    if engine != "zensical":
        raise BuildError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}.")
    _check_target(site_dir, project)
    inside = site_dir.is_relative_to(project.root)
    scratch = project.root / "build"
    scratch.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zensical-", dir=scratch) as tmp:
        target = site_dir if inside else Path(tmp) / "site"
        if target.exists():
            shutil.rmtree(target)
        env[SITE_DIR_ENV] = target.relative_to(project.root).as_posix()
        command = [sys.executable, "-m", "zensical", "build", "--clean", "--strict"]
        output = _run(command, project, env, "zensical build --strict")
        if not (target / "index.html").is_file():
            raise BuildError(f"zensical build wrote no index.html into {target}:\n{output}")
        finish(target, FinishOptions.from_environment(project, environ, offline=offline), project)
        if not inside:
            if site_dir.exists():
                shutil.rmtree(site_dir)
            site_dir.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(target, site_dir)
    return output


def _check_target(site_dir: Path, project: Project) -> None:
    """Zensical's output folder is emptied first: never the checkout or a folder of it."""
    if site_dir == project.root or project.root.is_relative_to(site_dir):
        raise BuildError(f"refusing to build into {site_dir}: it holds the checkout.")
    if site_dir.is_relative_to(project.root) and site_dir.parts[len(project.root.parts)] in {
        "docs",
        "calculator",
        "site_build",
        "hooks",
        "overrides",
        "tests",
        "scripts",
    }:
        raise BuildError(f"refusing to build into {site_dir}: it is part of the source.")


def _run(command: list[str], project: Project, env: Mapping[str, str], what: str) -> str:
    done = subprocess.run(
        command, cwd=project.root, env=dict(env), capture_output=True, text=True, check=False
    )
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise BuildError(f"`{what}` failed (exit {done.returncode}):\n{output}")
    return output


# ---------------------------------------------------------------- serve


def serve(engine: str, address: str, sub_path: str, project: Project | None = None) -> None:
    """Build, serve under sub_path, and rebuild when a source changes (Ctrl+C stops)."""
    project = project or Project.here()
    env = engine_environment(project, offline=False, base=os.environ)
    env["SITE_URL"] = f"http://{address}{sub_path}"
    if engine == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address]
        subprocess.run(command, cwd=project.root, env=env, check=False)
        return
    if engine != "zensical":
        raise BuildError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}.")
    site_dir = project.root / "build" / "serve-zensical"
    host, port = address.rsplit(":", 1)
    server = SubPathServer(site_dir, sub_path, host=host, port=int(port)).start()
    seen = _stamps(project)
    build("zensical", site_dir, project=project, environ=env)
    print(f"Serving {site_dir} at http://{address}{sub_path} (rebuilds on change)", flush=True)
    try:
        while True:
            time.sleep(1)
            now = _stamps(project)
            if now != seen:
                seen = now
                try:
                    build("zensical", site_dir, project=project, environ=env)
                    print("Rebuilt the site.", flush=True)
                except BuildError as error:
                    print(f"error: {error}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _stamps(project: Project) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in _watched_files(project)}


def _watched_files(project: Project) -> Iterator[Path]:
    for name in WATCHED:
        path = project.root / name
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from (p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
