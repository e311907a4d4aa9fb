#!/usr/bin/env bash
# The cluster recipes of docs/cluster.md, for real. The Kubernetes manifest is validated
# against the API schema (kubernetes-validate from PyPI, strict). A single-node Slurm on
# localhost (Debian's slurm-wlm and munge) runs the doc's job array and merge job exactly as
# the doc writes them, each with `sbatch --wait`, and the merged rows must equal an
# unsharded sweep's, byte for byte after sorting. Needs root and apt-get: outside CI it says
# why it skipped; in CI (CI=true) it fails. About 2.5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DOC=$ROOT/docs/cluster.md
SHARED=/shared/detente # where the doc's recipe writes

skip() {
    if [ "${CI:-}" = true ]; then
        echo "cluster check: $1 (CI must run it)" >&2
        exit 1
    fi
    echo "cluster check skipped: $1"
    exit 0
}

# The doc's code block of language $1 that contains the text $2.
block() {
    awk -v lang="$1" -v want="$2" '
        $0 == "```" lang { inside = 1; text = ""; next }
        inside && $0 == "```" { inside = 0; if (index(text, want)) { printf "%s", text; found = 1; exit } next }
        inside { text = text $0 "\n" }
        END { exit !found }
    ' "$DOC"
}

WORK=$(mktemp -d)
MUNGE_PID=
stop() {
    local pid
    for f in "$WORK/slurmd.pid" "$WORK/slurmctld.pid" "$WORK/munged.pid"; do
        [ -s "$f" ] || continue
        pid=$(cat "$f")
        kill "$pid" 2>/dev/null || continue
        for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    done
    rm -rf "$WORK"
}
trap stop EXIT

# --- Kubernetes: the manifest against the API schema ----------------------------------
if ! python3 -c "import kubernetes_validate" >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
        kubernetes-validate==1.37.0 || skip "kubernetes-validate does not install"
fi
block yaml "kind: Job" > "$WORK/jobs.yaml"
# The oldest API with every field the manifest uses, and the newest the validator knows;
# --strict: a field the API does not have is an error, not ignored.
for v in 1.29 1.37; do
    python3 -m kubernetes_validate --strict --kubernetes-version "$v" "$WORK/jobs.yaml"
done

# --- Slurm -----------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || skip "installing and starting Slurm needs root"
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || skip "apt-get is not there to install slurm-wlm"
    echo "installing slurm-wlm and munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
if [ -e "$SHARED" ] && [ ! -e "$SHARED/.made-by-detente-ci" ]; then
    skip "$SHARED exists and was not made by this check, which will not write there"
fi
mkdir -p "$SHARED"
touch "$SHARED/.made-by-detente-ci"
rm -f "$SHARED"/otl*

cargo build --release --locked --quiet
mkdir -p "$WORK/bin" "$WORK/ctld" "$WORK/spool" "$WORK/log" "$WORK/job/logs"
ln -s "$ROOT/target/release/detente" "$WORK/bin/detente"
export PATH="$WORK/bin:$PATH"

# A private configuration (SLURM_CONF), so that no system file is touched.
HOST=$(hostname -s)
CPUS=$(nproc)
[ "$CPUS" -ge 2 ] || CPUS=2 # the recipe asks for 2 CPUs a task
export SLURM_CONF=$WORK/slurm.conf
cat > "$SLURM_CONF" <<EOF
ClusterName=detente-ci
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=3600
StateSaveLocation=$WORK/ctld
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
JobCompType=jobcomp/filetxt
JobCompLoc=$WORK/log/jobs.txt
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=ci Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF

if ! munge -n >/dev/null 2>&1; then
    mkdir -p /run/munge && chown munge:munge /run/munge
    runuser -u munge -- /usr/sbin/munged
    cp /run/munge/munged.pid "$WORK/munged.pid"
fi
munge -n | unmunge >/dev/null
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
    sinfo -h -o %T 2>/dev/null | grep -q idle && break
    sleep 1
done
sinfo

# The doc's two batch scripts, as written.
cd "$WORK/job"
block bash "# sweep.sbatch" > sweep.sbatch
block bash "# merge.sbatch" > merge.sbatch
start=$(date +%s)
jid=$(sbatch --parsable --wait sweep.sbatch)
echo "job array $jid: every task, as Slurm recorded it ($(($(date +%s) - start)) s in all):"
sed -E 's/.*(JobId=[0-9]+).*(JobState=[A-Z]+).*(StartTime=[^ ]+).*(EndTime=[^ ]+).*(NodeList=[^ ]+).*(ArrayJobId=[0-9]+) (ArrayTaskId=[0-9]+).*(ExitCode=[^ ]+).*/\1 \6 \7 \2 \3 \4 \5 \8/' \
    "$WORK/log/jobs.txt"
echo "task 1's log:"
cat logs/detente-sweep-1.out
sbatch --wait merge.sbatch >/dev/null
echo "merge job: $SHARED/otl-table.txt"
cat "$SHARED/otl-table.txt"

# The same sweep on one machine: the doc's command without the slice, the array's thread
# count, --out and --resume.
cmd=$(sed -n '/^detente sweep/,/[^\\]$/p' sweep.sbatch | tr -d '\\\n' |
    sed -e 's/--shard "[^"]*"//; s/--threads "[^"]*"//; s/--out "\$OUT"//; s/--resume//')
echo "unsharded: $cmd"
eval "$cmd --out '$WORK/whole.csv'" >/dev/null
rows=$(($(wc -l < "$WORK/whole.csv") - 1))
[ "$rows" -gt 0 ] || { echo "the unsharded sweep wrote no rows" >&2; exit 1; }
if ! cmp <(head -n 1 "$WORK/whole.csv") <(head -n 1 "$SHARED/otl.csv") ||
    ! cmp <(tail -n +2 "$WORK/whole.csv" | sort) <(tail -n +2 "$SHARED/otl.csv" | sort); then
    echo "the merged slices differ from the unsharded sweep" >&2
    exit 1
fi
echo "slurm: the merged slices equal the unsharded sweep, $rows rows, byte for byte after sorting"
rm -f "$SHARED"/otl*
