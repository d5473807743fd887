#!/usr/bin/env bash
# HTTP throughput: an -O2 build under wrk (2 threads, 64 connections, 10 s) on /healthz and
# on one read route that touches the store. Goal (issue 2): >= 80,000 requests/s on /healthz
# on the 2-core reference machine. Prints requests/s and p99 latency for each.
set -euo pipefail
bin=${1:?usage: http_throughput.sh WEIJIAN_BINARY}
duration=${BENCH_SECONDS:-10}
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
"$bin" serve --port 0 --db "sqlite:$dir/bench.db" --access-log "$dir/access.log" --log-level warn >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 100); do grep -q listening "$dir/out" 2>/dev/null && break; sleep 0.05; done
base=$(grep -o 'http://[^ ]*' "$dir/out")
printf '%-28s %14s %10s %10s\n' "route" "requests/s" "p50" "p99"
for route in /healthz /api/v1/system/info; do
  curl -sf "$base$route" >/dev/null
  out=$(wrk -t2 -c64 -d"${duration}s" --latency "$base$route")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)
  printf '%-28s %14s %10s %10s %s\n' "GET $route" "$rps" "$p50" "$p99" "$errors"
done
echo "(goal: GET /healthz >= 80000 requests/s; machine: $(nproc) cores, wrk -t2 -c64 -d${duration}s, access log on)"
