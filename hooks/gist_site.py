"""The MkDocs adapter of the site's build (Zensical needs none): see site_build/.

MkDocs runs the markers through mkdocs.yml's markdown_extensions like Zensical does; this hook
only does what MkDocs alone needs:

- tell the markers extension which page it renders (Zensical passes that to every extension
  itself), through the extension's own ``page`` setting;
- import the calculator afresh on every rebuild, so that `mkdocs serve` shows edits to it;
- finish the output after each build (`python -m site_build finish`, in-process), so that
  `mkdocs build` and `mkdocs serve` alone give a working site.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # site_build/ sits beside hooks/
    sys.path.insert(0, str(ROOT))

from site_build.finish import FinishOptions, finish  # noqa: E402
from site_build.markers import PageContext  # noqa: E402
from site_build.project import PACKAGE, BuildError, Project  # noqa: E402

MARKERS = "site_build.markers"
# `mkdocs serve` (told by on_startup, the only event that knows): its dev server injects an
# inline reload script no hash can allow, so served pages allow inline scripts instead.
_SERVING: dict[str, bool] = {"serving": False}


def on_startup(*, command: str, **_: Any) -> None:
    _SERVING["serving"] = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check the markers extension is on; forget the calculator imported by the last build."""
    if MARKERS not in config.markdown_extensions:
        raise PluginError(f"mkdocs.yml must list {MARKERS} in markdown_extensions.")
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, **_: Any) -> str:
    """Name the page about to be rendered to the markers extension."""
    settings = config.mdx_configs.setdefault(MARKERS, {})
    settings["page"] = PageContext(
        source=page.file.src_uri,
        url=page.url,
        meta=dict(page.meta),
        site_url=config.site_url or "",
        directory_urls=config.use_directory_urls,
    )
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    """Ship Pyodide, the wheel and the snapshot, and finish every page (CSP last)."""
    settings = config.mdx_configs.get(MARKERS) or {}
    offline = str(settings.get("offline", False)).lower() in {"true", "1", "yes", "on"}
    try:
        project = Project.here()
        options = FinishOptions.from_environment(project, os.environ, offline=offline)
        options = replace(options, serving=_SERVING["serving"])
        finish(Path(config.site_dir), options, project)
    except BuildError as error:
        raise PluginError(str(error)) from error
