"""After either engine: ship the runtime into the built site and finish every page.

``python -m site_build finish SITE_DIR [--offline]`` (and, under MkDocs, the hook's
on_post_build) runs this. Online, the site gets Pyodide, the wheel in a copy of Pyodide's
lock file and the memory snapshot, and every page names the wheel and snapshot in its
<meta name="gist-boot">; offline, the site gets the payload scripts and the vendored search
polyfill instead. Then every page is checked (nothing fetched from elsewhere, links land)
and gets its Content-Security-Policy, last, so that it hashes the inline scripts as they
finally are. Running it twice on the same site gives the same site.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import csp, offline, pages, runtime, trimmed_stdlib
from .project import DOWNLOAD_ENV, DOWNLOAD_NAME, BuildError, Project

log = logging.getLogger("site_build")


@dataclass(frozen=True)
class FinishOptions:
    """How to finish a build."""

    offline: bool = False  # the copy read from disk (the engine's offline plugin was on)
    download: Path | None = None  # the offline zip to publish beside the online site
    snapshot: bool = True  # ship a Pyodide memory snapshot (GIST_SNAPSHOT=0: no)
    serving: bool = False  # pages for `mkdocs serve` only, never the built site (see csp.py)

    @classmethod
    def from_environment(
        cls, project: Project, environ: Mapping[str, str], *, offline: bool
    ) -> FinishOptions:
        return cls(
            offline=offline,
            download=None if offline else project.download_zip(environ.get(DOWNLOAD_ENV, "")),
            snapshot=runtime.snapshot_wanted(environ),
        )


def finish(site_dir: Path, options: FinishOptions, project: Project | None = None) -> None:
    project = project or Project.here()
    if not (site_dir / "index.html").is_file():
        raise BuildError(f"{site_dir} holds no built site (no index.html).")
    runtime.check_pyodide(project)
    wheel = runtime.built_wheel(project)
    stdlib = runtime.stdlib_for(project, wheel)
    snapshot = runtime.built_snapshot(project, wheel, stdlib) if options.snapshot else None
    shim: str | None = None
    boot: dict[str, object] = {}
    if options.offline:
        offline.write_offline_payload(site_dir, project, wheel, snapshot, stdlib)
        shim = offline.vendor_iframe_worker(site_dir, project)
    else:
        runtime.ship_online(site_dir, project, wheel, snapshot, stdlib)
        boot["wheel"] = wheel.site_path
        if snapshot is not None:
            boot |= {"snapshot": snapshot.site_path, "snapshot_id": snapshot.id}
        if stdlib is not None:
            boot["stdlib"] = trimmed_stdlib.stdlib_site_path(stdlib)
        boot["bytes"] = runtime.expected_bytes(project, wheel, stdlib, snapshot)
        if options.download is not None:
            shutil.copyfile(options.download, site_dir / DOWNLOAD_NAME)
            log.info("Published %s beside the site", options.download)

    problems: list[str] = []
    scans: dict[Path, pages.Scan] = {}
    styles = csp.theme_style_hashes(site_dir)
    for path in pages.pages_in(site_dir):
        where = path.relative_to(site_dir).as_posix()
        html = path.read_text(encoding="utf-8")
        if options.offline:
            html = offline.offline_page(html, pages.root_prefix(site_dir, path), where=where)
        else:
            html = pages.with_boot_meta(html, boot)
        problems += [
            f"{where}: the page would load {url!r} by an absolute URL; everything the site "
            "loads must come from the site itself, by a relative URL."
            for url in pages.offsite_fetches(html)
        ]
        worker = shim if shim is not None and "iframe-worker" in html else None
        html = csp.with_csp(
            html,
            offline=options.offline,
            iframe_worker=worker,
            where=where,
            style_hashes=styles,
            serving=options.serving,
        )
        path.write_text(html, encoding="utf-8")
        scans[path] = pages.scan(html)
    problems += pages.broken_links(site_dir, scans)
    if problems:
        raise BuildError("The built site has problems:\n" + "\n".join(problems))
    log.info(
        "Finished %s pages in %s (%s)",
        len(scans),
        site_dir,
        "offline" if options.offline else "online",
    )


def finish_from_environment(site_dir: Path, *, offline_copy: bool) -> None:
    project = Project.here()
    options = FinishOptions.from_environment(project, os.environ, offline=offline_copy)
    finish(site_dir, options, project)
