#!/usr/bin/env bash
# cardmanage benchmarks: every path next to its baseline, measured in the same run.
#
#   bench/run.sh quick [options]   a few minutes: 1 JMH fork, short iterations, small harness rounds
#   bench/run.sh full  [options]   about half an hour: 3 forks, longer iterations, more rounds and samples
#
# options:
#   --only g1,g2   run only these groups: transmit attach lock scaling fairness scale clientstop events pcsc remote; also, only on
#                  request, scaling-jmh (JMH per thread count; "scaling" interleaves the thread counts instead). The JSON
#                  keeps the figures of the other groups from the file it replaces (see "merged" in it)
#   --no-merge     with --only: write this run's figures alone
#   --no-build     use the bench module as built last time (bench/target)
#   --no-pcscd     never start pcscd (the pcsc group is then skipped unless one runs already)
#   --out FILE     write the JSON there instead of bench/results/latest.json
#
# Writes bench/results/latest.json (every figure with unit, mode and error) and prints the table of ratios against
# the baselines and goals. The pcsc group needs pcscd with vsmartcard's vpcd (.ci/pcsc-testbed.sh install): if no
# pcscd runs and this script runs as root, it starts one with .ci/pcsc-testbed.sh and stops exactly that one at the
# end; a pcscd that someone else started is used and left running. Without pcscd, the pcsc figures are skipped with
# a message. Its floor, a C client on libpcsclite (src/main/c/pcsc_floor.c), is compiled with cc by the harness into
# target/pcsc-floor/ (no -dev headers needed); without cc its figures are skipped. Environment: MVN (default mvn),
# MVN_ARGS (e.g. -o), JAVA (default: java on the PATH).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
mode="${1:-}"
case "$mode" in
    quick|full) shift ;;
    *) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

build=1
start_pcscd=1
args=("$mode")
out="$here/results/latest.json"
while [ $# -gt 0 ]; do
    case "$1" in
        --only) args+=(--only "$2"); shift 2 ;;
        --no-build) build=0; shift ;;
        --no-pcscd) start_pcscd=0; shift ;;
        --no-merge) args+=(--no-merge); shift ;;
        --out) out="$(realpath -m "$2")"; shift 2 ;;
        *) echo "bench: unknown option $1" >&2; exit 2 ;;
    esac
done
args+=(--out "$out")

log() { echo "bench: $*" >&2; }
began=$SECONDS

if [ "$build" = 1 ]; then
    log "building the bench module and what it runs (mvn package -pl bench -am)"
    (cd "$root" && ${MVN:-mvn} -B -q ${MVN_ARGS:-} -pl bench -am package -DskipTests -DskipKaraf)
fi
if [ ! -f "$here/target/classpath.txt" ] || [ ! -d "$here/target/classes/bundles" ]; then
    log "bench/target is not built: run without --no-build"
    exit 1
fi

# ---- pcscd for the pcsc group
pcscd_started=0
testbed=(env PCSC_TESTBED_DIR=/tmp/cardmanage-bench-pcscd bash "$root/.ci/pcsc-testbed.sh")
stop_pcscd() {
    if [ "$pcscd_started" = 1 ]; then
        "${testbed[@]}" stop || true
    fi
}
trap stop_pcscd EXIT
if pgrep -x pcscd >/dev/null 2>&1; then
    log "using the pcscd that runs already (PID $(pgrep -x pcscd | head -1)); it is left running"
elif [ "$start_pcscd" = 1 ] && command -v pcscd >/dev/null 2>&1 && [ "$(id -u)" = 0 ] \
        && [ -e /etc/reader.conf.d/vpcd ]; then
    log "starting pcscd for the pcsc benchmarks (stopped again at the end)"
    if "${testbed[@]}" start; then
        pcscd_started=1
    else
        log "pcscd did not start: the pcsc figures will be skipped"
    fi
else
    log "no pcscd with vpcd here (install: sudo .ci/pcsc-testbed.sh install): the pcsc figures will be skipped"
fi

cd "$here"
set +e
"${JAVA:-java}" -Xmx256m -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
    org.cardmanage.bench.BenchMain "${args[@]}"
status=$?
set -e
log "$mode run took $((SECONDS - began)) s (build included)"
exit $status
