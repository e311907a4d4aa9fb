#!/usr/bin/env bash
# Regenerate the outcome table in docs/scenarios.md from `detente outcomes --format markdown`
# (the test suite checks that the two agree).
set -euo pipefail
cd "$(dirname "$0")/.."
table=$(cargo run --release --quiet -- outcomes --format markdown)
awk -v table="$table" '
    /<!-- outcomes:begin -->/ { print; print table; skip = 1; next }
    /<!-- outcomes:end -->/ { skip = 0 }
    !skip
' docs/scenarios.md > docs/scenarios.md.new
mv docs/scenarios.md.new docs/scenarios.md
