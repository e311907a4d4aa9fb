#!/usr/bin/env bash
# The explorer in a real browser: start `detente serve` on a free loopback port and drive it
# in Debian's chromium with playwright-core (.ci/browser/explorer.mjs): sliders, a run of
# 1,000 seeds checked against `detente sweep`, a link, a curve, a seed's transcript, the
# downloaded what-if checked by `detente check`, a pasted file's error, a game as Truman
# (three months, a proposal, a link that reopens the game at its month, the downloaded
# game replayed by `detente run --moves`) and as Stalin.
# Screenshots go to target/browser/.
#
# Installs what it needs on a fresh machine: Debian's chromium (apt) and node with npm
# (apt, if missing), then playwright-core at the version package-lock.json pins (npm ci;
# playwright's own browser download is never used).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
    echo "browser: installing ${need[*]} from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
(cd .ci/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

cargo build --locked --release --bin detente
BIN="$(pwd)/${CARGO_TARGET_DIR:-target}/release/detente"
OUT="$(pwd)/${CARGO_TARGET_DIR:-target}/browser"
rm -rf "$OUT"
mkdir -p "$OUT"

"$BIN" serve --port 0 >"$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
URL=""
for _ in $(seq 1 100); do
    URL=$(grep -o 'http://127.0.0.1:[0-9]*/' "$OUT/serve.log" || true)
    [ -n "$URL" ] && break
    sleep 0.1
done
if [ -z "$URL" ]; then
    echo "browser: detente serve did not start" >&2
    cat "$OUT/serve.log" >&2
    exit 1
fi
echo "browser: $URL"
CHROMIUM=$(command -v chromium) node .ci/browser/explorer.mjs "$URL" "$BIN" "$OUT"
