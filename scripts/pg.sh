#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server.
#
#   scripts/pg.sh cargo test --workspace
#
# When ACCORD_TEST_PG_URL is already set, the command simply runs under it. Otherwise the
# script installs PostgreSQL from Debian packages if it is missing (apt-get), initialises a
# cluster in a temporary directory, starts it on a free localhost port as an unprivileged
# user (postgres refuses to run as root), exports
#   ACCORD_TEST_PG_URL=postgres://accord:accord@127.0.0.1:PORT/postgres
# (a superuser with password authentication over TCP, so tests can also try wrong
# credentials), runs the command, stops the server, removes the directory and exits with
# the command's status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

if [ -n "${ACCORD_TEST_PG_URL:-}" ]; then
    exec "$@"
fi

log() { echo "pg.sh: $*" >&2; }

find_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        echo "$dir"
    fi
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        log "need root to run: $*"; exit 2
    fi
}

PG_BIN=$(find_bin)
if [ -z "$PG_BIN" ]; then
    log "PostgreSQL not found; installing it with apt-get"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    PG_BIN=$(find_bin)
    if [ -z "$PG_BIN" ]; then
        log "PostgreSQL installation did not provide initdb/pg_ctl under /usr/lib/postgresql/*/bin"
        exit 2
    fi
fi

# postgres refuses to start as root: run the server as the `postgres` user (created by the
# Debian package) when we are root, as ourselves otherwise.
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    run_pg() { runuser -u postgres -- "$@"; }
else
    run_pg() { "$@"; }
fi

free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$(( (RANDOM % 20000) + 30000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    log "no free port found"
    exit 2
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/accord-pg.XXXXXX")
DATA="$WORK/data"
SOCK="$WORK/sock"
mkdir -p "$SOCK"
printf 'accord\n' > "$WORK/pwfile"
if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$WORK"; fi
chmod 700 "$WORK"

cleanup() {
    run_pg "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

run_pg "$PG_BIN/initdb" -D "$DATA" -U accord --pwfile="$WORK/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-sync >"$WORK/initdb.log" 2>&1 || {
    cat "$WORK/initdb.log" >&2; log "initdb failed"; exit 2; }

PORT=""
for _ in 1 2 3; do
    PORT=$(free_port)
    if run_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$WORK/server.log" -w -t 60 \
        -o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100" \
        start >/dev/null; then
        break
    fi
    PORT=""
done
if [ -z "$PORT" ]; then
    cat "$WORK/server.log" >&2 || true
    log "could not start PostgreSQL"
    exit 2
fi

export ACCORD_TEST_PG_URL="postgres://accord:accord@127.0.0.1:$PORT/postgres"
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PORT ($ACCORD_TEST_PG_URL)"

set +e
"$@"
status=$?
set -e
exit "$status"
