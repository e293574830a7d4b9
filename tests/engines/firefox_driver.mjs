// Drives Debian's Firefox ESR for tests/engines (engine_support.py starts this script).
//
// npm puppeteer-core over WebDriver BiDi, with /usr/bin/firefox-esr headless: no geckodriver
// and nothing downloaded. One browser per test session; commands arrive as JSON lines on
// stdin and each gets one JSON line on stdout:
//   {op: "fresh"}                      a new browser context (no cache, no storage) and page
//   {op: "goto", url}                  load a page (until DOMContentLoaded)
//   {op: "eval", expression}           evaluate a JS expression in the page (promises awaited)
//   {op: "viewport", width, height}
//   {op: "log"}                        requests, console lines and page errors since the last
//   {op: "close"}
// A reply is {ok: value} or {error: "name: message"}.
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const executablePath = process.env.GIST_FIREFOX || "/usr/bin/firefox-esr";
const browser = await puppeteer.launch({
  browser: "firefox",
  protocol: "webDriverBiDi",
  executablePath,
  headless: true,
  // Puppeteer turns this off for automation; a reader's Firefox has it on, and it decides
  // what a page opened from disk may read (each file:// page is then an origin of its own).
  extraPrefsFirefox: { "security.fileuri.strict_origin_policy": true },
});

let context = null;
let page = null;
let log = { requests: [], console: [], pageErrors: [] };

async function fresh() {
  if (context) await context.close();
  context = await browser.createBrowserContext();
  page = await context.newPage();
  page.setDefaultTimeout(120000);
  page.on("request", (request) => log.requests.push(request.url()));
  page.on("console", (message) => log.console.push({ type: message.type(), text: message.text() }));
  page.on("pageerror", (error) => log.pageErrors.push(`${error.name}: ${error.message}`));
  await page.setViewport({ width: 1400, height: 1000 });
  return browser.version();
}

const ops = {
  fresh,
  async goto({ url }) {
    await page.goto(url, { waitUntil: "domcontentloaded" });
    return null;
  },
  async eval({ expression }) {
    const value = await page.evaluate(`(async () => (${expression}))()`);
    return value === undefined ? null : value;
  },
  async viewport({ width, height }) {
    await page.setViewport({ width, height });
    return null;
  },
  async log() {
    const taken = log;
    log = { requests: [], console: [], pageErrors: [] };
    return taken;
  },
  async close() {
    await browser.close();
    return null;
  },
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  let reply;
  try {
    reply = { ok: await ops[command.op](command) };
  } catch (error) {
    reply = { error: `${error.name}: ${error.message}` };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
  if (command.op === "close") break;
}
await browser.close().catch(() => {});
process.exit(0);
