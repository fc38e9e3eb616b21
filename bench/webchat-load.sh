#!/usr/bin/env bash
# Runs one web chat load measurement the way the README's Performance
# table was measured: builds loket and loket-load, starts a fresh
# `loket serve` (its own data dir; with "postgres", a freshly created
# database and an emptied Redis database), waits for it, runs loket-load
# against it with the given flags plus -url and -pid (the server's memory),
# and stops the server.
#
#   bench/webchat-load.sh sqlite   -rate 500 -duration 20s -visitors 600
#   bench/webchat-load.sh postgres -journey -rate 200 -duration 30s -visitors 300
#
# The server listens on 127.0.0.1:LOKET_PERF_PORT (default 8180).
# postgres uses LOKET_PERF_DATABASE (default loket_perf, dropped and
# created again on the local PostgreSQL as user postgres) and the Redis
# database LOKET_PERF_REDIS_DB (default 15, emptied) of
# redis://127.0.0.1:6379, or the whole LOKET_PERF_REDIS_URL.
# With LOKET_PPROF=127.0.0.1:port the server serves Go's profiles there.
# Extra server settings can be given in the environment, e.g.
# LOKET_WEBCHAT_STREAMS=10000 for the memory runs.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:?usage: bench/webchat-load.sh sqlite|postgres loket-load-flags...}
shift
addr=127.0.0.1:${LOKET_PERF_PORT:-8180}
work=$(mktemp -d /tmp/loket-perf.XXXXXX)
trap 'kill "${pid:-0}" 2>/dev/null || true; wait "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/loket" ./cmd/loket
go build -o "$work/loket-load" ./cmd/loket-load
export LOKET_HTTP_ADDR=$addr LOKET_DATA_DIR=$work/data LOKET_TRUSTED_PROXIES=127.0.0.1 \
  LOKET_LOG_LEVEL=warn LOKET_ADMIN_PASSWORD=perf-run-only-1
case $backend in
sqlite) ;;
postgres)
  db=${LOKET_PERF_DATABASE:-loket_perf}
  redis=${LOKET_PERF_REDIS_URL:-redis://127.0.0.1:6379/${LOKET_PERF_REDIS_DB:-15}}
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  redis-cli -u "$redis" FLUSHDB >/dev/null
  export LOKET_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db?sslmode=disable" LOKET_REDIS_URL=$redis
  ;;
*) echo "backend must be sqlite or postgres" >&2; exit 2 ;;
esac
"$work/loket" serve >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs -o /dev/null "http://$addr/healthz" && break; sleep 0.2; done
sleep 2 # start-up work (migrations, first sweeps) settles: the idle figure
echo "loket serve ($backend) pid $pid, $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$work/loket-load" -url "http://$addr" -pid "$pid" "$@"
