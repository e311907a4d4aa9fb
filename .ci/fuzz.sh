#!/usr/bin/env bash
# Fuzz scenario loading (fuzz/fuzz_targets/load.rs) for FUZZ_SECONDS (default 60) if a
# nightly toolchain is installed; otherwise say so and succeed. See docs/fuzzing.md.
# Uses cargo-fuzz when it is installed, else the same flags cargo-fuzz passes.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "fuzz: no nightly toolchain; skipped"
    exit 0
fi

# The seed corpus: every shipped scenario alone, each what-if over its parent as a file
# beside it (the child's `extends` pointed at parent.toml), and a few --set lines.
corpus=fuzz/corpus/load
mkdir -p "$corpus"
for f in configs/*.toml; do
    name=$(basename "$f" .toml)
    cp "$f" "$corpus/$name"
    parent=$(sed -n 's/^extends = "\(.*\)"$/\1/p' "$f" | head -1)
    if [ -n "$parent" ] && [ -f "configs/$parent.toml" ]; then
        {
            sed 's/^extends = ".*"$/extends = "parent.toml"/' "$f"
            printf '\n%%%%\n'
            cat "configs/$parent.toml"
            printf '\n%%%%\nscenario.noise=0.3\nactors.stalin.paranoia=0.9\n'
        } > "$corpus/$name-over-file"
    fi
done

target="$(rustc -vV | sed -n 's/^host: //p')"
if cargo fuzz --version >/dev/null 2>&1; then
    cargo +nightly fuzz build load --fuzz-dir fuzz
    bin="fuzz/target/$target/release/load"
else
    RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks" \
        cargo +nightly build --release --locked --manifest-path fuzz/Cargo.toml \
        --target "$target" --target-dir fuzz/target
    bin="fuzz/target/$target/release/load"
fi

# A panic, a hang (10 s on one input) or 2 GiB of memory is a failure; the input that
# caused it is left in fuzz/artifacts/load/.
mkdir -p fuzz/artifacts/load
"$bin" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=fuzz/artifacts/load/ -print_final_stats=1 2>&1 | tail -n 25
