// The item catalogue (一单): seeded once from data/inspection/items.csv, then kept by staff.
#include "core/clock.h"
#include "core/csv.h"
#include "inspection/json.h"
#include "inspection/service.h"
#include "inspection/service_internal.h"

namespace weijian::inspection {
namespace {

using detail::not_found;
using detail::record;
using identity::Principal;
using store::Conn;

struct ItemFields {
  std::optional<std::string> code, name, department_code, legal_basis, specialty, kind, status;
  std::vector<std::string> categories;
  std::optional<std::int64_t> ratio_bp;
};

}  // namespace

namespace detail {
std::vector<std::string> text_list(const Json& body, const char* name, FieldReader& r) {
  std::vector<std::string> out;
  if (!body.contains(name) || body[name].is_null()) return out;
  const Json& v = body[name];
  if (!v.is_array()) {
    r.add(name, "应为文本数组");
    return out;
  }
  for (const auto& x : v) {
    if (!x.is_string() || x.get<std::string>().empty() || x.get<std::string>().size() > 64) {
      r.add(name, "每项应为非空文本");
      return {};
    }
    out.push_back(x.get<std::string>());
  }
  return out;
}
}  // namespace detail

namespace {

Result<ItemFields> read_item(Conn& c, const identity::Org& org, const Json& body, bool creating) {
  FieldReader r(body);
  ItemFields f;
  if (creating) f.code = r.text("code", true, 32);
  f.name = r.text("name", creating, 100);
  f.department_code = r.text("department_code", creating, 32);
  f.legal_basis = r.text("legal_basis", creating, 500);
  f.specialty = r.text("specialty", creating, 32);
  f.kind = r.one_of("kind", creating, {"routine", "key"});
  f.status = r.one_of("status", false, {"active", "retired"});
  if (body.contains("default_ratio_percent")) {
    const Json& v = body["default_ratio_percent"];
    if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 100) r.add("default_ratio_percent", "应在 0–100 之间");
    else f.ratio_bp = static_cast<std::int64_t>(v.get<double>() * 100 + 0.5);
  } else if (creating) {
    r.add("default_ratio_percent", "必填");
  }
  if (creating || body.contains("target_categories")) {
    f.categories = detail::text_list(body, "target_categories", r);
    if (f.categories.empty()) r.add("target_categories", "至少一个对象类别");
    for (const auto& cat : f.categories)
      if (!is_target_category(cat)) r.add("target_categories", "对象类别“" + cat + "”无效");
  }
  if (f.department_code) {
    WJ_ASSIGN_OR_RETURN(auto d, org.department_by_code(c, *f.department_code));
    if (!d) r.add("department_code", "部门代码不存在");
  }
  if (f.code) {
    WJ_ASSIGN_OR_RETURN(bool exists, item_store::code_exists(c, *f.code));
    if (exists) r.add("code", "事项编码已存在");
  }
  WJ_TRY(r.finish());
  return f;
}

}  // namespace

Status InspectionService::name_items(Conn& c, std::vector<InspectionItem>& items) {
  if (items.empty()) return {};
  WJ_ASSIGN_OR_RETURN(auto departments, org_.departments(c));
  const auto by_code = identity::by_code(departments);
  for (auto& i : items) {
    auto it = by_code.find(i.department_code);
    i.department_name = it == by_code.end() ? i.department_code : it->second->name;
  }
  return {};
}

Status InspectionService::seed(const std::string& data_dir) {
  {
    // Released before the transaction below: a command may run with a pool of one connection.
    auto lease = db_.acquire();
    if (!lease.ok()) return lease.error();
    auto existing = item_store::count(**lease);
    if (!existing.ok()) return existing.error();
    if (*existing > 0) return {};
  }
  auto rows = read_data_file(data_dir + "/inspection/items.csv",
                             {{"code"}, {"name"}, {"department_code"}, {"legal_basis"}, {"target_categories"}, {"specialty"}, {"kind"},
                              {"default_ratio_percent"}});
  if (!rows.ok()) return rows.error();
  const std::string now = utc_now_iso();
  return db_.transaction([&](Conn& c) -> Status {
    for (const auto& row : *rows) {
      const std::string& kind = row[6];
      const double pct = std::atof(row[7].c_str());
      if ((kind != "routine" && kind != "key") || pct < 0 || pct > 100)
        return errors::unavailable("抽查事项清单 data/inspection/items.csv 中“" + row[0] + "”的 kind 或 default_ratio_percent 无效。");
      for (const auto& cat : split_list(row[4]))
        if (!is_target_category(cat))
          return errors::unavailable("抽查事项清单 data/inspection/items.csv 中“" + row[0] + "”的对象类别“" + cat + "”无效。");
      InspectionItem item;
      item.code = row[0];
      item.name = row[1];
      item.department_code = row[2];
      item.legal_basis = row[3];
      item.target_categories = row[4];
      item.specialty = row[5];
      item.kind = kind;
      item.default_ratio_bp = static_cast<std::int64_t>(pct * 100 + 0.5);
      item.status = "active";
      auto id = item_store::insert(c, item, now);
      if (!id.ok()) return id.error();
    }
    return record(c, db_.engine(),
                  Principal::system().event("inspection.item_seed", "inspection_item", "catalogue", "",
                                            {{"items", rows->size()}, {"source", "data/inspection/items.csv"}}));
  });
}

Result<Json> InspectionService::list_items(const ItemFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto page = item_store::page(**lease, f);
  if (!page.ok()) return page.error();
  WJ_TRY(name_items(**lease, page->items));
  return store::page_json(*page, [](const InspectionItem& i) { return to_json(i); });
}

Result<Json> InspectionService::create_item(const Principal& p, const Json& body) {
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto f = read_item(c, org_, body, true);
    if (!f.ok()) return f.error();
    InspectionItem item;
    item.code = *f->code;
    item.name = *f->name;
    item.department_code = *f->department_code;
    item.legal_basis = *f->legal_basis;
    item.target_categories = detail::join_list(f->categories);
    item.specialty = *f->specialty;
    item.kind = *f->kind;
    item.default_ratio_bp = *f->ratio_bp;
    item.status = f->status.value_or("active");
    WJ_ASSIGN_OR_RETURN(const std::int64_t id, item_store::insert(c, item, utc_now_iso()));
    WJ_ASSIGN_OR_RETURN(auto created, item_store::find(c, id));
    std::vector<InspectionItem> named{*created};
    WJ_TRY(name_items(c, named));
    out = to_json(named[0]);
    return record(c, db_.engine(), p.event("inspection.item_create", "inspection_item", std::to_string(id), "", out));
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> InspectionService::update_item(const Principal& p, std::int64_t id, const Json& body) {
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto before, item_store::find(c, id));
    if (!before) return not_found("抽查事项");
    auto f = read_item(c, org_, body, false);
    if (!f.ok()) return f.error();
    std::vector<InspectionItem> named{*before};
    WJ_TRY(name_items(c, named));
    const Json old = to_json(named[0]);
    auto set = [&](const char* col, const store::Value& v) { return item_store::set(c, id, col, v, utc_now_iso()); };
    if (f->name) WJ_TRY(set("name", *f->name));
    if (f->department_code) WJ_TRY(set("department_code", *f->department_code));
    if (f->legal_basis) WJ_TRY(set("legal_basis", *f->legal_basis));
    if (f->specialty) WJ_TRY(set("specialty", *f->specialty));
    if (f->kind) WJ_TRY(set("kind", *f->kind));
    if (f->status) WJ_TRY(set("status", *f->status));
    if (f->ratio_bp) WJ_TRY(set("default_ratio_bp", *f->ratio_bp));
    if (!f->categories.empty()) WJ_TRY(set("target_categories", detail::join_list(f->categories)));
    WJ_ASSIGN_OR_RETURN(auto after, item_store::find(c, id));
    named = {*after};
    WJ_TRY(name_items(c, named));
    out = to_json(named[0]);
    return record(c, db_.engine(), p.event("inspection.item_update", "inspection_item", std::to_string(id), "", {{"before", old}, {"after", out}}));
  });
  if (!st.ok()) return st.error();
  return out;
}

}  // namespace weijian::inspection
