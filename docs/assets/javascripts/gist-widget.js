/*
 * Widget bridge: carries the form's values to gist_calculator.bridge.handle (Python, run
 * by Pyodide in this page) and puts the HTML it returns in place. The package computes and
 * words everything; this script only moves data. gist-loader.js (listed before it) starts
 * Pyodide.
 *
 * A classic script (module scripts do not load from file://). One Pyodide per visit, kept
 * on `window`, so Material's instant navigation reuses it on every later page.
 */
(function () {
  "use strict";

  if (window.gistWidget) return; // evaluated twice: the first copy is already wired up

  var LIST_FIELDS = new Set(["progressed_on", "intolerant_of"]);
  var SKIPPED_TYPES = new Set(["submit", "button", "reset", "image", "file", "fieldset", "output"]);
  // Controls where every keystroke is a change; the others (selects, boxes) fire `input`
  // and `change` together, and only `change` is listened to for them.
  var TYPED_TYPES = new Set(["text", "search", "number", "email", "tel", "url", "textarea"]);
  // A shared link keeps the answers after this, in the address's fragment.
  var LINK_PREFIX = "#answers?";
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
    calls: 0, // calls into Python this visit (tests expect one per change)
  };
  window.gistWidget = state;
  var widgets = new WeakMap(); // root -> what it last sent and showed, and what waits

  // Timings for tests and curious readers: performance.getEntriesByType("mark").
  function mark(name) {
    if (window.performance && performance.mark) performance.mark("gist:" + name);
  }

  // Pyodide 314 does not reject when its wasm cannot be fetched: it logs a warning and waits
  // forever. Watch that one fetch during the boot, so the widget can say it failed at once.
  function watchWasm() {
    var realFetch = window.fetch;
    var fail;
    var failed = new Promise(function (_, reject) {
      fail = reject;
    });
    failed.catch(function () {}); // raced below; a failure after the boot needs no handler
    function watching(input) {
      var answer = realFetch.apply(window, arguments);
      var url = input instanceof Request ? input.url : String(input);
      if (/\/pyodide\.asm\.wasm(?:[?#]|$)/.test(url)) {
        answer.then(
          function (response) {
            if (!response.ok) fail(new Error("pyodide.asm.wasm: HTTP " + response.status));
          },
          function (error) {
            fail(error);
          }
        );
      }
      return answer;
    }
    if (typeof realFetch === "function") window.fetch = watching;
    return {
      failed: failed,
      stop: function () {
        if (window.fetch === watching) window.fetch = realFetch;
      },
    };
  }

  // gist-loader.js knows where Pyodide comes from (the site, or the offline payload).
  async function boot() {
    state.boots += 1;
    mark("boot");
    if (typeof window.gistLoadCalculator !== "function") {
      throw new Error("gist-loader.js did not load");
    }
    var wasm = watchWasm();
    var handle;
    try {
      handle = await Promise.race([window.gistLoadCalculator(), wasm.failed]);
    } finally {
      wasm.stop();
    }
    state.pyodide = handle.pyodide; // a Pyodide instance, or the Worker that runs one
    state.strategy = handle.strategy;
    state.runtime = handle.runtime; // worker-snapshot, worker or main-thread
    return handle;
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

  function owns(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function setState(root, name) {
    root.setAttribute("data-state", name);
    var bar = name === "loading" ? null : root.querySelector("[data-gist-progress]");
    if (bar) bar.remove(); // the download is over, one way or the other
    var status = part(root, "data-gist-status");
    var message = root.getAttribute("data-msg-" + name);
    // Opened from disk, a failure says how to get the calculator some other way.
    if (name === "error" && location.protocol === "file:") {
      message = root.getAttribute("data-msg-error-offline") || message;
    }
    if (status) status.textContent = message === null ? FALLBACK[name] : message;
    // Print and share need the calculator: offered once it answers.
    var actions = part(root, "data-gist-actions");
    if (actions) actions.hidden = name !== "ready";
  }

  function show(root, form, widget, response) {
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
    var html = errors.length ? response.error_summary_html || "" : "";
    // Replaced only when it changes, so a reader on one of its links keeps their place.
    if (summary && html !== widget.summary) {
      summary.innerHTML = html;
      widget.summary = html;
    }
    if (summary) summary.hidden = !errors.length;
    var results = part(root, "data-gist-results");
    if (!results) return;
    if (errors.length) {
      results.setAttribute("data-stale", ""); // last good results stay, marked as out of date
    } else {
      results.innerHTML = response.results_html;
      results.removeAttribute("data-stale");
    }
  }

  // A committed change (a field left, an option picked, a link read) that brings a problem
  // not there at the last commit moves focus to the summary, as after sending a form; while
  // the reader types, focus stays where it is and the messages update quietly.
  function focusNewErrors(root, widget, errors) {
    var keys = errors.map(function (error) {
      return error.field + "\n" + error.message;
    });
    var fresh = keys.some(function (key) {
      return !widget.committed.has(key);
    });
    widget.committed = new Set(keys);
    if (!fresh) return;
    // After the browser has finished moving focus for the key or click that committed.
    setTimeout(function () {
      var box = root.querySelector("[data-gist-error-summary] [tabindex]");
      if (box && !part(root, "data-gist-error-summary").hidden) box.focus();
    }, 0);
  }

  // ---------------------------------------------------------------- a link's answers

  // The form's answers in the address, after the # sign, which browsers never send to a
  // server: #answers?size=4&size_unit=cm&site=colon. Written only once the reader asks.
  function linkFor(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || SKIPPED_TYPES.has(el.type)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) params.append(el.name, el.value);
      } else if (el.value !== "" || el.tagName === "SELECT") {
        params.append(el.name, el.value); // a list's "choose" too: the link leaves it empty
      }
    });
    return LINK_PREFIX + params.toString();
  }

  function writeLink(form) {
    var hash = linkFor(form);
    // replaceState: no new history entry per answer, and no hashchange event.
    if (location.hash !== hash) history.replaceState(history.state, "", hash);
  }

  // The link's values for this form's controls, as text: the package reads them (one
  // source of truth), so a bad or tampered link gets messages on its fields.
  function linkAnswers(form) {
    if (location.hash.indexOf(LINK_PREFIX) !== 0) return null;
    var params = new URLSearchParams(location.hash.slice(LINK_PREFIX.length));
    var raw = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || owns(raw, el.name)) return;
      var values = params.getAll(el.name);
      if (!values.length) return;
      raw[el.name] = LIST_FIELDS.has(el.name) || values.length > 1 ? values : values[0];
    });
    return raw;
  }

  // What a link leaves out is empty: boxes unticked, text empty; lists keep their choice.
  function clearForLink(form) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.type === "checkbox" || el.type === "radio") el.checked = false;
      else if (TYPED_TYPES.has(el.type)) el.value = "";
    });
  }

  // The controls show what the package made of the link (its form_values): the text as
  // typed, a choice it accepts, or "choose" where it rejects the value.
  function fill(form, values) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !owns(values, el.name)) return;
      var value = values[el.name];
      if (el.type === "checkbox" && LIST_FIELDS.has(el.name)) {
        el.checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
      } else if (el.type === "checkbox") {
        el.checked = value === true;
      } else if (el.tagName === "SELECT") {
        var offered = function (word) {
          return Array.prototype.some.call(el.options, function (option) {
            return option.value === word;
          });
        };
        if (typeof value === "string" && offered(value)) el.value = value;
        else if (offered("")) el.value = "";
      } else if (typeof value === "string") {
        el.value = value;
      }
    });
  }

  function share(root, form, widget) {
    widget.sharing = true;
    writeLink(form);
    var status = part(root, "data-gist-share-status");
    var say = function (name) {
      if (status) status.textContent = root.getAttribute("data-msg-" + name) || "";
    };
    if (status) status.textContent = ""; // the same message again is announced again
    var copied;
    try {
      copied = navigator.clipboard.writeText(location.href);
    } catch (error) {
      copied = Promise.reject(error); // no clipboard here (an old browser, some file:// pages)
    }
    Promise.resolve(copied).then(
      function () {
        say("share-done");
      },
      function () {
        say("share-failed");
      }
    );
  }

  // ---------------------------------------------------------------- calls into Python

  // handle() may answer at once or by a promise (Pyodide in a worker): both are fine.
  function ask(root, handle, requestText, extra) {
    return new Promise(function (resolve) {
      var context = JSON.parse(root.getAttribute("data-context") || "{}");
      if (extra) Object.assign(context, extra);
      state.calls += 1;
      resolve(handle(requestText, JSON.stringify(context)));
    }).then(function (text) {
      return JSON.parse(text);
    });
  }

  function update(root, form, handle, job) {
    var widget = widgets.get(root);
    if (job.link) clearForLink(form);
    var request = collect(form);
    if (job.link) Object.assign(request, job.link);
    var text = JSON.stringify(request);
    // Leaving a field after typing sends what was already answered: no second call.
    var answered =
      !job.link && widget.response && text === widget.request
        ? Promise.resolve(widget.response)
        : ask(root, handle, text, job.link ? { form_values: true } : null);
    return answered.then(
      function (response) {
        widget.request = text;
        widget.response = response;
        if (response.internal_error) console.error("gist widget:", response.internal_error);
        if (job.link && response.form_values) fill(form, response.form_values);
        show(root, form, widget, response);
        var announce = part(root, "data-gist-announce");
        if (job.announce && announce) announce.textContent = response.announcement || "";
        if (job.commit) focusNewErrors(root, widget, response.errors || []);
        if (widget.sharing) writeLink(form);
        if (root.getAttribute("data-state") !== "ready") {
          setState(root, "ready");
          mark("ready");
        }
      },
      function (error) {
        // The bridge turns its own failures into a message; this is Pyodide itself failing.
        console.error("gist widget:", error);
        setState(root, "error");
      }
    );
  }

  function merge(job, more) {
    if (!job) return more;
    return {
      announce: job.announce || more.announce,
      commit: job.commit || more.commit,
      link: more.link || job.link,
    };
  }

  // One call at a time per widget; changes made meanwhile are answered by one more call.
  function schedule(root, form, job) {
    var widget = widgets.get(root);
    widget.job = merge(widget.job, job);
    if (state.pending.has(root)) return;
    state.pending.add(root);
    run(root, form, widget);
  }

  function run(root, form, widget) {
    engine().then(
      function (handle) {
        var job = widget.job;
        widget.job = null;
        update(root, form, handle, job)
          .catch(function (error) {
            console.error("gist widget:", error); // a broken answer must not leave it waiting
            setState(root, "error");
          })
          .then(function () {
            if (widget.job) run(root, form, widget);
            else state.pending.delete(root);
          });
      },
      function (error) {
        widget.job = null;
        state.pending.delete(root);
        console.error("gist widget: the calculator did not load:", error);
        setState(root, "error");
      }
    );
  }

  // The summary's links focus their field (and keep the address, which may hold a link).
  function followSummaryLink(event) {
    var link = event.target.closest && event.target.closest("[data-gist-error-summary] a");
    var id = link && (link.getAttribute("href") || "").slice(1);
    var target = id && document.getElementById(id);
    if (!target) return;
    event.preventDefault();
    event.stopPropagation();
    var control = target.matches("input, select, textarea")
      ? target
      : target.querySelector("input, select, textarea");
    if (!control) return;
    var field = control.closest("[data-field]") || control;
    field.scrollIntoView({ block: "start" });
    control.focus({ preventScroll: true });
  }

  function bind(root) {
    if (state.bound.has(root)) return;
    var form = part(root, "data-gist-form");
    if (!form) return;
    state.bound.add(root);
    var widget = { request: null, response: null, job: null, summary: "", committed: new Set() };
    widget.sharing = false; // the address holds the answers only once the reader asks
    widgets.set(root, widget);
    // Typing is a change at every key; a select or a box fires input and change together,
    // so only change counts for them (one call into Python, not two).
    form.addEventListener("input", function (event) {
      if (TYPED_TYPES.has(event.target.type)) schedule(root, form, { announce: true });
    });
    form.addEventListener("change", function () {
      schedule(root, form, { announce: true, commit: true });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault(); // Enter in a field must not reload the page
      schedule(root, form, { announce: true, commit: true });
    });
    root.addEventListener("click", followSummaryLink);
    var print = part(root, "data-gist-print");
    if (print) {
      print.addEventListener("click", function () {
        window.print();
      });
    }
    var copy = part(root, "data-gist-share");
    if (copy) {
      copy.addEventListener("click", function () {
        share(root, form, widget);
      });
    }
    readLink(root);
  }

  // A link's answers, on arrival or when only the fragment changes (a link pasted while on
  // the page); otherwise the first answer, which switches the widget to "ready".
  function readLink(root) {
    var form = part(root, "data-gist-form");
    var widget = widgets.get(root);
    var link = linkAnswers(form);
    if (link) widget.sharing = true; // arrived with answers in the address: keep it current
    if (link) schedule(root, form, { link: link, commit: true, announce: true });
    else whenWanted(root).then(function () {
      schedule(root, form, {});
    });
  }

  // When to start Python unasked: gist-loader.js decides from the connection (at once on a
  // fast link; later, or on a touch, on a slow one or with Save-Data). A change starts it.
  function whenWanted(root) {
    var loader = window.gistLoadCalculator;
    return loader && loader.startWhen ? loader.startWhen(root) : Promise.resolve();
  }

  // While the calculator downloads: an accessible <progress> with the megabytes received and
  // expected, under the status line (the example's results stay as they are).
  function showProgress(detail) {
    document.querySelectorAll("[data-gist-widget]").forEach(function (root) {
      var bar = root.querySelector("[data-gist-progress]");
      var loading = root.getAttribute("data-state") === "loading";
      if (!detail || detail.done || !loading || !detail.expected) {
        if (bar) bar.remove();
        return;
      }
      var mb = function (bytes) {
        return (bytes / 1e6).toFixed(1);
      };
      var received = Math.min(detail.received, detail.expected);
      var text = mb(received) + " of " + mb(detail.expected) + " MB received";
      if (!bar) {
        var id = "gist-" + (root.getAttribute("data-page") || "widget") + "-progress";
        bar = document.createElement("p");
        bar.className = "gist-progress";
        bar.setAttribute("data-gist-progress", "");
        bar.innerHTML =
          '<label for="' + id + '">Downloading the calculator</label> ' +
          '<progress id="' + id + '"></progress> <span aria-hidden="true"></span>';
        var status = part(root, "data-gist-status");
        if (status) status.insertAdjacentElement("afterend", bar);
        else root.insertBefore(bar, root.firstChild);
      }
      var progress = bar.querySelector("progress");
      progress.max = detail.expected;
      progress.value = received;
      progress.textContent = text; // the text equivalent, where <progress> is not drawn
      progress.setAttribute("aria-valuetext", text);
      bar.querySelector("span").textContent = text;
    });
  }
  window.addEventListener("gist:progress", function (event) {
    showProgress(event.detail);
  });

  function init() {
    document.querySelectorAll("[data-gist-widget]").forEach(bind);
  }

  window.addEventListener("hashchange", function () {
    document.querySelectorAll("[data-gist-widget]").forEach(function (root) {
      if (state.bound.has(root) && location.hash.indexOf(LINK_PREFIX) === 0) readLink(root);
    });
  });

  // Material emits document$ on load and after every instant navigation; from file:// it
  // never emits, hence DOMContentLoaded as well. bind() ignores roots it has seen.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
    // The widget is already parsed (this script comes at the end of the body): start now,
    // unless the connection says to wait.
    var first = document.querySelector("[data-gist-widget]");
    if (first) {
      whenWanted(first).then(function () {
        engine().catch(function () {});
      });
    }
  } else {
    init();
  }
})();
