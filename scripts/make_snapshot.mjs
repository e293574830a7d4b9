// Makes the Pyodide memory snapshot the site restores instead of booting Python from scratch.
//
//   node scripts/make_snapshot.mjs PYODIDE_DIR WHEEL SNAPSHOT_ID OUT.gz
//
// Called by hooks/gist_site.py at build time. It boots the very Pyodide the site ships (from
// node_modules), installs the calculator's wheel, imports its browser entry point and calls
// it once for each treatment setting (so that lazily built state, such as compiled regular
// expressions, is in the image too), then writes the memory image gzipped. The page checks
// SNAPSHOT_ID (stored as `_gist_snapshot` in Python's __main__) before trusting the image.
//
// Pyodide's snapshot API is private (`_makeSnapshot`, `makeMemorySnapshot`): the page falls
// back to a normal boot on any error, and a snapshot must be remade for every Pyodide or
// calculator change (the build does so: the id holds both).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";

const [pyodideDir, wheelPath, snapshotId, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: make_snapshot.mjs PYODIDE_DIR WHEEL SNAPSHOT_ID OUT.gz");
  process.exit(2);
}

const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + path.sep,
  _makeSnapshot: true,
});
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
pyodide.unpackArchive(new Uint8Array(fs.readFileSync(wheelPath)), "wheel", {
  extractDir: sitePackages,
});
// Everything the page will call, imported and warmed up; nothing of JavaScript's is touched
// (a snapshot may only hold Python state).
pyodide.runPython(`
import json
import gist_calculator.bridge as _bridge

for _setting in ("resectable", "marginally-resectable", "unresectable", "recurrent"):
    _answer = json.loads(_bridge.handle(json.dumps({
        "setting": _setting, "size": "6", "mitoses": "3", "site": "stomach",
    })))
    assert _answer["results_html"] and not _answer["errors"], _answer["errors"]
del _setting, _answer, _bridge
_gist_snapshot = ${JSON.stringify(snapshotId)}
import gc
gc.collect()
`);
const image = pyodide.makeMemorySnapshot();
const packed = zlib.gzipSync(image, { level: 9 });
fs.writeFileSync(outPath + ".part", packed);
fs.renameSync(outPath + ".part", outPath);
console.log(`snapshot ${image.length} bytes, ${packed.length} gzipped`);
