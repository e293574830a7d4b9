/*
 * Starts Pyodide with the calculator's package, in one of two ways, and hands back the
 * package's entry point. gist-widget.js calls window.gistLoadCalculator() once per page
 * visit; everything about where Pyodide's files come from lives here.
 *
 * - online: the files are fetched from assets/pyodide/ next to this script's folder, and
 *   the calculator's wheel is installed from the lock file the build wrote there.
 * - offline: a page opened from disk (file://) may not fetch files or import modules, but
 *   it may run classic scripts. The downloaded copy therefore carries Pyodide's files as
 *   scripts in assets/pyodide-offline/ that hold them gzipped and base64-encoded (its
 *   manifest.js, listed before this script, sets window.gistOfflinePayload). They are
 *   decoded here into blob: URLs, which file:// pages may import and fetch.
 *
 * What every path shares (the wasm watcher, the snapshot's trust check, the wheel's
 * unpacking) is in gist-boot-core.js, listed before this script. This file also decides
 * when to start at all (gistLoadCalculator.startWhen) and tells the page how much of the
 * download has arrived (the "gist:progress" event).
 *
 * A classic script (module scripts do not load from file://).
 */
(function () {
  "use strict";

  if (window.gistLoadCalculator) return; // evaluated twice: keep the first copy

  var script = document.currentScript;
  var here = script ? script.src : document.baseURI;
  var PYODIDE_URL = new URL("../pyodide/", here).href;
  var OFFLINE_URL = new URL("../pyodide-offline/", here).href;
  var WORKER_URL = new URL("gist-worker.mjs", here).href;
  var CORE_URL = new URL("gist-boot-core.js", here).href;
  var SNAPSHOT_WAIT_MS = 30000;
  // Every boot path ends by then, in the error state if it has not answered (issue 13): a
  // worker or a Pyodide that never answers must not leave the widget loading for ever.
  var BOOT_LIMIT_MS = 90000;
  // How far below the viewport a widget may be when a slow link starts Python for it.
  var NEAR_VIEWPORT = "600px";
  // The connection types (navigator.connection.effectiveType) that count as slow.
  var SLOW_TYPES = ["slow-2g", "2g", "3g"];

  // "name: message", then the stack where there is one: outside Chromium a stack does not
  // carry the message, so a warning with the stack alone says nothing (issue 13).
  function describe(error) {
    if (!error || typeof error !== "object") return String(error);
    var head = (error.name || "Error") + ": " + error.message;
    var stack = error.stack ? String(error.stack) : "";
    if (!stack) return head;
    return stack.indexOf(head) === 0 ? stack : head + "\n" + stack;
  }

  // The build's <meta name="gist-boot">: the wheel and snapshot online, and optional limits
  // (snapshot_wait_ms, boot_limit_ms) that tests shorten. The offline copy may have none.
  function bootMeta() {
    var meta = document.querySelector('meta[name="gist-boot"]');
    var config = {};
    if (meta) {
      try {
        config = JSON.parse(meta.getAttribute("content") || "{}") || {};
      } catch (error) {
        console.warn("gist: unreadable gist-boot meta:", describe(error));
      }
    }
    return config;
  }

  // A promise that fails with a timeout error after `ms`, unless `promise` settles first.
  function withinLimit(promise, what, ms) {
    var timer;
    var limit = new Promise(function (_, reject) {
      timer = setTimeout(function () {
        var error = new Error(what + " did not finish within " + ms / 1000 + " s");
        error.timedOut = true;
        reject(error);
      }, ms);
    });
    return Promise.race([promise, limit]).finally(function () {
      clearTimeout(timer);
    });
  }

  // Timings for tests and curious readers: performance.getEntriesByType("mark").
  function mark(name) {
    if (window.performance && performance.mark) performance.mark("gist:" + name);
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = url;
      tag.onload = function () {
        resolve();
      };
      tag.onerror = function () {
        reject(new Error("could not load " + url));
      };
      document.head.appendChild(tag);
    });
  }

  // gist-boot-core.js, normally listed before this script; fetched if a page lacks it.
  async function bootCore() {
    if (!window.gistBootCore) await loadScript(CORE_URL);
    return window.gistBootCore;
  }

  // What the browser says about the connection, where it says anything (Chromium). Its
  // downlink figure is not used: with no estimate yet Chromium reports 1.6 Mbps whatever
  // the link, and it never reports more than 10; the worker times the wasm's bytes instead.
  function connection() {
    var info = navigator.connection || {};
    return {
      saveData: info.saveData === true,
      slow: info.saveData === true || SLOW_TYPES.indexOf(info.effectiveType) !== -1,
    };
  }

  // Progress of the download, for the widget's progress bar: a "gist:progress" event on
  // window with {received, expected, done} (bytes); the latest is kept for late listeners.
  function tell(received, expected, done) {
    var detail = { received: received, expected: expected, done: !!done };
    window.gistLoadCalculator.progress = detail;
    try {
      window.dispatchEvent(new CustomEvent("gist:progress", { detail: detail }));
    } catch (error) {
      // an old browser without CustomEvent: no progress bar, nothing else lost
    }
  }

  async function loadPyodideScript() {
    if (typeof window.loadPyodide !== "function") await loadScript(PYODIDE_URL + "pyodide.js");
  }

  function bridgeOf(pyodide, problems) {
    // loadPackage does not reject when the wheel is missing: the import is the real check.
    var core = window.gistBootCore;
    var bridge;
    try {
      bridge = pyodide.pyimport(core.BRIDGE);
    } catch (error) {
      throw new Error((problems || []).concat(core.describe(error)).join("\n"));
    }
    mark("package");
    var handle = function (requestJson, contextJson) {
      return bridge.handle(requestJson, contextJson);
    };
    handle.pyodide = pyodide;
    return handle;
  }

  // ---------------------------------------------------------------- online (http, https)

  // What the build says about this copy of the site: the wheel and the memory snapshot, as
  // paths inside assets/pyodide/ (the <meta name="gist-boot"> overrides/main.html writes).
  function bootConfig(deadline) {
    var config = bootMeta();
    var bytes = config.bytes || {};
    // Never the snapshot's extra megabytes on Save-Data or a link the browser calls slow;
    // elsewhere the worker times the first bytes before it asks for the snapshot.
    var snapshot = config.snapshot && !connection().slow;
    return {
      deadline: deadline,
      indexURL: PYODIDE_URL,
      lockURL: PYODIDE_URL + "pyodide-lock.json",
      wheelURL: config.wheel ? new URL(config.wheel, PYODIDE_URL).href : null,
      stdLibURL: config.stdlib ? new URL(config.stdlib, PYODIDE_URL).href : null,
      expectedBytes: bytes.boot || 0,
      snapshotBytes: bytes.snapshot || 0,
      snapshotURL: snapshot ? new URL(config.snapshot, PYODIDE_URL).href : null,
      snapshotId: config.snapshot_id || null,
      // A snapshot that has not answered by then is given up for a normal boot (a stalled
      // download, or an image that sends Python into a loop).
      snapshotWaitMs: config.snapshot_wait_ms || SNAPSHOT_WAIT_MS,
    };
  }

  // handle() for a worker: each call is a message, answered in order.
  function workerHandle(worker) {
    var calls = new Map();
    var next = 0;
    function failAll(error) {
      calls.forEach(function (call) {
        call.reject(error);
      });
      calls.clear();
    }
    worker.onmessage = function (event) {
      var message = event.data || {};
      var call = calls.get(message.id);
      if (!call) return;
      calls.delete(message.id);
      if (message.type === "result") call.resolve(message.response);
      else call.reject(new Error(message.error));
    };
    worker.onerror = function (event) {
      failAll(new Error("the calculator's worker stopped: " + (event.message || "error")));
    };
    var handle = function (requestJson, contextJson) {
      return new Promise(function (resolve, reject) {
        next += 1;
        calls.set(next, { resolve: resolve, reject: reject });
        worker.postMessage({ type: "call", id: next, request: requestJson, context: contextJson });
      });
    };
    handle.pyodide = worker; // the Python runtime lives there (one per visit)
    return handle;
  }

  // Start Pyodide in a module worker; resolves with handle() once the calculator answers.
  function startWorker(config) {
    return new Promise(function (resolve, reject) {
      var worker;
      try {
        worker = new Worker(WORKER_URL, { type: "module" });
      } catch (error) {
        reject(error);
        return;
      }
      worker.onmessage = function (event) {
        var message = event.data || {};
        if (message.type === "progress") {
          tell(message.received, message.expected, false);
          return;
        }
        clearTimeout(watchdog);
        if (message.type === "ready") {
          mark("package");
          var handle = workerHandle(worker);
          handle.runtime = message.strategy === "snapshot" ? "worker-snapshot" : "worker";
          handle.timings = message.timings;
          resolve(handle);
        } else if (message.type === "snapshot-failed" || message.type === "failed") {
          worker.terminate();
          var error = new Error(message.error);
          error.snapshotFailed = message.type === "snapshot-failed";
          reject(error);
        }
      };
      worker.onerror = function (event) {
        if (event.preventDefault) event.preventDefault();
        clearTimeout(watchdog);
        worker.terminate();
        reject(new Error("the calculator's worker did not start: " + (event.message || "error")));
      };
      // Without a snapshot (the retry, or a build with none) the boot's own deadline applies.
      var left = Math.max(0, config.deadline - Date.now());
      var watchdog = config.snapshotURL
        ? setTimeout(function () {
            var error = new Error("no answer from the snapshot in " + config.snapshotWaitMs + " ms");
            error.snapshotFailed = true;
            worker.terminate();
            reject(error);
          }, Math.min(config.snapshotWaitMs, left))
        : setTimeout(function () {
            var error = new Error("no answer from the calculator's worker in " + left + " ms");
            error.timedOut = true;
            worker.terminate();
            reject(error);
          }, left);
      worker.postMessage({ type: "boot", config: config });
    });
  }

  // On the page's main thread: where module workers are missing or refuse to start.
  async function bootMainThread(config) {
    var core = window.gistBootCore;
    var received = 0;
    var watch = core.watchFetches(window, {
      onBytes: function (count) {
        received += count;
        tell(received, config.expectedBytes, false);
      },
    });
    try {
      // The lock file names the wheel by content hash: always revalidate it.
      var lock = watch.fetch(config.lockURL, { cache: "no-cache" }).then(function (response) {
        return response.text();
      });
      lock.catch(function () {}); // reported through loadPyodide, which awaits it below
      await loadPyodideScript();
      var options = { indexURL: PYODIDE_URL, lockFileContents: lock, packageBaseUrl: PYODIDE_URL };
      if (config.stdLibURL) options.stdLibURL = config.stdLibURL;
      var pyodide = await Promise.race([window.loadPyodide(options), watch.failed]);
      mark("pyodide");
      var problems = [];
      await pyodide.loadPackage(core.PACKAGE, {
        messageCallback: function () {},
        errorCallback: function (message) {
          problems.push(message);
        },
      });
      var handle = bridgeOf(pyodide, problems);
      handle.runtime = "main-thread";
      return handle;
    } finally {
      watch.stop();
    }
  }

  // A module worker, restoring the build's memory snapshot when there is one. If the snapshot
  // fails in any way, a fresh worker boots Python normally; where no module worker can run
  // at all, the page itself does.
  // A worker that ran out of time is not retried in the page: the time is up.
  async function bootOnline(deadline) {
    await bootCore();
    var config = bootConfig(deadline);
    if (typeof Worker !== "function") return bootMainThread(config);
    try {
      return await startWorker(config);
    } catch (error) {
      if (error.timedOut) throw error;
      if (!error.snapshotFailed) {
        console.warn("gist: the worker did not start; running Python in the page.", describe(error));
        return bootMainThread(config);
      }
      console.warn("gist: the memory snapshot was not used; starting Python afresh.", describe(error));
    }
    config.snapshotURL = null;
    try {
      return await startWorker(config);
    } catch (error) {
      if (error.timedOut) throw error;
      console.warn("gist: the worker did not start; running Python in the page.", describe(error));
      return bootMainThread(config);
    }
  }

  // ---------------------------------------------------------------- offline (file://)

  function base64Bytes(text) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  // One payload file as a Blob of its own type, unzipped when the build gzipped it.
  async function payloadBlob(entry, text) {
    var bytes = new Blob([base64Bytes(text)]);
    if (entry.gzip) {
      var stream = bytes.stream().pipeThrough(new DecompressionStream("gzip"));
      bytes = await new Response(stream).blob();
    }
    return new Blob([bytes], { type: entry.type });
  }

  async function loadPayload(payload) {
    var names = Object.keys(payload.files);
    await Promise.all(
      names.map(function (name) {
        return loadScript(OFFLINE_URL + payload.files[name].script);
      })
    );
    var data = window.gistOfflineData || {};
    var blobs = {};
    await Promise.all(
      names.map(async function (name) {
        if (typeof data[name] !== "string") throw new Error("offline payload lacks " + name);
        blobs[name] = await payloadBlob(payload.files[name], data[name]);
        data[name] = null; // the decoded copy is enough; let the megabytes of text go
      })
    );
    mark("payload");
    return blobs;
  }

  // Pyodide fetches the wasm through the global fetch, before its module starts; file://
  // cannot fetch, so that one URL is answered from the payload for the length of the boot
  // (the boot core's fetch watcher, handed the wasm: one fetch wrapper for every path).
  async function withWasmFrom(blob, run) {
    var wasm = new Response(blob, { headers: { "Content-Type": "application/wasm" } });
    var watch = window.gistBootCore.watchFetches(window, { wasm: Promise.resolve(wasm) });
    try {
      return await run();
    } finally {
      watch.stop();
    }
  }

  // The build's memory snapshot, restored instead of booting Python; null, with a warning, on
  // any failure (a private Pyodide API with known bugs), so that the caller boots afresh.
  async function restoreOffline(payload, blobs, start) {
    // A broken image makes Pyodide report a "fatal error" on the console; here that is an
    // expected outcome the page recovers from, so its words go into the warning instead.
    var said = [];
    var consoleError = console.error;
    console.error = function () {
      said.push(Array.prototype.map.call(arguments, String).join(" "));
    };
    try {
      var image = new Uint8Array(await blobs[payload.snapshot.file].arrayBuffer());
      var pyodide = await start({ _loadSnapshot: image }, "restoring the snapshot");
      window.gistBootCore.trustSnapshot(pyodide, payload.snapshot.id);
      console.error = consoleError;
      said.forEach(function (line) {
        console.error(line); // not the snapshot's: say it as it was said
      });
      return pyodide;
    } catch (error) {
      console.error = consoleError;
      console.warn(
        "gist: the memory snapshot was not used; starting Python afresh.",
        describe(error),
        said.join("\n")
      );
      return null;
    }
  }

  // Pyodide only logs a wasm that fails to start, and then waits forever: each start is
  // limited (a failed restore then boots afresh), and so is the whole boot (gistLoadCalculator).
  async function bootOffline(payload, deadline) {
    if (!payload) throw new Error("this copy of the site has no offline payload");
    var core = await bootCore();
    if (typeof DecompressionStream !== "function") {
      throw new Error("this browser lacks DecompressionStream");
    }
    var blobs = await loadPayload(payload);
    var urls = [];
    function urlOf(name) {
      var url = URL.createObjectURL(blobs[name]);
      urls.push(url);
      return url;
    }
    try {
      var module = await import(urlOf("pyodide.asm.mjs"));
      await loadPyodideScript();
      var lock = await blobs["pyodide-lock.json"].text();
      var start = function (options, what) {
        return withWasmFrom(blobs["pyodide.asm.wasm"], function () {
          var starting = window.loadPyodide(
            Object.assign(
              {
                indexURL: PYODIDE_URL,
                createPyodideModule: module.default,
                stdLibURL: urlOf("python_stdlib.zip"),
                lockFileContents: lock,
                packageBaseUrl: PYODIDE_URL,
              },
              options
            )
          );
          return withinLimit(starting, what, Math.max(0, deadline - Date.now()));
        });
      };
      var restored = payload.snapshot ? await restoreOffline(payload, blobs, start) : null;
      if (restored) {
        mark("pyodide");
        var fast = bridgeOf(restored, []);
        fast.runtime = "main-thread-snapshot";
        return fast;
      }
      var pyodide = await start({}, "starting Pyodide");
      mark("pyodide");
      core.unpackWheel(pyodide, new Uint8Array(await blobs[payload.wheel].arrayBuffer()));
      return bridgeOf(pyodide, []);
    } finally {
      urls.forEach(function (url) {
        URL.revokeObjectURL(url);
      });
    }
  }

  // ---------------------------------------------------------------- the choice

  // "offline" for a page opened from disk or a copy that carries the payload (the unzipped
  // folder served by a local server works the same way); "online" otherwise.
  function strategy() {
    return location.protocol === "file:" || window.gistOfflinePayload ? "offline" : "online";
  }

  // Promise of handle(requestJson, contextJson) -> responseJson, with .pyodide, .strategy
  // and .runtime. One boot per visit: later calls get the same promise.
  var started = null;
  window.gistLoadCalculator = function () {
    if (started) return started;
    mark("start");
    var chosen = strategy();
    var limitMs = bootMeta().boot_limit_ms || BOOT_LIMIT_MS;
    var deadline = Date.now() + limitMs;
    var booted =
      chosen === "offline"
        ? bootOffline(window.gistOfflinePayload, deadline)
        : bootOnline(deadline);
    // Every path, the page's own (main thread, payload decoding) too, ends by the deadline.
    started = withinLimit(booted, "starting the calculator", limitMs).then(function (handle) {
      handle.strategy = chosen;
      handle.runtime = handle.runtime || "main-thread";
      var last = window.gistLoadCalculator.progress;
      tell(last ? last.received : 0, last ? last.expected : 0, true);
      return handle;
    });
    return started;
  };
  window.gistLoadCalculator.strategy = strategy;
  window.gistLoadCalculator.progress = null;

  // When a widget should start the calculator without being asked: a promise. At once on a
  // fast link (or where the browser says nothing about it); on a slow one when the widget
  // comes near the viewport or its form is first touched; with Save-Data on, only when the
  // form is touched, so that a visit that only reads downloads no Python. (A change to the
  // form starts it anyway, through the widget's first call.)
  window.gistLoadCalculator.startWhen = function (root) {
    var link = connection();
    if (!link.slow || strategy() === "offline") return Promise.resolve("at once");
    return new Promise(function (resolve) {
      var observer = null;
      var events = ["focusin", "pointerdown", "keydown", "input"];
      function go(reason) {
        events.forEach(function (name) {
          root.removeEventListener(name, touched, true);
        });
        if (observer) observer.disconnect();
        resolve(reason);
      }
      function touched() {
        go("touched");
      }
      events.forEach(function (name) {
        root.addEventListener(name, touched, true);
      });
      if (!link.saveData && typeof IntersectionObserver === "function") {
        observer = new IntersectionObserver(
          function (entries) {
            if (entries.some(function (entry) { return entry.isIntersecting; })) go("near");
          },
          { rootMargin: "0px 0px " + NEAR_VIEWPORT + " 0px" }
        );
        observer.observe(root);
      }
    });
  };

})();
