#include "registry/service.h"

#include <fstream>
#include <sstream>

#include "core/clock.h"
#include "core/csv.h"
#include "core/fields.h"
#include "registry/labels.h"
#include "ledger/ledger.h"
#include "registry/identifiers.h"
#include "store/query.h"

namespace weijian::registry {
namespace {

using identity::Principal;
using store::Conn;
using store::Rows;
using store::page_json;


const char* license_status_label(const std::string& s) { return lookup(kLicenseStatuses, s); }
const char* license_event_label(const std::string& k) { return lookup(kLicenseEvents, k); }
const char* kind_label(const std::string& k) { return lookup(kKinds, k); }

constexpr const char* kInstitutionSelect =
    "SELECT i.id, i.credit_code, i.name, i.category, i.ownership, i.profit_type, i.grade, i.address, i.jurisdiction_id, "
    "j.name, i.legal_representative, i.person_in_charge, i.phone, i.beds, i.clinical_subjects, i.large_equipment, "
    "i.medins_code, i.status, i.created_at, i.updated_at, i.jurisdiction_path FROM institutions i "
    "JOIN jurisdictions j ON j.id = i.jurisdiction_id";

Json institution_json(const Rows& r, std::size_t i) {
  return {{"id", r.integer(i, 0)},
          {"credit_code", r.text(i, 1)},
          {"name", r.text(i, 2)},
          {"category", r.text(i, 3)},
          {"category_label", category_label(r.text(i, 3))},
          {"ownership", r.text(i, 4)},
          {"profit_type", r.text(i, 5)},
          {"grade", r.text(i, 6)},
          {"address", r.text(i, 7)},
          {"jurisdiction_id", r.integer(i, 8)},
          {"jurisdiction_name", r.text(i, 9)},
          {"legal_representative", r.text(i, 10)},
          {"person_in_charge", r.text(i, 11)},
          {"phone", r.text(i, 12)},
          {"beds", r.integer(i, 13)},
          {"clinical_subjects", r.text(i, 14)},
          {"large_equipment", r.text(i, 15)},
          {"medins_code", r.is_null(i, 16) ? Json(nullptr) : Json(r.text(i, 16))},
          {"status", r.text(i, 17)},
          {"created_at", r.text(i, 18)},
          {"updated_at", r.text(i, 19)}};
}

constexpr const char* kLicenseSelect =
    "SELECT id, institution_id, license_no, issued_on, valid_until, clinical_subjects, beds, last_validated_on, "
    "validation_due_on, status, jurisdiction_path FROM practice_licenses";

Json license_json(const Rows& r, std::size_t i, const std::string& today) {
  const std::string status = r.text(i, 9);
  return {{"id", r.integer(i, 0)},
          {"institution_id", r.integer(i, 1)},
          {"license_no", r.text(i, 2)},
          {"issued_on", r.text(i, 3)},
          {"valid_until", r.text(i, 4)},
          {"clinical_subjects", r.text(i, 5)},
          {"beds", r.integer(i, 6)},
          {"last_validated_on", r.is_null(i, 7) ? Json(nullptr) : Json(r.text(i, 7))},
          {"validation_due_on", r.text(i, 8)},
          {"validation_overdue", status == "valid" && r.text(i, 8) < today},
          {"status", status},
          {"status_label", license_status_label(status)}};
}

constexpr const char* kPractitionerSelect =
    "SELECT p.id, p.id_number, p.name, p.sex, p.birth_date, p.kind, p.qualification_no, p.practice_cert_no, "
    "p.practice_category, p.practice_scope, p.institution_id, i.name, p.status, p.registered_on, "
    "p.registration_expires_on, p.e_registered, p.jurisdiction_path FROM practitioners p "
    "LEFT JOIN institutions i ON i.id = p.institution_id";

Json practitioner_json(const Rows& r, std::size_t i, bool full_id) {
  std::string id = r.text(i, 1);
  if (!full_id && id.size() == 18) id = id.substr(0, 6) + "********" + id.substr(14);  // masked for lists
  return {{"id", r.integer(i, 0)},
          {"id_number", id},
          {"name", r.text(i, 2)},
          {"sex", r.text(i, 3)},
          {"birth_date", r.text(i, 4)},
          {"kind", r.text(i, 5)},
          {"kind_label", kind_label(r.text(i, 5))},
          {"qualification_no", r.text(i, 6)},
          {"practice_cert_no", r.is_null(i, 7) ? Json(nullptr) : Json(r.text(i, 7))},
          {"practice_category", r.text(i, 8)},
          {"practice_scope", r.text(i, 9)},
          {"institution_id", r.is_null(i, 10) ? Json(nullptr) : Json(r.integer(i, 10))},
          {"institution_name", r.is_null(i, 11) ? Json(nullptr) : Json(r.text(i, 11))},
          {"status", r.text(i, 12)},
          {"registered_on", r.is_null(i, 13) ? Json(nullptr) : Json(r.text(i, 13))},
          {"registration_expires_on", r.is_null(i, 14) ? Json(nullptr) : Json(r.text(i, 14))},
          {"e_registered", r.integer(i, 15) == 1}};
}


std::string today() { return today_in_shanghai().to_string(); }

// The jurisdiction an institution or inspector is placed in, checked against the caller's scope.
Result<std::string> scoped_jurisdiction_path(Conn& c, const Principal& p, std::int64_t jurisdiction_id, FieldReader& r,
                                             const char* field) {
  auto j = c.query("SELECT path FROM jurisdictions WHERE id = $1", {jurisdiction_id});
  if (!j.ok()) return j.error();
  if (j->empty()) {
    r.add(field, "辖区不存在");
    return std::string();
  }
  if (!p.scope().contains(j->text(0, 0))) {
    r.add(field, "不在您的管辖范围内");
    return std::string();
  }
  return j->text(0, 0);
}

Error not_found(const char* what) {
  return errors::not_found(std::string(what) + "不存在，或不在您的管辖范围内。");
}

}  // namespace

const char* category_label(const std::string& category) { return lookup(kCategories, category); }

bool is_category(const std::string& category) { return category_label(category)[0] != '\0'; }

// ======================= institutions =======================

namespace {
store::Query institution_query(const store::Scope& scope, const ListFilter& f) {
  auto q = store::Query::scoped(scope, kInstitutionSelect, "i.jurisdiction_path");
  q.search({"i.name", "i.credit_code", "i.address"}, f.q);
  if (!f.category.empty()) q.where("i.category = ?", f.category);
  if (!f.ownership.empty()) q.where("i.ownership = ?", f.ownership);
  if (!f.status.empty()) q.where("i.status = ?", f.status);
  if (!f.grade.empty()) q.where("i.grade = ?", f.grade);
  if (f.jurisdiction_id > 0)
    q.where("i.jurisdiction_path LIKE (SELECT path FROM jurisdictions WHERE id = ?) || '%'", f.jurisdiction_id);
  q.order_by("i.id");
  return q;
}
}  // namespace

Result<Json> RegistryService::list_institutions(const Principal& p, const ListFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto page = institution_query(p.scope(), f).page(**lease, f.page, f.page_size);
  if (!page.ok()) return page.error();
  return page_json(*page, institution_json);
}

Result<Json> RegistryService::get_institution(const Principal& p, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  Conn& c = **lease;
  auto rows = store::scoped_row(c, p.scope(), kInstitutionSelect, "i.jurisdiction_path", "i.id", id);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return not_found("机构");
  Json out = institution_json(*rows, 0);
  auto lic = c.query(std::string(kLicenseSelect) + " WHERE institution_id = $1 ORDER BY id", {id});
  if (!lic.ok()) return lic.error();
  const std::string now = today();
  out["licenses"] = Json::array();
  for (std::size_t i = 0; i < lic->size(); ++i) {
    Json l = license_json(*lic, i, now);
    // The licence's own history, in date order: visible to every reader of the registry.
    auto ev = c.query("SELECT kind, effective_on, status_after, valid_until_after, detail FROM license_events "
                      "WHERE license_id = $1 ORDER BY effective_on, id",
                      {lic->integer(i, 0)});
    if (!ev.ok()) return ev.error();
    l["events"] = Json::array();
    for (std::size_t k = 0; k < ev->size(); ++k) {
      Json detail = Json::parse(ev->text(k, 4), nullptr, false);
      l["events"].push_back({{"kind", ev->text(k, 0)}, {"kind_label", license_event_label(ev->text(k, 0))},
                             {"effective_on", ev->text(k, 1)}, {"status_after", ev->text(k, 2)},
                             {"status_label", license_status_label(ev->text(k, 2))}, {"valid_until", ev->text(k, 3)},
                             {"note", detail.is_object() && detail.contains("note") ? detail["note"] : Json("")}});
    }
    out["licenses"].push_back(std::move(l));
  }
  auto staff = c.query(
      "SELECT kind, count(*), sum(CASE WHEN status = 'registered' THEN 1 ELSE 0 END), sum(e_registered) "
      "FROM practitioners WHERE institution_id = $1 GROUP BY kind ORDER BY kind",
      {id});
  if (!staff.ok()) return staff.error();
  Json counts = Json::array();
  for (std::size_t i = 0; i < staff->size(); ++i)
    counts.push_back({{"kind", staff->text(i, 0)}, {"kind_label", kind_label(staff->text(i, 0))},
                      {"total", staff->integer(i, 1)}, {"registered", staff->integer(i, 2)},
                      {"e_registered", staff->integer(i, 3)}});
  out["staff"] = counts;
  return out;
}

Result<Json> RegistryService::create_institution(const Principal& p, const Json& body) {
  FieldReader r(body);
  auto code_raw = r.text("credit_code", true, 18);
  std::string code = code_raw ? normalize_code(*code_raw) : "";
  if (code_raw) {
    Status v = validate_credit_code(code, "credit_code");
    if (!v.ok()) r.add("credit_code", v.error().errors.empty() ? v.error().detail : v.error().errors[0].message);
  }
  auto name = r.text("name", true, 100);
  auto category = r.text("category", true, 32);
  if (category && !is_category(*category)) r.add("category", "机构类别无效");
  auto ownership = r.one_of("ownership", true, {"public", "private"});
  auto profit = r.one_of("profit_type", true, {"for_profit", "non_profit"});
  auto grade = r.one_of("grade", false, {"", "3A", "3B", "3C", "2A", "2B", "2C", "1A", "1B", "1C"});
  auto address = r.text("address", true, 200);
  auto jurisdiction = r.id("jurisdiction_id", true);
  auto legal = r.text("legal_representative", true, 50);
  auto charge = r.text("person_in_charge", true, 50);
  auto phone = r.text("phone", false, 30);
  auto beds = r.integer("beds", false, 0, 20000);
  auto subjects = r.text("clinical_subjects", false, 1000);
  auto equipment = r.text("large_equipment", false, 1000);
  auto medins = r.text("medins_code", false, 30);
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    std::string path;
    if (jurisdiction) {
      auto jp = scoped_jurisdiction_path(c, p, *jurisdiction, r, "jurisdiction_id");
      if (!jp.ok()) return jp.error();
      path = *jp;
    }
    if (!code.empty()) {
      auto dup = c.query("SELECT 1 FROM institutions WHERE credit_code = $1", {code});
      if (!dup.ok()) return dup.error();
      if (!dup->empty()) r.add("credit_code", "该统一社会信用代码已登记");
    }
    WJ_TRY(r.finish());
    const std::string now = utc_now_iso();
    auto id = c.query(
        "INSERT INTO institutions (credit_code, name, category, ownership, profit_type, grade, address, jurisdiction_id, "
        "jurisdiction_path, legal_representative, person_in_charge, phone, beds, clinical_subjects, large_equipment, "
        "medins_code, status, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,"
        "'active',$17,$17) RETURNING id",
        {code, *name, *category, *ownership, *profit, grade.value_or(""), *address, *jurisdiction, path, *legal, *charge,
         phone.value_or(""), beds.value_or(0), subjects.value_or(""), equipment.value_or(""),
         medins && !medins->empty() ? store::Value(*medins) : store::Value(), now});
    if (!id.ok()) return id.error();
    auto row = c.query(std::string(kInstitutionSelect) + " WHERE i.id = $1", {id->integer(0, 0)});
    if (!row.ok()) return row.error();
    out = institution_json(*row, 0);
    WJ_TRY(ledger::append(c, db_.engine(), p.event("institution.create", "institution", std::to_string(id->integer(0, 0)), path, out)));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> RegistryService::update_institution(const Principal& p, std::int64_t id, const Json& body) {
  FieldReader r(body);
  auto name = r.text("name", false, 100);
  auto address = r.text("address", false, 200);
  auto legal = r.text("legal_representative", false, 50);
  auto charge = r.text("person_in_charge", false, 50);
  auto phone = r.text("phone", false, 30);
  auto grade = r.one_of("grade", false, {"", "3A", "3B", "3C", "2A", "2B", "2C", "1A", "1B", "1C"});
  auto beds = r.integer("beds", false, 0, 20000);
  auto status = r.one_of("status", false, {"active", "suspended", "revoked", "closed"});
  auto subjects = r.text("clinical_subjects", false, 1000);
  auto equipment = r.text("large_equipment", false, 1000);
  WJ_TRY(r.finish());
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto rows = store::scoped_row(c, p.scope(), kInstitutionSelect, "i.jurisdiction_path", "i.id", id);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return not_found("机构");
    const Json before = institution_json(*rows, 0);
    Json change = Json::object();
    auto set_text = [&](const char* col, const std::optional<std::string>& v) -> Status {
      if (!v || before[col] == *v) return {};
      change[col] = {{"from", before[col]}, {"to", *v}};
      auto u = c.exec(std::string("UPDATE institutions SET ") + col + " = $1 WHERE id = $2", {*v, id});
      return u.ok() ? Status() : Status(u.error());
    };
    WJ_TRY(set_text("name", name));
    WJ_TRY(set_text("address", address));
    WJ_TRY(set_text("legal_representative", legal));
    WJ_TRY(set_text("person_in_charge", charge));
    WJ_TRY(set_text("phone", phone));
    WJ_TRY(set_text("grade", grade));
    WJ_TRY(set_text("status", status));
    WJ_TRY(set_text("clinical_subjects", subjects));
    WJ_TRY(set_text("large_equipment", equipment));
    if (beds && before["beds"] != *beds) {
      change["beds"] = {{"from", before["beds"]}, {"to", *beds}};
      WJ_TRY(c.exec("UPDATE institutions SET beds = $1 WHERE id = $2", {*beds, id}));
    }
    if (!change.empty()) {
      WJ_TRY(c.exec("UPDATE institutions SET updated_at = $1 WHERE id = $2", {utc_now_iso(), id}));
      WJ_TRY(ledger::append(c, db_.engine(), p.event("institution.update", "institution", std::to_string(id), rows->text(0, 20), change)));
    }
    auto after = c.query(std::string(kInstitutionSelect) + " WHERE i.id = $1", {id});
    if (!after.ok()) return after.error();
    out = institution_json(*after, 0);
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

// ======================= licences =======================

Result<Json> RegistryService::issue_license(const Principal& p, std::int64_t institution_id, const Json& body) {
  FieldReader r(body);
  auto no = r.text("license_no", true, 40);
  auto issued = r.date("issued_on", true);
  auto until = r.date("valid_until", true);
  auto subjects = r.text("clinical_subjects", false, 1000);
  auto beds = r.integer("beds", false, 0, 20000);
  if (issued && until && !(*issued < *until)) r.add("valid_until", "有效期截止日应晚于发证日期");
  if (issued && *issued > today_in_shanghai()) r.add("issued_on", "发证日期不能晚于今天");
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto inst = store::scoped_row(c, p.scope(), "SELECT i.id, i.jurisdiction_path, i.category FROM institutions i", "i.jurisdiction_path", "i.id",
                           institution_id);
    if (!inst.ok()) return inst.error();
    if (inst->empty()) return not_found("机构");
    if (no) {
      auto dup = c.query("SELECT 1 FROM practice_licenses WHERE license_no = $1", {*no});
      if (!dup.ok()) return dup.error();
      if (!dup->empty()) r.add("license_no", "许可证号已存在");
    }
    WJ_TRY(r.finish());
    const std::string path = inst->text(0, 1);
    const int b = static_cast<int>(beds.value_or(0));
    const Date due = rules_.validation_due(*issued, b);
    const std::string now = utc_now_iso();
    auto id = c.query(
        "INSERT INTO practice_licenses (institution_id, license_no, issued_on, valid_until, clinical_subjects, beds, "
        "last_validated_on, validation_due_on, status, jurisdiction_path, updated_at) "
        "VALUES ($1,$2,$3,$4,$5,$6,NULL,$7,'valid',$8,$9) RETURNING id",
        {institution_id, *no, issued->to_string(), until->to_string(), subjects.value_or(""), std::int64_t{b},
         due.to_string(), path, now});
    if (!id.ok()) return id.error();
    const std::int64_t lid = id->integer(0, 0);
    WJ_TRY(c.exec("INSERT INTO license_events (license_id, kind, effective_on, status_after, valid_until_after, detail, recorded_at) "
                  "VALUES ($1, 'issue', $2, 'valid', $3, $4, $5)",
                  {lid, issued->to_string(), until->to_string(), Json{{"beds", b}}.dump(), now}));
    auto row = c.query(std::string(kLicenseSelect) + " WHERE id = $1", {lid});
    if (!row.ok()) return row.error();
    out = license_json(*row, 0, today());
    WJ_TRY(ledger::append(c, db_.engine(), p.event("license.issue", "practice_license", std::to_string(lid), path, out)));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> RegistryService::license_event(const Principal& p, std::int64_t license_id, const Json& body) {
  FieldReader r(body);
  auto kind = r.one_of("kind", true, {"validate", "defer_validation", "suspend", "reinstate", "revoke", "cancel"});
  auto effective = r.date("effective_on", true);
  auto until = r.date("valid_until", false);
  auto note = r.text("note", false, 500);
  if (effective && *effective > today_in_shanghai()) r.add("effective_on", "生效日期不能晚于今天");
  WJ_TRY(r.finish());
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto lic = store::scoped_row(c, p.scope(), kLicenseSelect, "jurisdiction_path", "id", license_id);
    if (!lic.ok()) return lic.error();
    if (lic->empty()) return not_found("执业许可证");
    const std::string status = lic->text(0, 9);
    const std::string k = *kind;
    std::string next = status;
    // Which transitions the law allows: a revoked or cancelled licence is final.
    if (status == "revoked" || status == "cancelled")
      return errors::conflict("该许可证已" + std::string(license_status_label(status)) + "，不能再办理其他事项。");
    if (k == "validate") next = "valid";
    else if (k == "defer_validation") next = "validation_deferred";
    else if (k == "suspend") next = "suspended";
    else if (k == "reinstate") {
      if (status != "suspended" && status != "validation_deferred")
        return errors::conflict("只有暂停执业或暂缓校验的许可证可以恢复。");
      next = "valid";
    } else if (k == "revoke") next = "revoked";
    else if (k == "cancel") next = "cancelled";
    const std::string last_event_day = [&] {
      auto e = c.query("SELECT max(effective_on) FROM license_events WHERE license_id = $1", {license_id});
      return e.ok() && !e->empty() ? e->text(0, 0) : std::string();
    }();
    if (effective->to_string() < last_event_day)
      return errors::validation("生效日期早于该许可证最近一次变更（" + last_event_day + "）：请按时间顺序登记。",
                                {{"effective_on", "早于最近一次变更"}});
    const std::string valid_until = until ? until->to_string() : lic->text(0, 4);
    std::string due = lic->text(0, 8);
    std::string last_validated = lic->is_null(0, 7) ? "" : lic->text(0, 7);
    if (k == "validate") {
      last_validated = effective->to_string();
      due = rules_.validation_due(*effective, static_cast<int>(lic->integer(0, 6))).to_string();
    }
    const std::string now = utc_now_iso();
    WJ_TRY(c.exec("UPDATE practice_licenses SET status = $1, valid_until = $2, validation_due_on = $3, last_validated_on = $4, "
                  "updated_at = $5 WHERE id = $6",
                  {next, valid_until, due, last_validated.empty() ? store::Value() : store::Value(last_validated), now,
                   license_id}));
    WJ_TRY(c.exec("INSERT INTO license_events (license_id, kind, effective_on, status_after, valid_until_after, detail, recorded_at) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                  {license_id, k, effective->to_string(), next, valid_until, Json{{"note", note.value_or("")}}.dump(), now}));
    auto row = c.query(std::string(kLicenseSelect) + " WHERE id = $1", {license_id});
    if (!row.ok()) return row.error();
    out = license_json(*row, 0, today());
    WJ_TRY(ledger::append(c, db_.engine(),
                          p.event("license." + k, "practice_license", std::to_string(license_id), lic->text(0, 10),
                                  {{"effective_on", effective->to_string()}, {"status", {{"from", status}, {"to", next}}},
                                   {"note", note.value_or("")}})));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> RegistryService::license_status_on(const Principal& p, std::int64_t license_id, const std::string& date) {
  auto d = Date::parse(date);
  if (!d.ok()) return errors::bad_request("日期应为有效的 YYYY-MM-DD。", {{"on", "日期无效"}});
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto lic = store::scoped_row(**lease, p.scope(), kLicenseSelect, "jurisdiction_path", "id", license_id);
  if (!lic.ok()) return lic.error();
  if (lic->empty()) return not_found("执业许可证");
  auto e = (**lease).query(
      "SELECT status_after, valid_until_after, effective_on, kind FROM license_events WHERE license_id = $1 AND "
      "effective_on <= $2 ORDER BY effective_on DESC, id DESC LIMIT 1",
      {license_id, d->to_string()});
  if (!e.ok()) return e.error();
  std::string status = "not_issued";
  Json since = nullptr;
  if (!e->empty()) {
    status = e->text(0, 0);
    since = e->text(0, 2);
    if (status == "valid" && d->to_string() > e->text(0, 1)) status = "expired";
  }
  return Json{{"license_id", license_id}, {"license_no", lic->text(0, 2)}, {"on", d->to_string()}, {"status", status},
              {"status_label", license_status_label(status)}, {"valid", status == "valid"}, {"since", since}};
}

Result<Json> RegistryService::overdue_validations(const Principal& p, const std::string& as_of, int page, int page_size) {
  auto d = as_of.empty() ? Result<Date>(today_in_shanghai()) : Date::parse(as_of);
  if (!d.ok()) return errors::bad_request("日期应为有效的 YYYY-MM-DD。", {{"as_of", "日期无效"}});
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::scoped(p.scope(),
                                "SELECT l.id, l.institution_id, l.license_no, l.issued_on, l.valid_until, l.clinical_subjects, "
                                "l.beds, l.last_validated_on, l.validation_due_on, l.status, l.jurisdiction_path, i.name "
                                "FROM practice_licenses l JOIN institutions i ON i.id = l.institution_id",
                                "l.jurisdiction_path");
  q.where("l.status = ?", std::string("valid")).where("l.validation_due_on < ?", d->to_string()).order_by("l.validation_due_on, l.id");
  auto pg = q.page(**lease, page, page_size);
  if (!pg.ok()) return pg.error();
  const std::string now = d->to_string();
  return page_json(*pg, [&](const Rows& r, std::size_t i) {
    Json j = license_json(r, i, now);
    j["institution_name"] = r.text(i, 11);
    return j;
  });
}

// ======================= practitioners =======================

namespace {
store::Query practitioner_query(const store::Scope& scope, const ListFilter& f, const std::string& today_str, int notice_days) {
  auto q = store::Query::scoped(scope, kPractitionerSelect, "p.jurisdiction_path");
  q.search({"p.name", "p.practice_cert_no", "p.id_number"}, f.q);
  if (!f.kind.empty()) q.where("p.kind = ?", f.kind);
  if (!f.status.empty()) q.where("p.status = ?", f.status);
  if (f.institution_id > 0) q.where("p.institution_id = ?", f.institution_id);
  if (f.jurisdiction_id > 0)
    q.where("p.jurisdiction_path LIKE (SELECT path FROM jurisdictions WHERE id = ?) || '%'", f.jurisdiction_id);
  if (f.renewal_due_only) {
    q.where("p.status = ?", std::string("registered"));
    q.where("p.registration_expires_on <= ?",
            Date::parse(today_str).value().add_days(notice_days).to_string());
  }
  q.order_by("p.id");
  return q;
}
}  // namespace

Result<Json> RegistryService::list_practitioners(const Principal& p, const ListFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto page = practitioner_query(p.scope(), f, today(), rules_.renewal_notice_days).page(**lease, f.page, f.page_size);
  if (!page.ok()) return page.error();
  return page_json(*page, [](const Rows& r, std::size_t i) { return practitioner_json(r, i, false); });
}

Result<Json> RegistryService::get_practitioner(const Principal& p, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  Conn& c = **lease;
  auto rows = store::scoped_row(c, p.scope(), kPractitionerSelect, "p.jurisdiction_path", "p.id", id);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return not_found("医务人员");
  Json out = practitioner_json(*rows, 0, true);
  auto ev = c.query("SELECT e.kind, e.effective_on, e.institution_id, i.name, e.expires_on, e.detail FROM registration_events e "
                    "LEFT JOIN institutions i ON i.id = e.institution_id WHERE e.practitioner_id = $1 ORDER BY e.effective_on, e.id",
                    {id});
  if (!ev.ok()) return ev.error();
  out["registrations"] = Json::array();
  for (std::size_t i = 0; i < ev->size(); ++i)
    out["registrations"].push_back({{"kind", ev->text(i, 0)}, {"effective_on", ev->text(i, 1)},
                                    {"institution_id", ev->is_null(i, 2) ? Json(nullptr) : Json(ev->integer(i, 2))},
                                    {"institution_name", ev->is_null(i, 3) ? Json(nullptr) : Json(ev->text(i, 3))},
                                    {"expires_on", ev->is_null(i, 4) ? Json(nullptr) : Json(ev->text(i, 4))}});
  auto sites = c.query("SELECT s.institution_id, i.name, s.filed_on, s.ended_on FROM practice_sites s JOIN institutions i "
                       "ON i.id = s.institution_id WHERE s.practitioner_id = $1 ORDER BY s.filed_on",
                       {id});
  if (!sites.ok()) return sites.error();
  out["additional_sites"] = Json::array();
  for (std::size_t i = 0; i < sites->size(); ++i)
    out["additional_sites"].push_back({{"institution_id", sites->integer(i, 0)}, {"institution_name", sites->text(i, 1)},
                                       {"filed_on", sites->text(i, 2)},
                                       {"ended_on", sites->is_null(i, 3) ? Json(nullptr) : Json(sites->text(i, 3))}});
  return out;
}

Result<Json> RegistryService::register_practitioner(const Principal& p, const Json& body) {
  FieldReader r(body);
  auto idn = r.text("id_number", true, 18);
  std::optional<IdNumberInfo> info;
  if (idn) {
    auto parsed = parse_id_number(*idn, "id_number");
    if (!parsed.ok()) r.add("id_number", parsed.error().errors.empty() ? parsed.error().detail : parsed.error().errors[0].message);
    else info = *parsed;
  }
  auto name = r.text("name", true, 50);
  auto kind = r.one_of("kind", true, {"physician", "nurse", "pharmacist", "technician"});
  auto qualification = r.text("qualification_no", false, 40);
  auto cert = r.text("practice_cert_no", false, 40);
  auto category = r.text("practice_category", false, 50);
  auto scope = r.text("practice_scope", false, 200);
  auto institution = r.id("institution_id", true);
  auto registered = r.date("registered_on", true);
  if (registered && *registered > today_in_shanghai()) r.add("registered_on", "注册日期不能晚于今天");
  if (registered && info && *registered < info->birth_date.add_days(365 * 18)) r.add("registered_on", "注册时应已年满 18 周岁");
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    std::string path;
    if (institution) {
      auto inst = store::scoped_row(c, p.scope(), "SELECT i.id, i.jurisdiction_path, i.status FROM institutions i", "i.jurisdiction_path", "i.id",
                             *institution);
      if (!inst.ok()) return inst.error();
      if (inst->empty()) r.add("institution_id", "机构不存在，或不在您的管辖范围内");
      else if (inst->text(0, 2) != "active") r.add("institution_id", "机构不在正常执业状态");
      else path = inst->text(0, 1);
    }
    if (info) {
      auto dup = c.query("SELECT 1 FROM practitioners WHERE id_number = $1", {info->normalized});
      if (!dup.ok()) return dup.error();
      if (!dup->empty()) r.add("id_number", "该身份证号已登记：请办理变更或延续注册");
    }
    if (cert && !cert->empty()) {
      auto dup = c.query("SELECT 1 FROM practitioners WHERE practice_cert_no = $1", {*cert});
      if (!dup.ok()) return dup.error();
      if (!dup->empty()) r.add("practice_cert_no", "执业证书编号已存在");
    }
    WJ_TRY(r.finish());
    std::optional<Date> expires;
    if (*kind == "nurse") expires = add_years(*registered, rules_.nurse_registration_years).add_days(-1);
    const std::string now = utc_now_iso();
    auto id = c.query(
        "INSERT INTO practitioners (id_number, name, sex, birth_date, kind, qualification_no, practice_cert_no, "
        "practice_category, practice_scope, institution_id, jurisdiction_path, status, registered_on, "
        "registration_expires_on, e_registered, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,"
        "'registered',$12,$13,1,$14,$14) RETURNING id",
        {info->normalized, *name, std::string(1, info->sex), info->birth_date.to_string(), *kind, qualification.value_or(""),
         cert && !cert->empty() ? store::Value(*cert) : store::Value(), category.value_or(""), scope.value_or(""),
         *institution, path, registered->to_string(), expires ? store::Value(expires->to_string()) : store::Value(), now});
    if (!id.ok()) return id.error();
    const std::int64_t pid = id->integer(0, 0);
    WJ_TRY(c.exec("INSERT INTO registration_events (practitioner_id, kind, effective_on, institution_id, expires_on, detail, "
                  "recorded_at) VALUES ($1, 'register', $2, $3, $4, '{}', $5)",
                  {pid, registered->to_string(), *institution, expires ? store::Value(expires->to_string()) : store::Value(), now}));
    auto row = c.query(std::string(kPractitionerSelect) + " WHERE p.id = $1", {pid});
    if (!row.ok()) return row.error();
    out = practitioner_json(*row, 0, true);
    Json change = out;
    change["id_number"] = practitioner_json(*row, 0, false)["id_number"];  // the ledger keeps the masked number
    WJ_TRY(ledger::append(c, db_.engine(), p.event("practitioner.register", "practitioner", std::to_string(pid), path, change)));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> RegistryService::registration_event(const Principal& p, std::int64_t id, const Json& body) {
  FieldReader r(body);
  auto kind = r.one_of("kind", true, {"change", "renew", "cancel", "add_site", "end_site"});
  auto effective = r.date("effective_on", true);
  auto institution = r.id("institution_id", false);
  if (effective && *effective > today_in_shanghai()) r.add("effective_on", "生效日期不能晚于今天");
  if (kind && (*kind == "change" || *kind == "add_site" || *kind == "end_site") && !institution) r.add("institution_id", "必填");
  WJ_TRY(r.finish());
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto rows = store::scoped_row(c, p.scope(), kPractitionerSelect, "p.jurisdiction_path", "p.id", id);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return not_found("医务人员");
    const std::string status = rows->text(0, 12);
    const std::string k = *kind;
    if (status == "cancelled" && k != "renew") return errors::conflict("该人员执业注册已注销：如需重新执业，请办理延续（重新）注册。");
    std::string path = rows->text(0, 16);
    std::int64_t inst = rows->is_null(0, 10) ? 0 : rows->integer(0, 10);
    if (institution) {
      auto target = store::scoped_row(c, p.scope(), "SELECT i.id, i.jurisdiction_path FROM institutions i", "i.jurisdiction_path", "i.id", *institution);
      if (!target.ok()) return target.error();
      if (target->empty()) return errors::validation("机构不存在，或不在您的管辖范围内。", {{"institution_id", "机构不存在"}});
      if (k == "change") {
        inst = *institution;
        path = target->text(0, 1);
      }
    }
    const std::string now = utc_now_iso();
    const std::string eff = effective->to_string();
    std::optional<std::string> expires;
    if (k == "add_site") {
      WJ_TRY(c.exec("INSERT INTO practice_sites (practitioner_id, institution_id, filed_on) VALUES ($1, $2, $3)", {id, *institution, eff}));
    } else if (k == "end_site") {
      auto n = c.exec("UPDATE practice_sites SET ended_on = $1 WHERE practitioner_id = $2 AND institution_id = $3 AND ended_on IS NULL",
                      {eff, id, *institution});
      if (!n.ok()) return n.error();
      if (*n == 0) return errors::validation("该机构不是此人正在备案的多机构执业地点。", {{"institution_id", "未备案"}});
    } else {
      if (k == "renew" && rows->text(0, 5) == "nurse")
        expires = add_years(*effective, rules_.nurse_registration_years).add_days(-1).to_string();
      else if (k == "change" && !rows->is_null(0, 14))
        expires = rows->text(0, 14);
      const std::string next = k == "cancel" ? "cancelled" : "registered";
      WJ_TRY(c.exec("UPDATE practitioners SET status = $1, institution_id = $2, jurisdiction_path = $3, registration_expires_on = $4, "
                    "registered_on = CASE WHEN $5 = 'renew' THEN $6 ELSE registered_on END, updated_at = $7 WHERE id = $8",
                    {next, inst > 0 ? store::Value(inst) : store::Value(), path,
                     expires ? store::Value(*expires) : store::Value(), k, eff, now, id}));
    }
    WJ_TRY(c.exec("INSERT INTO registration_events (practitioner_id, kind, effective_on, institution_id, expires_on, detail, recorded_at) "
                  "VALUES ($1, $2, $3, $4, $5, '{}', $6)",
                  {id, k, eff, institution ? store::Value(*institution) : (inst > 0 ? store::Value(inst) : store::Value()),
                   expires ? store::Value(*expires) : store::Value(), now}));
    WJ_TRY(ledger::append(c, db_.engine(),
                          p.event("practitioner." + k, "practitioner", std::to_string(id), path,
                                  {{"effective_on", eff}, {"institution_id", institution ? Json(*institution) : Json(nullptr)}})));
    return {};
  });
  if (!st.ok()) return st.error();
  return get_practitioner(p, id);
}

Result<Json> RegistryService::practitioner_status_on(const Principal& p, std::int64_t id, const std::string& date) {
  auto d = Date::parse(date);
  if (!d.ok()) return errors::bad_request("日期应为有效的 YYYY-MM-DD。", {{"on", "日期无效"}});
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  Conn& c = **lease;
  auto rows = store::scoped_row(c, p.scope(), kPractitionerSelect, "p.jurisdiction_path", "p.id", id);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return not_found("医务人员");
  const std::string on = d->to_string();
  auto e = c.query("SELECT kind, institution_id, expires_on FROM registration_events WHERE practitioner_id = $1 AND "
                   "effective_on <= $2 AND kind IN ('register', 'change', 'renew', 'cancel') ORDER BY effective_on DESC, id DESC LIMIT 1",
                   {id, on});
  if (!e.ok()) return e.error();
  std::string status = "unregistered";
  Json institution = nullptr;
  if (!e->empty()) {
    if (e->text(0, 0) == "cancel") status = "cancelled";
    else if (!e->is_null(0, 2) && on > e->text(0, 2)) status = "lapsed";
    else {
      status = "registered";
      institution = e->integer(0, 1);
    }
  }
  Json sites = Json::array();
  if (status == "registered") {
    auto s = c.query("SELECT institution_id FROM practice_sites WHERE practitioner_id = $1 AND filed_on <= $2 AND "
                     "(ended_on IS NULL OR ended_on > $2) ORDER BY institution_id",
                     {id, on});
    if (!s.ok()) return s.error();
    for (std::size_t i = 0; i < s->size(); ++i) sites.push_back(s->integer(i, 0));
  }
  return Json{{"practitioner_id", id}, {"on", on}, {"status", status}, {"practising", status == "registered"},
              {"institution_id", institution}, {"additional_site_ids", sites}};
}

Result<Json> RegistryService::e_registration_rates(const Principal& p) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  // Per district within the caller's scope; a district-level caller sees its own district.
  const store::Scope scope = p.scope();
  const std::string prefix = scope.unrestricted ? std::string("/") : scope.jurisdiction_path;
  auto rows = (**lease).query(
      "SELECT j.id, j.name, count(pr.id), COALESCE(sum(pr.e_registered), 0) FROM jurisdictions j "
      "LEFT JOIN practitioners pr ON pr.jurisdiction_path LIKE j.path || '%' "
      "WHERE j.level = 'district' AND (j.path LIKE $1 || '%' OR $1 LIKE j.path || '%') GROUP BY j.id, j.name ORDER BY j.id",
      {prefix});
  if (!rows.ok()) return rows.error();
  Json districts = Json::array();
  std::int64_t total = 0, e = 0;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const std::int64_t n = rows->integer(i, 2), en = rows->integer(i, 3);
    total += n;
    e += en;
    districts.push_back({{"jurisdiction_id", rows->integer(i, 0)}, {"name", rows->text(i, 1)}, {"practitioners", n},
                         {"e_registered", en}, {"rate", n ? static_cast<double>(en) / static_cast<double>(n) : 0.0}});
  }
  return Json{{"districts", districts}, {"practitioners", total}, {"e_registered", e},
              {"rate", total ? static_cast<double>(e) / static_cast<double>(total) : 0.0}};
}

// ======================= inspectors =======================

Result<Json> RegistryService::list_inspectors(const Principal& p, const ListFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::scoped(p.scope(),
                                "SELECT n.id, n.name, n.department_id, d.name, n.jurisdiction_id, j.name, n.cert_no, "
                                "n.cert_valid_until, n.specialties, n.status FROM inspectors n "
                                "JOIN departments d ON d.id = n.department_id JOIN jurisdictions j ON j.id = n.jurisdiction_id",
                                "n.jurisdiction_path");
  q.search({"n.name", "n.cert_no"}, f.q);
  if (!f.status.empty()) q.where("n.status = ?", f.status);
  if (f.jurisdiction_id > 0)
    q.where("n.jurisdiction_path LIKE (SELECT path FROM jurisdictions WHERE id = ?) || '%'", f.jurisdiction_id);
  q.order_by("n.id");
  auto page = q.page(**lease, f.page, f.page_size);
  if (!page.ok()) return page.error();
  const std::string now = today();
  return page_json(*page, [&](const Rows& r, std::size_t i) {
    return Json{{"id", r.integer(i, 0)},          {"name", r.text(i, 1)},
                {"department_id", r.integer(i, 2)}, {"department_name", r.text(i, 3)},
                {"jurisdiction_id", r.integer(i, 4)}, {"jurisdiction_name", r.text(i, 5)},
                {"cert_no", r.text(i, 6)},         {"cert_valid_until", r.text(i, 7)},
                {"cert_valid", r.text(i, 7) >= now}, {"specialties", r.text(i, 8)},
                {"status", r.text(i, 9)}};
  });
}

Result<Json> RegistryService::create_inspector(const Principal& p, const Json& body) {
  FieldReader r(body);
  auto name = r.text("name", true, 50);
  auto dept = r.id("department_id", true);
  auto jur = r.id("jurisdiction_id", true);
  auto cert = r.text("cert_no", true, 40);
  auto until = r.date("cert_valid_until", true);
  auto specialties = r.text("specialties", false, 500);
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    std::string path;
    if (jur) {
      auto jp = scoped_jurisdiction_path(c, p, *jur, r, "jurisdiction_id");
      if (!jp.ok()) return jp.error();
      path = *jp;
    }
    if (dept) {
      auto d = c.query("SELECT 1 FROM departments WHERE id = $1", {*dept});
      if (!d.ok()) return d.error();
      if (d->empty()) r.add("department_id", "部门不存在");
    }
    if (cert) {
      auto dup = c.query("SELECT 1 FROM inspectors WHERE cert_no = $1", {*cert});
      if (!dup.ok()) return dup.error();
      if (!dup->empty()) r.add("cert_no", "执法证号已存在");
    }
    WJ_TRY(r.finish());
    auto id = c.query("INSERT INTO inspectors (name, department_id, jurisdiction_id, jurisdiction_path, cert_no, cert_valid_until, "
                      "specialties, status, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,'active',$8) RETURNING id",
                      {*name, *dept, *jur, path, *cert, until->to_string(), specialties.value_or(""), utc_now_iso()});
    if (!id.ok()) return id.error();
    out = {{"id", id->integer(0, 0)}, {"name", *name}, {"department_id", *dept}, {"jurisdiction_id", *jur}, {"cert_no", *cert},
           {"cert_valid_until", until->to_string()}, {"specialties", specialties.value_or("")}, {"status", "active"}};
    WJ_TRY(ledger::append(c, db_.engine(), p.event("inspector.create", "inspector", std::to_string(id->integer(0, 0)), path, out)));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> RegistryService::declare_conflict(const Principal& p, std::int64_t inspector_id, const Json& body) {
  FieldReader r(body);
  auto inst = r.id("institution_id", true);
  auto reason = r.text("reason", true, 200);
  WJ_TRY(r.finish());
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto n = store::scoped_row(c, p.scope(), "SELECT n.id, n.jurisdiction_path FROM inspectors n", "n.jurisdiction_path", "n.id", inspector_id);
    if (!n.ok()) return n.error();
    if (n->empty()) return not_found("执法人员");
    auto i = c.query("SELECT 1 FROM institutions WHERE id = $1", {*inst});
    if (!i.ok()) return i.error();
    if (i->empty()) return errors::validation("机构不存在。", {{"institution_id", "机构不存在"}});
    auto dup = c.query("SELECT 1 FROM inspector_conflicts WHERE inspector_id = $1 AND institution_id = $2", {inspector_id, *inst});
    if (!dup.ok()) return dup.error();
    if (!dup->empty()) return errors::conflict("已申报过与该机构的利害关系。");
    WJ_TRY(c.exec("INSERT INTO inspector_conflicts (inspector_id, institution_id, reason, declared_on) VALUES ($1, $2, $3, $4)",
                  {inspector_id, *inst, *reason, today()}));
    out = {{"inspector_id", inspector_id}, {"institution_id", *inst}, {"reason", *reason}, {"declared_on", today()}};
    WJ_TRY(ledger::append(c, db_.engine(), p.event("inspector.conflict_declare", "inspector", std::to_string(inspector_id), n->text(0, 1), out)));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

// ======================= public portal =======================

Result<Json> RegistryService::public_institutions(const ListFilter& f) {
  ListFilter pub = f;
  pub.status = "";
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = institution_query(store::Scope::all(), pub);
  q.where("i.status <> ?", std::string("closed"));
  auto page = q.page(**lease, f.page, std::min(f.page_size, 50));
  if (!page.ok()) return page.error();
  return page_json(*page, [](const Rows& r, std::size_t i) {
    Json full = institution_json(r, i);
    return Json{{"id", full["id"]}, {"name", full["name"]}, {"credit_code", full["credit_code"]},
                {"category_label", full["category_label"]}, {"grade", full["grade"]}, {"address", full["address"]},
                {"jurisdiction_name", full["jurisdiction_name"]}, {"status", full["status"]}};
  });
}

Result<Json> RegistryService::public_institution(std::int64_t id) {
  auto full = get_institution(Principal::system(), id);
  if (!full.ok()) return errors::not_found("机构不存在。");
  const Json& f = *full;
  if (f["status"] == "closed") return errors::not_found("机构不存在。");
  Json licenses = Json::array();
  for (const auto& l : f["licenses"])
    licenses.push_back({{"license_no", l["license_no"]}, {"issued_on", l["issued_on"]}, {"valid_until", l["valid_until"]},
                        {"clinical_subjects", l["clinical_subjects"]}, {"beds", l["beds"]}, {"status_label", l["status_label"]},
                        {"validation_due_on", l["validation_due_on"]}, {"validation_overdue", l["validation_overdue"]}});
  return Json{{"id", f["id"]}, {"name", f["name"]}, {"credit_code", f["credit_code"]}, {"category_label", f["category_label"]},
              {"ownership", f["ownership"]}, {"profit_type", f["profit_type"]}, {"grade", f["grade"]}, {"address", f["address"]},
              {"jurisdiction_name", f["jurisdiction_name"]}, {"beds", f["beds"]}, {"clinical_subjects", f["clinical_subjects"]},
              {"status", f["status"]}, {"licenses", licenses}, {"staff", f["staff"]}};
}

Result<Json> RegistryService::public_practitioners(const ListFilter& f) {
  if (f.q.empty() && f.institution_id == 0)
    return errors::bad_request("请输入姓名或执业证书编号，或选择机构。", {{"q", "必填"}});
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::unscoped(kPractitionerSelect);
  q.search({"p.name", "p.practice_cert_no"}, f.q);  // never by ID number
  if (f.institution_id > 0) q.where("p.institution_id = ?", f.institution_id);
  q.where("p.status = ?", std::string("registered")).order_by("p.id");
  auto page = q.page(**lease, f.page, std::min(f.page_size, 50));
  if (!page.ok()) return page.error();
  return page_json(*page, [](const Rows& r, std::size_t i) {
    Json full = practitioner_json(r, i, false);
    return Json{{"id", full["id"]}, {"name", full["name"]}, {"kind_label", full["kind_label"]},
                {"practice_cert_no", full["practice_cert_no"]}, {"practice_category", full["practice_category"]},
                {"practice_scope", full["practice_scope"]}, {"institution_name", full["institution_name"]},
                {"institution_id", full["institution_id"]}};
  });
}

// ======================= exports =======================

namespace {
Error too_many(std::int64_t total) {
  return errors::bad_request("符合条件的记录有 " + std::to_string(total) + " 条，超过单次导出上限 " +
                             std::to_string(RegistryService::kMaxExportRows) + " 条：请增加筛选条件后分批导出。");
}
const char* ownership_label(const std::string& o) { return o == "public" ? "公立" : "社会办"; }
const char* status_label(const std::string& s) { return lookup(kRecordStatuses, s); }
}  // namespace

Result<Table> RegistryService::export_institutions(const Principal& p, ListFilter f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = institution_query(p.scope(), f);
  auto first = q.page(**lease, 1, 1);
  if (!first.ok()) return first.error();
  if (first->total > kMaxExportRows) return too_many(first->total);
  auto rows = q.all(**lease);
  if (!rows.ok()) return rows.error();
  Table t{{"统一社会信用代码", "名称", "类别", "举办主体", "经营性质", "等级", "地址", "所在辖区", "法定代表人", "主要负责人",
           "电话", "床位数", "诊疗科目", "医保编码", "状态"},
          {}};
  t.rows.reserve(rows->size());
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const Json j = institution_json(*rows, i);
    t.rows.push_back({j["credit_code"], j["name"], j["category_label"], ownership_label(j["ownership"]),
                      j["profit_type"] == "for_profit" ? "营利性" : "非营利性", j["grade"], j["address"], j["jurisdiction_name"],
                      j["legal_representative"], j["person_in_charge"], j["phone"], std::to_string(j["beds"].get<std::int64_t>()),
                      j["clinical_subjects"], j["medins_code"].is_null() ? "" : j["medins_code"].get<std::string>(),
                      status_label(j["status"])});
  }
  return t;
}

Result<Table> RegistryService::export_practitioners(const Principal& p, ListFilter f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = practitioner_query(p.scope(), f, today(), rules_.renewal_notice_days);
  auto first = q.page(**lease, 1, 1);
  if (!first.ok()) return first.error();
  if (first->total > kMaxExportRows) return too_many(first->total);
  auto rows = q.all(**lease);
  if (!rows.ok()) return rows.error();
  Table t{{"姓名", "身份证号（脱敏）", "性别", "出生日期", "类别", "执业证书编号", "执业类别", "执业范围", "执业机构", "状态",
           "注册日期", "注册有效期至", "电子化注册"},
          {}};
  t.rows.reserve(rows->size());
  auto text = [](const Json& v) { return v.is_null() ? std::string() : v.get<std::string>(); };
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const Json j = practitioner_json(*rows, i, false);
    t.rows.push_back({j["name"], j["id_number"], j["sex"] == "F" ? "女" : "男", j["birth_date"], j["kind_label"],
                      text(j["practice_cert_no"]), j["practice_category"], j["practice_scope"], text(j["institution_name"]),
                      status_label(j["status"]), text(j["registered_on"]), text(j["registration_expires_on"]),
                      j["e_registered"] ? "是" : "否"});
  }
  return t;
}

Result<Json> RegistryService::grid_staff(const Principal& p, std::int64_t jurisdiction_id, int page, int page_size) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::scoped(p.scope(),
                                "SELECT s.id, s.grid_cell_id, g.name, t.name, s.name, s.duty, s.phone FROM grid_staff s "
                                "JOIN jurisdictions g ON g.id = s.grid_cell_id JOIN jurisdictions t ON t.id = g.parent_id",
                                "s.jurisdiction_path");
  if (jurisdiction_id > 0)
    q.where("s.jurisdiction_path LIKE (SELECT path FROM jurisdictions WHERE id = ?) || '%'", jurisdiction_id);
  q.order_by("s.grid_cell_id, s.id");
  auto pg = q.page(**lease, page, page_size);
  if (!pg.ok()) return pg.error();
  return page_json(*pg, [](const Rows& r, std::size_t i) {
    return Json{{"id", r.integer(i, 0)}, {"grid_cell_id", r.integer(i, 1)}, {"grid_cell_name", r.text(i, 2)},
                {"town_name", r.text(i, 3)}, {"name", r.text(i, 4)}, {"duty", r.text(i, 5)}, {"phone", r.text(i, 6)}};
  });
}

// ======================= responsibility list =======================

Result<Json> RegistryService::responsibility_list(const std::string& q) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto query = store::Query::unscoped(
      "SELECT r.id, r.department_code, d.name, r.matter, r.basis, r.source FROM responsibility_list r "
      "LEFT JOIN departments d ON d.code = r.department_code");
  query.search({"r.matter", "r.basis", "d.name"}, q).order_by("r.id");
  auto rows = query.all(**lease);
  if (!rows.ok()) return rows.error();
  Json items = Json::array();
  for (std::size_t i = 0; i < rows->size(); ++i)
    items.push_back({{"id", rows->integer(i, 0)}, {"department_code", rows->text(i, 1)}, {"department_name", rows->text(i, 2)},
                     {"matter", rows->text(i, 3)}, {"basis", rows->text(i, 4)}, {"source", rows->text(i, 5)}});
  return Json{{"items", items}};
}

Status RegistryService::seed(const std::string& data_dir) {
  return db_.transaction([&](Conn& c) -> Status {
    auto n = c.query("SELECT count(*) FROM responsibility_list");
    if (!n.ok()) return n.error();
    if (n->integer(0, 0) > 0) return {};
    const std::string file = data_dir + "/registry/responsibility_list.csv";
    auto rows = read_data_file(file, {{"department_code"}, {"matter"}, {"basis"}, {"source"}});
    if (!rows.ok()) return rows.error();
    for (const auto& r : *rows)
      WJ_TRY(c.exec("INSERT INTO responsibility_list (department_code, matter, basis, source) VALUES ($1, $2, $3, $4)",
                    {r[0], r[1], r[2], r[3]}));
    const auto count = static_cast<std::int64_t>(rows->size());
    auto root = c.query("SELECT path FROM jurisdictions WHERE parent_id IS NULL ORDER BY id LIMIT 1");
    if (!root.ok()) return root.error();
    WJ_TRY(ledger::append(c, db_.engine(),
                          Principal::system().event("responsibility_list.seed", "responsibility_list", "all",
                                                    root->empty() ? "/" : root->text(0, 0),
                                                    {{"entries", count}, {"source", "data/registry/responsibility_list.csv"}})));
    return {};
  });
}

}  // namespace weijian::registry
