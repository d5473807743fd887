#!/usr/bin/env bash
# Claims audit (issue 5): `weijian audit` over 10,000,000 fee lines generated over the demo
# city's registry (so the two registry rules check real registrations and licences), then the
# same data in SQLite with all 21 rules written as SQL, timed against the engine. Goals on the
# 2-core reference machine: at least 2,000,000 lines/s end to end, peak memory under 2 GB; the
# real-time 3101 endpoint p99 under 5 ms at 2,000 encounters/s. Prints lines/s, peak memory
# (getrusage), per-rule counts, each rule's count from the engine and from SQL, and the ratio.
# Environment: BENCH_CLAIMS_LINES (default 10,000,000), BENCH_CLAIMS_SEED (default 20261122),
# BENCH_CLAIMS_DIR and BENCH_CLAIMS_KEEP=1 (work directory, kept), BENCH_CLAIMS_SKIP_REALTIME=1
# (skip the real-time 3101 part, for quick runs of the batch and SQL parts).
set -euo pipefail
bin=${1:?usage: claims_audit.sh WEIJIAN_BINARY}
lines=${BENCH_CLAIMS_LINES:-10000000}
src=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_CLAIMS_DIR:-$(mktemp -d)}
trap '[ -z "${BENCH_CLAIMS_KEEP:-}" ] && rm -rf "$dir"' EXIT
csv="$dir/fee_lines.csv"
store="$dir/rt.db"
common=(--db "sqlite:$store" --key-dir "$dir/keys" --data-dir "$src/data" --log-level warn)
rm -f "$store" "$store"-*
"$bin" demo "${common[@]}" >/dev/null
"$bin" demo claims --lines "$lines" --seed "${BENCH_CLAIMS_SEED:-20261122}" --db "sqlite:$store" --data-dir "$src/data" --out "$csv"
echo "input: $(du -h "$csv" | cut -f1) CSV over the demo registry"
echo "-- engine, all 21 rules (the registry rules against the demo store)"
"$bin" audit --claims "$csv" --db "sqlite:$store" --data-dir "$src/data" --out "$dir/findings.csv" | tee "$dir/engine_all.txt"
engine_secs=$(sed -n 's/.*用时 \([0-9.]*\) 秒.*/\1/p' "$dir/engine_all.txt")

# Every rule has its SQL version below, in this order.
subset="sex_limit age_limit provider_level med_type_limit price_cap out_of_catalog daily_frequency duplicate_therapy overlapping_stay"
subset+=" indication supply_days included_charge bed_days repeat_dispensing split_admission outpatient_during_stay"
subset+=" large_prescription repeat_test abnormal_usage practitioner_unqualified provider_unlicensed"
# The rules' parameters as param[RULE.NAME] (lists as SQL lists of strings), so that the SQL
# below reads the same rules.json as the engine; a missing one stops the script (set -u).
declare -A param
while IFS='=' read -r k v; do param[$k]=$v; done < <(node -e '
  const rb = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const r of rb.rules)
    for (const [k, v] of Object.entries(r.params || {}))
      console.log(`${r.id}.${k}=${Array.isArray(v) ? v.map((x) => `\x27${x}\x27`).join(",") : v}`);
' "$src/data/claims/rules.json")

# Load, index and the catalogue's ;-lists as tables: timed apart, not counted in the rules' times
# (the engine's own load and index work is in its time).
db="$dir/claims.db"
rm -f "$db"
start=$(date +%s.%N)
sqlite3 -bail "$db" >/dev/null <<SQL
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
CREATE INDEX fee_mdtrt ON fee (mdtrt_id, med_list_codg);
-- The catalogue's ;-lists as rows, parsed once (trimmed like the engine's split_list).
CREATE TABLE catalog_list (code TEXT, field TEXT, value TEXT);
WITH RECURSIVE split (code, field, part, rest) AS (
    SELECT catalog_code, 'indications', NULL, indications || ';' FROM catalog
    UNION ALL SELECT catalog_code, 'included_in', NULL, included_in || ';' FROM catalog
    UNION ALL SELECT catalog_code, 'flags', NULL, flags || ';' FROM catalog
    UNION ALL SELECT code, field, trim(substr(rest, 1, instr(rest, ';') - 1), ' ' || char(9, 10, 13, 12288)),
      substr(rest, instr(rest, ';') + 1) FROM split WHERE rest <> '')
  INSERT INTO catalog_list SELECT code, field, part FROM split WHERE part <> '';
CREATE TABLE catalog_indication AS SELECT code, value AS prefix FROM catalog_list WHERE field = 'indications';
CREATE INDEX catalog_indication_code ON catalog_indication (code);
-- Only containers that are in the catalogue count (the engine's included_in_items).
CREATE TABLE catalog_included AS SELECT l.code, l.value AS container FROM catalog_list l
  JOIN catalog c ON c.catalog_code = l.value WHERE l.field = 'included_in';
CREATE INDEX catalog_included_code ON catalog_included (code);
CREATE TABLE catalog_flag AS SELECT code, value AS flag FROM catalog_list WHERE field = 'flags';
CREATE INDEX catalog_flag_flag ON catalog_flag (flag, code);
-- The registry as the engine's snapshot reads it: registration events, filed practice sites,
-- providers (pharmacies need no licence), licence events.
ATTACH '$store' AS r;
CREATE TABLE reg_event AS SELECT p.practice_cert_no AS dr, e.effective_on AS on_day, e.id AS seq, e.kind = 'cancel' AS cancel,
    coalesce(i.medins_code, '') AS medins, coalesce(e.expires_on, '9999-12-31') AS expires
  FROM r.registration_events e JOIN r.practitioners p ON p.id = e.practitioner_id LEFT JOIN r.institutions i ON i.id = e.institution_id
  WHERE p.practice_cert_no IS NOT NULL AND e.kind IN ('register', 'change', 'renew', 'cancel');
CREATE INDEX reg_event_dr ON reg_event (dr, on_day, seq);
CREATE TABLE reg_site AS SELECT p.practice_cert_no AS dr, i.medins_code AS medins, s.filed_on AS from_day,
    coalesce(s.ended_on, '9999-12-31') AS to_day
  FROM r.practice_sites s JOIN r.practitioners p ON p.id = s.practitioner_id JOIN r.institutions i ON i.id = s.institution_id
  WHERE p.practice_cert_no IS NOT NULL AND i.medins_code IS NOT NULL;
CREATE INDEX reg_site_dr ON reg_site (dr, medins);
CREATE TABLE prov AS SELECT medins_code AS medins, category <> 'pharmacy' AS licence_required FROM r.institutions
  WHERE medins_code IS NOT NULL;
CREATE INDEX prov_medins ON prov (medins);
CREATE TABLE lic_event AS SELECT i.medins_code AS medins, l.id AS licence, e.effective_on AS on_day, e.id AS seq,
    e.status_after = 'valid' AS valid, coalesce(e.valid_until_after, '9999-12-31') AS valid_until
  FROM r.license_events e JOIN r.practice_licenses l ON l.id = e.license_id JOIN r.institutions i ON i.id = l.institution_id
  WHERE i.medins_code IS NOT NULL;
CREATE INDEX lic_event_medins ON lic_event (medins, licence, on_day, seq);
DETACH r;
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

# The rules below follow src/claims/engine.cpp line for line (see the comments there). Amounts in
# fen and quantities in thousandths, as integers, as the engine keeps them; days are the first 10
# characters of the timestamps. Statements before the final SELECT (temporary tables) count in
# the rule's time.
sql[indication]="SELECT count(*) FROM fee f
  WHERE f.med_list_codg IN (SELECT code FROM catalog_indication)
    AND NOT EXISTS (SELECT 1 FROM catalog_indication i WHERE i.code = f.med_list_codg
      AND substr(f.dise_codg, 1, length(i.prefix)) = i.prefix)"
sql[supply_days]="SELECT count(*) FROM fee f JOIN catalog c ON c.catalog_code = f.med_list_codg
  WHERE c.max_prd_days <> '' AND f.prd_days <> '' AND CAST(f.prd_days AS INTEGER) > CAST(c.max_prd_days AS INTEGER)"
# Each line once, however many of the items that include it were charged that day.
sql[included_charge]="SELECT count(*) FROM fee x
  WHERE x.med_list_codg IN (SELECT code FROM catalog_included)
    AND EXISTS (SELECT 1 FROM catalog_included i JOIN fee y ON y.mdtrt_id = x.mdtrt_id AND y.med_list_codg = i.container
      WHERE i.code = x.med_list_codg AND substr(y.fee_ocur_time, 1, 10) = substr(x.fee_ocur_time, 1, 10))"
sql[bed_days]="SELECT count(*) FROM (SELECT sum(round(f.cnt * 1000)) AS bed_milli,
    max(${param[bed_days.min_stay_days]},
        julianday(substr(min(f.dscg_date), 1, 10)) - julianday(substr(min(f.adm_date), 1, 10))) AS los
  FROM fee f WHERE f.med_type = '21' AND f.med_list_codg IN (SELECT code FROM catalog_flag WHERE flag = 'bed')
  GROUP BY f.mdtrt_id)
  WHERE bed_milli > 0 AND bed_milli > los * 1000"
# Drug lines of a generic group in the engine's event order: fee time, then the encounter's
# place among the person's encounters (admission time, mdtrt_id). A line is flagged when an
# earlier one of another encounter left supply: gap < floor(prd_days × 2/3).
sql[repeat_dispensing]="CREATE TEMP TABLE ev AS SELECT f.psn_no AS psn, c.generic_group AS grp, f.fee_ocur_time AS t,
    f.adm_date AS adm, f.mdtrt_id AS mdtrt, CAST(julianday(substr(f.fee_ocur_time, 1, 10)) AS INTEGER) AS day,
    CAST(f.prd_days AS INTEGER) AS prd
  FROM fee f JOIN catalog c ON c.catalog_code = f.med_list_codg WHERE c.item_type = 'drug' AND c.generic_group <> '';
CREATE INDEX temp.ev_key ON ev (psn, grp, t);
SELECT count(*) FROM ev cur WHERE EXISTS (SELECT 1 FROM ev prev WHERE prev.psn = cur.psn AND prev.grp = cur.grp
  AND prev.t <= cur.t AND (prev.t, prev.adm, prev.mdtrt) < (cur.t, cur.adm, cur.mdtrt) AND prev.mdtrt <> cur.mdtrt
  AND prev.prd > 0 AND cur.day - prev.day <= 3650
  AND cur.day - prev.day
    < prev.prd * ${param[repeat_dispensing.early_ratio_numerator]} / ${param[repeat_dispensing.early_ratio_denominator]})"
len=${param[split_admission.diagnosis_prefix_length]}
sql[split_admission]="WITH e AS (SELECT DISTINCT psn_no, mdtrt_id, medins_id, adm_date, dscg_date, dise_codg FROM fee WHERE med_type = '21')
  SELECT count(*) FROM e AS later WHERE length(later.dise_codg) >= $len
    AND EXISTS (SELECT 1 FROM e AS earlier WHERE earlier.psn_no = later.psn_no AND earlier.medins_id = later.medins_id
      AND (earlier.adm_date, earlier.mdtrt_id) < (later.adm_date, later.mdtrt_id)
      AND julianday(substr(later.adm_date, 1, 10)) - julianday(substr(earlier.dscg_date, 1, 10))
        BETWEEN 0 AND ${param[split_admission.max_gap_days]}
      AND length(earlier.dise_codg) >= $len AND substr(earlier.dise_codg, 1, $len) = substr(later.dise_codg, 1, $len))"
sql[outpatient_during_stay]="WITH e AS (SELECT DISTINCT psn_no, mdtrt_id, medins_id, med_type, substr(adm_date, 1, 10) AS adm,
    substr(dscg_date, 1, 10) AS dscg FROM fee WHERE med_type IN ('21', ${param[outpatient_during_stay.med_types]}))
  SELECT count(*) FROM e AS o WHERE o.med_type IN (${param[outpatient_during_stay.med_types]})
    AND EXISTS (SELECT 1 FROM e AS s WHERE s.psn_no = o.psn_no AND s.med_type = '21' AND s.medins_id <> o.medins_id
      AND o.adm > s.adm AND o.adm < s.dscg)"
sql[large_prescription]="SELECT count(*) FROM (SELECT min(f.med_type) AS med_type, sum(round(f.amount * 100)) AS fen,
    count(DISTINCT f.med_list_codg) AS drugs
  FROM fee f JOIN catalog c ON c.catalog_code = f.med_list_codg WHERE c.item_type = 'drug' AND f.med_type IN ('11', '14')
  GROUP BY f.mdtrt_id)
  WHERE fen > round(CASE med_type WHEN '11' THEN ${param[large_prescription.max_drug_total_outpatient]}
                                  ELSE ${param[large_prescription.max_drug_total_chronic]} END * 100)
    OR drugs > ${param[large_prescription.max_distinct_drugs]}"
# Lab and imaging lines outside inpatient stays, same event order as repeat_dispensing.
sql[repeat_test]="CREATE TEMP TABLE ev AS SELECT f.psn_no AS psn, f.med_list_codg AS code, f.fee_ocur_time AS t,
    f.adm_date AS adm, f.mdtrt_id AS mdtrt, CAST(julianday(substr(f.fee_ocur_time, 1, 10)) AS INTEGER) AS day
  FROM fee f WHERE f.med_type <> '21' AND f.med_list_codg IN (SELECT code FROM catalog_flag WHERE flag IN ('lab', 'imaging'));
CREATE INDEX temp.ev_key ON ev (psn, code, t);
SELECT count(*) FROM ev cur WHERE EXISTS (SELECT 1 FROM ev prev WHERE prev.psn = cur.psn AND prev.code = cur.code
  AND prev.t <= cur.t AND (prev.t, prev.adm, prev.mdtrt) < (cur.t, cur.adm, cur.mdtrt) AND prev.mdtrt <> cur.mdtrt
  AND cur.day - prev.day <= ${param[repeat_test.window_days]})"
# A provider's monthly quantity of a drug against the providers of its level: more than
# median_multiple × the median and a z-score (population standard deviation) above min_z_score.
# Quantities as the engine's doubles (thousandths / 1000.0), summed in its order (by medins_id),
# so that a z-score that lands on the threshold rounds as it does in the engine.
# abnormal_usage decided exactly as the engine does, in integers: quantities in thousandths,
# z > z0 ⇔ n·q − S > 0 and (n·q − S)²·zd > zn·(n·ΣQ² − S²) with z0² = zn/zd, and
# q > m·median ⇔ 2000·q > round(1000·m)·(2·median).
read -r mk zn zd < <(node -e '
  const [m, z] = process.argv.slice(1).map(Number);
  const zk = Math.round(z * 1000), mk = Math.round(m * 1000);
  const gcd = (a, b) => (b ? gcd(b, a % b) : a);
  const num = zk * zk, den = 1000000, g = gcd(num, den);
  console.log(mk, num / g, den / g);
' "${param[abnormal_usage.median_multiple]}" "${param[abnormal_usage.min_z_score]}")
sql[abnormal_usage]="WITH cell AS (SELECT f.medins_id AS medins, f.med_list_codg AS item, substr(f.fee_ocur_time, 1, 7) AS month,
      min(f.medins_lv) AS lv, CAST(sum(round(f.cnt * 1000)) AS INTEGER) AS q
    FROM fee f JOIN catalog c ON c.catalog_code = f.med_list_codg WHERE c.item_type = 'drug' GROUP BY 1, 2, 3),
  g AS (SELECT *, count(*) OVER p AS n, sum(q) OVER p AS s, sum(q * q) OVER p AS sq,
      row_number() OVER (PARTITION BY lv, item, month ORDER BY q) AS r
    FROM cell WINDOW p AS (PARTITION BY lv, item, month)),
  m AS (SELECT *, CASE WHEN n % 2 = 1 THEN 2 * max(CASE WHEN r = (n + 1) / 2 THEN q END) OVER p
           ELSE max(CASE WHEN r = n / 2 THEN q END) OVER p + max(CASE WHEN r = n / 2 + 1 THEN q END) OVER p END AS median2
    FROM g WHERE n >= ${param[abnormal_usage.min_providers]} WINDOW p AS (PARTITION BY lv, item, month))
  SELECT count(*) FROM m WHERE n * sq - s * s > 0 AND 2000 * q > $mk * median2
    AND n * q - s > 0 AND (n * q - s) * (n * q - s) * $zd > $zn * (n * sq - s * s)"

# The registry rules, asked once per (certificate, provider, day) and per (provider, day) as the
# engine's memo does: the last registration event on or before the day decides; a licence is
# valid when its last event on or before the day is 'valid' and the day is within its term.
sql[practitioner_unqualified]="WITH k AS (SELECT dr_codg, medins_id, substr(fee_ocur_time, 1, 10) AS d, count(*) AS n FROM fee GROUP BY 1, 2, 3)
  SELECT coalesce(sum(n), 0) FROM k WHERE NOT coalesce((SELECT NOT e.cancel AND k.d <= e.expires AND (e.medins = k.medins_id OR EXISTS (
        SELECT 1 FROM reg_site s WHERE s.dr = k.dr_codg AND s.medins = k.medins_id AND s.from_day <= k.d AND k.d < s.to_day))
      FROM reg_event e WHERE e.dr = k.dr_codg AND e.on_day <= k.d ORDER BY e.on_day DESC, e.seq DESC LIMIT 1), 0)"
sql[provider_unlicensed]="WITH k AS (SELECT medins_id, substr(fee_ocur_time, 1, 10) AS d, count(*) AS n FROM fee GROUP BY 1, 2)
  SELECT coalesce(sum(n), 0) FROM k LEFT JOIN prov p ON p.medins = k.medins_id WHERE p.medins IS NULL OR (p.licence_required AND NOT EXISTS (
    SELECT 1 FROM (SELECT DISTINCT licence FROM lic_event WHERE medins = k.medins_id) l WHERE coalesce((SELECT e.valid AND k.d <= e.valid_until
      FROM lic_event e WHERE e.medins = k.medins_id AND e.licence = l.licence AND e.on_day <= k.d ORDER BY e.on_day DESC, e.seq DESC LIMIT 1), 0)))"

total=0
printf '%-26s %12s %12s %10s\n' rule engine sql sql_seconds
for r in $subset; do
  s=$(date +%s.%N)
  n=$(sqlite3 "$db" "${sql[$r]}")
  e=$(date +%s.%N)
  secs=$(echo "$e - $s" | bc)
  total=$(echo "$total + $secs" | bc)
  engine_n=$(awk -F'\t' -v r="$r" '$1 == "  " r {print $3+0}' "$dir/engine_all.txt")
  printf '%-26s %12s %12s %10.2f%s\n' "$r" "$engine_n" "$n" "$secs" "$([ "$engine_n" = "$n" ] && echo "" || echo "  (counts differ)")"
done
printf 'SQL on SQLite, %s rules: %.1f s (queries only); engine, same rules, end to end from CSV: %.2f s; ratio %.1fx\n' \
  "$(echo $subset | wc -w)" "$total" "$engine_secs" "$(echo "$total / $engine_secs" | bc -l)"

[ -n "${BENCH_CLAIMS_SKIP_REALTIME:-}" ] && exit 0
echo "-- real time: POST /api/v1/claims/audit/3101 against the demo store"
"$bin" serve --port 0 "${common[@]}" --access-log "$dir/access.log" >"$dir/out" 2>"$dir/err" &
pid=$!
trap 'kill $pid 2>/dev/null; [ -z "${BENCH_CLAIMS_KEEP:-}" ] && rm -rf "$dir"' EXIT
for _ in $(seq 200); do grep -q listening "$dir/out" 2>/dev/null && break; sleep 0.05; done
base=$(grep -o 'http://[^ ]*' "$dir/out")
cookie=$(curl -s -i -H 'content-type: application/json' -d '{"username":"insurance_auditor","password":"Weijian@2026"}' \
  "$base/api/v1/auth/login" | grep -i '^set-cookie' | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/')
node "$src/bench/claims_realtime.mjs" "$base" "$cookie" "$src/data/claims/catalog.csv"
