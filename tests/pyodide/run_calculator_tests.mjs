// Run the calculator's portable tests inside real Pyodide under Node.
//
// Why: the calculator runs in the reader's browser through Pyodide, so the same stdlib-only
// unittest modules that CPython runs (tests/calculator/portable) must also pass there. Pyodide
// has no pytest, hence stdlib unittest; it needs no browser, hence Node.
//
// Usage: node tests/pyodide/run_calculator_tests.mjs [--root DIR] [--stdlib ZIP] [--verbose]
//   --root DIR    repository root to test (default: the one holding this script)
//   --stdlib ZIP  boot on this standard library (the site's trimmed one) instead of Pyodide's
//   --verbose     list every test, not just a dot per test
//
// With --stdlib, the tests themselves still need modules the site does not ship (unittest,
// for one): Pyodide's whole library is put behind the trimmed one on sys.path, and a guard
// reports every import of a module only the whole library has that the calculator (or a
// module of the trimmed library, on the calculator's behalf) makes. Any such import counts
// as a failure: the page would have raised ImportError there.
//
// The host directories are mounted at the same relative places under /repo, so a test module
// can find its data as Path(__file__).parent.parent / "data". The last line printed is
// "pyodide: N passed, M failed" (", K skipped" follows when K > 0); the exit status is 1 when
// anything failed or errored, when no test ran, or when Pyodide could not run the tests at all.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MOUNT_ROOT = "/repo";
// Host directories, relative to the repository root; `required` ones must exist.
const MOUNTS = [
  { rel: "calculator/src", required: true },
  { rel: "tests/calculator/portable", required: true },
  { rel: "tests/calculator/data", required: false },
];

function out(text) {
  fs.writeSync(1, text);
}

function fail(message) {
  fs.writeSync(2, `error: ${message}\n`);
  out("pyodide: 0 passed, 1 failed\n");
  process.exit(1);
}

function parseArgs(argv) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const options = { root: path.resolve(here, "..", ".."), verbose: false, stdlib: null };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--root" && i + 1 < argv.length) {
      options.root = path.resolve(argv[i + 1]);
      i += 1;
    } else if (argv[i] === "--stdlib" && i + 1 < argv.length) {
      options.stdlib = path.resolve(argv[i + 1]);
      i += 1;
    } else if (argv[i] === "--verbose") {
      options.verbose = true;
    } else {
      fail(`unknown argument ${argv[i]}; usage: run_calculator_tests.mjs [--root DIR] [--stdlib ZIP] [--verbose]`);
    }
  }
  return options;
}

async function importPyodide(root) {
  const entry = path.join(root, "node_modules", "pyodide", "pyodide.mjs");
  if (!fs.existsSync(entry)) {
    fail(`${entry} is missing: run 'make node' (npm ci) first.`);
  }
  const module = await import(entry);
  return module.loadPyodide;
}

// Runs inside Pyodide: discover the portable modules exactly as CPython's loader would (same
// start and top-level directory), run them, and return per-test outcomes. Outcomes are kept
// per test id because a test with several failing subtests must still count once.
const RUN_TESTS = `
import sys
import unittest

class _OutcomeResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ran_ids = []
        self.bad_ids = set()
        self.skipped_ids = set()
        self.expected_failure_ids = set()

    def startTest(self, test):
        super().startTest(test)
        self.ran_ids.append(test.id())

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.bad_ids.add(test.id())

    def addError(self, test, err):
        # Also called for setUpClass/setUpModule errors, whose "test" is not a test case.
        super().addError(test, err)
        self.bad_ids.add(test.id())

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.bad_ids.add(test.id())

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.bad_ids.add(test.id())

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.skipped_ids.add(test.id())

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.expected_failure_ids.add(test.id())

class _TrimGuard:
    """Notes each import, made for the calculator, of a module only the whole library has."""

    def __init__(self, trimmed, whole, src_dir):
        self.trimmed, self.whole, self.src_dir = trimmed, whole, src_dir + "/"
        self.violations = []

    def _ours(self, filename):
        return filename.startswith(self.src_dir) or filename.startswith(self.trimmed)

    def find_spec(self, name, path=None, target=None):
        import importlib.machinery
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        elsewhere = False
        if spec is None and path:
            # A submodule the trimmed copy of its package lacks (html.parser for a test):
            # look in the same package of the whole library.
            inside = [p for p in path if p.startswith(self.trimmed)]
            whole = [self.whole + p[len(self.trimmed):] for p in inside]
            spec = importlib.machinery.PathFinder.find_spec(name, whole) if whole else None
            elsewhere = spec is not None
        if spec is None or not (spec.origin or "").startswith(self.whole):
            return None
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename.startswith("<frozen"):
            frame = frame.f_back
        importer = frame.f_code.co_filename if frame is not None else "?"
        on_behalf = False
        while frame is not None:
            on_behalf = on_behalf or frame.f_code.co_filename.startswith(self.src_dir)
            frame = frame.f_back
        if self._ours(importer) and on_behalf:
            self.violations.append(f"{name} (imported by {importer})")
        return spec if elsewhere else None  # otherwise the import goes on as usual

_guard = None

def guard_trimmed(trimmed, whole, src_dir):
    global _guard
    if whole not in sys.path:
        sys.path.append(whole)
    _guard = _TrimGuard(trimmed + "/", whole + "/", src_dir)
    sys.meta_path.insert(0, _guard)
    # Every module of the package, imported under the guard before any test imports a
    # module of the whole library first (which would hide the calculator's own import).
    import pkgutil
    sys.path.insert(0, src_dir)
    import gist_calculator
    for info in pkgutil.walk_packages(gist_calculator.__path__, "gist_calculator."):
        if not info.name.endswith(".__main__"):  # runs the command line when imported
            __import__(info.name)

def run(portable_dir, src_dir, verbose):
    if src_dir not in sys.path:
        sys.path.insert(0, src_dir)
    loader = unittest.TestLoader()
    suite = loader.discover(start_dir=portable_dir, pattern="test_*.py", top_level_dir=portable_dir)
    runner = unittest.TextTestRunner(
        stream=sys.stdout, verbosity=2 if verbose else 1, resultclass=_OutcomeResult
    )
    result = runner.run(suite)
    sys.stdout.flush()
    ran = set(result.ran_ids)
    not_passed = result.bad_ids | result.skipped_ids | result.expected_failure_ids
    return {
        "ran": len(result.ran_ids),
        "passed": len(ran - not_passed),
        "failed": len(result.bad_ids),
        "skipped": len(result.skipped_ids) + len(result.expected_failure_ids),
        "loader_errors": len(loader.errors),
        "outside_trimmed": list(_guard.violations) if _guard is not None else [],
    }
`;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const loadPyodide = await importPyodide(options.root);
  if (options.stdlib && !fs.existsSync(options.stdlib)) fail(`${options.stdlib} is missing.`);
  const pyodide = await loadPyodide({
    ...(options.stdlib ? { stdLibURL: options.stdlib } : {}),
    stdout: (line) => out(`${line}\n`),
    stderr: (line) => fs.writeSync(2, `${line}\n`),
  });
  // unittest writes to sys.stdout; raw writes keep its dots and summary in order.
  pyodide.setStdout({ write: (buffer) => fs.writeSync(1, buffer) });
  pyodide.setStderr({ write: (buffer) => fs.writeSync(2, buffer) });
  const booted = performance.now();
  out(`pyodide: Python ${pyodide.runPython("import sys; sys.version.split()[0]")}, ` +
      `Pyodide ${pyodide.version}, booted in ${((booted - started) / 1000).toFixed(1)} s\n`);

  for (const { rel, required } of MOUNTS) {
    const host = path.join(options.root, rel);
    if (!fs.existsSync(host)) {
      if (required) fail(`${host} is missing.`);
      continue;
    }
    // mountNodeFS refuses a symlink; mount what it points at.
    pyodide.mountNodeFS(`${MOUNT_ROOT}/${rel}`, fs.realpathSync(host));
  }
  pyodide.FS.chdir(MOUNT_ROOT);

  if (options.stdlib) {
    // Before the runner's own imports (unittest is not in the trimmed library).
    const whole = path.join(options.root, "node_modules", "pyodide", "python_stdlib.zip");
    pyodide.FS.writeFile("/lib/whole_stdlib.zip", new Uint8Array(fs.readFileSync(whole)));
    pyodide.runPython("import sys; sys.path.append('/lib/whole_stdlib.zip')");
  }
  pyodide.runPython(RUN_TESTS);
  if (options.stdlib) {
    const trimmed = pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('.zip'))");
    out(`pyodide: on the trimmed standard library ${options.stdlib}\n`);
    const guard = pyodide.globals.get("guard_trimmed");
    guard(trimmed, "/lib/whole_stdlib.zip", `${MOUNT_ROOT}/calculator/src`);
    guard.destroy();
  }
  const run = pyodide.globals.get("run");
  const summaryProxy = run(
    `${MOUNT_ROOT}/tests/calculator/portable`, `${MOUNT_ROOT}/calculator/src`, options.verbose,
  );
  const summary = summaryProxy.toJs({ dict_converter: Object.fromEntries });
  summaryProxy.destroy();
  run.destroy();

  const seconds = ((performance.now() - booted) / 1000).toFixed(1);
  out(`pyodide: ran ${summary.ran} tests in ${seconds} s after boot\n`);
  if (summary.ran === 0) {
    fs.writeSync(2, "error: no test ran in Pyodide (no test_*.py module with tests was found).\n");
  }
  const outside = summary.outside_trimmed;
  if (options.stdlib) {
    out(`pyodide: imports the trimmed library lacks: ${outside.length ? outside.join(", ") : "none"}\n`);
  }
  const failed = summary.failed + outside.length;
  const skipped = summary.skipped > 0 ? `, ${summary.skipped} skipped` : "";
  out(`pyodide: ${summary.passed} passed, ${failed} failed${skipped}\n`);
  process.exit(failed > 0 || summary.ran === 0 ? 1 : 0);
}

main().catch((error) => fail(`Pyodide could not run the tests: ${error?.stack ?? error}`));
