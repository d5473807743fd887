// Draws: the frozen snapshot (population, inspector pool, recusals), the witnesses' inputs and
// the result's digests.
#include "inspection/store.h"
#include "inspection/store_util.h"

namespace weijian::inspection::draw_store {
namespace {

constexpr const char* kSelect =
    "SELECT id, plan_id, population_digest, population_size, pool_digest, pool_size, commitment, sealed_nonce, nonce, seed, "
    "result_digest, frozen_at, drawn_at FROM draws";

Draw from(const store::Row& r) {
  Draw d;
  d.id = r.integer("id");
  d.plan_id = r.integer("plan_id");
  d.population_digest = r.text("population_digest");
  d.population_size = r.integer("population_size");
  d.pool_digest = r.text("pool_digest");
  d.pool_size = r.integer("pool_size");
  d.commitment = r.text("commitment");
  d.sealed_nonce = r.text("sealed_nonce");
  d.nonce = r.text("nonce");
  d.seed = r.text("seed");
  d.result_digest = r.text("result_digest");
  d.frozen_at = r.text("frozen_at");
  d.drawn_at = r.text("drawn_at");
  return d;
}

}  // namespace

Result<std::optional<Draw>> of_plan(store::Conn& c, std::int64_t plan_id) {
  auto rows = c.query(std::string(kSelect) + " WHERE plan_id = $1", {plan_id});
  if (!rows.ok()) return rows.error();
  return store::first_row(*rows, from);
}

Result<std::vector<Draw>> of_plans(store::Conn& c, const std::vector<std::int64_t>& plan_ids) {
  if (plan_ids.empty()) return std::vector<Draw>{};
  store::Params ids;
  const std::string in = in_list(plan_ids, ids);
  auto rows = c.query(std::string(kSelect) + " WHERE plan_id IN (" + in + ")", ids);
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, from);
}

Result<std::vector<std::int64_t>> drawn_plan_ids(store::Conn& c, std::optional<std::int64_t> plan_id) {
  auto rows = plan_id ? c.query("SELECT plan_id FROM draws WHERE plan_id = $1 AND drawn_at IS NOT NULL", {*plan_id})
                      : c.query("SELECT plan_id FROM draws WHERE drawn_at IS NOT NULL ORDER BY plan_id");
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) { return r.integer("plan_id"); });
}

Result<std::vector<PopulationEntry>> population(store::Conn& c, std::int64_t draw_id) {
  auto rows = c.query("SELECT target_id, institution_id, grade, weight_milli, jurisdiction_path FROM draw_population WHERE draw_id = $1 "
                      "ORDER BY target_id",
                      {draw_id});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) {
    return PopulationEntry{r.text("target_id"), r.integer("institution_id"), r.text("grade"), r.integer("weight_milli"),
                           r.text("jurisdiction_path")};
  });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> population_by_grade(store::Conn& c, std::int64_t draw_id) {
  auto rows = c.query("SELECT grade, count(*) AS n FROM draw_population WHERE draw_id = $1 GROUP BY grade ORDER BY grade", {draw_id});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) { return std::make_pair(r.text("grade"), r.integer("n")); });
}

Result<std::vector<PoolEntry>> pool(store::Conn& c, std::int64_t draw_id) {
  auto rows = c.query("SELECT inspector_id, cert_no, department_code, lead, jurisdiction_path, prior_load FROM draw_pool "
                      "WHERE draw_id = $1 ORDER BY cert_no",
                      {draw_id});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) {
    return PoolEntry{r.integer("inspector_id"), r.text("cert_no"), r.text("department_code"), r.flag("lead"), r.text("jurisdiction_path"),
                     r.integer("prior_load")};
  });
}

Result<std::vector<RecusalEntry>> recusals(store::Conn& c, std::int64_t draw_id) {
  auto rows = c.query("SELECT cert_no, target_id, reason FROM draw_recusals WHERE draw_id = $1 ORDER BY cert_no, target_id", {draw_id});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) { return RecusalEntry{r.text("cert_no"), r.text("target_id"), r.text("reason")}; });
}

Result<std::vector<Witness>> witnesses(store::Conn& c, std::int64_t draw_id) {
  auto rows = c.query("SELECT seq, witness_name, input, user_id, entered_at FROM draw_witnesses WHERE draw_id = $1 ORDER BY seq", {draw_id});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) {
    return Witness{r.integer("seq"), r.text("witness_name"), r.text("input"), r.integer("user_id"), r.text("entered_at")};
  });
}

Result<std::int64_t> insert(store::Conn& c, const Draw& d, std::int64_t frozen_by) {
  auto id = c.query("INSERT INTO draws (plan_id, population_digest, population_size, pool_digest, pool_size, commitment, "
                    "sealed_nonce, frozen_at, frozen_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
                    {d.plan_id, d.population_digest, d.population_size, d.pool_digest, d.pool_size, d.commitment, d.sealed_nonce,
                     d.frozen_at, frozen_by});
  if (!id.ok()) return id.error();
  return id->row(0).integer("id");
}

Status add_population(store::Conn& c, std::int64_t draw_id, const PopulationEntry& e) {
  auto r = c.exec("INSERT INTO draw_population (draw_id, target_id, institution_id, grade, weight_milli, jurisdiction_path) "
                  "VALUES ($1,$2,$3,$4,$5,$6)",
                  {draw_id, e.target_id, e.institution_id, e.grade, e.weight_milli, e.jurisdiction_path});
  return r.ok() ? Status() : Status(r.error());
}

Status add_pool(store::Conn& c, std::int64_t draw_id, const PoolEntry& e) {
  auto r = c.exec("INSERT INTO draw_pool (draw_id, inspector_id, cert_no, department_code, lead, jurisdiction_path, prior_load) "
                  "VALUES ($1,$2,$3,$4,$5,$6,$7)",
                  {draw_id, e.inspector_id, e.cert_no, e.department_code, std::int64_t{e.lead ? 1 : 0}, e.jurisdiction_path, e.prior_load});
  return r.ok() ? Status() : Status(r.error());
}

Status add_recusal(store::Conn& c, std::int64_t draw_id, const RecusalEntry& e) {
  auto r = c.exec("INSERT INTO draw_recusals (draw_id, cert_no, target_id, reason) VALUES ($1,$2,$3,$4)",
                  {draw_id, e.cert_no, e.target_id, e.reason});
  return r.ok() ? Status() : Status(r.error());
}

Status add_witness(store::Conn& c, std::int64_t draw_id, const Witness& w) {
  auto r = c.exec("INSERT INTO draw_witnesses (draw_id, seq, witness_name, input, user_id, entered_at) VALUES ($1,$2,$3,$4,$5,$6)",
                  {draw_id, w.seq, w.witness_name, w.input, w.user_id, w.entered_at});
  return r.ok() ? Status() : Status(r.error());
}

Status mark_drawn(store::Conn& c, std::int64_t draw_id, const std::string& nonce, const std::string& seed, const std::string& result_digest,
                  const std::string& at, std::int64_t by) {
  auto r = c.exec("UPDATE draws SET nonce = $1, seed = $2, result_digest = $3, drawn_at = $4, drawn_by = $5 WHERE id = $6",
                  {nonce, seed, result_digest, at, by, draw_id});
  return r.ok() ? Status() : Status(r.error());
}

Result<std::map<std::string, std::int64_t>> drawn_population_by_grade(store::Conn& c, const store::Scope& scope, int year) {
  auto q = store::Query::scoped(scope, "SELECT dp.grade, count(*) AS n FROM draw_population dp JOIN draws d ON d.id = dp.draw_id "
                                       "JOIN sampling_plans p ON p.id = d.plan_id",
                                "dp.jurisdiction_path");
  q.where_raw("d.drawn_at IS NOT NULL");  // frozen-only or cancelled plans drew nobody
  if (year > 0) q.where("p.year = ?", static_cast<std::int64_t>(year));
  auto rows = q.group_by("dp.grade").all(c);
  if (!rows.ok()) return rows.error();
  std::map<std::string, std::int64_t> out;
  for (std::size_t i = 0; i < rows->size(); ++i) out[rows->row(i).text("grade")] = rows->row(i).integer("n");
  return out;
}

}  // namespace weijian::inspection::draw_store
