// Makes the Pyodide memory snapshot the site restores instead of booting Python from scratch.
//
//   node scripts/make_snapshot.mjs PYODIDE_DIR WHEEL SNAPSHOT_ID OUT.gz [STDLIB.zip]
//
// Called by hooks/gist_site.py at build time. It boots the very Pyodide the site ships (from
// node_modules), installs the calculator's wheel, imports its browser entry point and calls
// it once for each treatment setting (so that lazily built state, such as compiled regular
// expressions, is in the image too), then writes the memory image gzipped. The page checks
// SNAPSHOT_ID (stored as `_gist_snapshot` in Python's __main__) before trusting the image.
//
// Pyodide's snapshot API is private (`_makeSnapshot`, `makeMemorySnapshot`): the page falls
// back to a normal boot on any error, and a snapshot must be remade for every Pyodide or
// calculator change (the build does so: the id holds both). STDLIB is the standard library
// the page will load (the trimmed one, site_build/trimmed_stdlib.py): the image holds Python's
// view of that very zip, so it must be made with it.
//
// Headroom: Pyodide 314 restores only an image that fits its fixed 30 MiB heap
// (pyodide/pyodide#6254). The image is restored here once, in a fresh Pyodide, and must
// answer a call; otherwise nothing is written and the build says why. The margin is printed.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";

const [pyodideDir, wheelPath, snapshotId, outPath, stdlibPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: make_snapshot.mjs PYODIDE_DIR WHEEL SNAPSHOT_ID OUT.gz [STDLIB.zip]");
  process.exit(2);
}
const HEAP_LIMIT = 30 * 1024 * 1024; // what Pyodide 314 restores into (pyodide#6254)

const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
// The page's own boot core: the same wheel unpacking and snapshot trust check.
const here = path.dirname(new URL(import.meta.url).pathname);
await import(pathToFileURL(path.join(here, "..", "docs", "assets", "javascripts", "gist-boot-core.js")).href);
const core = globalThis.gistBootCore;
const common = {
  indexURL: path.resolve(pyodideDir) + path.sep,
  ...(stdlibPath ? { stdLibURL: path.resolve(stdlibPath) } : {}),
};
const pyodide = await loadPyodide({ ...common, _makeSnapshot: true });
core.unpackWheel(pyodide, new Uint8Array(fs.readFileSync(wheelPath)));
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
// The image is the whole wasm memory (plus a small header): it restores while that memory
// never grew past the 30 MiB it starts with. The margin is what the heap has left in it.
const memory = pyodide._module.HEAPU8.length;
const used = pyodide._module._sbrk(0) >>> 0;
const margin = HEAP_LIMIT - used;
if (memory > HEAP_LIMIT || margin < 0) {
  console.error(
    `the snapshot's memory is ${memory} bytes (heap in use up to ${used}), over the 30 MiB ` +
      "Pyodide 314 restores (pyodide#6254): not shipped. Import less before the snapshot, " +
      "or build without it (GIST_SNAPSHOT=0)."
  );
  process.exit(1);
}
// Restore it once, as the page will, and ask it the page's probe question.
try {
  const restored = await loadPyodide({ ...common, _loadSnapshot: image });
  core.trustSnapshot(restored, snapshotId);
} catch (error) {
  console.error(`the snapshot did not restore, so it is not shipped: ${error?.stack ?? error}`);
  process.exit(1);
}
const packed = zlib.gzipSync(image, { level: 9 });
fs.writeFileSync(outPath + ".part", packed);
fs.renameSync(outPath + ".part", outPath);
console.log(
  `snapshot ${image.length} bytes, ${packed.length} gzipped; restored once in Node; ` +
    `${margin} bytes (${(margin / 1024 / 1024).toFixed(2)} MiB) under the 30 MiB limit`
);
