#!/usr/bin/env bash
# HTTP throughput: an -O2 build under wrk (2 threads, 64 connections, 10 s) on /healthz, on
# /readyz (one store query) and on /api/v1/system/info with a session (session lookup plus
# five counts: the authenticated read path every page takes). Goal (issue 2): >= 80,000
# requests/s on /healthz on the 2-core reference machine. Prints requests/s and latency.
set -euo pipefail
bin=${1:?usage: http_throughput.sh WEIJIAN_BINARY}
src=$(cd "$(dirname "$0")/.." && pwd)
duration=${BENCH_SECONDS:-10}
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
common=(--db "sqlite:$dir/bench.db" --key-dir "$dir/keys" --data-dir "$src/data" --log-level warn)
"$bin" demo "${common[@]}" >/dev/null
"$bin" serve --port 0 "${common[@]}" --access-log "$dir/access.log" >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 100); do grep -q listening "$dir/out" 2>/dev/null && break; sleep 0.05; done
base=$(grep -o 'http://[^ ]*' "$dir/out")
cookie=$(curl -s -i -H 'content-type: application/json' -d '{"username":"inspector_a","password":"Weijian@2026"}' \
  "$base/api/v1/auth/login" | grep -i '^set-cookie' | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/')
printf '%-30s %12s %10s %10s\n' "route" "requests/s" "p50" "p99"
for route in /healthz /readyz /api/v1/system/info; do
  curl -sf -H "Cookie: $cookie" "$base$route" >/dev/null
  out=$(wrk -t2 -c64 -d"${duration}s" --latency -H "Cookie: $cookie" "$base$route")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)
  printf '%-30s %12s %10s %10s %s\n' "GET $route" "$rps" "$p50" "$p99" "$errors"
done
echo "(goal: GET /healthz >= 80000 requests/s; machine: $(nproc) cores; wrk -t2 -c64 -d${duration}s on the same machine; access log on)"
