// Lists the files of Pyodide's standard library that the calculator and Pyodide's own
// start-up actually import, so that the build can ship a trimmed library (a few hundred kB
// instead of 2.5 MB; site_build/trimmed_stdlib.py).
//
//   node scripts/trace_stdlib.mjs PYODIDE_DIR WHEEL [MODULE ...]
//
// It boots the very Pyodide the site ships, then walks every path the page takes: the wheel
// unpacked into site-packages (worker, offline copy) and installed by loadPackage (the page's
// main-thread fallback), the Python lines the page scripts run, and the calculator's entry
// point called for each kind of request and context. MODULE names are imported as well: the
// build passes every standard-library module the calculator's source names anywhere (an
// import inside a function included), so that a path these calls miss is still covered.
// Prints one JSON object: {"prefix": ..., "files": [paths inside the zip]}.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, ...modules] = process.argv.slice(2);
if (!wheelPath) {
  console.error("usage: trace_stdlib.mjs PYODIDE_DIR WHEEL [MODULE ...]");
  process.exit(2);
}

const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + path.sep,
  stdout: () => {},
  stderr: (line) => console.error(line),
});
// What gist-loader.js and gist-worker.mjs run: their own boot core.
const here = path.dirname(new URL(import.meta.url).pathname);
await import(pathToFileURL(path.join(here, "..", "docs", "assets", "javascripts", "gist-boot-core.js")).href);
globalThis.gistBootCore.unpackWheel(pyodide, new Uint8Array(fs.readFileSync(wheelPath)));
try {
  await pyodide.loadPackage(path.resolve(wheelPath), { messageCallback() {}, errorCallback() {} });
} catch (error) {
  console.error(`loadPackage of the wheel failed (traced without it): ${error}`);
}
pyodide.runPython("import random; random.seed()");
pyodide.globals.set("_extra_modules", pyodide.toPy(modules));
const traced = pyodide.runPython(`
import importlib
import json
import sys

import gist_calculator.bridge as _bridge

_requests = [
    {},
    {"size": "4", "mitoses": "3", "site": "stomach"},
    {"size": "40", "size_unit": "mm", "mitoses": "12", "mitoses_unit": "per-50hpf",
     "site": "rectum", "rupture": "true", "nodes": "positive", "metastasis": "absent"},
    {"size": "4", "mitoses": "7", "mitoses_unit": "per-area", "mitoses_area": "2.5",
     "site": "colon", "command": "risk"},
    {"size": "x", "mitoses": "-1", "site": "moon"},
]
for _setting in ("resectable", "marginally-resectable", "unresectable", "recurrent"):
    for _mutation in ("unknown", "kit-exon-11", "pdgfra-d842v", "sdh-deficient"):
        _requests.append({"setting": _setting, "size": "6", "mitoses": "3", "site": "stomach",
                          "mutation": _mutation, "progressed_on": ["imatinib"],
                          "intolerant_of": "sunitinib"})
for _request in _requests:
    for _context in ("{}", json.dumps({"form_values": True})):
        json.loads(_bridge.handle(json.dumps(_request), _context))
_bridge.handle("not json", "{}")
for _name in _extra_modules:
    try:
        importlib.import_module(_name)
    except ImportError:
        pass  # not in Pyodide's library (a platform module): nothing to ship
_prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
json.dumps({"prefix": _prefix, "files": sorted({
    m.__file__[len(_prefix):] for m in list(sys.modules.values())
    if isinstance(getattr(m, "__file__", None), str) and m.__file__.startswith(_prefix)
})})
`);
process.stdout.write(traced + "\n");
