"""Where the build finds its inputs: the checkout, Pyodide from npm, the calculator."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path


class BuildError(Exception):
    """A build cannot go on; the message says what to do (the engines show it as it is)."""


# Section ids the results may link to; each is a page `<id>.md` at the top of docs/.
SECTION_IDS = (
    "localised-smaller",
    "localised-larger",
    "unresectable",
    "recurrent",
    "understanding-risk",
    "medicines",
)
# The guideline pages must each carry a widget with a preset case.
GUIDELINE_PAGES = SECTION_IDS[:4]

PACKAGE = "gist_calculator"
DISTRIBUTION = "gist-calculator"  # the name the page script passes to loadPackage()
# Where Pyodide's files and the calculator's wheel go inside the built site.
PYODIDE_SITE_DIR = "assets/pyodide"
# The offline copy's zip, published beside the online site when the build is given one.
DOWNLOAD_NAME = "gist-guide-offline.zip"
DOWNLOAD_ENV = "GIST_OFFLINE_ZIP"


@dataclass(frozen=True)
class Project:
    """The checkout a build reads from."""

    root: Path

    @classmethod
    def here(cls) -> Project:
        """The checkout this package sits in (site_build/ is at its top)."""
        return cls(Path(__file__).resolve().parents[1])

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def calculator(self) -> Path:
        return self.root / "calculator"

    @property
    def pyodide(self) -> Path:
        return self.root / "node_modules" / "pyodide"

    @property
    def iframe_worker(self) -> Path:
        return self.root / "node_modules" / "iframe-worker" / "shim" / "index.js"

    @property
    def snapshot_script(self) -> Path:
        return self.root / "scripts" / "make_snapshot.mjs"

    def download_zip(self, named: str) -> Path | None:
        """The offline zip to publish beside the site (GIST_OFFLINE_ZIP); None if not named."""
        named = named.strip()
        if not named:
            return None
        path = Path(named)
        path = path if path.is_absolute() else self.root / path
        if not path.is_file() or not zipfile.is_zipfile(path):
            raise BuildError(
                f"{DOWNLOAD_ENV}={named!r} is not a zip file; run 'make offline' to build "
                f"dist/{DOWNLOAD_NAME} first, or unset {DOWNLOAD_ENV}."
            )
        return path
