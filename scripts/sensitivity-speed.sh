#!/usr/bin/env bash
# The speed figure of docs/performance.md: Morris screening of 20 parameters, 20
# trajectories, 200 seeds a point (420 points, 84,000 runs) on every core, against the
# baseline measured in the same session: `detente sweep` running the very same 84,000 runs
# (the study's 420 points as a --design table, the same seeds). Prints the median of REPEAT
# (default 3) timings of each, and the mean rounds per run. Build first:
#   cargo build --release
# Usage: scripts/sensitivity-speed.sh [SCENARIO]   (default otl)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/detente
scenario=${1:-otl}
repeat=${REPEAT:-3}
params=(
    actors.stalin.paranoia actors.stalin.trust.truman actors.stalin.trust.churchill
    actors.stalin.walkout actors.stalin.strategy.e actors.molotov.paranoia
    actors.molotov.abrasiveness actors.molotov.trust.truman actors.beria.influence
    actors.beria.ideal.loan actors.truman.paranoia actors.truman.trust.stalin
    actors.truman.learning actors.truman.ideal.loan actors.truman.walkout
    actors.churchill.paranoia actors.churchill.trust.stalin actors.churchill.walkout
    scenario.noise scenario.betrayal_cost
)
args=()
for p in "${params[@]}"; do args+=(--param "$p"); done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }' 
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The study's points, from the sidecar of a one-seed run of the same sample.
"$bin" sensitivity "$scenario" "${args[@]}" --trajectories 20 --runs-per-point 1 \
    --out "$work/points.csv" > /dev/null 2>&1
python3 - "$work" <<'PY'
import csv, json, sys
work = sys.argv[1]
design = json.load(open(f"{work}/points.csv.meta.json"))["plan"]["design"]
with open(f"{work}/design.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(design["keys"])
    w.writerows(design["rows"])
PY
morris=$(for _ in $(seq "$repeat"); do
    seconds "$bin" sensitivity "$scenario" "${args[@]}" --trajectories 20 --runs-per-point 200
done | median)
sweep=$(for _ in $(seq "$repeat"); do
    seconds "$bin" sweep "$scenario" --design "$work/design.csv" --runs 200
done | median)
rounds=$("$bin" sensitivity "$scenario" "${args[@]}" --trajectories 20 --runs-per-point 200 \
    --metric rounds 2>/dev/null | sed -n 's/^mean rounds to equilibrium: mean \([0-9.]*\).*/\1/p')
echo "morris, 20 parameters x 20 trajectories x 200 seeds (84,000 runs): ${morris} s (median of $repeat)"
echo "sweep of the same 84,000 runs (--design of the 420 points, --runs 200): ${sweep} s (median of $repeat)"
echo "mean rounds to equilibrium over the study's runs: $rounds"
awk -v m="$morris" -v s="$sweep" 'BEGIN { printf "ratio: %.2f\n", m / s }' 
