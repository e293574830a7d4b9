/*
 * Widget bridge: carries the form's values to gist_calculator.bridge.handle (Python, run
 * by Pyodide in this page) and puts the HTML it returns in place. The package computes and
 * words everything; this script only moves data.
 *
 * A classic script (module scripts do not load from file://). One Pyodide per visit, kept
 * on `window`, so Material's instant navigation reuses it on every later page.
 */
(function () {
  "use strict";

  if (window.gistWidget) return; // evaluated twice: the first copy is already wired up

  var script = document.currentScript;
  // Pyodide and the wheel sit in assets/pyodide/, next to this file's folder.
  var PYODIDE_URL = new URL("../pyodide/", script ? script.src : document.baseURI).href;
  var LIST_FIELDS = new Set(["progressed_on", "intolerant_of"]);
  var SKIPPED_TYPES = new Set(["submit", "button", "reset", "image", "file", "fieldset", "output"]);
  // The package words the states (data-msg-*); these only cover a widget without them.
  var FALLBACK = {
    ready: "",
    error:
      "The calculator could not start in this browser, so the results below stay those of " +
      "the example case.",
  };

  var state = {
    boots: 0, // how many Pyodide instances this visit started (tests expect 1)
    bound: new WeakSet(), // widget roots already wired up
    pending: new WeakSet(), // widget roots with a call waiting for Pyodide
    engine: null, // Promise of handle(requestJson, contextJson) -> responseJson
  };
  window.gistWidget = state;

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = url;
      tag.onload = resolve;
      tag.onerror = function () {
        reject(new Error("could not load " + url));
      };
      document.head.appendChild(tag);
    });
  }

  // Timings for tests and curious readers: performance.getEntriesByType("mark").
  function mark(name) {
    if (window.performance && performance.mark) performance.mark("gist:" + name);
  }

  async function boot() {
    state.boots += 1;
    mark("boot");
    // The lock file names the wheel by content hash: always revalidate it.
    var lock = fetch(PYODIDE_URL + "pyodide-lock.json", { cache: "no-cache" }).then(
      function (response) {
        if (!response.ok) throw new Error("pyodide-lock.json: HTTP " + response.status);
        return response.text();
      }
    );
    lock.catch(function () {}); // reported through loadPyodide, which awaits it below
    if (typeof window.loadPyodide !== "function") await loadScript(PYODIDE_URL + "pyodide.js");
    var pyodide = await window.loadPyodide({
      indexURL: PYODIDE_URL,
      lockFileContents: lock,
      packageBaseUrl: PYODIDE_URL,
    });
    mark("pyodide");
    var problems = [];
    await pyodide.loadPackage("gist-calculator", {
      messageCallback: function () {},
      errorCallback: function (message) {
        problems.push(message);
      },
    });
    // loadPackage does not reject when the wheel is missing: the import is the real check.
    var bridge;
    try {
      bridge = pyodide.pyimport("gist_calculator.bridge");
    } catch (error) {
      throw new Error(problems.concat(String(error)).join("\n"));
    }
    mark("package");
    state.pyodide = pyodide;
    return function handle(requestJson, contextJson) {
      return bridge.handle(requestJson, contextJson);
    };
  }

  function engine() {
    if (!state.engine) state.engine = boot();
    return state.engine;
  }

  // Keys are the controls' names; the package validates and words every error.
  function collect(form) {
    var request = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || SKIPPED_TYPES.has(el.type)) return;
      if (el.type === "checkbox" && LIST_FIELDS.has(el.name)) {
        request[el.name] = request[el.name] || [];
        if (el.checked) request[el.name].push(el.value);
      } else if (el.type === "checkbox") {
        request[el.name] = el.checked;
      } else if (el.type === "radio") {
        if (el.checked) request[el.name] = el.value;
        else if (!(el.name in request)) request[el.name] = "";
      } else if (el.type === "select-multiple") {
        request[el.name] = Array.from(el.selectedOptions, function (option) {
          return option.value;
        });
      } else {
        request[el.name] = el.value;
      }
    });
    return request;
  }

  function part(root, name) {
    return root.querySelector("[" + name + "]");
  }

  function setState(root, name) {
    root.setAttribute("data-state", name);
    var status = part(root, "data-gist-status");
    var message = root.getAttribute("data-msg-" + name);
    if (status) status.textContent = message === null ? FALLBACK[name] : message;
  }

  function show(root, form, response) {
    var errors = response.errors || [];
    var messages = new Map();
    errors.forEach(function (error) {
      var known = messages.get(error.field);
      messages.set(error.field, known ? known + " " + error.message : error.message);
    });
    root.querySelectorAll("[data-error-for]").forEach(function (slot) {
      var message = messages.get(slot.getAttribute("data-error-for")) || "";
      slot.textContent = message;
      slot.hidden = !message;
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (messages.has(el.name)) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
    });
    var summary = part(root, "data-gist-error-summary");
    if (summary) {
      summary.innerHTML = errors.length ? response.error_summary_html || "" : "";
      summary.hidden = !errors.length;
    }
    var results = part(root, "data-gist-results");
    if (!results) return;
    if (errors.length) {
      results.setAttribute("data-stale", ""); // last good results stay, marked as out of date
    } else {
      results.innerHTML = response.results_html;
      results.removeAttribute("data-stale");
    }
  }

  function update(root, form, handle) {
    var context = root.getAttribute("data-context") || "{}";
    var response;
    try {
      JSON.parse(context); // a broken attribute is a build bug: say so in the console
      response = JSON.parse(handle(JSON.stringify(collect(form)), context));
    } catch (error) {
      // The bridge turns its own failures into a message; this is Pyodide itself failing.
      console.error("gist widget:", error);
      setState(root, "error");
      return;
    }
    if (response.internal_error) console.error("gist widget:", response.internal_error);
    show(root, form, response);
    if (root.getAttribute("data-state") !== "ready") {
      setState(root, "ready");
      mark("ready");
    }
  }

  function schedule(root, form) {
    if (state.pending.has(root)) return; // one call answers every change made while waiting
    state.pending.add(root);
    engine().then(
      function (handle) {
        state.pending.delete(root);
        update(root, form, handle);
      },
      function (error) {
        state.pending.delete(root);
        console.error("gist widget: the calculator did not load:", error);
        setState(root, "error");
      }
    );
  }

  function bind(root) {
    if (state.bound.has(root)) return;
    var form = part(root, "data-gist-form");
    if (!form) return;
    state.bound.add(root);
    var changed = function () {
      schedule(root, form);
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) {
      event.preventDefault(); // Enter in a field must not reload the page
      changed();
    });
    changed(); // the first answer switches the widget to "ready"
  }

  function init() {
    document.querySelectorAll("[data-gist-widget]").forEach(bind);
  }

  // Material emits document$ on load and after every instant navigation; from file:// it
  // never emits, hence DOMContentLoaded as well. bind() ignores roots it has seen.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
    // The widget is already parsed (this script comes at the end of the body): start now.
    if (document.querySelector("[data-gist-widget]")) engine().catch(function () {});
  } else {
    init();
  }
})();
