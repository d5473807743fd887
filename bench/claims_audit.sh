#!/usr/bin/env bash
# Claims audit (issue 5): `weijian audit` over 10,000,000 generated fee lines, then the same
# data in SQLite with a representative subset of the rules written as SQL, timed against the
# engine running only that subset. Goals on the 2-core reference machine: at least
# 2,000,000 lines/s end to end, peak memory under 2 GB. Prints lines/s, peak memory (getrusage),
# per-rule counts, and for the SQL subset each rule's count from both sides and the time ratio.
set -euo pipefail
bin=${1:?usage: claims_audit.sh WEIJIAN_BINARY}
lines=${BENCH_CLAIMS_LINES:-10000000}
src=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_CLAIMS_DIR:-$(mktemp -d)}
trap '[ -z "${BENCH_CLAIMS_KEEP:-}" ] && rm -rf "$dir"' EXIT
csv="$dir/fee_lines.csv"
"$bin" demo claims --lines "$lines" --seed 20261122 --data-dir "$src/data" --out "$csv"
echo "input: $(du -h "$csv" | cut -f1) CSV"
echo "-- engine, all 21 rules (the two registry rules need --db; not run here)"
"$bin" audit --claims "$csv" --data-dir "$src/data" --out "$dir/findings.csv" | tee "$dir/engine_all.txt"

# The SQL subset: rules whose SQL gives exactly the engine's finding count.
subset="sex_limit age_limit provider_level med_type_limit price_cap out_of_catalog daily_frequency duplicate_therapy overlapping_stay"
node -e '
  const fs = require("fs");
  const rb = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const keep = new Set(process.argv[2].split(" "));
  for (const r of rb.rules) r.enabled = keep.has(r.id);
  fs.writeFileSync(process.argv[3], JSON.stringify(rb));
' "$src/data/claims/rules.json" "$subset" "$dir/rules_subset.json"
echo "-- engine, the SQL subset only: $subset"
"$bin" audit --claims "$csv" --data-dir "$src/data" --rules "$dir/rules_subset.json" --out "$dir/findings_subset.csv" | tee "$dir/engine_subset.txt"
engine_secs=$(sed -n 's/.*用时 \([0-9.]*\) 秒.*/\1/p' "$dir/engine_subset.txt")

db="$dir/claims.db"
start=$(date +%s.%N)
sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE catalog (catalog_code TEXT PRIMARY KEY, name TEXT, item_type TEXT, generic_group TEXT, sex_limit TEXT, age_min TEXT,
  age_max TEXT, min_medins_lv TEXT, med_types TEXT, indications TEXT, max_prd_days TEXT, max_daily_count TEXT, price_cap TEXT,
  included_in TEXT, flags TEXT);
CREATE TABLE fee (psn_no TEXT, gend TEXT, brdy TEXT, mdtrt_id TEXT, medins_id TEXT, medins_lv INTEGER, med_type TEXT, adm_date TEXT,
  dscg_date TEXT, dise_codg TEXT, dr_codg TEXT, feedetl_sn INTEGER, med_list_codg TEXT, cnt REAL, pric REAL, amount REAL,
  fee_ocur_time TEXT, prd_days TEXT);
.mode csv
.import --skip 1 '|grep -v "^#" $src/data/claims/catalog.csv' catalog
.import --skip 1 $csv fee
CREATE INDEX fee_psn ON fee (psn_no);
SQL
end=$(date +%s.%N)
printf 'sqlite: load and index %s lines: %.1f s (not counted below)\n' "$lines" "$(echo "$end - $start" | bc)"

declare -A sql
sql[sex_limit]="SELECT count(*) FROM fee f JOIN catalog c ON c.catalog_code = f.med_list_codg
  WHERE c.sex_limit <> '' AND ((c.sex_limit = 'M') <> (f.gend = '1'))"
sql[age_limit]="SELECT count(*) FROM (SELECT c.age_min, c.age_max,
    (CAST(substr(f.fee_ocur_time, 1, 4) AS INTEGER) - CAST(substr(f.brdy, 1, 4) AS INTEGER))
      - (substr(f.fee_ocur_time, 6, 5) < substr(f.brdy, 6, 5)) AS age
  FROM fee f JOIN catalog c ON c.catalog_code = f.med_list_codg WHERE c.age_min <> '' OR c.age_max <> '')
  WHERE (age_min <> '' AND age < CAST(age_min AS INTEGER)) OR (age_max <> '' AND age > CAST(age_max AS INTEGER))"
sql[provider_level]="SELECT count(*) FROM fee f JOIN catalog c ON c.catalog_code = f.med_list_codg
  WHERE c.min_medins_lv <> '' AND f.medins_lv < CAST(c.min_medins_lv AS INTEGER)"
sql[med_type_limit]="SELECT count(*) FROM fee f JOIN catalog c ON c.catalog_code = f.med_list_codg
  WHERE c.med_types <> '' AND instr(';' || c.med_types || ';', ';' || f.med_type || ';') = 0"
sql[price_cap]="SELECT count(*) FROM fee f JOIN catalog c ON c.catalog_code = f.med_list_codg
  WHERE c.price_cap <> '' AND f.pric > CAST(c.price_cap AS REAL)"
sql[out_of_catalog]="SELECT count(*) FROM fee f LEFT JOIN catalog c ON c.catalog_code = f.med_list_codg WHERE c.catalog_code IS NULL"
sql[daily_frequency]="SELECT count(*) FROM (SELECT sum(f.cnt) AS s, CAST(c.max_daily_count AS REAL) AS m
  FROM fee f JOIN catalog c ON c.catalog_code = f.med_list_codg WHERE c.max_daily_count <> ''
  GROUP BY f.mdtrt_id, f.med_list_codg, substr(f.fee_ocur_time, 1, 10)) WHERE s > m"
sql[duplicate_therapy]="WITH g AS (SELECT f.mdtrt_id, c.generic_group AS grp, f.med_list_codg AS code,
    row_number() OVER (PARTITION BY f.mdtrt_id, c.generic_group ORDER BY f.fee_ocur_time, f.feedetl_sn) AS rn
  FROM fee f JOIN catalog c ON c.catalog_code = f.med_list_codg WHERE c.item_type = 'drug' AND c.generic_group <> '')
  SELECT count(*) FROM g JOIN g AS first ON first.mdtrt_id = g.mdtrt_id AND first.grp = g.grp AND first.rn = 1 WHERE g.code <> first.code"
sql[overlapping_stay]="WITH e AS (SELECT DISTINCT psn_no, mdtrt_id, adm_date, dscg_date FROM fee WHERE med_type = '21')
  SELECT count(*) FROM e AS later WHERE EXISTS (SELECT 1 FROM e AS earlier WHERE earlier.psn_no = later.psn_no
    AND (earlier.adm_date < later.adm_date OR (earlier.adm_date = later.adm_date AND earlier.mdtrt_id < later.mdtrt_id))
    AND julianday(min(substr(earlier.dscg_date, 1, 10), substr(later.dscg_date, 1, 10)))
      - julianday(max(substr(earlier.adm_date, 1, 10), substr(later.adm_date, 1, 10))) >= 1)"

total=0
printf '%-20s %12s %12s %10s\n' rule engine sql sql_seconds
for r in $subset; do
  s=$(date +%s.%N)
  n=$(sqlite3 "$db" "${sql[$r]}")
  e=$(date +%s.%N)
  secs=$(echo "$e - $s" | bc)
  total=$(echo "$total + $secs" | bc)
  engine_n=$(awk -F'\t' -v r="$r" '$1 == "  " r {print $3+0}' "$dir/engine_subset.txt")
  printf '%-20s %12s %12s %10.2f%s\n' "$r" "$engine_n" "$n" "$secs" "$([ "$engine_n" = "$n" ] && echo "" || echo "  (counts differ)")"
done
printf 'SQL on SQLite, %s rules: %.1f s (queries only); engine, same rules, end to end from CSV: %.2f s; ratio %.1fx\n' \
  "$(echo $subset | wc -w)" "$total" "$engine_secs" "$(echo "$total / $engine_secs" | bc -l)"

echo "-- real time: POST /api/v1/claims/audit/3101 against a demo server"
common=(--db "sqlite:$dir/rt.db" --key-dir "$dir/keys" --data-dir "$src/data" --log-level warn)
"$bin" demo "${common[@]}" >/dev/null
"$bin" serve --port 0 "${common[@]}" --access-log "$dir/access.log" >"$dir/out" 2>"$dir/err" &
pid=$!
trap 'kill $pid 2>/dev/null; [ -z "${BENCH_CLAIMS_KEEP:-}" ] && rm -rf "$dir"' EXIT
for _ in $(seq 200); do grep -q listening "$dir/out" 2>/dev/null && break; sleep 0.05; done
base=$(grep -o 'http://[^ ]*' "$dir/out")
cookie=$(curl -s -i -H 'content-type: application/json' -d '{"username":"insurance_auditor","password":"Weijian@2026"}' \
  "$base/api/v1/auth/login" | grep -i '^set-cookie' | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/')
node "$src/bench/claims_realtime.mjs" "$base" "$cookie" "$src/data/claims/catalog.csv"
