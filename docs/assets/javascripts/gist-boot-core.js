/*
 * The one copy of what every way of starting the calculator's Python shares: the page
 * (gist-loader.js, also from disk), the module worker (gist-worker.mjs) and the build's
 * snapshot maker (scripts/make_snapshot.mjs, in Node).
 *
 * - watchFetches: Pyodide 314 does not reject when its wasm cannot be fetched (it logs and
 *   waits forever); this watches that fetch so a boot that cannot succeed fails at once, and
 *   counts the bytes of every download for the progress bar;
 * - trustSnapshot: a restored memory snapshot (a private Pyodide API) is used only once its
 *   id matches the build's and it answers the probe request;
 * - unpackWheel: the calculator's wheel straight into site-packages;
 * - linkIsFast: whether the first megabytes of a download came fast enough for the memory
 *   snapshot to pay for its own download.
 *
 * Written as a classic script that also loads as a module and in Node (pages opened from
 * disk may only run classic scripts): it sets globalThis.gistBootCore, and module.exports
 * where there is one.
 */
(function (scope) {
  "use strict";

  var core = {};
  core.PACKAGE = "gist-calculator"; // the distribution the lock file names
  core.BRIDGE = "gist_calculator.bridge";
  // A call a restored snapshot must answer before it is trusted.
  core.PROBE = JSON.stringify({ setting: "resectable", size: "5", mitoses: "2", site: "stomach" });
  var WASM = /\/pyodide\.asm\.wasm(?:[?#]|$)/;

  // `name: message`, since outside Chromium an Error's stack does not contain its message.
  core.describe = function (error) {
    if (error && typeof error === "object" && "message" in error) {
      return (error.name || "Error") + ": " + error.message;
    }
    return String(error);
  };

  function urlOf(input) {
    return typeof Request === "function" && input instanceof Request ? input.url : String(input);
  }

  // The response with its body passed through a counter; the same response where a body
  // cannot be wrapped (no streams, or no body).
  function counted(response, onBytes) {
    if (!response.body || typeof TransformStream !== "function") return response;
    var counter = new TransformStream({
      transform: function (chunk, controller) {
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    });
    var headers = new Headers();
    var type = response.headers.get("Content-Type");
    if (type) headers.set("Content-Type", type); // instantiateStreaming needs application/wasm
    return new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers: headers,
    });
  }

  // Wrap scope.fetch for the length of a boot: `failed` rejects when the wasm cannot be
  // fetched; onBytes(n), when given, hears every byte that arrives; `wasm`, when given, is a
  // promise of the wasm's Response, fetched already, to hand Pyodide instead of fetching.
  core.watchFetches = function (target, options) {
    options = options || {};
    var realFetch = target.fetch;
    var fail;
    var failed = new Promise(function (_, reject) {
      fail = reject;
    });
    failed.catch(function () {}); // raced by the caller; a failure after the boot needs none
    function wasmError(error) {
      error.wasm = true; // not the snapshot's fault: a fresh boot would fail alike
      fail(error);
    }
    function watching(input, init) {
      var isWasm = WASM.test(urlOf(input));
      var answer =
        isWasm && options.wasm ? options.wasm : realFetch.call(target, input, init);
      if (isWasm) {
        answer.then(function (response) {
          if (!response.ok) wasmError(new Error("pyodide.asm.wasm: HTTP " + response.status));
        }, wasmError);
      }
      if (!options.onBytes || (isWasm && options.wasm)) return answer; // counted already
      var counting = answer.then(function (response) {
        return response.ok ? counted(response, options.onBytes) : response;
      });
      // Pyodide holds the wasm's promise unawaited while it prepares its imports: a refused
      // fetch would be reported as an uncaught "Failed to fetch" before it looks. Marked as
      // handled here; Pyodide still sees the rejection, and `failed` reports it.
      if (isWasm) counting.catch(function () {});
      return counting;
    }
    if (typeof realFetch === "function") target.fetch = watching;
    return {
      failed: failed,
      fetch: function (input, init) {
        // A download of the caller's own (wheel, snapshot), counted like Pyodide's.
        return realFetch.call(target, input, init).then(function (response) {
          if (!response.ok) throw new Error(urlOf(input) + ": HTTP " + response.status);
          return options.onBytes ? counted(response, options.onBytes) : response;
        });
      },
      stop: function () {
        if (target.fetch === watching) target.fetch = realFetch;
      },
    };
  };

  // Fetch the wasm ahead of Pyodide and time its first bytes: resolves {response, fast}.
  // `fast` when `sample` bytes (decoded) arrived within `withinMs` of the first one, that is
  // a link quick enough that a memory snapshot's extra megabytes cost less time than the
  // boot they save. The response (counted) is for Pyodide, through watchFetches' `wasm`.
  core.linkIsFast = function (fetchWasm, sample, withinMs, onBytes) {
    return fetchWasm().then(function (response) {
      if (!response.ok || !response.body || typeof TransformStream !== "function") {
        return { response: Promise.resolve(response), fast: Promise.resolve(false) };
      }
      var decide;
      var fast = new Promise(function (resolve) {
        decide = resolve;
      });
      var first = null;
      var seen = 0;
      var timer = null;
      var counter = new TransformStream({
        transform: function (chunk, controller) {
          if (onBytes) onBytes(chunk.byteLength);
          seen += chunk.byteLength;
          if (first === null) {
            first = Date.now();
            timer = setTimeout(function () {
              decide(false);
            }, withinMs);
          }
          if (seen >= sample) {
            clearTimeout(timer);
            decide(Date.now() - first <= withinMs);
          }
          controller.enqueue(chunk);
        },
        flush: function () {
          clearTimeout(timer);
          decide(first !== null && Date.now() - first <= withinMs); // all of it, in time
        },
        // No backpressure: the bytes keep coming (and are kept) until Pyodide reads them.
      }, { highWaterMark: Infinity }, { highWaterMark: Infinity });
      var headers = new Headers({ "Content-Type": "application/wasm" });
      var body = response.body.pipeThrough(counter);
      return {
        response: Promise.resolve(new Response(body, { status: 200, headers: headers })),
        fast: fast,
      };
    });
  };

  // The calculator's wheel, unpacked into site-packages and made importable.
  core.unpackWheel = function (pyodide, bytes) {
    var sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
    pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
    pyodide.runPython("import importlib; importlib.invalidate_caches()");
  };

  // The bridge's handle() of a restored snapshot, once it has shown it is the build's own and
  // answers; throws otherwise (the caller then boots Python afresh).
  core.trustSnapshot = function (pyodide, snapshotId) {
    var id = pyodide.globals.get("_gist_snapshot");
    if (id !== snapshotId) throw new Error("the snapshot is " + id + ", not " + snapshotId);
    // A snapshot fixes the random state it was made with: draw a fresh seed.
    pyodide.runPython("import random; random.seed()");
    var handle = pyodide.pyimport(core.BRIDGE).handle;
    var answer = JSON.parse(handle(core.PROBE, "{}"));
    if (!answer.results_html || answer.internal_error) {
      throw new Error("the restored calculator did not answer: " + (answer.internal_error || ""));
    }
    return handle;
  };

  if (typeof module === "object" && module && module.exports) module.exports = core;
  scope.gistBootCore = core;
})(typeof globalThis !== "undefined" ? globalThis : self);
