#include "registry/importer.h"

#include <future>
#include <unordered_map>
#include <unordered_set>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/fields.h"

#include <charconv>
#include "ledger/ledger.h"
#include "registry/identifiers.h"
#include "registry/service.h"
#include "store/query.h"

namespace weijian::registry {
namespace {

using store::Conn;
using store::Params;
using store::Value;

// Accepts the identifier or the Chinese label people type in Excel.
std::string practitioner_kind(std::string_view v) {
  if (v == "physician" || v == "医师" || v == "执业医师" || v == "执业助理医师") return "physician";
  if (v == "nurse" || v == "护士") return "nurse";
  if (v == "pharmacist" || v == "药师" || v == "执业药师") return "pharmacist";
  if (v == "technician" || v == "技师" || v == "医技人员") return "technician";
  return {};
}

// Institutions the caller may place people in, by credit code: (id, jurisdiction path).
Result<std::unordered_map<std::string, std::pair<std::int64_t, std::string>>> institutions_in_scope(Conn& c,
                                                                                                    const store::Scope& scope) {
  auto rows = store::Query::scoped(scope, "SELECT i.credit_code, i.id, i.jurisdiction_path, i.status FROM institutions i",
                                   "i.jurisdiction_path")
                  .all(c);
  if (!rows.ok()) return rows.error();
  std::unordered_map<std::string, std::pair<std::int64_t, std::string>> out;
  out.reserve(rows->size());
  for (std::size_t i = 0; i < rows->size(); ++i)
    if (rows->text(i, 3) == "active") out.emplace(rows->text(i, 0), std::make_pair(rows->integer(i, 1), rows->text(i, 2)));
  return out;
}

Result<std::unordered_set<std::string>> existing(Conn& c, const char* sql) {
  auto rows = c.query(sql);
  if (!rows.ok()) return rows.error();
  std::unordered_set<std::string> out;
  out.reserve(rows->size() * 2);
  for (std::size_t i = 0; i < rows->size(); ++i) out.insert(rows->text(i, 0));
  return out;
}

std::string root_path(Conn& c) {
  auto r = c.query("SELECT path FROM jurisdictions WHERE parent_id IS NULL ORDER BY id LIMIT 1");
  return r.ok() && !r->empty() ? r->text(0, 0) : "/";
}

}  // namespace

Result<ImportOutcome> import_practitioners(store::Db& db, const RegistryRules& rules, const identity::Principal& p,
                                           std::string_view bytes, std::string_view encoding) {
  auto text = to_utf8(bytes, encoding);
  if (!text.ok()) return text.error();
  enum Col { kId, kName, kKind, kQual, kCert, kCategory, kScope, kInstitution, kRegistered, kCount };
  auto table = CsvTable::open(*text, {{"id_number", {"身份证号", "身份证号码", "公民身份号码"}},
                                      {"name", {"姓名"}},
                                      {"kind", {"类别", "人员类别"}},
                                      {"qualification_no", {"资格证书编号"}, false},
                                      {"practice_cert_no", {"执业证书编号"}, false},
                                      {"practice_category", {"执业类别"}, false},
                                      {"practice_scope", {"执业范围"}, false},
                                      {"institution_credit_code", {"执业机构统一社会信用代码", "执业机构代码"}},
                                      {"registered_on", {"注册日期"}}});
  if (!table.ok()) return table.error();
  ImportOutcome out;
  // The file's digest is computed on another core while the rows are checked.
  auto digest = std::async(std::launch::async, [bytes] { return crypto::sm3_hex(bytes); });
  const Date today = today_in_shanghai();
  Status st = db.transaction([&](Conn& c) -> Status {
    auto insts = institutions_in_scope(c, p.scope());
    if (!insts.ok()) return insts.error();
    auto ids = existing(c, "SELECT id_number FROM practitioners");
    if (!ids.ok()) return ids.error();
    auto certs = existing(c, "SELECT practice_cert_no FROM practitioners WHERE practice_cert_no IS NOT NULL");
    if (!certs.ok()) return certs.error();
    struct Row {
      std::string id, name, sex, birth, kind, qual, cert, category, scope, registered, expires, path;
      std::int64_t institution;
    };
    std::vector<Row> rows;
    ImportReport& report = out.report;
    for (;;) {
      auto more = table->next();
      if (!more.ok()) {
        report.add(table->line(), "", "", more.error().detail);
        break;
      }
      if (!*more) break;
      ++report.rows;
      const std::int64_t line = table->line();
      Row r;
      bool good = true;
      auto bad = [&](const char* field, std::string_view value, std::string_view why) {
        report.add(line, field, value, why);
        good = false;
      };
      auto info = parse_id_number(table->get(kId), "id_number");
      if (!info.ok()) bad("id_number", table->get(kId), info.error().errors.empty() ? info.error().detail : info.error().errors[0].message);
      else if (!ids->insert(info->normalized).second) bad("id_number", table->get(kId), "身份证号已登记，或在本文件中重复");
      else {
        r.id = info->normalized;
        r.sex = std::string(1, info->sex);
        r.birth = info->birth_date.to_string();
      }
      r.name = std::string(table->get(kName));
      if (r.name.empty()) bad("name", "", "姓名不能为空");
      else if (utf8_length(r.name) > 50) bad("name", r.name, "姓名不能超过 50 个字");
      r.kind = practitioner_kind(table->get(kKind));
      if (r.kind.empty()) bad("kind", table->get(kKind), "类别应为 医师、护士、药师 或 技师");
      r.qual = std::string(table->get(kQual));
      r.cert = std::string(table->get(kCert));
      if (!r.cert.empty() && !certs->insert(r.cert).second) bad("practice_cert_no", r.cert, "执业证书编号已存在，或在本文件中重复");
      r.category = std::string(table->get(kCategory));
      r.scope = std::string(table->get(kScope));
      const std::string code = normalize_code(table->get(kInstitution));
      auto inst = insts->find(code);
      if (inst == insts->end()) bad("institution_credit_code", table->get(kInstitution), "执业机构未登记、不在正常执业状态，或不在您的管辖范围内");
      else {
        r.institution = inst->second.first;
        r.path = inst->second.second;
      }
      auto reg = Date::parse(table->get(kRegistered));
      if (!reg.ok()) bad("registered_on", table->get(kRegistered), "注册日期应为有效的 YYYY-MM-DD");
      else if (*reg > today) bad("registered_on", table->get(kRegistered), "注册日期不能晚于今天");
      else {
        r.registered = reg->to_string();
        if (r.kind == "nurse") r.expires = add_years(*reg, rules.nurse_registration_years).add_days(-1).to_string();
      }
      if (good) rows.push_back(std::move(r));
    }
    if (report.rows == 0 && report.ok()) report.add(0, "", "", "文件中没有数据行。");
    if (!report.ok()) return {};  // nothing is written: the caller answers with the report
    const std::string now = utc_now_iso();
    // Ids are assigned here rather than by INSERT … RETURNING, which makes SQLite open a
    // statement journal per row (about a third of the import's time). The write lock held
    // for the whole transaction (SQLite) or the table lock (PostgreSQL) makes this safe.
    if (db.engine() == store::Engine::postgresql)
      WJ_TRY(c.exec_script("LOCK TABLE practitioners, registration_events IN SHARE ROW EXCLUSIVE MODE"));
    else  // checked at COMMIT instead of per statement, which spares SQLite a journal per row
      WJ_TRY(c.exec_script("PRAGMA defer_foreign_keys = ON"));
    auto max_id = c.query("SELECT COALESCE(MAX(id), 0) FROM practitioners");
    if (!max_id.ok()) return max_id.error();
    std::int64_t next_id = max_id->integer(0, 0) + 1;
    // Multi-row INSERTs of up to 64 rows: per-statement work is most of the cost of a
    // single-row insert, so batching cuts the import time roughly in half.
    constexpr std::size_t kBatch = 64;
    std::string batch_sql[2];
    std::size_t batch_rows = 0;
    auto statement = [](const char* head, int per_row, std::size_t n, const char* row_tail) {
      std::string sql = head;
      int k = 1;
      for (std::size_t i = 0; i < n; ++i) {
        sql += i ? ",(" : "(";
        for (int j = 0; j < per_row; ++j) sql += (j ? ",$" : "$") + std::to_string(k++);
        sql += row_tail;
      }
      return sql;
    };
    const char* kPractHead =
        "INSERT INTO practitioners (id, id_number, name, sex, birth_date, kind, qualification_no, practice_cert_no, "
        "practice_category, practice_scope, institution_id, jurisdiction_path, registered_on, registration_expires_on, "
        "created_at, updated_at, status, e_registered) VALUES ";
    const char* kEventHead =
        "INSERT INTO registration_events (practitioner_id, effective_on, institution_id, expires_on, recorded_at, kind, detail) VALUES ";
    Params practs, events;
    auto flush = [&]() -> Status {
      if (practs.empty()) return {};
      const std::size_t n = practs.size() / 16;
      if (n != batch_rows) {
        batch_sql[0] = statement(kPractHead, 16, n, ",'registered',1)");
        batch_sql[1] = statement(kEventHead, 5, n, ",'register','{\"source\":\"import\"}')");
        batch_rows = n;
      }
      WJ_TRY(c.exec(batch_sql[0], practs));
      WJ_TRY(c.exec(batch_sql[1], events));
      practs.clear();
      events.clear();
      return {};
    };
    for (const Row& r : rows) {
      const Value expires = r.expires.empty() ? Value() : Value(r.expires);
      const std::int64_t id = next_id++;
      for (Value v : {Value(id), Value(r.id), Value(r.name), Value(r.sex), Value(r.birth), Value(r.kind), Value(r.qual),
                      r.cert.empty() ? Value() : Value(r.cert), Value(r.category), Value(r.scope), Value(r.institution),
                      Value(r.path), Value(r.registered), expires, Value(now), Value(now)})
        practs.push_back(std::move(v));
      for (Value v : {Value(id), Value(r.registered), Value(r.institution), expires, Value(now)}) events.push_back(std::move(v));
      if (practs.size() / 16 == kBatch) WJ_TRY(flush());
    }
    WJ_TRY(flush());
    if (db.engine() == store::Engine::postgresql && !rows.empty())
      WJ_TRY(c.query("SELECT setval(pg_get_serial_sequence('practitioners', 'id'), (SELECT MAX(id) FROM practitioners))"));
    out.inserted = static_cast<std::int64_t>(rows.size());
    out.sm3 = digest.get();
    const std::string scope_path = p.scope().unrestricted ? root_path(c) : p.jurisdiction_path;
    WJ_TRY(ledger::append(c, db.engine(),
                          p.event("practitioner.import", "import", out.sm3.substr(0, 16), scope_path,
                                  {{"file_sm3", out.sm3}, {"rows", out.inserted}})));
    return {};
  });
  if (!st.ok()) return st.error();
  if (out.sm3.empty()) out.sm3 = digest.get();
  return out;
}

Result<ImportOutcome> import_institutions(store::Db& db, const identity::Principal& p, std::string_view bytes,
                                          std::string_view encoding) {
  auto text = to_utf8(bytes, encoding);
  if (!text.ok()) return text.error();
  enum Col { kCode, kName, kCategory, kOwnership, kProfit, kGrade, kAddress, kJurisdiction, kLegal, kCharge, kPhone, kBeds,
             kSubjects, kMedins };
  auto table = CsvTable::open(*text, {{"credit_code", {"统一社会信用代码"}},
                                      {"name", {"名称", "机构名称"}},
                                      {"category", {"类别", "机构类别"}},
                                      {"ownership", {"举办主体", "公立/社会办"}},
                                      {"profit_type", {"经营性质", "营利性质"}},
                                      {"grade", {"等级", "医院等级"}, false},
                                      {"address", {"地址"}},
                                      {"jurisdiction_code", {"辖区编码", "网格编码"}},
                                      {"legal_representative", {"法定代表人"}},
                                      {"person_in_charge", {"主要负责人"}},
                                      {"phone", {"电话", "联系电话"}, false},
                                      {"beds", {"床位数", "核定床位"}, false},
                                      {"clinical_subjects", {"诊疗科目"}, false},
                                      {"medins_code", {"医保编码", "定点医药机构编码"}, false}});
  if (!table.ok()) return table.error();
  ImportOutcome out;
  out.sm3 = crypto::sm3_hex(bytes);
  Status st = db.transaction([&](Conn& c) -> Status {
    auto codes = existing(c, "SELECT credit_code FROM institutions");
    if (!codes.ok()) return codes.error();
    auto medins = existing(c, "SELECT medins_code FROM institutions WHERE medins_code IS NOT NULL");
    if (!medins.ok()) return medins.error();
    auto jur = store::Query::scoped(p.scope(), "SELECT j.code, j.id, j.path FROM jurisdictions j", "j.path").all(c);
    if (!jur.ok()) return jur.error();
    std::unordered_map<std::string, std::pair<std::int64_t, std::string>> places;
    for (std::size_t i = 0; i < jur->size(); ++i) places.emplace(jur->text(i, 0), std::make_pair(jur->integer(i, 1), jur->text(i, 2)));
    struct Row {
      std::vector<Value> values;
      std::string path;
    };
    std::vector<Row> rows;
    ImportReport& report = out.report;
    const std::string now = utc_now_iso();
    for (;;) {
      auto more = table->next();
      if (!more.ok()) {
        report.add(table->line(), "", "", more.error().detail);
        break;
      }
      if (!*more) break;
      ++report.rows;
      const std::int64_t line = table->line();
      bool good = true;
      auto bad = [&](const char* field, std::string_view value, std::string_view why) {
        report.add(line, field, value, why);
        good = false;
      };
      const std::string code = normalize_code(table->get(kCode));
      Status v = validate_credit_code(code, "credit_code");
      if (!v.ok()) bad("credit_code", table->get(kCode), v.error().errors.empty() ? v.error().detail : v.error().errors[0].message);
      else if (!codes->insert(code).second) bad("credit_code", code, "统一社会信用代码已登记，或在本文件中重复");
      const std::string name(table->get(kName));
      if (name.empty() || utf8_length(name) > 100) bad("name", name, "名称不能为空，且不超过 100 个字");
      std::string category(table->get(kCategory));
      if (!is_category(category)) {
        std::string found;
        for (const char* id : {"hospital", "primary_care", "public_health", "clinic", "pharmacy", "health_check",
                               "elderly_care_clinic", "blood_station", "other"})
          if (category == category_label(id)) found = id;
        if (found.empty()) bad("category", category, "机构类别无效（如 医院、诊所、门诊部、药店 等）");
        category = found;
      }
      std::string ownership(table->get(kOwnership));
      if (ownership == "公立") ownership = "public";
      if (ownership == "社会办" || ownership == "民营") ownership = "private";
      if (ownership != "public" && ownership != "private") bad("ownership", ownership, "应为 公立 或 社会办");
      std::string profit(table->get(kProfit));
      if (profit == "营利性") profit = "for_profit";
      if (profit == "非营利性") profit = "non_profit";
      if (profit != "for_profit" && profit != "non_profit") bad("profit_type", profit, "应为 营利性 或 非营利性");
      const std::string grade(table->get(kGrade));
      static const std::unordered_set<std::string> grades = {"", "3A", "3B", "3C", "2A", "2B", "2C", "1A", "1B", "1C"};
      if (!grades.count(grade)) bad("grade", grade, "等级应为 3A、2B 等代码，或留空");
      const std::string address(table->get(kAddress));
      if (address.empty()) bad("address", "", "地址不能为空");
      auto place = places.find(std::string(table->get(kJurisdiction)));
      if (place == places.end()) bad("jurisdiction_code", table->get(kJurisdiction), "辖区编码不存在，或不在您的管辖范围内");
      const std::string legal(table->get(kLegal)), charge(table->get(kCharge));
      if (legal.empty()) bad("legal_representative", "", "不能为空");
      if (charge.empty()) bad("person_in_charge", "", "不能为空");
      std::int64_t beds = 0;
      const std::string_view beds_text = table->get(kBeds);
      if (!beds_text.empty()) {
        auto [ptr, ec] = std::from_chars(beds_text.data(), beds_text.data() + beds_text.size(), beds);
        if (ec != std::errc() || ptr != beds_text.data() + beds_text.size() || beds < 0 || beds > 20000)
          bad("beds", beds_text, "床位数应为 0 到 20000 之间的整数");
      }
      const std::string med(table->get(kMedins));
      if (!med.empty() && !medins->insert(med).second) bad("medins_code", med, "医保编码已被其他机构使用，或在本文件中重复");
      if (!good) continue;
      rows.push_back({{code, name, category, ownership, profit, grade, address, place->second.first, place->second.second, legal,
                       charge, std::string(table->get(kPhone)), beds, std::string(table->get(kSubjects)), std::string(),
                       med.empty() ? Value() : Value(med), now},
                      place->second.second});
    }
    if (report.rows == 0 && report.ok()) report.add(0, "", "", "文件中没有数据行。");
    if (!report.ok()) return {};
    for (const Row& r : rows)
      WJ_TRY(c.exec("INSERT INTO institutions (credit_code, name, category, ownership, profit_type, grade, address, jurisdiction_id, "
                    "jurisdiction_path, legal_representative, person_in_charge, phone, beds, clinical_subjects, large_equipment, "
                    "medins_code, status, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,"
                    "'active',$17,$17)",
                    r.values));
    out.inserted = static_cast<std::int64_t>(rows.size());
    const std::string scope_path = p.scope().unrestricted ? root_path(c) : p.jurisdiction_path;
    WJ_TRY(ledger::append(c, db.engine(),
                          p.event("institution.import", "import", out.sm3.substr(0, 16), scope_path,
                                  {{"file_sm3", out.sm3}, {"rows", out.inserted}})));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

}  // namespace weijian::registry
