// The explorer in a real browser: playwright-core driving Debian's chromium against a
// running `detente serve`. Usage: node explorer.mjs URL DETENTE_BINARY OUT_DIR
//
// Loads the page, moves a slider with the keyboard, runs 1,000 seeds and reads the shares
// (checked against `detente sweep` of the command the page shows), opens a link of the view
// in a fresh page (same shares), draws a response curve, clicks a seed and reads its
// transcript, downloads the what-if and has `detente check` accept it, shows a pasted
// file's error with its line, plays three months as Truman with a proposal (valued for
// every side as its slider moves), opens the game's link in a fresh page (the same month),
// lets the advisers finish, replays the downloaded game
// with `detente run --moves` (the page's transcript), and plays two months as Stalin.
// Fails on any console error or failed request of the page.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";

const [url, bin, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const step = (s) => console.log(`browser: ${s}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
const problems = [];
let expectBadRequest = false; // a pasted file or a link with a mistake is refused on purpose
function watch(page) {
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (expectBadRequest && /status of 4(00|22)/.test(m.text())) return;
    problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => {
    // A run the page itself abandoned for a newer one is not a failure.
    if (!(r.failure()?.errorText || "").includes("ERR_ABORTED")) problems.push(`request failed: ${r.url()}`);
  });
  page.on("request", (r) => { if (!r.url().startsWith(url) && !r.url().startsWith("blob:") && !r.url().startsWith("about:") && !r.url().startsWith("data:")) problems.push(`fetched from outside: ${r.url()}`); });
}

/** Wait until the page has finished a run of n seeds; return its shares table. */
async function shares(page, n) {
  await page.waitForSelector(`#status[data-done="${n}"]`, { timeout: 60_000 });
  return page.$$eval("#shares tbody tr", (rows) => rows.map((r) => ({
    label: r.dataset.label, count: Number(r.children[1].textContent), share: Number(r.dataset.share),
  })));
}

function sweepCounts(command) {
  const args = command.split(" ").slice(1);
  const csv = join(out, `sweep-${Date.now()}.csv`);
  execFileSync(bin, [...args, "--out", csv], { stdio: ["ignore", "ignore", "pipe"] });
  const lines = readFileSync(csv, "utf8").trim().split("\n");
  const header = lines[0].split(",");
  const col = header.indexOf("outcome");
  const counts = {};
  for (const line of lines.slice(1)) {
    // Outcome labels hold no comma or quote in the built-ins; a quoted field would.
    const label = line.split(",")[col];
    counts[label] = (counts[label] || 0) + 1;
  }
  return counts;
}

const page = await context.newPage();
watch(page);
step(`loading ${url}`);
await page.goto(url);
await shares(page, 1000);

step("moving Stalin's paranoia down by 0.2 with the keyboard");
await page.uncheck("#auto");
const slider = page.locator('input[data-key="actors.stalin.paranoia"]');
const before = Number(await slider.inputValue());
await slider.focus();
for (let k = 0; k < 20; k++) await page.keyboard.press("ArrowLeft");
const after = Number(await slider.inputValue());
assert.ok(Math.abs(before - 0.2 - after) < 1e-9 || after === 0, `slider ${before} -> ${after}`);
assert.ok(page.url().includes("actors.stalin.paranoia"), "the link carries the change");

step("running 1,000 seeds");
await page.fill("#runs", "1000");
await page.click("#run");
const rows = await shares(page, 1000);
const total = rows.reduce((s, r) => s + r.count, 0);
assert.equal(total, 1000, "every seed counted once");
const sum = rows.reduce((s, r) => s + r.share, 0);
assert.ok(Math.abs(sum - 1) < 1e-9, `shares sum to ${sum}`);
const command = await page.textContent("#command");
assert.ok(command.includes("--set actors.stalin.paranoia="), command);
const counts = sweepCounts(command);
for (const r of rows) assert.equal(r.count, counts[r.label] || 0, `${r.label}: page ${r.count}, sweep ${counts[r.label]}`);
step(`shares equal \`${command}\`: ${rows.filter((r) => r.count).map((r) => `${r.label} ${r.count}`).join(", ")}`);
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: join(out, "explorer.png"), fullPage: false });

step("a link of this view reproduces it");
const link = page.url();
const again = await context.newPage();
watch(again);
await again.goto(link);
const rows2 = await shares(again, 1000);
assert.deepEqual(rows2, rows, "the same view from the link");
assert.equal(Number(await again.locator('input[data-key="actors.stalin.paranoia"]').inputValue()), after);
await again.close();

step("drawing a response curve");
await page.click('.lever[data-key="actors.truman.trust.stalin"] button:has-text("curve")');
await page.waitForFunction(() => document.querySelectorAll("#curve-charts svg").length === 2, null, { timeout: 60_000 });

step("clicking a seed and reading its transcript");
const seedButton = page.locator("#seeds button").nth(7);
const seed = await seedButton.getAttribute("data-seed");
const outcome = await seedButton.getAttribute("data-outcome");
await seedButton.click();
await page.waitForFunction(() => !document.querySelector("#seed-outcome").textContent.includes("running"));
assert.ok((await page.textContent("#seed-outcome")).startsWith(outcome), "the seed's outcome is the grid's");
const frame = page.frameLocator("#seed-frame");
const lines = frame.locator("ol.transcript li");
await lines.first().waitFor({ state: "visible", timeout: 30_000 });
const first = await lines.first().textContent();
assert.match(first, /^\d{4}-\d{2} /, `a dated line: ${first}`);
assert.ok((await lines.count()) > 5, "a transcript of several lines");
assert.ok((await frame.locator("svg").count()) >= 4, "the report's charts");
step(`seed ${seed}: ${await lines.count()} transcript lines, first "${first.slice(0, 60)}"`);
await page.locator("#seed-box").screenshot({ path: join(out, "explorer-seed.png") });

step("downloading the what-if and checking it with detente check");
const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
const file = join(out, "whatif.toml");
await download.saveAs(file);
const checked = execFileSync(bin, ["check", file], { encoding: "utf8" });
assert.ok(readFileSync(file, "utf8").includes("extends = \"otl\""));
step(`detente check accepts it: ${checked.split("\n")[0]}`);

step("a pasted file with a mistake shows the error with its line");
expectBadRequest = true;
await page.click("#paste-box summary");
await page.fill("#toml", "extends = \"otl\"\n\n[[actors]]\nid = \"stalin\"\nparanoia = 5\n");
await page.click("#load-toml");
await page.waitForSelector("#problems:not([hidden])");
const problem = await page.textContent("#problems");
assert.match(problem, /pasted\.toml:5:\d+: .*paranoia/, problem);
expectBadRequest = false;

step("playing three months as Truman, with a proposal");
await page.click("#tab-game");
await page.waitForSelector('#game-seat option[value="truman"]', { state: "attached" });
await page.selectOption("#game-seat", "truman");
await page.click("#game-start");
await page.waitForSelector("#game-board:not([hidden])");
const monthText = () => page.textContent("#game-month");
/** Play the month with `button` and wait for the next month (or the end). */
async function playMonth(button) {
  const before = await monthText();
  await page.click(button);
  await page.waitForFunction((m) => document.querySelector("#game-board").hidden ||
    document.querySelector("#game-month").textContent !== m, before, { timeout: 30_000 });
  return before;
}
/** Open the proposal and move the first issue's slider up `steps` notches with the keyboard. */
async function propose(steps) {
  await page.check("#game-propose-open");
  await page.waitForSelector("#game-values tbody tr");
  const first = page.locator("#game-sliders input[type=range]").first();
  await first.focus();
  for (let k = 0; k < steps; k++) await page.keyboard.press("ArrowRight");
  const pkg = (await page.$$eval("#game-sliders input[type=range]", (xs) => xs.map((x) => x.value))).join(",");
  await page.waitForFunction((p) => document.querySelector("#game-values").dataset.package === p, pkg);
  const actors = await page.$$eval("#game-values tbody tr", (rows) => rows.map((r) => r.dataset.actor));
  return { pkg: pkg.split(",").map(Number), actors };
}
const months = [await playMonth("#game-advisers")];
const valued = await propose(10);
assert.deepEqual(valued.actors, ["stalin", "truman", "churchill"], "the package valued for every principal");
await page.selectOption("#game-signal", "reassure");
months.push(await playMonth("#game-act"));
months.push(await playMonth("#game-act"));
assert.equal(new Set(months).size, 3, `three different months: ${months}`);
const history = await page.$$eval("#game-history li", (xs) => xs.map((x) => x.textContent));
assert.equal(history.length, 3, history.join(" | "));
assert.match(history[1], /offered .*reassure/, history[1]);
step(`months ${months.map((m) => m.slice(0, 7)).join(", ")}: ${history.join(" | ")}`);
await propose(5);
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: join(out, "game.png"), fullPage: false });

step("a link of the game opens it at the same month, on the same what-if");
await page.click("#game-copy-link");
await page.waitForFunction(() => document.querySelector("#game-move-status").textContent !== "");
const gameLink = page.url();
const copied = await page.textContent("#game-move-status");
assert.ok(copied.includes("copied") || copied === gameLink, copied);
assert.ok(gameLink.includes("moves=") && gameLink.includes("seat=truman"), gameLink);
assert.ok(gameLink.includes("actors.stalin.paranoia"), "the game's what-if is in its link");
assert.ok(!gameLink.includes("curve="), "the Explore tab's curve is not redrawn for a game");
const resumed = await context.newPage();
watch(resumed);
await resumed.goto(gameLink);
await resumed.waitForSelector("#game-board:not([hidden])", { timeout: 60_000 });
for (const id of ["#game-month", "#game-standing", "#game-offers", "#game-dispatches"]) {
  assert.equal(await resumed.textContent(id), await page.textContent(id), `${id} from the link`);
}
const resumedHistory = await resumed.$$eval("#game-history li", (xs) => xs.map((x) => x.textContent));
assert.deepEqual(resumedHistory, history, "the moves from the link");
await resumed.close();
expectBadRequest = true;
const broken = await context.newPage();
watch(broken);
const bad = new URL(gameLink);
const hash = new URLSearchParams(bad.hash.slice(1));
hash.set("moves", JSON.stringify([{ round: 0, date: "1945-05", move: { kind: "fly" } }]));
bad.hash = hash.toString();
await broken.goto(bad.href);
await broken.waitForFunction(() => document.querySelector("#game-status").textContent.startsWith("error"), null, { timeout: 60_000 });
const refused = await broken.textContent("#game-status");
assert.match(refused, /cannot be replayed: .*fly/, refused);
assert.ok(await broken.locator("#game-board").isHidden(), "no board for a link that cannot be replayed");
step(`a link with a bad move says why: ${refused.slice(0, 160)}`);
await broken.close();
expectBadRequest = false;

step("the advisers play the rest; the download replays with detente run --moves");
await page.uncheck("#game-propose-open");
await page.click("#game-rest");
await page.waitForSelector("#game-end:not([hidden])", { timeout: 60_000 });
const transcript = await page.textContent("#game-transcript");
assert.ok(transcript.startsWith("detente: "), transcript.slice(0, 80));
assert.ok((await page.textContent("#game-alone-title")).includes("seeds 1 to 1000"));
const [gameDownload] = await Promise.all([page.waitForEvent("download"), page.click("#game-download")]);
const gameFile = join(out, "game.json");
await gameDownload.saveAs(gameFile);
const recorded = JSON.parse(readFileSync(gameFile, "utf8"));
assert.equal(recorded.seat, "truman");
assert.deepEqual(recorded.moves[1].move.propose, valued.pkg, "the package on the sliders was offered");
const replayed = execFileSync(bin, ["run", "--moves", gameFile], { encoding: "utf8" });
assert.ok(replayed.startsWith(transcript), "detente run --moves prints the transcript the page showed");
step(`detente run --moves gives the page's transcript: ${transcript.split("\n").length} lines`);
await page.locator("#game-end").screenshot({ path: join(out, "game-end.png") });

step("two months as Stalin");
await page.click("#game-again");
await page.selectOption("#game-seat", "stalin");
await page.click("#game-start");
await page.waitForSelector("#game-board:not([hidden])");
const stalin = [await playMonth("#game-advisers"), await playMonth("#game-advisers")];
assert.ok(stalin.every((m) => m.includes("Stalin's month")) && stalin[0] !== stalin[1], stalin.join(" | "));

await browser.close();
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
step("every check passed");
