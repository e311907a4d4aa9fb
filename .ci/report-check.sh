#!/usr/bin/env bash
# The report in a real browser: build reports of several runs and a sweep, render each in
# headless Chromium, and fail on any console message or uncaught error from the page, on any
# chart without data, and on anything the page would fetch. Screenshots and the dumped DOM
# are kept in target/report-check/ for a look.
#
# Needs Debian's chromium (installed here if missing, from the Debian archive) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

if ! command -v chromium >/dev/null 2>&1; then
    echo "report-check: installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
CHROMIUM=$(command -v chromium)
"$CHROMIUM" --version 2>/dev/null || true

cargo build --locked --bin detente
BIN="${CARGO_TARGET_DIR:-target}/debug/detente"
OUT="${CARGO_TARGET_DIR:-target}/report-check"
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# The reports: three runs, sweeps of one and two parameters, two sensitivity studies, and a
# scenario whose every text is hostile markup (escaping checked where it matters: in a
# browser).
"$BIN" run otl --seed 7 --quiet --json "$OUT/otl-seed7.json" >/dev/null
"$BIN" run lend-lease-continues --seed 3 --quiet --json "$OUT/lend-lease-continues-seed3.json" >/dev/null
"$BIN" run bomb-under-un --quiet --json "$OUT/bomb-under-un.json" >/dev/null
"$BIN" sweep otl --runs 40 --vary actors.stalin.paranoia=0.3,0.6,0.9 --threads 2 \
    --out "$OUT/sweep-otl.csv" >/dev/null 2>&1
# Response curves (one parameter, six values) and heat maps (two parameters).
"$BIN" sweep lend-lease-continues --runs 30 --vary actors.stalin.paranoia=0.5:1:6 --threads 2 \
    --out "$OUT/sweep-one.csv" >/dev/null 2>&1
"$BIN" sweep lend-lease-continues --runs 20 --vary actors.stalin.paranoia=0.5:1:4 \
    --vary actors.truman.trust.stalin=0.2:0.6:3 --threads 2 --out "$OUT/sweep-two.csv" >/dev/null 2>&1
# Sensitivity studies: Morris and Sobol indices of three parameters.
SENS_PARAMS=(--param actors.stalin.paranoia=0.5:1 --param actors.truman.trust.stalin=0.2:0.7
    --param events.fulton-speech.trust.0.delta=-0.3:0)
"$BIN" sensitivity lend-lease-continues "${SENS_PARAMS[@]}" --trajectories 4 --runs-per-point 20 \
    --metric settle --metric rounds --threads 2 --json "$OUT/sensitivity-morris.json" >/dev/null 2>&1
"$BIN" sensitivity lend-lease-continues "${SENS_PARAMS[@]}" --method sobol --base 8 \
    --runs-per-point 10 --threads 2 --json "$OUT/sensitivity-sobol.json" >/dev/null 2>&1
cat >"$OUT/hostile.toml" <<'EOF'
extends = "otl"

[scenario]
name = "hostile"
title = "<script>console.error('title not escaped')</script> & \"quoted\""

[[actors]]
id = "stalin"
name = '<img src=x onerror=console.error("name-not-escaped")> & "Joe"'

[[events]]
id = "potsdam"
date = "1945-07"
title = "Potsdam <i>&amp;</i> 'quoted'"
narrative = "</details><script>console.error('narrative not escaped')</script>"
EOF
"$BIN" run "$OUT/hostile.toml" --quiet --json "$OUT/hostile.json" >/dev/null

# name, input, minimum number of charts
REPORTS=(
    "otl-seed7 otl-seed7.json 6"
    "lend-lease-continues-seed3 lend-lease-continues-seed3.json 6"
    "bomb-under-un bomb-under-un.json 7"
    "sweep-otl sweep-otl.csv 3"
    "sweep-one sweep-one.csv 3"
    "sweep-two sweep-two.csv 3"
    "sensitivity-morris sensitivity-morris.json 2"
    "sensitivity-sobol sensitivity-sobol.json 1"
    "hostile hostile.json 6"
)

chromium_run() {
    # A fresh profile each time; no network services, no first-run UI.
    local profile
    profile=$(mktemp -d)
    timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
    local status=$?
    rm -rf "$profile"
    return $status
}

failed=0
for entry in "${REPORTS[@]}"; do
    read -r name input min_charts <<<"$entry"
    html="$OUT/$name.html"
    "$BIN" report "$OUT/$input" -o "$html" --svg "$OUT/$name-svg" >/dev/null
    url="file://$html"
    chromium_run --screenshot="$OUT/$name.png" --window-size=1280,2400 "$url" \
        >/dev/null 2>"$OUT/$name.screenshot.log" || {
        echo "report-check: $name: chromium failed to take a screenshot" >&2
        cat "$OUT/$name.screenshot.log" >&2
        failed=1
        continue
    }
    chromium_run --dump-dom --window-size=1280,2400 "$url" \
        >"$OUT/$name.dom.html" 2>"$OUT/$name.dom.log" || {
        echo "report-check: $name: chromium failed to dump the DOM" >&2
        cat "$OUT/$name.dom.log" >&2
        failed=1
        continue
    }
    # Messages from the page, not from chromium itself (dbus, GPU, sandbox and the like):
    # the page's console (INFO:CONSOLE, whatever the level), uncaught exceptions, and errors
    # that name the page's URL. A page with no scripts writes none of these.
    page_lines=$(cat "$OUT/$name.screenshot.log" "$OUT/$name.dom.log" |
        grep -E ':CONSOLE[:(]|Uncaught|:ERROR:.*file://' || true)
    if [ -n "$page_lines" ]; then
        echo "report-check: $name: the page logged errors:" >&2
        echo "$page_lines" >&2
        failed=1
    fi
    if [ ! -s "$OUT/$name.png" ]; then
        echo "report-check: $name: no screenshot" >&2
        failed=1
    fi
    python3 - "$OUT/$name.dom.html" "$min_charts" "$name" <<'PY' || failed=1
"""Check a dumped DOM: enough charts, data drawn in every chart, nothing to fetch, no
script, the transcript collapsed in <details> (runs only)."""
import re
import sys
from html.parser import HTMLParser

path, min_charts, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
MARKS = {"polyline", "path", "circle", "rect", "line", "polygon"}


def coloured(value):
    """A colour that is not a grey, white or black (the charts draw data in colour)."""
    value = (value or "").strip().lower()
    m = re.fullmatch(r"#([0-9a-f]{6})", value)
    if m:
        r, g, b = (int(m.group(1)[i : i + 2], 16) for i in (0, 2, 4))
        return max(r, g, b) - min(r, g, b) > 24
    m = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)", value)
    if m:
        r, g, b = (int(x) for x in m.groups())
        return max(r, g, b) - min(r, g, b) > 24
    return False


class Check(HTMLParser):
    def __init__(self):
        super().__init__()
        self.svgs = []  # marks with colour per chart
        self.depth = 0
        self.problems = []
        self.details = 0
        self.text = []
        self.bands = 0  # translucent polygons: the bands of response curves
        self.heat_cells = 0  # cells of the first heat map (filled rects in its first chart)
        self.whiskers = 0  # ink strokes of interval whiskers
        self.in_heat = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.depth += 1
            if self.depth == 1:
                self.svgs.append(0)
        elif self.depth and tag in MARKS:
            if coloured(a.get("stroke")) or coloured(a.get("fill")):
                self.svgs[-1] += 1
            if tag == "polygon" and coloured(a.get("fill")) and float(a.get("opacity", "1")) < 1:
                self.bands += 1
            big = lambda k: float(a.get(k, "0")) >= 20  # not a step of the colour scale
            if tag == "rect" and self.in_heat and coloured(a.get("fill")) and big("width") and big("height"):
                self.heat_cells += 1
            if tag == "polyline" and (a.get("stroke") or "").lower() == "#222222":
                self.whiskers += 1
        if tag == "figure":
            self.in_heat = a.get("id") == "chart-heat-1"
        if tag in ("script", "iframe", "object", "embed", "img", "link", "base"):
            self.problems.append(f"a <{tag}> element: {attrs}")
        for key, value in attrs:
            value = value or ""
            if key.startswith("on"):
                self.problems.append(f"an event handler {key}= on <{tag}>")
            if key in ("src", "srcset", "poster", "data", "action", "formaction"):
                self.problems.append(f"<{tag} {key}={value!r}> would fetch")
            if key in ("href", "xlink:href") and not value.startswith("#"):
                self.problems.append(f"<{tag} {key}={value!r}> points outside the page")
            if key == "style" and "url(" in value:
                self.problems.append(f"<{tag} style> fetches {value!r}")
        if tag == "details":
            self.details += 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self.depth -= 1
        if tag == "figure":
            self.in_heat = False

    def handle_data(self, data):
        self.text.append(data)


with open(path, encoding="utf-8") as f:
    dom = f.read()
c = Check()
c.feed(dom)
problems = list(c.problems)
if re.search(r"url\(|@import", "".join(re.findall(r"<style[^>]*>(.*?)</style>", dom, re.S))):
    problems.append("the style sheet fetches something (url( or @import)")
if len(c.svgs) < min_charts:
    problems.append(f"{len(c.svgs)} charts, expected at least {min_charts}")
for k, marks in enumerate(c.svgs):
    if marks == 0:
        problems.append(f"chart {k + 1} of {len(c.svgs)} is empty: no coloured mark")
if not name.startswith(("sweep", "sensitivity")) and c.details != 1:
    problems.append(f"{c.details} <details> elements, expected the transcript in one")
if name in ("sweep-otl", "sweep-one") and c.bands == 0:
    problems.append("no response curve with its band (a translucent polygon)")
if name == "sweep-two" and c.heat_cells < 12:
    problems.append(f"{c.heat_cells} heat map cells, expected the 4 x 3 grid")
if name.startswith("sensitivity") and c.whiskers == 0:
    problems.append("no interval whiskers on the indices")
if name == "hostile":
    text = "".join(c.text)
    for shown in ("<script>console.error('title not escaped')</script>", '& "Joe"'):
        if shown not in text:
            problems.append(f"the hostile text {shown!r} is not shown as text")
if problems:
    for p in problems:
        print(f"report-check: {name}: {p}", file=sys.stderr)
    sys.exit(1)
print(f"report-check: {name}: {len(c.svgs)} charts, each with data; no script, nothing fetched")
PY
done

if [ "$failed" -ne 0 ]; then
    echo "report-check: FAILED (screenshots and logs in $OUT)" >&2
    exit 1
fi
echo "report-check: every report rendered cleanly; screenshots in $OUT"
