/* The baseline's boot (a file of its own, so a strict Content-Security-Policy allows it). */
(async function () {
  "use strict";
  var state = document.getElementById("state");
  try {
    var pyodide = await loadPyodide({ indexURL: new URL("assets/pyodide/", document.baseURI).href });
    var answer = pyodide.runPython("1 + 1");
    window.__baseline = { readyAt: performance.now(), answer: answer };
    state.textContent = "ready";
  } catch (error) {
    window.__baseline = { error: String(error) };
    state.textContent = "error";
  }
})();
