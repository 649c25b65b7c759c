#!/usr/bin/env bash
# A real PC/SC stack without hardware, for the driver-pcsc tests: pcscd with vsmartcard's vpcd reader driver
# (readers 'Virtual PCD 00 00' on TCP 35963 and 'Virtual PCD 00 01' on 35964). See shared/design/PCSC-TESTBED.md.
#
#   pcsc-testbed.sh install   install the Debian packages (apt-get; needs root); keeps the package from starting
#                             its own pcscd
#   pcsc-testbed.sh start     start pcscd in the foreground of its own session, record its PID, wait until it
#                             lists 'Virtual PCD 00 00' (fails after PCSC_TESTBED_WAIT seconds, default 20)
#   pcsc-testbed.sh stop      stop exactly the pcscd this script started (SIGTERM, then SIGKILL after 10 s)
#   pcsc-testbed.sh kill      SIGKILL that pcscd (leaves its socket behind, as a crash does), for restart tests
#   pcsc-testbed.sh restart   stop, then start
#   pcsc-testbed.sh status    exit 0 if the recorded pcscd runs and its socket exists
#   pcsc-testbed.sh up        install the packages not yet installed (all of them are checked, not only pcscd), then
#                             start: what CI calls before the tests
#
# State (PID file, pcscd log) lives in PCSC_TESTBED_DIR (default /tmp/cardmanage-pcsc-testbed). Nothing else is
# ever stopped: a pcscd that this script did not start is left alone (start then fails, as only one pcscd can run).
set -euo pipefail

STATE_DIR="${PCSC_TESTBED_DIR:-/tmp/cardmanage-pcsc-testbed}"
PID_FILE="$STATE_DIR/pcscd.pid"
LOG_FILE="$STATE_DIR/pcscd.log"
SOCKET=/run/pcscd/pcscd.comm
READER='Virtual PCD 00 00'
WAIT_SECONDS="${PCSC_TESTBED_WAIT:-20}"
PACKAGES=(pcscd libpcsclite1 pcsc-tools vsmartcard-vpcd vsmartcard-vpicc python3-virtualsmartcard
    python3-pycryptodome)

log() { echo "pcsc-testbed: $*" >&2; }

need_root() {
    if [ "$(id -u)" != 0 ]; then
        log "$1 needs root"
        exit 1
    fi
}

install_packages() {
    need_root install
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [ ! -e "$policy" ]; then
        # Keeps the package scripts from starting a pcscd of their own (there is no systemd here anyway).
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        created_policy=1
    fi
    local status=0
    {
        export DEBIAN_FRONTEND=noninteractive
        timeout 600 apt-get update -q &&
            timeout 900 apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
    } >&2 || status=$?
    if [ "$created_policy" = 1 ]; then
        rm -f "$policy"
    fi
    if [ "$status" != 0 ]; then
        log "apt-get failed ($status)"
        exit "$status"
    fi
    log "installed: ${PACKAGES[*]}"
}

# The packages of PACKAGES that dpkg does not list as installed, space-separated.
missing_packages() {
    local package missing=()
    for package in "${PACKAGES[@]}"; do
        if [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]; then
            missing+=("$package")
        fi
    done
    echo "${missing[*]}"
}

recorded_pid() {
    if [ -f "$PID_FILE" ]; then
        local pid
        pid="$(cat "$PID_FILE")"
        # Only a live pcscd process counts: a recycled PID of another program is never ours.
        if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = pcscd ]; then
            echo "$pid"
            return 0
        fi
    fi
    return 1
}

lists_reader() {
    timeout 5 pcsc_scan -r 2>/dev/null | grep -q "$READER"
}

start_pcscd() {
    need_root start
    command -v pcscd >/dev/null || { log "pcscd is not installed: run '$0 install'"; exit 1; }
    if pid="$(recorded_pid)"; then
        log "pcscd already running (PID $pid, started by this script)"
        return 0
    fi
    local other
    # Zombies (a killed pcscd whose parent has not reaped it) hold no socket: they do not count.
    other="$(ps -C pcscd -o pid=,stat= | awk '$2 !~ /^Z/ {print $1}' | tr '\n' ' ' | sed 's/ *$//' || true)"
    if [ -n "$other" ]; then
        log "another pcscd (PID $other) runs, not started by this script: stop it first; only one pcscd can run"
        exit 1
    fi
    mkdir -p "$STATE_DIR"
    setsid pcscd --foreground >"$LOG_FILE" 2>&1 </dev/null &
    local pid=$!
    echo "$pid" >"$PID_FILE"
    local deadline=$((SECONDS + WAIT_SECONDS))
    until [ -S "$SOCKET" ] && lists_reader; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "pcscd (PID $pid) exited; its log:"
            cat "$LOG_FILE" >&2 || true
            rm -f "$PID_FILE"
            exit 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "pcscd (PID $pid) did not list '$READER' within ${WAIT_SECONDS}s; stopping it. Its log:"
            cat "$LOG_FILE" >&2 || true
            stop_pcscd TERM
            exit 1
        fi
        sleep 0.1
    done
    log "pcscd running (PID $pid), lists '$READER'"
}

stop_pcscd() {
    local signal="${1:-TERM}" pid
    if ! pid="$(recorded_pid)"; then
        rm -f "$PID_FILE"
        log "no pcscd started by this script is running"
        return 0
    fi
    kill "-$signal" "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "pcscd (PID $pid) ignored SIG$signal for 10 s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            deadline=$((SECONDS + 10))
            signal=KILL
        fi
        sleep 0.05
    done
    rm -f "$PID_FILE"
    log "pcscd (PID $pid) stopped (SIG$signal)"
}

case "${1:-}" in
    install) install_packages ;;
    start) start_pcscd ;;
    stop) stop_pcscd TERM ;;
    kill) stop_pcscd KILL ;;
    restart) stop_pcscd TERM; start_pcscd ;;
    status)
        if pid="$(recorded_pid)" && [ -S "$SOCKET" ]; then
            echo "pcscd running (PID $pid)"
        else
            echo "pcscd not running (not started by this script)"
            exit 1
        fi
        ;;
    up)
        missing="$(missing_packages)"
        if [ -n "$missing" ] || [ ! -e /etc/reader.conf.d/vpcd ]; then
            log "not installed: ${missing:-the vpcd reader configuration}"
            install_packages
        fi
        start_pcscd
        ;;
    *)
        echo "usage: $0 install|start|stop|kill|restart|status|up" >&2
        exit 2
        ;;
esac
