/*
 * Runs Pyodide and the calculator off the page's main thread, so the page never freezes
 * while Python starts. gist-loader.js starts this module worker on sites served over
 * http(s) (module workers cannot start from file://) and talks to it by messages:
 *
 *   page -> worker  {type: "boot", config}                  once, first
 *   worker -> page  {type: "ready", strategy, timings}
 *                   {type: "snapshot-failed", error}        the page then starts a fresh
 *                                                           worker, without the snapshot
 *                   {type: "failed", error}
 *   page -> worker  {type: "call", id, request, context}    JSON strings in
 *   worker -> page  {type: "result", id, response}          the package's JSON out
 *                   {type: "error", id, error}
 *
 * config: indexURL (Pyodide's folder), lockURL, wheelURL; snapshotURL and snapshotId when the
 * build made a memory snapshot (hooks/gist_site.py, scripts/make_snapshot.mjs). Every file
 * is asked for at once: the snapshot (or the wheel) here, Pyodide's own files inside
 * loadPyodide, all in parallel. A snapshot is a private Pyodide API with known bugs: it is
 * only trusted once its id matches and a call through it gives an answer.
 */
import { loadPyodide } from "../pyodide/pyodide.mjs";

const PACKAGE = "gist-calculator"; // the distribution the lock file names
const BRIDGE = "gist_calculator.bridge";
// A call the restored image must answer before the page is told it is ready.
const PROBE = JSON.stringify({ setting: "resectable", size: "5", mitoses: "2", site: "stomach" });

let handle = null; // gist_calculator.bridge.handle, once Python is ready
const timings = { origin: performance.timeOrigin, start: Math.round(performance.now()) };

function note(name) {
  timings[name] = Math.round(performance.now());
}

function quiet(promise) {
  promise.catch(() => {}); // awaited later; an early failure must not be "unhandled"
  return promise;
}

async function fetchOk(url, options) {
  const response = await fetch(url, options);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

async function gunzipped(url) {
  const response = await fetchOk(url);
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  note("snapshot-unpacked");
  return bytes;
}

async function fromSnapshot(config, lock) {
  const pyodide = await loadPyodide({
    indexURL: config.indexURL,
    lockFileContents: lock,
    packageBaseUrl: config.indexURL,
    _loadSnapshot: quiet(gunzipped(config.snapshotURL)),
  });
  note("restored");
  const id = pyodide.globals.get("_gist_snapshot");
  if (id !== config.snapshotId) {
    throw new Error(`the snapshot is ${id}, not ${config.snapshotId}`);
  }
  // A snapshot fixes the random state it was made with: draw a fresh seed.
  pyodide.runPython("import random; random.seed()");
  const restored = pyodide.pyimport(BRIDGE).handle;
  const answer = JSON.parse(restored(PROBE, "{}"));
  if (!answer.results_html || answer.internal_error) {
    throw new Error(`the restored calculator did not answer: ${answer.internal_error || ""}`);
  }
  return restored;
}

async function fromScratch(config, lock) {
  // The wheel, fetched while Python boots, goes straight into site-packages.
  const wheel = config.wheelURL
    ? quiet(fetchOk(config.wheelURL).then((response) => response.arrayBuffer()))
    : null;
  const pyodide = await loadPyodide({
    indexURL: config.indexURL,
    lockFileContents: lock,
    packageBaseUrl: config.indexURL,
  });
  note("booted");
  const problems = [];
  if (wheel) {
    const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
    pyodide.unpackArchive(new Uint8Array(await wheel), "wheel", { extractDir: sitePackages });
    pyodide.runPython("import importlib; importlib.invalidate_caches()");
  } else {
    await pyodide.loadPackage(PACKAGE, {
      messageCallback() {},
      errorCallback(message) {
        problems.push(message);
      },
    });
  }
  try {
    return pyodide.pyimport(BRIDGE).handle;
  } catch (error) {
    throw new Error(problems.concat(String(error)).join("\n"));
  }
}

// Pyodide 314 does not reject when its wasm cannot be fetched: it logs a warning and waits
// forever. Watch that one fetch, so a boot that cannot succeed fails at once and the page
// can fall back, and in the end say that the calculator could not start (issue 6).
function wasmFailure() {
  const realFetch = self.fetch;
  let fail;
  const failed = new Promise((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {}); // raced below; a failure after the boot needs no handler
  const wasmError = (error) => {
    error.wasm = true; // not the snapshot's fault: a fresh worker would fail alike
    fail(error);
  };
  self.fetch = (input, init) => {
    const answer = realFetch.call(self, input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (/\/pyodide\.asm\.wasm(?:[?#]|$)/.test(url)) {
      answer.then((response) => {
        if (!response.ok) wasmError(new Error(`pyodide.asm.wasm: HTTP ${response.status}`));
      }, wasmError);
    }
    return answer;
  };
  return failed;
}

async function boot(config) {
  note("boot");
  const wasmFailed = wasmFailure();
  // The lock file names the wheel by content hash: always revalidate it.
  const lock = quiet(
    fetchOk(config.lockURL, { cache: "no-cache" }).then((response) => response.text())
  );
  if (config.snapshotURL) {
    // A broken image makes Pyodide report a "fatal error" on the console; here that is an
    // expected outcome the page recovers from, so its words go into the warning instead.
    const said = [];
    const consoleError = console.error;
    console.error = (...args) => said.push(args.map(String).join(" "));
    try {
      handle = await Promise.race([fromSnapshot(config, lock), wasmFailed]);
    } catch (error) {
      const type = error && error.wasm ? "failed" : "snapshot-failed";
      postMessage({ type, error: [describe(error), ...said].join("\n") });
      return;
    } finally {
      console.error = consoleError;
    }
  } else {
    handle = await Promise.race([fromScratch(config, lock), wasmFailed]);
  }
  note("package");
  postMessage({ type: "ready", strategy: config.snapshotURL ? "snapshot" : "boot", timings });
}

// "name: message", then the stack where there is one. Only Chromium starts a stack with the
// message; in WebKit and Firefox the stack is just the call sites, so send both (issue 13).
function describe(error) {
  if (!error || typeof error !== "object") return String(error);
  const head = `${error.name || "Error"}: ${error.message}`;
  const stack = error.stack ? String(error.stack) : "";
  if (!stack) return head;
  return stack.startsWith(head) ? stack : `${head}\n${stack}`;
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "call") {
    try {
      const response = handle(message.request, message.context);
      postMessage({ type: "result", id: message.id, response });
    } catch (error) {
      postMessage({ type: "error", id: message.id, error: String(error) });
    }
  } else if (message.type === "boot") {
    boot(message.config).catch((error) => {
      postMessage({ type: "failed", error: describe(error) });
    });
  }
};
