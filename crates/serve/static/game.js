// The seat at the table: plain JavaScript on top of app.js ($, el, post, state, whatif,
// sets, pct, writeHash). The server replays the game from what this page sends (the
// what-if, the seat, the seed and the moves so far) and decides everything; this page only
// shows the month and collects the move, and keeps the game in the page's link. Every text
// is put in the page as DOM text.
"use strict";

const game = {
  req: null,       // { source, sets, seat, seed }
  moves: [],       // the moves played, as the server recorded them
  view: null,      // the month on show
  asking: false,   // a values request in flight
  again: false,    // the sliders moved while it was
};

const fix3 = (x) => Number(x).toFixed(3);

/** The month of `round`, counted back from the month on show (`YYYY-MM` of round `v.round`). */
function monthOf(v, round) {
  const [y, m] = v.date.split("-").map(Number);
  const k = y * 12 + (m - 1) - (v.round - round);
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
}

/** A game request; a 503 (the server is busy with runs) is tried once more after a second. */
async function gameCall(path, extra = {}) {
  const body = { ...game.req, moves: game.moves, ...extra };
  try {
    return await (await post(path, body)).json();
  } catch (e) {
    if (e.status !== 503) throw e;
    await new Promise((ok) => setTimeout(ok, 1000));
    return (await post(path, body)).json();
  }
}

// ---- setting up ----------------------------------------------------------------------------

/** The tab is shown: offer the seats of the Explore tab's what-if. */
function gameShown() {
  if (!state.info) return;
  const sel = $("game-seat");
  const keep = sel.value;
  sel.replaceChildren(...state.info.seats.map((s) => el("option", { value: s.id, text: `${s.name} (${s.side})` })));
  if (state.info.seats.some((s) => s.id === keep)) sel.value = keep;
  if ($("game-seed").value === "") $("game-seed").value = String(state.info.seed);
  const changes = sets();
  $("game-whatif").textContent = `You play the what-if of the Explore tab: ${state.info.name} (${state.info.title})` +
    (changes.length ? `, with ${changes.join(", ")}.` : ", as it is.") + " Change it there first if you like.";
}

/** Open the game of the Explore tab's what-if, `seat`, `seed` (text; the scenario's own
 *  if not a whole number from 0) and `moves`, saying `opening` meanwhile and `failed`
 *  before the server's reason if it is refused. */
async function openGame(seat, seed, moves, opening, failed) {
  game.req = { ...whatif(), seat };
  const n = Math.floor(Number(seed));
  if (seed !== null && seed !== "" && Number.isFinite(n) && n >= 0) game.req.seed = n;
  game.moves = moves;
  $("game-status").textContent = opening;
  try {
    showGame(await gameCall("/api/game"));
    $("game-status").textContent = "";
  } catch (e) {
    game.req = null;
    game.moves = [];
    $("game-status").textContent = failed + e.message;
  }
}

async function startGame() {
  await openGame($("game-seat").value, $("game-seed").value, [], "Opening the first month…", "error: ");
}

function showGame(res) {
  game.moves = res.moves;
  game.view = res.view;
  $("game-setup").hidden = true;
  $("game-board").hidden = !res.view;
  $("game-end").hidden = !res.end;
  drawHistory();
  if (res.view) drawMonth(res, res.view);
  if (res.end) drawEnd(res);
  writeHash();
}

/** The game on show, for the page's link (its what-if, seat, seed and moves); null if none. */
function gameLink() {
  return game.req && $("game-setup").hidden ? { req: game.req, moves: game.moves } : null;
}

/** Open the game a link holds (`h` as app.js's readHash gives it): replayed by the server. */
async function resumeGame(h) {
  let moves;
  try {
    moves = JSON.parse(h.moves ?? "[]");
    if (!Array.isArray(moves)) throw new Error("not a list");
  } catch (e) {
    $("game-status").textContent = `error: the link's moves are not a list of moves (${e.message})`;
    return;
  }
  if (state.info.seats.some((s) => s.id === h.seat)) $("game-seat").value = h.seat;
  if (h.game_seed !== null) $("game-seed").value = h.game_seed;
  await openGame(h.seat, h.game_seed, moves, "Replaying the game of the link…",
    "error: the game of the link cannot be replayed: ");
}

async function copyGameLink() {
  writeHash();
  try {
    await navigator.clipboard.writeText(location.href);
    $("game-move-status").textContent = "Link to this month copied: it opens this game where it stands.";
  } catch (_) {
    $("game-move-status").textContent = location.href;
  }
}

// ---- the month ----------------------------------------------------------------------------

function drawMonth(res, v) {
  $("game-month").textContent = `${v.date} (round ${v.round}): ${res.seat_name}'s month, seed ${res.seed}`;
  const happened = v.events.filter((e) => e.happened);
  $("game-events").replaceChildren(...(happened.length ? happened : [null]).map((e) =>
    el("li", { text: e ? `** ${e.title}${e.narrative ? ": " + e.narrative : ""}` : "No event this month." })));
  $("game-standing").textContent = `Your security (no deal): ${fix3(v.security)}. You can still hold out for ${fix3(v.aspiration)}. ` +
    `Your paranoia: ${v.paranoia.toFixed(2)}. Trust in the other side, taken together: ${v.counterpart_trust.toFixed(2)}.` +
    (v.standing ? ` Your standing offer: ${v.standing.map((x) => x.toFixed(2)).join(", ")}.` : "");
  $("game-trust").replaceChildren(...v.trust.filter((t) => t.present).map((t) =>
    el("li", { text: `Your trust in ${t.name} (${t.ally ? "ally" : "other side"}): ${t.trust.toFixed(2)}` })));
  drawOffers(v);
  drawDispatches(v);
  $("game-propose-open").checked = false;
  $("game-proposal").hidden = true;
  drawProposal(v);
  $("game-signal").value = "";
  $("game-walkout").disabled = !v.can_walk_out;
  $("game-move-status").textContent = "";
}

const ADVICE = {
  accept: "advisers: accept",
  worse_than_security: "advisers: reject, worth less than your security",
  below_aspiration: "advisers: reject, it asks too much",
};

function drawOffers(v) {
  if (!v.offers.length) {
    $("game-offers").replaceChildren(el("p", { class: "sub", text: "No package is on the table this month." }));
    return;
  }
  $("game-offers").replaceChildren(...v.offers.map((o, k) => {
    const id = `game-offer-${k}`;
    const box = el("input", { type: "checkbox", id, "data-proposer": o.package.proposer, "data-round": String(o.package.round) });
    const via = o.via === o.package.proposer ? "" : `, via ${o.via}`;
    const good = o.expected_utility > v.security;
    return el("div", { class: "offer" },
      el("label", { htmlFor: id }, box, ` ${o.proposer_name}'s package of ${monthOf(v, o.package.round)}${via}: `),
      el("span", { text: o.text }),
      el("p", { class: "worth " + (good ? "value-good" : "value-bad"),
        text: `worth ${fix3(o.expected_utility)} to you at your trust (${fix3(o.utility)} kept in full) against your security ${fix3(v.security)}; ${ADVICE[o.advice] || o.advice}` }));
  }));
}

function drawDispatches(v) {
  $("game-dispatches").replaceChildren(...(v.dispatches.length ? v.dispatches.map((d) =>
    el("li", { text: `${d.from_name} (${d.role}, ${d.kind}): ${d.text}` })) : [el("li", { class: "sub", text: "Nothing came in this month." })]));
  $("game-counsel").replaceChildren(...v.counsel.reasons.map((r) => el("li", { text: r })));
}

// ---- a proposal: one slider per issue ----------------------------------------------------------

/** Sliders start at the advisers' package, else the standing offer, else the seat's ideal. */
function drawProposal(v) {
  const start = v.counsel.propose || v.standing || v.issues.map((i) => i.ideal);
  $("game-sliders").replaceChildren(...v.issues.map((issue, i) => {
    const id = `game-issue-${issue.id}`;
    const value = issue.fixed ?? start[i];
    const input = el("input", { type: "range", id, min: issue.min, max: issue.max, step: (issue.max - issue.min) / 100, value, "data-issue": issue.id });
    input.disabled = issue.fixed !== null && issue.fixed !== undefined;
    const out = el("output", { text: Number(value).toFixed(2) });
    input.addEventListener("input", () => { out.textContent = Number(input.value).toFixed(2); askValues(); });
    const note = input.disabled ? " (fixed by an event this month)" : ` (your ideal ${issue.ideal.toFixed(2)})`;
    return el("div", { class: "slider" }, el("label", { htmlFor: id, text: `${issue.name}, ${issue.min} to ${issue.max}${note}` }), input, out);
  }));
  $("game-values").tBodies[0].replaceChildren();
}

function proposal() {
  return [...document.querySelectorAll("#game-sliders input[type=range]")].map((i) => Number(i.value));
}

/** What the package on the sliders is worth to every principal; one request at a time. */
async function askValues() {
  if (game.asking) { game.again = true; return; }
  game.asking = true;
  const pkg = proposal();
  try {
    drawValues(await gameCall("/api/game/values", { package: pkg }), pkg);
  } catch (e) {
    $("game-move-status").textContent = "error: " + e.message;
  } finally {
    game.asking = false;
    if (game.again) { game.again = false; askValues(); }
  }
}

function drawValues(values, pkg) {
  const table = $("game-values");
  table.tBodies[0].replaceChildren(...values.map((p) => {
    const good = p.expected_utility > p.security;
    return el("tr", { class: good ? "value-good" : "value-bad", "data-actor": p.actor },
      el("td", { text: p.name }), el("td", { text: fix3(p.expected_utility) }), el("td", { text: fix3(p.utility) }),
      el("td", { text: fix3(p.security) }), el("td", { text: good ? "beats their security" : "does not beat their security" }));
  }));
  table.dataset.package = pkg.join(",");
}

// ---- moves -----------------------------------------------------------------------------------

function actMove() {
  const accept = [...document.querySelectorAll("#game-offers input[type=checkbox]:checked")]
    .map((b) => ({ proposer: b.dataset.proposer, round: Number(b.dataset.round) }));
  const move = { kind: "act", accept };
  if (!$("game-proposal").hidden) move.propose = proposal();
  if ($("game-signal").value) move.signal = $("game-signal").value;
  return move;
}

async function playMove(move, toEnd = false) {
  $("game-move-status").textContent = toEnd ? "The advisers play the rest…" : "The other leaders are deciding…";
  for (const b of document.querySelectorAll("#game-move button")) b.disabled = true;
  try {
    showGame(await gameCall("/api/game/move", { move, to_end: toEnd }));
  } catch (e) {
    $("game-move-status").textContent = "error: " + e.message;
  } finally {
    for (const b of document.querySelectorAll("#game-move button")) b.disabled = false;
    if (game.view) $("game-walkout").disabled = !game.view.can_walk_out;
  }
}

function describeMove(m) {
  const a = m.move;
  if (a.kind === "advisers") return "left to the advisers";
  if (a.kind === "walk_out") return "walked out";
  const parts = [a.accept.length ? `accepted ${a.accept.map((p) => `${p.proposer}'s of ${monthOf(m, p.round)}`).join(", ")}` : "accepted nothing"];
  if (a.propose) parts.push(`offered ${a.propose.map((x) => x.toFixed(2)).join(", ")}`);
  if (a.signal) parts.push(a.signal);
  return parts.join("; ");
}

function drawHistory() {
  $("game-history-box").hidden = !game.moves.length;
  $("game-history").replaceChildren(...game.moves.map((m) => el("li", { text: `${m.date}: ${describeMove(m)}` })));
}

// ---- the end -----------------------------------------------------------------------------------

function endingRow(who, e, security) {
  const nash = e.nash ? fix3(e.nash.package_distance) : "no Nash package";
  return el("tr", {}, el("th", { text: who }), el("td", { text: e.reason }), el("td", { text: e.date }),
    el("td", { text: e.outcome }), el("td", { text: `${fix3(e.utility)} (security ${fix3(security)})` }), el("td", { text: nash }));
}

function drawEnd(res) {
  const { summary: s, alone, transcript, command } = res.end;
  $("game-endings").tBodies[0].replaceChildren(endingRow("Your game", s.game, s.security),
    endingRow(`The model alone, seed ${s.seed}`, s.model, s.security));
  $("game-nash").textContent = s.game.nash
    ? `The Nash package (the deal that gives the most to both sides together) is ${s.game.nash.package.map((x) => x.toFixed(2)).join(", ")}; your outcome is ${fix3(s.game.nash.package_distance)} from it (0 to 1), the model's ${fix3(s.model.nash.package_distance)}.`
    : "No Nash package: no package beats security for every veto principal.";
  $("game-alone-title").textContent = `The model alone over seeds 1 to ${alone.runs}: settles in ${pct(alone.settled.share)} ` +
    `(${pct(alone.settled.lo)} to ${pct(alone.settled.hi)}); ends "${alone.same_outcome.label}" as you did in ${pct(alone.same_outcome.share)} (${pct(alone.same_outcome.lo)} to ${pct(alone.same_outcome.hi)}).`;
  $("game-alone").tBodies[0].replaceChildren(...alone.outcomes.map((o) =>
    el("tr", { class: o.label === s.game.outcome ? "yours" : "", "data-label": o.label },
      el("td", { text: o.label + (o.label === s.game.outcome ? " (yours)" : "") }), el("td", { text: String(o.count) }),
      el("td", { text: pct(o.share) }), el("td", { text: `${pct(o.lo)} to ${pct(o.hi)}` }))));
  $("game-transcript").textContent = transcript;
  $("game-command").textContent = command;
}

async function downloadGame() {
  try {
    const text = await (await post("/api/game/file", { ...game.req, moves: game.moves })).text();
    const a = el("a", { download: "game.json", href: URL.createObjectURL(new Blob([text], { type: "application/json" })) });
    document.body.append(a);
    a.click();
    a.remove();
    $("game-download-status").textContent = "Saved as game.json: replay it with detente run --moves game.json";
  } catch (e) {
    $("game-download-status").textContent = "error: " + e.message;
  }
}

// ---- wiring ------------------------------------------------------------------------------------

$("game-start").addEventListener("click", startGame);
/** Back to the seat and seed: a new game (the one on show is dropped). */
function newGame() {
  for (const id of ["game-end", "game-board", "game-history-box"]) $(id).hidden = true;
  game.req = null;
  game.moves = [];
  game.view = null;
  $("game-setup").hidden = false;
  gameShown();
  writeHash();
  $("game-setup").scrollIntoView();
}

$("game-again").addEventListener("click", newGame);
$("game-leave").addEventListener("click", newGame);
$("game-propose-open").addEventListener("change", () => {
  $("game-proposal").hidden = !$("game-propose-open").checked;
  if (!$("game-proposal").hidden) askValues();
});
$("game-act").addEventListener("click", () => playMove(actMove()));
$("game-advisers").addEventListener("click", () => playMove({ kind: "advisers" }));
$("game-rest").addEventListener("click", () => playMove({ kind: "advisers" }, true));
$("game-walkout").addEventListener("click", () => playMove({ kind: "walk_out" }));
$("game-download").addEventListener("click", downloadGame);
$("game-copy-link").addEventListener("click", copyGameLink);
window.detenteGame = { shown: gameShown, link: gameLink, resume: resumeGame };
