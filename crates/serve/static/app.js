// The explorer page: plain JavaScript, no build step (game.js, the seat at the table, builds
// on the helpers here). Every text from a scenario or a run
// is put in the page as DOM text (textContent), never as markup; the charts and the seed's
// report come from the server already escaped.
"use strict";

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) e.append(c);
  return e;
};

// Categorical colours for outcomes (the report's palette, in order).
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
  "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939"];

const state = {
  source: { builtin: "otl" },
  info: null,          // the scenario's title, levers...
  values: {},          // lever key -> value on the page
  runs: 1000,
  seed: null,          // the seed shown
  curve: null,         // the lever whose curve is shown
  labels: [],          // outcome labels, in colour order
  running: null,       // AbortController of the run in flight
};

// ---- the what-if as --set changes and as a link ----------------------------------------

function round(x) { return Math.round(x * 100) / 100; }

function sets() {
  if (!state.info) return [];
  return state.info.levers
    .filter((l) => state.values[l.key] !== undefined && round(state.values[l.key]) !== round(l.value))
    .map((l) => `${l.key}=${round(state.values[l.key])}`);
}

function whatif() { return { source: state.source, sets: sets() }; }

function writeHash() {
  const p = new URLSearchParams();
  // A game on show is linked with the what-if it is played on (which the Explore tab's
  // levers may have left since), so that its moves replay on the same one.
  const played = !$("game").hidden && window.detenteGame ? window.detenteGame.link() : null;
  const { source, sets: changes } = played ? played.req : whatif();
  if (source.builtin !== undefined) p.set("scenario", source.builtin);
  else p.set("toml", source.toml);
  for (const s of changes) p.append("set", s);
  p.set("runs", String(state.runs));
  // The Explore tab's seed and curve are of its own what-if: a game's link leaves them out
  // (they come back in the link when that tab is shown again).
  if (state.seed !== null && !played) p.set("seed", String(state.seed));
  if (state.curve && !played) p.set("curve", state.curve);
  if (!$("game").hidden) p.set("tab", "game");
  if (played) {
    p.set("seat", played.req.seat);
    if (played.req.seed !== undefined) p.set("game_seed", String(played.req.seed));
    p.set("moves", JSON.stringify(played.moves));
  }
  history.replaceState(null, "", "#" + p.toString());
}

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  return {
    scenario: p.get("scenario"),
    toml: p.get("toml"),
    sets: p.getAll("set"),
    runs: p.get("runs"),
    seed: p.get("seed"),
    curve: p.get("curve"),
    tab: p.get("tab"),
    seat: p.get("seat"),
    game_seed: p.get("game_seed"),
    moves: p.get("moves"),
  };
}

// ---- talking to the server ------------------------------------------------------------

async function post(path, body) {
  const r = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!r.ok) {
    let error = `${r.status} ${r.statusText}`;
    // Our refusals are JSON with an `error`; a body the server could not read at all is
    // refused before that, in plain text, which still names the field.
    const text = await r.text();
    try { error = JSON.parse(text).error || error; } catch (_) { if (text) error += ": " + text; }
    const e = new Error(error);
    e.status = r.status;
    throw e;
  }
  return r;
}

// ---- the world --------------------------------------------------------------------------

async function loadBuiltins() {
  const r = await fetch("/api/scenarios");
  const list = await r.json();
  const sel = $("scenario");
  sel.replaceChildren(...list.map((s) => el("option", { value: s.name, text: `${s.name}: ${s.title}` })));
}

function showProblems(message) {
  const p = $("problems");
  p.hidden = !message;
  p.textContent = message ? "error: " + message : "";
}

async function loadScenario(source, values = {}) {
  const r = await post("/api/scenario", { source, sets: [] });
  const info = await r.json();
  state.source = source;
  state.info = info;
  state.values = {};
  for (const l of info.levers) state.values[l.key] = l.value;
  for (const [k, v] of Object.entries(values)) if (k in state.values) state.values[k] = v;
  $("title").textContent = `${info.title} — from ${info.start}, at most ${info.horizon} months; veto: ${info.veto.join(", ")}; seeds from ${info.seed}.`;
  if (source.builtin !== undefined) {
    $("scenario").value = source.builtin;
    $("toml").value = info.text;
  }
  showProblems("");
  drawLevers();
}

function leverRow(l) {
  const id = "lever-" + l.key.replace(/[^a-zA-Z0-9_-]/g, "_");
  const input = el("input", { type: "range", id, min: l.min, max: l.max, step: 0.01, value: state.values[l.key], "data-key": l.key });
  const out = el("output", { text: round(state.values[l.key]).toFixed(2) });
  const row = el("div", { class: "lever", "data-key": l.key },
    el("label", { htmlFor: id, text: l.label, title: `--set ${l.key}` }), input, out,
    el("button", { type: "button", text: "↺", title: "put it back", onclick: () => setLever(l, l.value, true) }),
    el("button", { type: "button", text: "curve", title: "how the shares respond to this lever", onclick: () => drawCurve(l.key) }));
  const mark = () => row.classList.toggle("changed", round(state.values[l.key]) !== round(l.value));
  input.addEventListener("input", () => { state.values[l.key] = Number(input.value); out.textContent = round(input.value).toFixed(2); mark(); writeHash(); });
  input.addEventListener("change", () => { if ($("auto").checked) runSeeds(); });
  row.setValue = (v) => { input.value = v; out.textContent = round(v).toFixed(2); mark(); };
  mark();
  return row;
}

function setLever(l, v, run) {
  state.values[l.key] = v;
  const row = document.querySelector(`.lever[data-key="${CSS.escape(l.key)}"]`);
  if (row) row.setValue(v);
  writeHash();
  if (run && $("auto").checked) runSeeds();
}

function drawLevers() {
  const groups = { paranoia: "Paranoia", trust: "Starting trust", events: "Events: the chance each happens" };
  const box = $("levers");
  box.replaceChildren();
  for (const [g, title] of Object.entries(groups)) {
    const ls = state.info.levers.filter((l) => l.group === g);
    if (!ls.length) continue;
    box.append(el("div", { class: "group" }, el("h3", { text: title }), ...ls.map(leverRow)));
  }
}

// ---- runs --------------------------------------------------------------------------------

function colour(label) {
  let k = state.labels.indexOf(label);
  if (k < 0) { state.labels.push(label); k = state.labels.length - 1; }
  return PALETTE[k % PALETTE.length];
}

function pct(x) { return (100 * x).toFixed(1) + "%"; }

function shareRows(tbody, shares, bars) {
  tbody.replaceChildren(...shares.map((s) => {
    const cells = [el("td", { text: s.label }), el("td", { text: String(s.count) }),
      el("td", { class: "share", text: pct(s.share) }), el("td", { text: `${pct(s.lo)} to ${pct(s.hi)}` })];
    if (bars) {
      const bar = el("div", { class: "bar" },
        el("span", { class: "fill" }), el("span", { class: "ci" }));
      bar.children[0].style.width = pct(s.share);
      bar.children[0].style.background = colour(s.label);
      bar.children[1].style.left = pct(s.lo);
      bar.children[1].style.width = pct(s.hi - s.lo);
      cells.push(el("td", {}, bar));
    }
    return el("tr", { "data-label": s.label, "data-share": String(s.share) }, ...cells);
  }));
}

function showShares(res) {
  for (const s of res.outcomes) colour(s.label);
  shareRows($("shares").tBodies[0], res.outcomes, true);
  shareRows($("reasons").tBodies[0], res.reasons, false);
  $("shares").hidden = false;
  $("reasons").hidden = false;
  $("shares-chart").innerHTML = res.chart; // drawn and escaped by the server's report
  $("command").textContent = res.command;
  $("legend").replaceChildren(...res.outcomes.filter((s) => s.count > 0).map((s) => {
    const sw = el("i"); sw.style.background = colour(s.label);
    return el("span", {}, sw, s.label);
  }));
  $("seeds").replaceChildren(...res.seeds.map((s) => {
    const b = el("button", { type: "button", title: `seed ${s.seed}: ${s.outcome} (${s.reason}, ${s.date})`, "data-seed": String(s.seed), "data-outcome": s.outcome });
    b.style.background = colour(s.outcome);
    b.addEventListener("click", () => showSeed(s.seed));
    return b;
  }));
  $("seeds-box").hidden = false;
  $("status").textContent = `${res.runs} seeds (${res.first_seed} to ${res.first_seed + res.runs - 1}) done.`;
  $("status").dataset.done = String(res.runs);
}

async function runSeeds(retried = false) {
  if (!state.info) return;
  if (state.running) state.running.abort();
  const controller = new AbortController();
  state.running = controller;
  const n = state.runs;
  $("progress").value = 0;
  delete $("status").dataset.done;
  $("status").textContent = `Running ${n} seeds…`;
  writeHash();
  try {
    const r = await fetch("/api/run", {
      method: "POST", signal: controller.signal,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...whatif(), runs: n }),
    });
    if (r.status === 503 && !retried) {
      $("status").textContent = "The server is busy; trying again in a second…";
      await new Promise((ok) => setTimeout(ok, 1000));
      if (state.running === controller) { state.running = null; return runSeeds(true); }
      return;
    }
    if (!r.ok) {
      let error = `${r.status}`;
      try { error = (await r.json()).error; } catch (_) { /* not JSON */ }
      throw new Error(error);
    }
    const reader = r.body.getReader();
    const decoder = new TextDecoder();
    let buf = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (line.type === "progress") {
          $("progress").value = line.done / line.runs;
          $("status").textContent = `${line.done} of ${line.runs} seeds…`;
        } else if (line.type === "result") {
          $("progress").value = 1;
          showShares(line);
        } else if (line.type === "error") {
          throw new Error(line.error);
        }
      }
    }
  } catch (e) {
    if (e.name !== "AbortError") $("status").textContent = "error: " + e.message;
  } finally {
    if (state.running === controller) state.running = null;
  }
}

// ---- one seed, a curve, the file ------------------------------------------------------------

async function showSeed(seed) {
  state.seed = seed;
  writeHash();
  for (const b of document.querySelectorAll("#seeds button")) b.classList.toggle("selected", b.dataset.seed === String(seed));
  $("seed-box").hidden = false;
  $("seed-number").textContent = String(seed);
  $("seed-outcome").textContent = "running…";
  try {
    const r = await post("/api/seed", { ...whatif(), seed });
    const rep = await r.json();
    $("seed-outcome").textContent = `${rep.outcome} (${rep.reason}, ${rep.date})`;
    $("seed-command").textContent = rep.command;
    const frame = $("seed-frame");
    frame.onload = () => {
      // The transcript is what a reader came for: open it.
      const d = frame.contentDocument && frame.contentDocument.querySelector("details");
      if (d) d.open = true;
    };
    frame.srcdoc = rep.html; // the report's page: escaped, no scripts, sandboxed
  } catch (e) {
    $("seed-outcome").textContent = "error: " + e.message;
  }
}

async function drawCurve(key) {
  const l = state.info.levers.find((x) => x.key === key);
  if (!l) return;
  state.curve = key;
  writeHash();
  $("curve-box").hidden = false;
  $("curve-key").textContent = key;
  $("curve-status").textContent = `Running 11 values × 200 seeds of ${l.label}…`;
  $("curve-charts").replaceChildren();
  try {
    const r = await post("/api/curve", { ...whatif(), key, lo: l.min, hi: l.max, points: 11, runs: 200 });
    const c = await r.json();
    $("curve-charts").innerHTML = c.charts.join("\n"); // the report's band charts, escaped there
    $("curve-command").textContent = c.command;
    $("curve-status").textContent = `${l.label}, from ${l.min} to ${l.max}, 200 seeds at each value (the same seeds).`;
  } catch (e) {
    $("curve-status").textContent = "error: " + e.message;
  }
}

async function download() {
  try {
    const r = await post("/api/whatif", whatif());
    const text = await r.text();
    const a = el("a", { download: "whatif.toml", href: URL.createObjectURL(new Blob([text], { type: "application/toml" })) });
    document.body.append(a);
    a.click();
    a.remove();
    $("download-status").textContent = "Saved as whatif.toml: run it with detente run whatif.toml";
  } catch (e) {
    $("download-status").textContent = "error: " + e.message;
  }
}

// ---- start -------------------------------------------------------------------------------

function showTab(name) {
  for (const t of document.querySelectorAll(".tab")) t.classList.toggle("active", t.dataset.tab === name);
  $("explore").hidden = name !== "explore";
  $("game").hidden = name !== "game";
  if (name === "game" && window.detenteGame) window.detenteGame.shown();
  writeHash();
}

async function start() {
  for (const t of document.querySelectorAll(".tab")) t.addEventListener("click", () => showTab(t.dataset.tab));
  await loadBuiltins();
  const h = readHash();
  if (h.runs && Number(h.runs) > 0) state.runs = Math.min(5000, Math.floor(Number(h.runs)));
  $("runs").value = state.runs;
  $("run").textContent = `Run ${state.runs} seeds`;
  const values = {};
  for (const s of h.sets) {
    const i = s.indexOf("=");
    if (i > 0 && Number.isFinite(Number(s.slice(i + 1)))) values[s.slice(0, i)] = Number(s.slice(i + 1));
  }
  const source = h.toml !== null ? { toml: h.toml } : { builtin: h.scenario || "otl" };
  try {
    await loadScenario(source, values);
    if (source.toml !== undefined) { $("toml").value = source.toml; $("paste-box").open = true; }
  } catch (e) {
    showProblems(e.message);
    await loadScenario({ builtin: "otl" });
  }
  $("scenario").addEventListener("change", async () => {
    state.seed = null; state.curve = null;
    await loadScenario({ builtin: $("scenario").value });
    writeHash();
    if ($("auto").checked) runSeeds();
  });
  $("load-toml").addEventListener("click", async () => {
    try {
      await loadScenario({ toml: $("toml").value });
      state.seed = null; state.curve = null;
      writeHash();
      if ($("auto").checked) runSeeds();
    } catch (e) { showProblems(e.message); }
  });
  $("use-builtin").addEventListener("click", async () => { await loadScenario({ builtin: $("scenario").value }); writeHash(); });
  $("reset-all").addEventListener("click", () => { for (const l of state.info.levers) setLever(l, l.value, false); if ($("auto").checked) runSeeds(); });
  $("runs").addEventListener("change", () => {
    const n = Math.max(1, Math.min(5000, Math.floor(Number($("runs").value) || 1000)));
    state.runs = n; $("runs").value = n; $("run").textContent = `Run ${n} seeds`; writeHash();
  });
  $("run").addEventListener("click", () => runSeeds());
  $("download").addEventListener("click", download);
  $("copy-link").addEventListener("click", async () => {
    writeHash();
    try { await navigator.clipboard.writeText(location.href); $("download-status").textContent = "Link copied."; }
    catch (_) { $("download-status").textContent = location.href; }
  });
  writeHash();
  await runSeeds();
  if (h.seed !== null && Number.isFinite(Number(h.seed))) showSeed(Number(h.seed));
  if (h.curve) drawCurve(h.curve);
  if (h.tab === "game") {
    showTab("game");
    if (h.seat !== null && window.detenteGame) await window.detenteGame.resume(h);
  }
}

start();
