/*
 * Runs Pyodide and the calculator off the page's main thread, so the page never freezes
 * while Python starts. gist-loader.js starts this module worker on sites served over
 * http(s) (module workers cannot start from file://) and talks to it by messages:
 *
 *   page -> worker  {type: "boot", config}                  once, first
 *   worker -> page  {type: "progress", received, expected}  bytes downloaded so far
 *                   {type: "ready", strategy, timings}
 *                   {type: "snapshot-failed", error}        the page then starts a fresh
 *                                                           worker, without the snapshot
 *                   {type: "failed", error}
 *   page -> worker  {type: "call", id, request, context}    JSON strings in
 *   worker -> page  {type: "result", id, response}          the package's JSON out
 *                   {type: "error", id, error}
 *
 * config: indexURL (Pyodide's folder), lockURL, wheelURL, stdLibURL (the build's trimmed
 * standard library), expectedBytes; snapshotURL, snapshotId and snapshotBytes when the build
 * made a memory snapshot and the page did not rule it out (Save-Data, a slow connection).
 *
 * The snapshot saves about 1.5 s of start-up and costs about 6.7 MB: it pays only on a fast
 * link. So the wasm (needed either way) is fetched first and its first megabytes are timed;
 * the snapshot is fetched only when they came fast, otherwise Python boots normally. A
 * snapshot is a private Pyodide API with known bugs: it is trusted only once its id matches
 * and a call through it gives an answer (gist-boot-core.js).
 */
import "./gist-boot-core.js";
import { loadPyodide } from "../pyodide/pyodide.mjs";

const core = self.gistBootCore;
// The snapshot is fetched when 2 MB of the wasm (decoded; about 0.75 MB on the wire) arrive
// within 200 ms of its first byte: about 30 Mbps, where its download costs less than the
// boot it saves (issue 11's measurements: 6.7 MB against 1.5 s here, more on a phone).
const FAST_SAMPLE_BYTES = 2_000_000;
const FAST_WITHIN_MS = 200;
const PROGRESS_EVERY_MS = 100;

let handle = null; // gist_calculator.bridge.handle, once Python is ready
const timings = { origin: performance.timeOrigin, start: Math.round(performance.now()) };

function note(name) {
  timings[name] = Math.round(performance.now());
}

function quiet(promise) {
  promise.catch(() => {}); // awaited later; an early failure must not be "unhandled"
  return promise;
}

// Bytes received so far, told to the page at most every PROGRESS_EVERY_MS.
function progress(expected) {
  const state = { received: 0, expected, last: 0 };
  state.onBytes = (count) => {
    state.received += count;
    const now = performance.now();
    if (now - state.last >= PROGRESS_EVERY_MS) {
      state.last = now;
      postMessage({ type: "progress", received: state.received, expected: state.expected });
    }
  };
  return state;
}

async function gunzipped(response) {
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  note("snapshot-unpacked");
  return bytes;
}

function options(config, lock) {
  return {
    indexURL: config.indexURL,
    lockFileContents: lock,
    packageBaseUrl: config.indexURL,
    ...(config.stdLibURL ? { stdLibURL: config.stdLibURL } : {}),
  };
}

async function fromSnapshot(config, lock, watch) {
  const image = quiet(watch.fetch(config.snapshotURL).then(gunzipped));
  const pyodide = await loadPyodide({ ...options(config, lock), _loadSnapshot: image });
  note("restored");
  return core.trustSnapshot(pyodide, config.snapshotId);
}

async function fromScratch(config, lock, watch) {
  // The wheel, fetched while Python boots, goes straight into site-packages.
  const wheel = config.wheelURL
    ? quiet(watch.fetch(config.wheelURL).then((response) => response.arrayBuffer()))
    : null;
  const pyodide = await loadPyodide(options(config, lock));
  note("booted");
  const problems = [];
  if (wheel) {
    core.unpackWheel(pyodide, new Uint8Array(await wheel));
  } else {
    await pyodide.loadPackage(core.PACKAGE, {
      messageCallback() {},
      errorCallback(message) {
        problems.push(message);
      },
    });
  }
  try {
    return pyodide.pyimport(core.BRIDGE).handle;
  } catch (error) {
    throw new Error(problems.concat(core.describe(error)).join("\n"));
  }
}

// Whether to restore the snapshot: only when there is one and the wasm's first megabytes
// came fast. Resolves {snapshot, wasm}: wasm is the already-started download, for Pyodide.
async function chooseSnapshot(config, counter) {
  if (!config.snapshotURL) return { snapshot: false, wasm: null };
  const wasmURL = `${config.indexURL}pyodide.asm.wasm`;
  let probe;
  try {
    probe = await core.linkIsFast(
      () => fetch(wasmURL),
      FAST_SAMPLE_BYTES,
      FAST_WITHIN_MS,
      counter.onBytes
    );
  } catch (error) {
    // The wasm itself failed: let Pyodide fetch it again, and the watcher report it.
    return { snapshot: false, wasm: null };
  }
  const fast = await probe.fast;
  note(fast ? "link-fast" : "link-slow");
  return { snapshot: fast, wasm: probe.response };
}

async function boot(config) {
  note("boot");
  const counter = progress(config.expectedBytes || 0);
  const choice = await chooseSnapshot(config, counter);
  if (choice.snapshot) counter.expected = config.snapshotBytes || counter.expected;
  const watch = core.watchFetches(self, { onBytes: counter.onBytes, wasm: choice.wasm });
  // The lock file names the wheel by content hash: always revalidate it.
  const lock = quiet(watch.fetch(config.lockURL, { cache: "no-cache" }).then((r) => r.text()));
  try {
    if (choice.snapshot) {
      // A broken image makes Pyodide report a "fatal error" on the console; here that is an
      // expected outcome the page recovers from, so its words go into the warning instead.
      const said = [];
      const consoleError = console.error;
      console.error = (...args) => said.push(args.map(String).join(" "));
      try {
        handle = await Promise.race([fromSnapshot(config, lock, watch), watch.failed]);
      } catch (error) {
        const type = error && error.wasm ? "failed" : "snapshot-failed";
        postMessage({ type, error: [core.describe(error), ...said].join("\n") });
        return;
      } finally {
        console.error = consoleError;
      }
    } else {
      handle = await Promise.race([fromScratch(config, lock, watch), watch.failed]);
    }
  } finally {
    watch.stop();
  }
  note("package");
  postMessage({ type: "progress", received: counter.received, expected: counter.expected });
  postMessage({ type: "ready", strategy: choice.snapshot ? "snapshot" : "boot", timings });
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "call") {
    try {
      const response = handle(message.request, message.context);
      postMessage({ type: "result", id: message.id, response });
    } catch (error) {
      postMessage({ type: "error", id: message.id, error: core.describe(error) });
    }
  } else if (message.type === "boot") {
    boot(message.config).catch((error) => {
      postMessage({ type: "failed", error: core.describe(error) });
    });
  }
};
