// The item catalogue (一单) and the plans' links to it.
#include <unordered_map>

#include "inspection/store.h"
#include "inspection/store_util.h"

namespace weijian::inspection::item_store {
namespace {

constexpr const char* kSelect =
    "SELECT t.id, t.code, t.name, t.department_code, t.legal_basis, t.target_categories, t.specialty, t.kind, t.default_ratio_bp, "
    "t.status FROM inspection_items t";

InspectionItem from(const store::Row& r) {
  InspectionItem i;
  i.id = r.integer("id");
  i.code = r.text("code");
  i.name = r.text("name");
  i.department_code = r.text("department_code");
  i.legal_basis = r.text("legal_basis");
  i.target_categories = r.text("target_categories");
  i.specialty = r.text("specialty");
  i.kind = r.text("kind");
  i.default_ratio_bp = r.integer("default_ratio_bp");
  i.status = r.text("status");
  i.department_name = i.department_code;
  return i;
}

}  // namespace

Result<std::int64_t> count(store::Conn& c) {
  auto rows = c.query("SELECT count(*) AS n FROM inspection_items");
  if (!rows.ok()) return rows.error();
  return rows->row(0).integer("n");
}

Result<std::optional<InspectionItem>> find(store::Conn& c, std::int64_t id) {
  auto rows = c.query(std::string(kSelect) + " WHERE t.id = $1", {id});
  if (!rows.ok()) return rows.error();
  return store::first_row(*rows, from);
}

Result<bool> code_exists(store::Conn& c, const std::string& code) {
  auto rows = c.query("SELECT 1 AS found FROM inspection_items WHERE code = $1", {code});
  if (!rows.ok()) return rows.error();
  return !rows->empty();
}

Result<store::PageOf<InspectionItem>> page(store::Conn& c, const ItemFilter& f) {
  auto q = store::Query::unscoped(kSelect);
  q.search({"t.code", "t.name", "t.legal_basis"}, f.q);
  if (!f.department.empty()) q.where("t.department_code = ?", f.department);
  if (!f.kind.empty()) q.where("t.kind = ?", f.kind);
  if (!f.status.empty()) q.where("t.status = ?", f.status);
  if (!f.category.empty()) q.where("(';' || t.target_categories || ';') LIKE ? ESCAPE '\\'", "%;" + store::like_escape(f.category) + ";%");
  q.order_by("t.code");
  auto pg = q.page(c, f.page, f.page_size);
  if (!pg.ok()) return pg.error();
  return store::map_page(*pg, from);
}

Result<std::vector<InspectionItem>> of_plan(store::Conn& c, std::int64_t plan_id) {
  auto rows = c.query(std::string(kSelect) + " JOIN plan_items pi ON pi.item_id = t.id WHERE pi.plan_id = $1 ORDER BY t.code", {plan_id});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, from);
}

Result<std::vector<std::pair<InspectionItem, std::vector<std::int64_t>>>> of_plans(store::Conn& c, const std::vector<std::int64_t>& plan_ids) {
  std::vector<std::pair<InspectionItem, std::vector<std::int64_t>>> out;
  if (plan_ids.empty()) return out;
  store::Params ids;
  const std::string in = in_list(plan_ids, ids);
  auto links = c.query("SELECT item_id, plan_id FROM plan_items WHERE plan_id IN (" + in + ")", ids);
  if (!links.ok()) return links.error();
  std::unordered_multimap<std::int64_t, std::int64_t> plans_of;
  for (std::size_t i = 0; i < links->size(); ++i) plans_of.emplace(links->row(i).integer("item_id"), links->row(i).integer("plan_id"));
  auto items = c.query(std::string(kSelect) + " WHERE t.id IN (SELECT item_id FROM plan_items WHERE plan_id IN (" + in + ")) ORDER BY t.code", ids);
  if (!items.ok()) return items.error();
  for (auto& item : store::map_rows(*items, from)) {
    std::vector<std::int64_t> plans;
    auto [lo, hi] = plans_of.equal_range(item.id);
    for (auto it = lo; it != hi; ++it) plans.push_back(it->second);
    out.emplace_back(std::move(item), std::move(plans));
  }
  return out;
}

Result<std::int64_t> insert(store::Conn& c, const InspectionItem& i, const std::string& now) {
  auto id = c.query("INSERT INTO inspection_items (code, name, department_code, legal_basis, target_categories, specialty, kind, "
                    "default_ratio_bp, status, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) RETURNING id",
                    {i.code, i.name, i.department_code, i.legal_basis, i.target_categories, i.specialty, i.kind, i.default_ratio_bp,
                     i.status, now});
  if (!id.ok()) return id.error();
  return id->row(0).integer("id");
}

Status set(store::Conn& c, std::int64_t id, const char* column, const store::Value& value, const std::string& now) {
  auto u = c.exec(std::string("UPDATE inspection_items SET ") + column + " = $1, updated_at = $2 WHERE id = $3", {value, now, id});
  return u.ok() ? Status() : Status(u.error());
}

}  // namespace weijian::inspection::item_store
