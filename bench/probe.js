/*
 * Injected by bench/run.py into every benchmarked page before the page's own scripts
 * (Playwright's add_init_script). It only watches; the one thing it does to the page is,
 * when asked, to change the size field as soon as the form is parsed, so that "ready"
 * means "a changed input gave a Python-computed result", not merely "Pyodide started".
 *
 * All times are performance.now() of the page: milliseconds since navigation start.
 */
(function () {
  "use strict";
  if (window.top !== window) return; // the offline search runs in an iframe: not ours
  var bench = (window.__bench = {
    longTasks: [], // [startTime, duration] of each main-thread task over 50 ms
    resultsSeenAt: null, // first frame in which the pre-rendered results were laid out
    changedAt: null, // when the size field was changed (DOMContentLoaded)
    readyAt: {}, // page id -> when its widget first showed a Python result for changed input
    readyState: {}, // page id -> the data-state it had then
    initialResults: {}, // page id -> the pre-rendered results' HTML
    insertedAt: {}, // page id -> when its widget was first seen in the document
  });

  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (entry) {
        bench.longTasks.push([entry.startTime, entry.duration]);
      });
    }).observe({ type: "longtask", buffered: true });
  } catch (error) {
    bench.longTaskError = String(error);
  }

  // The size value that makes the results differ from the pre-rendered ones (the results
  // repeat the size, so any new value changes them).
  function otherSize(value) {
    var number = parseFloat(value);
    return String(isFinite(number) && number !== 7.7 ? 7.7 : 8.8);
  }

  function rootOf(node) {
    return node && node.closest ? node.closest("[data-gist-widget]") : null;
  }

  function check(root) {
    var page = root.getAttribute("data-page");
    if (!page || bench.readyAt[page] !== undefined) return;
    var results = root.querySelector("[data-gist-results]");
    var state = root.getAttribute("data-state");
    if (state === "error") {
      bench.readyAt[page] = performance.now();
      bench.readyState[page] = "error";
      return;
    }
    if (
      state === "ready" &&
      results &&
      !results.hasAttribute("data-stale") &&
      results.innerHTML !== bench.initialResults[page]
    ) {
      bench.readyAt[page] = performance.now();
      bench.readyState[page] = state;
    }
  }

  // Remember a widget's pre-rendered results, and change its size field if asked to.
  function adopt(root) {
    var page = root.getAttribute("data-page");
    if (!page || page in bench.initialResults) return;
    bench.insertedAt[page] = performance.now();
    var results = root.querySelector("[data-gist-results]");
    bench.initialResults[page] = results ? results.innerHTML : "";
    var size = root.querySelector('[data-gist-form] [name="size"]');
    if (size && window.__benchChange !== false) {
      size.value = otherSize(size.value);
      size.dispatchEvent(new Event("input", { bubbles: true }));
      if (bench.changedAt === null) bench.changedAt = performance.now();
    }
    check(root);
  }

  function scan() {
    document.querySelectorAll("[data-gist-widget]").forEach(adopt);
  }

  var observer = new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "childList") {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) return;
          if (node.matches && node.matches("[data-gist-widget]")) adopt(node);
          else if (node.querySelectorAll) node.querySelectorAll("[data-gist-widget]").forEach(adopt);
        });
      }
      var root = rootOf(record.target.nodeType === 1 ? record.target : record.target.parentNode);
      if (root) check(root);
    });
  });
  // While the page parses, only the widget's own attributes are watched (cheap); new
  // widgets, from instant navigation, once it is parsed.
  observer.observe(document, {
    subtree: true,
    attributes: true,
    attributeFilter: ["data-state", "data-stale"],
  });

  document.addEventListener("DOMContentLoaded", function () {
    scan();
    observer.observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-state", "data-stale"],
    });
  });

  // The first frame in which the pre-rendered results are laid out (the paint follows it).
  function frame() {
    var results = document.querySelector("[data-gist-widget] [data-gist-results]");
    if (results && results.getClientRects().length && results.textContent.trim()) {
      bench.resultsSeenAt = performance.now();
      return;
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);

  // Time to an updated result for `count` successive changes of the size field, each
  // awaited before the next (the page's own bridge, whatever its engine).
  bench.changeLoop = async function (count) {
    var root = document.querySelector("[data-gist-widget]");
    var results = root.querySelector("[data-gist-results]");
    var size = root.querySelector('[data-gist-form] [name="size"]');
    var times = [];
    for (var i = 0; i < count; i += 1) {
      var value = (2 + (i % 80) * 0.1).toFixed(1);
      if (value === size.value) value = "9.9";
      var changed = new Promise(function (resolve) {
        var observer = new MutationObserver(function () {
          observer.disconnect();
          resolve(performance.now());
        });
        observer.observe(results, { childList: true, subtree: true, characterData: true });
      });
      var start = performance.now();
      size.value = value;
      size.dispatchEvent(new Event("input", { bubbles: true }));
      var end = await changed;
      times.push(end - start);
      // Let the page finish the frame before the next change, as a typing reader would.
      await new Promise(function (resolve) {
        requestAnimationFrame(function () {
          setTimeout(resolve, 0);
        });
      });
    }
    return times;
  };
})();
