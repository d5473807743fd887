#!/usr/bin/env bash
# Joint-sanctions check (issue 7): GET /api/v1/credit/sanctions under wrk (2 threads, 64
# connections) with 1,000,000 practitioners imported into the demo city and a dishonesty-list
# entry (all seven contexts restricted) for every second one, so the in-memory index holds
# about 520,000 subjects. wrk rotates over 10,000 subjects, half of them restricted, as the
# department liaison (session cookie: the authentication cost is included). Goal: >= 50,000
# requests/s and p99 < 5 ms on the 2-core reference machine. Prints requests/s and latency.
set -euo pipefail
bin=${1:?usage: sanctions.sh WEIJIAN_BINARY}
rows=${BENCH_SANCTIONS_SUBJECTS:-1000000}
duration=${BENCH_SECONDS:-10}
src=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
common=(--db "sqlite:$dir/bench.db" --key-dir "$dir/keys" --data-dir "$src/data" --log-level warn)
"$bin" demo "${common[@]}" >/dev/null
sqlite3 "$dir/bench.db" "SELECT credit_code FROM institutions WHERE status = 'active'" > "$dir/codes.txt"
node "$src/bench/gen_practitioners.mjs" "$rows" "$dir/practitioners.csv" < "$dir/codes.txt"
"$bin" import practitioners "$dir/practitioners.csv" "${common[@]}" >/dev/null
start=$(date +%s.%N)
sqlite3 "$dir/bench.db" <<'SQL'
INSERT INTO credit_list_entries (list_kind, subject_kind, subject_id, subject_code, subject_name, trigger_code, severity, basis,
  source_kind, source_ref, starts_on, publish_by, min_ends_on, ends_on, contexts, status, jurisdiction_path, created_by, created_at)
SELECT 'dishonesty', 'practitioner', id, id_number, name, 'illegal_practice', 'serious', '基准测试：非法行医', 'manual', '',
  '2026-01-05', '2026-01-14', '2027-01-04', '2029-01-04',
  'insurance_designation,key_specialty,grade_review,public_funding,procurement,promotion,license_application', 'active',
  jurisdiction_path, 0, '2026-01-05T00:00:00.000Z'
FROM practitioners WHERE id % 2 = 0;
SQL
stored=$(sqlite3 "$dir/bench.db" "SELECT (SELECT count(*) FROM practitioners) || ' practitioners, ' || (SELECT count(*) FROM credit_list_entries) || ' list entries'")
printf 'stored: %s (entries written in %.1f s)\n' "$stored" "$(echo "$(date +%s.%N) - $start" | bc)"
# 10,000 subjects to ask about, half restricted.
sqlite3 "$dir/bench.db" "SELECT id_number FROM practitioners ORDER BY id LIMIT 10000" > "$dir/subjects.txt"
{
  echo 'local paths = {'
  awk '{ printf "\"/api/v1/credit/sanctions?subject=%s&context=procurement\",\n", $1 }' "$dir/subjects.txt"
  echo '}'
  echo 'local i = 0'
  echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
} > "$dir/rotate.lua"
# serve DATA_DIR: starts the server on the bench store with that rules directory.
serve() {
  [ -n "$pid" ] && { kill $pid; wait $pid 2>/dev/null || true; }
  local t0; t0=$(date +%s.%N)
  "$bin" serve --port 0 --db "sqlite:$dir/bench.db" --key-dir "$dir/keys" --data-dir "$1" --log-level warn --access-log "$dir/access.log" \
    >"$dir/out" 2>"$dir/err" &
  pid=$!
  for _ in $(seq 600); do grep -q listening "$dir/out" 2>/dev/null && break; sleep 0.05; done
  printf 'server ready (sanctions index loaded) in %.1f s, resident memory %s\n' "$(echo "$(date +%s.%N) - $t0" | bc)" \
    "$(ps -o rss= -p $pid | awk '{printf "%.0f MB", $1/1024}')"
  base=$(grep -o 'http://[^ ]*' "$dir/out")
  cookie=$(curl -s -i -H 'content-type: application/json' -d '{"username":"liaison","password":"Weijian@2026"}' \
    "$base/api/v1/auth/login" | grep -i '^set-cookie' | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/')
  curl -sf -H "Cookie: $cookie" "$base/api/v1/credit/sanctions?subject=$(head -1 "$dir/subjects.txt")&context=procurement" >/dev/null
}
# measure LABEL [wrk args…]
measure() {
  local label=$1; shift
  local out rps p50 p99 errors
  out=$(wrk -t2 -c64 -d"${duration}s" --latency -H "Cookie: $cookie" "$@" "$base")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)
  printf '%-58s %12s %10s %10s %s\n' "$label" "$rps" "$p50" "$p99" "$errors"
}
serve "$src/data"
echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-58s %12s %10s %10s\n' "route" "requests/s" "p50" "p99"
measure "GET /api/v1/credit/sanctions (session cached 1 s)" -s "$dir/rotate.lua"
cat > "$dir/healthz.lua" <<'LUA'
request = function() return wrk.format("GET", "/healthz") end
LUA
measure "GET /healthz (reference: no auth, no work)" -s "$dir/healthz.lua"
# The same query with a session lookup in the store on every request: what authentication costs.
cp -r "$src/data" "$dir/data-nocache"
sed -i 's/"sanctions_session_cache_ms": [0-9]*/"sanctions_session_cache_ms": 0/' "$dir/data-nocache/credit/rules.json"
serve "$dir/data-nocache"
measure "GET /api/v1/credit/sanctions (session looked up each time)" -s "$dir/rotate.lua"
echo "(goal: sanctions >= 50000 requests/s, p99 < 5 ms; machine: $(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c64 -d${duration}s on the same machine; access log on)"
