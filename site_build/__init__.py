"""The site's build, shared by both engines (MkDocs 1.6 + Material 9, and Zensical).

An engine turns docs/ into HTML; this package does the rest, one job per module:

- ``markers``: a Python-Markdown extension that replaces the pages' ``<!-- gist:... -->``
  markers with the calculator package's HTML (both engines run Markdown extensions);
- ``runtime``: the calculator's wheel, its pyodide-lock entry, the copy of Pyodide and the
  memory snapshot;
- ``pages``: what every built page gets afterwards (the boot <meta>, the offline copy's
  script and polyfill) and the checks on it (nothing fetched from elsewhere, links land);
- ``csp``: the Content-Security-Policy with the hashes of each page's inline scripts;
- ``offline``: Pyodide as classic scripts for the copy read from disk;
- ``finish``: all of the above after a build: ``python -m site_build finish SITE_DIR``;
- ``engines``: how each engine is run (``python -m site_build build``, ``serve``).

The build's settings travel as values (``project.Project``, ``finish.FinishOptions``, the
extension's configuration); no module keeps state between calls.
"""
