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

  var SKIPPED_TYPES = new Set(["submit", "button", "reset", "image", "file", "fieldset", "output"]);
  // Controls where every keystroke is a change; the others (selects, boxes) fire `input`
  // and `change` together, and only `change` is listened to for them.
  var TYPED_TYPES = new Set(["text", "search", "number", "email", "tel", "url", "textarea"]);
  // A shared link keeps the answers after this, in the address's fragment.
  var LINK_PREFIX = "#answers?";
  // Answers kept for this visit (this tab only, never sent anywhere), so they follow the
  // reader from page to page.
  var STORE_KEY = "gist-calculator-answers";
  // Screen readers hear the result once typing has paused this long, and only if it changed.
  var ANNOUNCE_AFTER_MS = 900;
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

  // gist-loader.js knows where Pyodide comes from (the site, or the offline payload).
  async function boot() {
    state.boots += 1;
    mark("boot");
    if (typeof window.gistLoadCalculator !== "function") {
      throw new Error("gist-loader.js did not load");
    }
    // A wasm that cannot be fetched, or a boot that hangs, fails within the loader's own
    // limits (gist-boot-core.js watches the wasm for every way of starting): nothing to add.
    var handle = await window.gistLoadCalculator();
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
      if (!el.name || el.disabled || SKIPPED_TYPES.has(el.type) || unasked(el)) return;
      if (el.type === "checkbox" && isList(el)) {
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

  // A group of boxes whose answer is a list (the package's field table says so in
  // data-kind, so this script keeps no list of fields of its own).
  function isList(el) {
    var field = el.closest && el.closest("[data-field]");
    return !!field && field.getAttribute("data-kind") === "list";
  }

  // A control in a question the situation does not ask: its value is neither sent nor kept.
  function unasked(el) {
    return !!(el.closest && el.closest("[data-field][hidden]"));
  }

  // ---------------------------------------------------------------- which questions

  // The rendered HTML says when each question is asked (data-settings, data-requires, from
  // the package's field table); this only applies it, and orders the sections as the
  // package's data-section-order says for the situation.
  function applyRelevance(form) {
    var setting = form.elements.setting ? form.elements.setting.value : "";
    // A situation the package does not know (a tampered list): every question stays asked,
    // and the package says what is wrong with the situation.
    var own = form.elements.setting && form.elements.setting.closest("[data-settings]");
    var known = !own || own.getAttribute("data-settings").split(" ").indexOf(setting) !== -1;
    form.querySelectorAll("[data-field][data-settings]").forEach(function (field) {
      var asked = !known || field.getAttribute("data-settings").split(" ").indexOf(setting) !== -1;
      var requires = field.getAttribute("data-requires");
      if (asked && requires) {
        var pair = requires.split("=");
        var other = form.elements[pair[0]];
        asked = !!other && other.value === pair[1] && !unasked(other);
      }
      if (field.hidden === asked) field.hidden = !asked;
    });
    var order;
    try {
      order = JSON.parse(form.getAttribute("data-section-order") || "{}")[setting];
    } catch (error) {
      order = null;
    }
    if (!Array.isArray(order)) return;
    var sections = order
      .map(function (name) {
        return form.querySelector(':scope > [data-section="' + name + '"]');
      })
      .filter(Boolean);
    var now = Array.prototype.filter.call(form.children, function (el) {
      return el.hasAttribute("data-section");
    });
    var same = sections.length === now.length && sections.every(function (el, i) {
      return el === now[i];
    });
    if (!same) sections.forEach(function (el) {
      form.appendChild(el); // the situation comes first and holds the focus: it never moves
    });
  }

  // A compact widget (reference pages) opened or closed; its button says which it will do.
  function setCompact(root, open) {
    if (!root.hasAttribute("data-compact")) return;
    root.setAttribute("data-compact", open ? "open" : "closed");
    var opener = part(root, "data-gist-open");
    if (!opener) return;
    opener.setAttribute("aria-expanded", String(open));
    opener.textContent = open
      ? "Close the calculator"
      : "Open the calculator to change the answers";
  }

  // ---------------------------------------------------------------- words about the state

  function say(root, selector, name) {
    var el = part(root, selector);
    var text = root.getAttribute("data-msg-" + name);
    if (el && text !== null && el.textContent !== text) el.textContent = text;
  }

  // data-results: "example" (the page's own case), "current" (matches the answers) or
  // "stale" (it does not: a problem, a change not yet worked out, or no calculator), with
  // the same in words next to the results.
  function setResults(root, value, words) {
    var results = part(root, "data-gist-results");
    if (results) {
      results.setAttribute("data-results", value);
      if (value === "stale") results.setAttribute("data-stale", "");
      else results.removeAttribute("data-stale");
    }
    var note = part(root, "data-gist-results-note");
    if (note) note.setAttribute("data-results", value);
    say(root, "data-gist-results-words", words);
  }

  function setFormNote(root, name) {
    var note = part(root, "data-gist-form-note");
    if (note) note.setAttribute("data-form", name);
    say(root, "data-gist-form-note", "form-" + name);
  }

  // ---------------------------------------------------------------- kept answers

  function store() {
    try {
      return window.sessionStorage || null;
    } catch (error) {
      return null; // storage switched off: answers simply do not follow the reader
    }
  }

  function keep(form) {
    var storage = store();
    if (!storage) return;
    try {
      storage.setItem(STORE_KEY, JSON.stringify(collect(form)));
    } catch (error) {
      /* full or refused: nothing to do */
    }
  }

  function kept() {
    var storage = store();
    if (!storage) return null;
    try {
      var raw = JSON.parse(storage.getItem(STORE_KEY) || "null");
      return raw && typeof raw === "object" && !Array.isArray(raw) ? raw : null;
    } catch (error) {
      return null;
    }
  }

  function forget() {
    var storage = store();
    if (storage) {
      try {
        storage.removeItem(STORE_KEY);
      } catch (error) {
        /* nothing kept */
      }
    }
  }

  // The form's controls as they are, to put back the page's example on "Clear my answers".
  function snapshot(form) {
    return Array.prototype.map.call(form.elements, function (el) {
      return { el: el, value: el.value, checked: el.checked };
    });
  }

  function restore(saved) {
    saved.forEach(function (item) {
      if (item.el.type === "checkbox" || item.el.type === "radio") item.el.checked = item.checked;
      else item.el.value = item.value;
    });
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
    // Print and share need the calculator: CSS keeps their space and shows them once ready.
    if (name === "error") {
      // The results cannot follow the answers: say so next to both, and stop taking input.
      setResults(root, "stale", "results-failed");
      setFormNote(root, "failed");
      var form = part(root, "data-gist-form");
      if (form) form.inert = true;
    }
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
    if (summary) summary.hidden = !errors.length; // before the content: no flash of it
    // Replaced only when it changes, so a reader on one of its links keeps their place.
    if (summary && html !== widget.summary) {
      summary.innerHTML = html;
      widget.summary = html;
    }
    var results = part(root, "data-gist-results");
    if (!results) return;
    if (errors.length) {
      // The last good results stay, marked out of date in words, with what to fix.
      setResults(root, "stale", "results-errors");
    } else {
      if (results.innerHTML !== response.results_html) results.innerHTML = response.results_html;
      if (widget.touched) setResults(root, "current", "results-current");
      else setResults(root, "example", "results-example");
    }
  }

  // ---------------------------------------------------------------- a link's answers

  // The form's answers in the address, after the # sign, which browsers never send to a
  // server: #answers?size=4&size_unit=cm&site=colon. Written only once the reader asks.
  function linkFor(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || SKIPPED_TYPES.has(el.type) || unasked(el)) return;
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
      raw[el.name] = isList(el) || values.length > 1 ? values : values[0];
    });
    return raw;
  }

  // The link's answers to the questions its own situation asks; the others are dropped,
  // never used unseen. The lists a link chooses from (the situation, a unit) are set first,
  // as they decide which questions are asked; the package then reads every value.
  function askedOf(form, link) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.tagName !== "SELECT" || !owns(link, el.name) || typeof link[el.name] !== "string") {
        return;
      }
      var offered = Array.prototype.some.call(el.options, function (option) {
        return option.value === link[el.name];
      });
      if (offered) el.value = link[el.name];
    });
    applyRelevance(form);
    var asked = {};
    Object.keys(link).forEach(function (name) {
      var control = form.elements[name];
      var first = control && control.length !== undefined && !control.tagName ? control[0] : control;
      if (first && !unasked(first)) asked[name] = link[name];
    });
    return asked;
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
      if (el.type === "checkbox" && isList(el)) {
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
    var link = job.link ? askedOf(form, job.link) : null;
    if (link) clearForLink(form);
    var request = collect(form);
    if (link) Object.assign(request, link);
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
        if (job.link && response.form_values) {
          fill(form, response.form_values);
          applyRelevance(form);
        }
        // A newer change is waiting: these results are already out of date, so they are
        // not shown as current, nor spoken.
        var superseded = !!widget.job && !job.link;
        if (!superseded) show(root, form, widget, response);
        if (job.announce && !superseded) announceSoon(root, widget, response.announcement || "");
        // A link's answers are what the address already says: it stays as opened (Material,
        // still swapping the page in, would otherwise go back to it as a new entry).
        if (widget.sharing && !job.link) writeLink(form);
        if (job.from) {
          arrived(root, form, widget, job.from);
          keep(form); // a link's answers, too, follow the reader to the other pages
        }
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
      link: more.link || job.link,
      from: more.from || job.from,
    };
  }

  // One short announcement per settled change: after typing pauses, and never the same
  // words twice in a row (the live region would read them again).
  function announceSoon(root, widget, text) {
    clearTimeout(widget.announceTimer);
    widget.announceTimer = setTimeout(function () {
      var region = part(root, "data-gist-announce");
      if (!region || !text || text === widget.announced) return;
      widget.announced = text;
      region.textContent = text;
    }, ANNOUNCE_AFTER_MS);
  }

  // Answers from a link or from another page: say where they came from. A link's reader
  // is taken to the calculator, with focus on that sentence.
  function arrived(root, form, widget, from) {
    setFormNote(root, from);
    if (from !== "link") return;
    // Answered while Material swaps the page (the widget is out of it for a moment): the
    // reader is taken there once it is back in place (putBack).
    widget.arriving = !root.isConnected;
    if (widget.arriving) return;
    setCompact(root, true); // a shared link's answers are there to be checked
    var note = part(root, "data-gist-form-note");
    if (!note) return;
    note.scrollIntoView({ block: "start" });
    note.focus({ preventScroll: true });
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
    setCompact(link.closest("[data-gist-widget]"), true);
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
    var widget = { request: null, response: null, job: null, summary: "", touched: false };
    widget.sharing = false; // the address holds the answers only once the reader asks
    widget.example = snapshot(form);
    var results = part(root, "data-gist-results");
    widget.exampleHtml = results ? results.innerHTML : "";
    widgets.set(root, widget);
    applyRelevance(form);
    // The reader changed something: the results are out of date until worked out again,
    // and the answers are kept for the other pages of this visit.
    function changed() {
      applyRelevance(form);
      setFormNote(root, "yours");
      widget.touched = true;
      if (root.getAttribute("data-state") !== "error") setResults(root, "stale", "results-pending");
      keep(form);
      schedule(root, form, { announce: true });
    }
    // Typing is a change at every key; a select or a box fires input and change together,
    // so only change counts for them (one call into Python, not two).
    form.addEventListener("input", function (event) {
      if (TYPED_TYPES.has(event.target.type)) changed();
    });
    form.addEventListener("change", function (event) {
      // Leaving a text box after typing fires change with nothing new: already answered.
      if (TYPED_TYPES.has(event.target.type)) return;
      changed();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault(); // Enter in a field must not reload the page
      schedule(root, form, { announce: true });
    });
    // A reference page's compact widget: the answer in short, and a button that opens it.
    var opener = part(root, "data-gist-open");
    if (opener) {
      opener.addEventListener("click", function () {
        setCompact(root, root.getAttribute("data-compact") !== "open");
      });
    }
    var clear = part(root, "data-gist-clear");
    if (clear) {
      clear.addEventListener("click", function () {
        clearAnswers(root, form, widget);
      });
    }
    root.addEventListener("click", followSummaryLink);
    var print = part(root, "data-gist-print");
    if (print) {
      print.addEventListener("click", function () {
        // The print style then keeps the answers and results only (see gist-site.css).
        var html = document.documentElement;
        html.setAttribute("data-gist-printing", "");
        var done = function () {
          html.removeAttribute("data-gist-printing");
          window.removeEventListener("afterprint", done);
        };
        window.addEventListener("afterprint", done);
        window.print();
      });
    }
    var copy = part(root, "data-gist-share");
    // From disk (the offline copy) a link would point into this computer: none is offered.
    if (copy && location.protocol === "file:") {
      copy.hidden = true;
      var hint = part(root, "data-gist-share-hint");
      if (hint) hint.hidden = true;
    }
    if (copy) {
      copy.addEventListener("click", function () {
        share(root, form, widget);
      });
    }
    readLink(root, true);
  }

  // A link's answers, on arrival or when only the fragment changes (a link pasted while on
  // the page); otherwise the first answer, which switches the widget to "ready".
  function readLink(root, onArrival) {
    var form = part(root, "data-gist-form");
    var widget = widgets.get(root);
    var link = linkAnswers(form);
    var from = link ? "link" : null;
    if (link) widget.sharing = true; // arrived with answers in the address: keep it current
    if (!link && onArrival) {
      link = kept(); // answers given on another page of this visit
      if (link) from = "kept";
    }
    if (link) {
      widget.touched = true;
      setResults(root, "stale", "results-pending");
    }
    if (link) schedule(root, form, { link: link, announce: true, from: from });
    else whenWanted(root).then(function () {
      schedule(root, form, {});
    });
  }

  // Back to the page's example: the form as built, the example's results, nothing kept.
  function clearAnswers(root, form, widget) {
    forget();
    widget.touched = false;
    widget.sharing = false;
    if (location.hash.indexOf(LINK_PREFIX) === 0) {
      history.replaceState(history.state, "", location.pathname + location.search);
    }
    restore(widget.example);
    applyRelevance(form);
    var results = part(root, "data-gist-results");
    if (results && root.getAttribute("data-state") !== "error") {
      results.innerHTML = widget.exampleHtml;
    }
    show(root, form, widget, { errors: [], results_html: widget.exampleHtml });
    widget.request = JSON.stringify(collect(form));
    widget.response = null;
    setFormNote(root, "example");
    announceSoon(root, widget, root.getAttribute("data-msg-cleared") || "");
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

  // The widgets last bound, and the page (path) they are on.
  var lastBound = { path: null, roots: [] };

  // Material's instant navigation fetches the page again the first time only the fragment
  // changes (a heading in the table of contents, a fragment typed by hand, a link to this
  // page pasted, back or forward) and puts a fresh copy of the content in place: the
  // example's answers, not the reader's. On the same page, the widget the reader was using
  // (answers, results, notes, open or closed, a call under way) goes back in place of the
  // copy, and whatever the address names keeps the place Material scrolled it to (Chromium's
  // and Firefox's scroll anchoring do that already; WebKit has none).
  function putBack(root, i) {
    var old = lastBound.path === location.pathname ? lastBound.roots[i] : null;
    if (!old || old === root || old.isConnected || !state.bound.has(old)) return root;
    if (old.getAttribute("data-page") !== root.getAttribute("data-page")) return root;
    var target = named();
    if (target && root.contains(target)) target = null; // in the copy: gone with it
    var top = target ? target.getBoundingClientRect().top : 0;
    root.replaceWith(old);
    if (target) window.scrollBy(0, target.getBoundingClientRect().top - top);
    var widget = widgets.get(old);
    if (widget.arriving) arrived(old, part(old, "data-gist-form"), widget, "link");
    // The focus went with the widget when Material took it out: it comes back with it.
    var lost = !document.activeElement || document.activeElement === document.body;
    if (lost && widget.focused && old.contains(widget.focused)) {
      widget.focused.focus({ preventScroll: true });
    }
    return old;
  }

  // The element the address's fragment names, if any (a link's answers name none).
  function named() {
    if (location.hash.length < 2 || location.hash.indexOf(LINK_PREFIX) === 0) return null;
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return null;
    }
    return document.getElementById(id);
  }

  // Where the focus is in each widget, to give it back if Material swaps the page (putBack).
  document.addEventListener("focusin", function (event) {
    lastBound.roots.forEach(function (root) {
      var widget = widgets.get(root);
      if (widget) widget.focused = root.contains(event.target) ? event.target : null;
    });
  });

  function init() {
    var roots = Array.prototype.map.call(document.querySelectorAll("[data-gist-widget]"), putBack);
    roots.forEach(bind);
    lastBound = { path: location.pathname, roots: roots };
  }

  // Only the fragment changed. A link's answers are read, unless they are what the form
  // already holds: the address the reader's own answers were written to (after "copy a
  // link"), reached again by back or forward, is no link opened. The answers the link
  // replaced are remembered with the address they were at: back there, they come back (the
  // link's stay in the later entry, to go forward to).
  window.addEventListener("hashchange", function (event) {
    var isLink = location.hash.indexOf(LINK_PREFIX) === 0;
    document.querySelectorAll("[data-gist-widget]").forEach(function (root) {
      if (!state.bound.has(root)) return;
      var widget = widgets.get(root);
      var form = part(root, "data-gist-form");
      if (!isLink) {
        var before = widget.before;
        if (before && before.url === location.href) putBackAnswers(root, form, widget, before);
        return;
      }
      if (widget.response && !widget.job && location.hash === linkFor(form)) return;
      if (event.oldURL && event.oldURL.indexOf(LINK_PREFIX) === -1) {
        var note = part(root, "data-gist-form-note");
        widget.before = {
          url: event.oldURL,
          answers: collect(form),
          note: (note && note.getAttribute("data-form")) || "example",
          touched: widget.touched,
          sharing: widget.sharing,
        };
      }
      readLink(root);
    });
  });

  // The reader's answers as they were before a link replaced them, worked out again.
  function putBackAnswers(root, form, widget, before) {
    widget.before = null;
    widget.touched = before.touched;
    widget.sharing = before.sharing;
    if (root.getAttribute("data-state") !== "error") setResults(root, "stale", "results-pending");
    schedule(root, form, { link: before.answers, announce: true, from: before.note });
  }

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
