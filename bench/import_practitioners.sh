#!/usr/bin/env bash
# Registry import: 1,000,000 practitioners from CSV into SQLite, all-or-nothing, with every
# row validated (ID check digit, duplicates, institution in scope, dates). Goal (issue 4):
# under 20 s on the 2-core reference machine. Prints the time and rows/s.
set -euo pipefail
bin=${1:?usage: import_practitioners.sh WEIJIAN_BINARY}
rows=${BENCH_IMPORT_ROWS:-1000000}
src=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
common=(--db "sqlite:$dir/bench.db" --key-dir "$dir/keys" --data-dir "$src/data" --log-level warn)
"$bin" demo "${common[@]}" >/dev/null
sqlite3 "$dir/bench.db" "SELECT credit_code FROM institutions WHERE status = 'active'" > "$dir/codes.txt"
node "$src/bench/gen_practitioners.mjs" "$rows" "$dir/practitioners.csv" < "$dir/codes.txt"
echo "import: $rows practitioners, $(du -h "$dir/practitioners.csv" | cut -f1) CSV, into a demo city with 40,000 already registered"
start=$(date +%s.%N)
"$bin" import practitioners "$dir/practitioners.csv" "${common[@]}"
end=$(date +%s.%N)
printf 'import wall time: %.2f s (goal: under 20 s)\n' "$(echo "$end - $start" | bc)"
