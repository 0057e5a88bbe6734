#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests.
#
#   eval "$(.ci/postgres.sh start [STATE_DIR])"   # prints: export FAUXTP_TEST_POSTGRES_URL=jdbc:postgresql://...
#   .ci/postgres.sh stop [STATE_DIR]              # stops it and deletes its data
#
# Idempotent: installs the Debian package 'postgresql' when initdb/pg_ctl are missing, reuses a server already
# running from STATE_DIR (default: $TMPDIR/fauxtp-ci-postgres), and stopping a stopped server does nothing.
# The server listens on a free loopback port only and trusts local connections; its data lives in STATE_DIR.
# PostgreSQL refuses to run as root, so as root the cluster belongs to (and runs as) the user 'postgres'.
# Only the export line goes to stdout; progress goes to stderr.
set -euo pipefail

command="${1:-}"
state="${2:-${TMPDIR:-/tmp}/fauxtp-ci-postgres}"
database=fauxtp_test
role=fauxtp

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
        fi
    done | sort -V | tail -n 1
}

bin="$(find_bin)"
if [[ -z "$bin" && "$command" == start ]]; then
    log "initdb/pg_ctl not found under /usr/lib/postgresql/*/bin: installing the 'postgresql' package"
    if [[ $(id -u) -ne 0 ]]; then
        log "not root: install it with 'sudo apt-get install postgresql' and run again"
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin="$(find_bin)"
fi

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

running() {
    [[ -n "$bin" && -f "$state/data/postmaster.pid" ]] && as_owner "$bin/pg_ctl" -D "$state/data" status >/dev/null 2>&1
}

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local port
    while true; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

case "$command" in
start)
    if ! running; then
        rm -rf "$state"
        mkdir -p "$state"
        if [[ $(id -u) -eq 0 ]]; then
            chown postgres: "$state"
        fi
        chmod 700 "$state"
        as_owner "$bin/initdb" -D "$state/data" -U "$role" -A trust -E UTF8 --no-instructions >"$state/initdb.log" 2>&1 \
            || { log "initdb failed:"; cat "$state/initdb.log" >&2; exit 1; }
        port="$(free_port)"
        as_owner "$bin/pg_ctl" -D "$state/data" -l "$state/server.log" -w -t 60 \
            -o "-p $port -k $state -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$role" "$database"
        echo "$port" | as_owner tee "$state/port" >/dev/null
        log "started PostgreSQL ($("$bin/postgres" --version)) on 127.0.0.1:$port, data in $state"
    fi
    echo "export FAUXTP_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$(cat "$state/port")/$database?user=$role'"
    ;;
stop)
    if running; then
        as_owner "$bin/pg_ctl" -D "$state/data" -m fast -w stop >&2
        log "stopped the PostgreSQL server of $state"
    fi
    rm -rf "$state"
    ;;
*)
    echo "usage: $0 start|stop [STATE_DIR]" >&2
    exit 2
    ;;
esac
