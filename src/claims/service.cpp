#include "claims/service.h"

#include <algorithm>
#include <fstream>
#include <set>

#include "claims/batch.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "store/query.h"

namespace weijian::claims {
namespace {

using identity::Principal;
using store::Conn;
using store::Rows;

constexpr const char* kLineColumns =
    "psn_no, gend, brdy, mdtrt_id, medins_id, medins_lv, med_type, adm_date, dscg_date, dise_codg, dr_codg, feedetl_sn, "
    "med_list_codg, cnt_milli, pric_fen, amount_fen, fee_ocur_time, prd_days";

FeeLine line_of(const Rows& r, std::size_t i) {
  FeeLine l;
  l.psn_no = r.text(i, 0);
  l.gend = static_cast<int>(r.integer(i, 1));
  l.brdy = parse_day(r.text(i, 2)).value_or(0);
  l.mdtrt_id = r.text(i, 3);
  l.medins_id = r.text(i, 4);
  l.medins_lv = static_cast<int>(r.integer(i, 5));
  l.med_type = static_cast<int>(r.integer(i, 6));
  l.adm = parse_datetime(r.text(i, 7)).value_or(DateTime{});
  l.dscg = parse_datetime(r.text(i, 8)).value_or(DateTime{});
  l.dise_codg = r.text(i, 9);
  l.dr_codg = r.text(i, 10);
  l.feedetl_sn = r.text(i, 11);
  l.med_list_codg = r.text(i, 12);
  l.cnt_milli = r.integer(i, 13);
  l.pric_fen = r.integer(i, 14);
  l.amount_fen = r.integer(i, 15);
  l.fee = parse_datetime(r.text(i, 16)).value_or(DateTime{});
  l.prd_days = r.is_null(i, 17) ? -1 : static_cast<int>(r.integer(i, 17));
  return l;
}

Json line_json(const FeeLine& l, const Catalog& cat) {
  const int item = cat.find(l.med_list_codg);
  return Json{{"feedetl_sn", l.feedetl_sn},
              {"med_list_codg", l.med_list_codg},
              {"name", item >= 0 ? Json(cat.at(item).name) : Json(nullptr)},
              {"item_type", item >= 0 ? Json(item_type_label(cat.at(item).type)) : Json(nullptr)},
              {"cnt", format_milli(l.cnt_milli)},
              {"pric", format_yuan(l.pric_fen)},
              {"amount", format_yuan(l.amount_fen)},
              {"fee_ocur_time", format_datetime(l.fee)},
              {"prd_days", l.prd_days < 0 ? Json(nullptr) : Json(l.prd_days)},
              {"dr_codg", l.dr_codg}};
}

Json finding_row_json(const Rows& r, std::size_t i, const RuleBase& rules) {
  RuleId id{};
  const bool known = rule_from_key(r.text(i, 1), id);
  return Json{{"id", r.integer(i, 0)},
              {"rule_id", r.text(i, 1)},
              {"rule_name", known ? rules.rule(id).name : r.text(i, 1)},
              {"verdict", r.text(i, 2)},
              {"psn_no", r.text(i, 3)},
              {"mdtrt_id", r.text(i, 4)},
              {"feedetl_sn", r.text(i, 5)},
              {"related", r.text(i, 6)},
              {"medins_id", r.text(i, 7)},
              {"dr_codg", r.text(i, 8)},
              {"amount", format_yuan(r.integer(i, 9))},
              {"evidence", r.text(i, 10)},
              {"occurred_on", r.text(i, 11)},
              {"month", r.text(i, 12)},
              {"review_status", r.text(i, 13)},
              {"review_reason", r.is_null(i, 14) ? Json(nullptr) : Json(r.text(i, 14))},
              {"reviewed_at", r.is_null(i, 15) ? Json(nullptr) : Json(r.text(i, 15))},
              {"institution_name", r.is_null(i, 16) ? Json(nullptr) : Json(r.text(i, 16))},
              {"dr_name", r.is_null(i, 17) ? Json(nullptr) : Json(r.text(i, 17))}};
}

constexpr const char* kFindingSelect =
    "SELECT f.id, f.rule_id, f.verdict, f.psn_no, f.mdtrt_id, f.feedetl_sn, f.related, f.medins_id, f.dr_codg, f.amount_fen, "
    "f.evidence, f.occurred_on, f.month, f.review_status, f.review_reason, f.reviewed_at, i.name, d.name FROM claim_findings f "
    "LEFT JOIN institutions i ON i.medins_code = f.medins_id LEFT JOIN practitioners d ON d.practice_cert_no = f.dr_codg";

store::Query finding_query(const Principal& p, const FindingFilter& f, const char* select = kFindingSelect) {
  auto q = store::Query::scoped(p.scope(), select, "f.jurisdiction_path");
  if (!f.rule_id.empty()) q.where("f.rule_id = ?", f.rule_id);
  if (!f.review_status.empty()) q.where("f.review_status = ?", f.review_status);
  if (!f.verdict.empty()) q.where("f.verdict = ?", f.verdict);
  if (!f.medins_id.empty()) q.where("f.medins_id = ?", f.medins_id);
  if (!f.dr_codg.empty()) q.where("f.dr_codg = ?", f.dr_codg);
  if (!f.psn_no.empty()) q.where("f.psn_no = ?", f.psn_no);
  if (!f.mdtrt_id.empty()) q.where("f.mdtrt_id = ?", f.mdtrt_id);
  if (!f.month.empty()) q.where("f.month = ?", f.month);
  return q;
}

std::string json_scalar(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_number()) {
    std::string s = v.dump();
    return s;
  }
  return {};
}

// A JSON field as one CSV field for FeeCsv (quoted when it holds a comma or quote).
std::string csv_value(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  std::string v = json_scalar(*it);
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Stores a finding once: the SM3 of what identifies it is unique, so auditing a person's history
// again (or the same month's usage) adds only new findings. true if it was new.
Result<bool> insert_finding(Conn& c, const Finding& f, const RuleBase& rules, const std::string& path, const std::string& now) {
  const std::string fp = crypto::sm3_hex(std::string(rule_key(f.rule)) + "|" + f.psn_no + "|" + f.mdtrt_id + "|" + f.feedetl_sn + "|" +
                                         f.related + "|" + f.medins_id);
  const std::string day = format_day(f.day);
  auto r = c.query(
      "INSERT INTO claim_findings (fingerprint, rule_id, verdict, psn_no, mdtrt_id, feedetl_sn, related, medins_id, dr_codg, "
      "amount_fen, evidence, occurred_on, month, jurisdiction_path, review_status, created_at) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,'open',$15) ON CONFLICT (fingerprint) DO NOTHING RETURNING id",
      {fp, rule_key(f.rule), verdict_key(rules.rule(f.rule).verdict), f.psn_no, f.mdtrt_id, f.feedetl_sn, f.related, f.medins_id,
       f.dr_codg, f.amount_fen, f.evidence, day, day.substr(0, 7), path, now});
  if (!r.ok()) return r.error();
  return !r->empty();
}

// A JSON object with the fee-line field names as one CSV line for FeeCsv, whose checks then
// apply to NDJSON and real-time requests exactly as to files.
std::string fee_row_of(const Json& obj) {
  std::string row;
  for (std::size_t c = 0; c < kFeeColumnCount; ++c) row += (c ? "," : "") + csv_value(obj, fee_column_name(static_cast<FeeColumn>(c)));
  return row + "\n";
}

std::string sev_deg(const std::string& severity) { return severity == "high" ? "1" : severity == "medium" ? "2" : "3"; }

}  // namespace

ClaimsService::ClaimsService(store::Db& db, Catalog catalog, RuleBase rules, std::string rules_path)
    : db_(db), catalog_(std::move(catalog)), rules_path_(std::move(rules_path)), rules_(std::make_shared<RuleBase>(std::move(rules))) {}

std::shared_ptr<const RuleBase> ClaimsService::rules() const {
  std::lock_guard lock(mu_);
  return rules_;
}

std::shared_ptr<const RegistrySnapshot> ClaimsService::registry() {
  // The registry changes rarely and the real-time path must not query it per line: a snapshot
  // checked at most a minute old, reloaded only when the registry's fingerprint has changed (and
  // every ten minutes regardless). One request checks; the others go on with the current one.
  using std::chrono::minutes;
  const auto now = std::chrono::steady_clock::now();
  std::string known;
  {
    std::lock_guard lock(mu_);
    if (registry_ && (now - registry_checked_ < minutes(1) || registry_loading_)) return registry_;
    registry_loading_ = true;
    if (registry_ && now - registry_loaded_ < minutes(10)) known = registry_version_;
  }
  auto version = RegistrySnapshot::version(db_);
  if (version.ok() && !known.empty() && *version == known) {
    std::lock_guard lock(mu_);
    registry_loading_ = false;
    registry_checked_ = now;
    return registry_;
  }
  auto snap = RegistrySnapshot::load(db_);
  std::lock_guard lock(mu_);
  registry_loading_ = false;
  if (snap.ok()) {
    registry_ = std::make_shared<RegistrySnapshot>(std::move(snap).value());
    registry_loaded_ = registry_checked_ = now;
    registry_version_ = version.ok() ? *version : std::string();
  }
  return registry_;
}

Status ClaimsService::load_saved_rules() {
  auto r = db_.query("SELECT body FROM claim_rule_bases ORDER BY id DESC LIMIT 1");
  if (!r.ok()) return r.error();
  if (r->empty()) return {};
  auto rb = RuleBase::from_json(Json::parse(r->text(0, 0), nullptr, false), "claim_rule_bases");
  if (!rb.ok()) return rb.error();
  std::lock_guard lock(mu_);
  rules_ = std::make_shared<RuleBase>(std::move(rb).value());
  return {};
}

Result<std::string> ClaimsService::provider_path(Conn& c, const std::string& medins_id) {
  {
    std::lock_guard lock(mu_);
    if (auto it = path_cache_.find(medins_id); it != path_cache_.end()) return it->second;
  }
  if (root_path_.empty()) {
    auto root = c.query("SELECT path FROM jurisdictions WHERE parent_id IS NULL ORDER BY id LIMIT 1");
    if (!root.ok()) return root.error();
    if (root->empty()) return errors::internal("缺少市级辖区。");
    std::lock_guard lock(mu_);
    root_path_ = root->text(0, 0);
  }
  auto r = c.query("SELECT jurisdiction_path FROM institutions WHERE medins_code = $1", {medins_id});
  if (!r.ok()) return r.error();
  // A provider unknown to the registry belongs to the whole city (its findings are city-wide).
  std::string path = r->empty() ? root_path_ : r->text(0, 0);
  std::lock_guard lock(mu_);
  path_cache_[medins_id] = path;
  return path;
}

Result<std::vector<FeeLine>> ClaimsService::history(Conn& c, const std::vector<std::string>& persons) {
  std::vector<FeeLine> out;
  for (const auto& psn : persons) {
    auto r = c.query(std::string("SELECT ") + kLineColumns + " FROM claim_lines WHERE psn_no = $1", {psn});
    if (!r.ok()) return r.error();
    for (std::size_t i = 0; i < r->size(); ++i) out.push_back(line_of(*r, i));
  }
  return out;
}

Result<ClaimsService::Stored> ClaimsService::store_and_audit(Conn& c, const std::vector<FeeLine>& lines) {
  Stored s;
  const std::string now = utc_now_iso();
  std::set<std::string> persons;
  for (const auto& l : lines) {
    auto path = provider_path(c, l.medins_id);
    if (!path.ok()) return path.error();
    auto r = c.query(std::string("INSERT INTO claim_lines (") + kLineColumns +
                         ", jurisdiction_path, received_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20) "
                         "ON CONFLICT (mdtrt_id, feedetl_sn) DO NOTHING RETURNING id",
                     {l.psn_no, std::int64_t{l.gend}, format_day(l.brdy), l.mdtrt_id, l.medins_id, std::int64_t{l.medins_lv},
                      std::int64_t{l.med_type}, format_datetime(l.adm), format_datetime(l.dscg), l.dise_codg, l.dr_codg, l.feedetl_sn,
                      l.med_list_codg, l.cnt_milli, l.pric_fen, l.amount_fen, format_datetime(l.fee),
                      l.prd_days < 0 ? store::Value() : store::Value(std::int64_t{l.prd_days}), *path, now});
    if (!r.ok()) return r.error();
    if (r->empty()) ++s.duplicates;
    else {
      ++s.inserted;
      persons.insert(l.psn_no);
    }
  }
  // Each person with new lines is audited again with all their history.
  auto hist = history(c, std::vector<std::string>(persons.begin(), persons.end()));
  if (!hist.ok()) return hist.error();
  auto rb = rules();
  auto reg = registry();
  AuditContext ctx{catalog_, *rb, reg.get()};
  for (const auto& f : audit_lines(*hist, ctx, false)) {
    auto path = provider_path(c, f.medins_id);
    if (!path.ok()) return path.error();
    auto added = insert_finding(c, f, *rb, *path, now);
    if (!added.ok()) return added.error();
    s.findings += *added ? 1 : 0;
  }
  return s;
}

Result<ClaimsService::Upload> ClaimsService::upload(const Principal& p, std::string_view body, bool ndjson) {
  Upload out;
  std::vector<FeeLine> lines;
  if (ndjson) {
    std::string csv = FeeCsv::header() + "\n";
    std::size_t pos = 0;
    std::int64_t line_no = 0;
    std::vector<std::int64_t> source_line;  // CSV line → NDJSON line
    while (pos < body.size()) {
      std::size_t end = body.find('\n', pos);
      if (end == std::string_view::npos) end = body.size();
      std::string_view text = body.substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      Json obj = Json::parse(text, nullptr, false);
      if (!obj.is_object()) {
        ++out.report.rows;
        out.report.add(line_no, "", text.substr(0, 100), "不是 JSON 对象");
        continue;
      }
      csv += fee_row_of(obj);
      source_line.push_back(line_no);
    }
    ImportReport inner;
    auto parsed = parse_fee_csv(csv, inner);
    if (!parsed.ok()) return parsed.error();
    out.report.rows += inner.rows;
    for (const auto& i : inner.issues) out.report.add(source_line[static_cast<std::size_t>(i.line - 2)], i.field, i.value, i.reason);
    std::stable_sort(out.report.issues.begin(), out.report.issues.end(),
                     [](const ImportIssue& a, const ImportIssue& b) { return a.line < b.line; });
    lines = std::move(parsed).value();
  } else {
    auto text = to_utf8(body);
    if (!text.ok()) return text.error();
    auto parsed = parse_fee_csv(*text, out.report);
    if (!parsed.ok()) return parsed.error();
    lines = std::move(parsed).value();
  }
  if (out.report.rows == 0 && out.report.ok()) out.report.add(0, "", "", "没有费用明细行。");
  if (!out.report.ok()) return out;
  Stored s;
  const std::string digest = crypto::sm3_hex(body);
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto r = store_and_audit(c, lines);
    if (!r.ok()) return r.error();
    s = *r;
    auto root = provider_path(c, "");
    if (!root.ok()) return root.error();
    WJ_TRY(ledger::append(c, db_.engine(),
                          p.event("claims.upload", "claim_lines", digest.substr(0, 16), root_path_,
                                  {{"rows", out.report.rows}, {"inserted", s.inserted}, {"duplicates", s.duplicates},
                                   {"findings", s.findings}, {"body_sm3", digest}})));
    return {};
  });
  if (!st.ok()) return st.error();
  out.result = Json{{"rows", out.report.rows}, {"inserted", s.inserted}, {"duplicates", s.duplicates}, {"new_findings", s.findings}, {"body_sm3", digest}};
  return out;
}

Result<Json> ClaimsService::load_lines(const std::vector<FeeLine>& lines) {
  Stored s;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto r = store_and_audit(c, lines);
    if (!r.ok()) return r.error();
    s = *r;
    return {};
  });
  if (!st.ok()) return st.error();
  return Json{{"inserted", s.inserted}, {"findings", s.findings}};
}

Result<Json> ClaimsService::realtime(const Principal& p, const Json& body, bool record) {
  // The national shape: patient_dtos › fsi_encounter_dtos › fsi_diagnose_dtos / fsi_order_dtos.
  std::vector<FieldError> errs;
  std::vector<FeeLine> lines;
  std::set<std::string> submitted;
  auto need = [&](const Json& o, const char* key, const std::string& where) -> std::string {
    auto it = o.find(key);
    if (it == o.end() || it->is_null() || json_scalar(*it).empty()) {
      errs.push_back({where + "." + key, "缺少 " + std::string(key)});
      return {};
    }
    return json_scalar(*it);
  };
  if (!body.contains("patient_dtos") || !body["patient_dtos"].is_array() || body["patient_dtos"].empty())
    return errors::validation("请求应含 patient_dtos 数组（国家 3101/3102 接口格式）。", {{"patient_dtos", "缺少或为空"}});
  std::string csv = FeeCsv::header() + "\n";
  std::vector<std::string> where_of_row;
  for (std::size_t pi = 0; pi < body["patient_dtos"].size(); ++pi) {
    const Json& pt = body["patient_dtos"][pi];
    const std::string pw = "patient_dtos[" + std::to_string(pi) + "]";
    if (!pt.is_object()) {
      errs.push_back({pw, "应为对象"});
      continue;
    }
    const std::string psn = need(pt, "patn_id", pw), gend = need(pt, "gend", pw), brdy = need(pt, "brdy", pw);
    const Json encs = pt.value("fsi_encounter_dtos", Json::array());
    if (!encs.is_array() || encs.empty()) errs.push_back({pw + ".fsi_encounter_dtos", "缺少就诊信息"});
    for (std::size_t ei = 0; ei < encs.size(); ++ei) {
      const Json& e = encs[ei];
      const std::string ew = pw + ".fsi_encounter_dtos[" + std::to_string(ei) + "]";
      const std::string mdtrt = need(e, "mdtrt_id", ew), medins = need(e, "medins_id", ew), lv = need(e, "medins_lv", ew),
                        mt = need(e, "med_type", ew), adm = need(e, "adm_date", ew);
      const std::string dscg = e.contains("dscg_date") && !json_scalar(e["dscg_date"]).empty() ? json_scalar(e["dscg_date"]) : adm;
      std::string dise;
      for (const auto& d : e.value("fsi_diagnose_dtos", Json::array()))
        if (dise.empty() || json_scalar(d.value("maindiag_flag", Json("0"))) == "1") dise = json_scalar(d.value("dise_codg", Json("")));
      if (dise.empty()) errs.push_back({ew + ".fsi_diagnose_dtos", "缺少诊断（dise_codg，主诊断 maindiag_flag = 1）"});
      const std::string enc_dr = e.contains("dr_codg") ? json_scalar(e["dr_codg"]) : "";
      submitted.insert(mdtrt);
      const Json orders = e.value("fsi_order_dtos", Json::array());
      if (!orders.is_array() || orders.empty()) errs.push_back({ew + ".fsi_order_dtos", "缺少费用明细"});
      for (std::size_t oi = 0; oi < orders.size(); ++oi) {
        const Json& o = orders[oi];
        const std::string ow = ew + ".fsi_order_dtos[" + std::to_string(oi) + "]";
        const std::string dr = o.contains("drord_dr_codg") ? json_scalar(o["drord_dr_codg"]) : enc_dr;
        Json row = {{"psn_no", psn}, {"gend", gend}, {"brdy", brdy}, {"mdtrt_id", mdtrt}, {"medins_id", medins}, {"medins_lv", lv},
                    {"med_type", mt}, {"adm_date", adm}, {"dscg_date", dscg}, {"dise_codg", dise}, {"dr_codg", dr},
                    {"feedetl_sn", need(o, "rx_id", ow)}, {"med_list_codg", need(o, "hilist_code", ow)},
                    {"cnt", o.value("cnt", Json(""))}, {"pric", o.value("pric", Json(""))}, {"det_item_fee_sumamt", o.value("sumamt", Json(""))},
                    {"fee_ocur_time", o.contains("fee_ocur_time") ? o["fee_ocur_time"] : Json(adm)}, {"prd_days", o.value("prd_days", Json(nullptr))}};
        csv += fee_row_of(row);
        where_of_row.push_back(ow);
      }
    }
  }
  ImportReport report;
  auto parsed = parse_fee_csv(csv, report);
  if (!parsed.ok()) return parsed.error();
  for (const auto& i : report.issues)
    errs.push_back({where_of_row[static_cast<std::size_t>(i.line - 2)] + (i.field.empty() ? "" : "." + i.field), i.reason});
  if (!errs.empty()) return errors::validation("审核请求有 " + std::to_string(errs.size()) + " 处问题：" + errs[0].field + "：" + errs[0].message + "。", errs);
  lines = std::move(parsed).value();

  auto rb = rules();
  auto reg = registry();
  std::vector<Finding> found;
  Json stored = nullptr;
  if (record) {
    Stored s;
    Status st = db_.transaction([&](Conn& c) -> Status {
      auto r = store_and_audit(c, lines);
      if (!r.ok()) return r.error();
      s = *r;
      WJ_TRY(ledger::append(c, db_.engine(),
                            p.event("claims.realtime_record", "claim_lines", *submitted.begin(), root_path_,
                                    {{"encounters", Json(std::vector<std::string>(submitted.begin(), submitted.end()))}, {"inserted", s.inserted}})));
      return {};
    });
    if (!st.ok()) return st.error();
    stored = Json{{"inserted", s.inserted}, {"duplicates", s.duplicates}, {"new_findings", s.findings}};
  }
  // History of these persons, with the submitted encounters as submitted.
  std::set<std::string> persons;
  for (const auto& l : lines) persons.insert(l.psn_no);
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto hist = history(**lease, std::vector<std::string>(persons.begin(), persons.end()));
  if (!hist.ok()) return hist.error();
  std::vector<FeeLine> all;
  for (auto& l : *hist)
    if (!submitted.count(l.mdtrt_id)) all.push_back(std::move(l));
  all.insert(all.end(), lines.begin(), lines.end());
  AuditContext ctx{catalog_, *rb, reg.get()};
  found = audit_lines(all, ctx, false);

  // One result per rule and encounter, its lines as details (the 3101 result shape).
  Json result = Json::array();
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const auto& f : found) {
    if (!submitted.count(f.mdtrt_id)) continue;
    const Rule& rule = rb->rule(f.rule);
    const auto key = std::make_pair(std::string(rule_key(f.rule)), f.mdtrt_id);
    auto it = index.find(key);
    if (it == index.end()) {
      index[key] = result.size();
      result.push_back({{"jr_id", crypto::sm3_hex(key.first + "|" + key.second).substr(0, 20)},
                        {"rule_id", key.first},
                        {"rule_name", rule.name},
                        {"vola_cont", f.evidence},
                        {"patn_id", f.psn_no},
                        {"mdtrt_id", f.mdtrt_id},
                        {"vola_amt", 0.0},
                        {"vola_amt_stas", "1"},
                        {"sev_deg", sev_deg(rule.severity)},
                        {"vola_evid", verdict_label(rule.verdict)},
                        {"vola_bhvr_type", verdict_key(rule.verdict)},
                        {"judge_result_detail_dtos", Json::array()}});
      it = index.find(key);
    }
    Json& r = result[it->second];
    r["vola_amt"] = std::round((r["vola_amt"].get<double>() * 100 + static_cast<double>(f.amount_fen))) / 100.0;
    r["judge_result_detail_dtos"].push_back({{"jrd_id", crypto::sm3_hex(key.first + "|" + f.mdtrt_id + "|" + f.feedetl_sn + "|" + f.related).substr(0, 20)},
                                              {"patn_id", f.psn_no},
                                              {"mdtrt_id", f.mdtrt_id},
                                              {"rx_id", f.feedetl_sn},
                                              {"related", f.related},
                                              {"vola_item_type", f.feedetl_sn.empty() ? "encounter" : "order"},
                                              {"vola_amt", static_cast<double>(f.amount_fen) / 100.0},
                                              {"vola_cont", f.evidence}});
  }
  Json out = {{"infcode", 0}, {"result", result}};
  if (record) out["stored"] = stored;
  return out;
}

Result<Json> ClaimsService::usage_audit(const Principal& p, const std::string& month) {
  if (month.size() != 7 || !parse_day(month + "-01")) return errors::bad_request("月份应为 YYYY-MM。", {{"month", "月份无效"}});
  auto rb = rules();
  std::int64_t created = 0, total = 0;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto r = c.query(
        "SELECT medins_id, min(medins_lv), med_list_codg, sum(cnt_milli), sum(amount_fen) FROM claim_lines "
        "WHERE fee_ocur_time >= $1 AND fee_ocur_time < $2 GROUP BY medins_id, med_list_codg",
        {month + "-01", month + "-32"});
    if (!r.ok()) return r.error();
    UsageTable usage;
    const int m = std::stoi(month.substr(0, 4)) * 12 + std::stoi(month.substr(5, 2)) - 1;
    for (std::size_t i = 0; i < r->size(); ++i) {
      const int item = catalog_.find(r->text(i, 2));
      if (item < 0 || catalog_.at(item).type != ItemType::drug) continue;
      usage.add(r->text(i, 0), item, m, static_cast<int>(r->integer(i, 1)), r->integer(i, 3), r->integer(i, 4));
    }
    std::vector<Finding> found;
    AuditContext ctx{catalog_, *rb, nullptr};
    audit_usage(usage, ctx, found);
    total = static_cast<std::int64_t>(found.size());
    const std::string now = utc_now_iso();
    for (const auto& f : found) {
      auto path = provider_path(c, f.medins_id);
      if (!path.ok()) return path.error();
      auto added = insert_finding(c, f, *rb, *path, now);
      if (!added.ok()) return added.error();
      created += *added ? 1 : 0;
    }
    auto root = provider_path(c, "");
    if (!root.ok()) return root.error();
    WJ_TRY(ledger::append(c, db_.engine(), p.event("claims.usage_audit", "claim_findings", month, root_path_, {{"month", month}, {"warnings", total}, {"new", created}})));
    return {};
  });
  if (!st.ok()) return st.error();
  return Json{{"month", month}, {"warnings", total}, {"new_findings", created}};
}

Result<Json> ClaimsService::list_findings(const Principal& p, const FindingFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = finding_query(p, f);
  q.order_by("f.id DESC");
  auto pg = q.page(**lease, f.page, f.page_size);
  if (!pg.ok()) return pg.error();
  auto rb = rules();
  Json items = Json::array();
  for (std::size_t i = 0; i < pg->rows.size(); ++i) items.push_back(finding_row_json(pg->rows, i, *rb));
  return Json{{"items", items}, {"total", pg->total}, {"page", pg->page}, {"page_size", pg->page_size}};
}

Result<Table> ClaimsService::export_findings(const Principal& p, FindingFilter f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = finding_query(p, f);
  q.order_by("f.id DESC");
  auto rows = q.all(**lease);
  if (!rows.ok()) return rows.error();
  if (rows->size() > 200000) return errors::bad_request("导出超过 200000 条：请先按规则、机构或月份筛选。");
  auto rb = rules();
  Table t;
  t.header = {"编号", "规则", "规则名称", "定性", "人员编号", "就诊 ID", "明细流水号", "关联", "机构编码", "机构名称", "医师编码", "医师姓名",
              "金额（元）", "依据", "日期", "审核状态", "说明"};
  for (std::size_t i = 0; i < rows->size(); ++i) {
    Json j = finding_row_json(*rows, i, *rb);
    const std::string status = j["review_status"] == "confirmed" ? "已确认" : j["review_status"] == "dismissed" ? "已排除" : "待审核";
    t.rows.push_back({std::to_string(j["id"].get<std::int64_t>()), j["rule_id"], j["rule_name"], j["verdict"] == "violation" ? "违规" : "可疑",
                      j["psn_no"], j["mdtrt_id"], j["feedetl_sn"], j["related"], j["medins_id"],
                      j["institution_name"].is_null() ? "" : j["institution_name"].get<std::string>(), j["dr_codg"],
                      j["dr_name"].is_null() ? "" : j["dr_name"].get<std::string>(), j["amount"], j["evidence"],
                      j["occurred_on"], status, j["review_reason"].is_null() ? "" : j["review_reason"].get<std::string>()});
  }
  return t;
}

Result<Json> ClaimsService::encounter(const Principal& p, const std::string& mdtrt_id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::scoped(p.scope(), std::string("SELECT ") + kLineColumns + " FROM claim_lines l", "l.jurisdiction_path");
  q.where("l.mdtrt_id = ?", mdtrt_id).order_by("l.fee_ocur_time, l.id");
  auto rows = q.all(**lease);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return errors::not_found("没有找到就诊“" + mdtrt_id + "”（或不在您的辖区内）。");
  FindingFilter f;
  f.mdtrt_id = mdtrt_id;
  auto fq = finding_query(p, f);
  fq.order_by("f.id");
  auto fr = fq.all(**lease);
  if (!fr.ok()) return fr.error();
  auto rb = rules();
  const FeeLine first = line_of(*rows, 0);
  auto inst = (*lease)->query("SELECT name FROM institutions WHERE medins_code = $1", {first.medins_id});
  if (!inst.ok()) return inst.error();
  const Json institution_name = inst->empty() ? Json(nullptr) : Json(inst->text(0, 0));
  Json lines = Json::array();
  std::int64_t total = 0;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const FeeLine l = line_of(*rows, i);
    total += l.amount_fen;
    lines.push_back(line_json(l, catalog_));
  }
  Json findings = Json::array();
  for (std::size_t i = 0; i < fr->size(); ++i) findings.push_back(finding_row_json(*fr, i, *rb));
  return Json{{"mdtrt_id", mdtrt_id},
              {"psn_no", first.psn_no},
              {"gend", first.gend},
              {"brdy", format_day(first.brdy)},
              {"medins_id", first.medins_id},
              {"institution_name", institution_name},
              {"medins_lv", first.medins_lv},
              {"med_type", first.med_type},
              {"adm_date", format_datetime(first.adm)},
              {"dscg_date", format_datetime(first.dscg)},
              {"dise_codg", first.dise_codg},
              {"total", format_yuan(total)},
              {"lines", lines},
              {"findings", findings}};
}

Result<Json> ClaimsService::review(const Principal& p, std::int64_t id, const Json& body) {
  const std::string decision = body.value("decision", std::string());
  const std::string reason = body.contains("reason") && body["reason"].is_string() ? body["reason"].get<std::string>() : "";
  std::vector<FieldError> errs;
  if (decision != "confirmed" && decision != "dismissed") errs.push_back({"decision", "应为 confirmed（确认）或 dismissed（排除）"});
  if (decision == "dismissed" && reason.find_first_not_of(" \t") == std::string::npos) errs.push_back({"reason", "排除疑点须说明理由"});
  if (reason.size() > 2000) errs.push_back({"reason", "理由不超过 2000 字节"});
  if (!errs.empty()) return errors::validation("审核结论有误：" + errs[0].message + "。", errs);
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    FindingFilter none;
    auto q = finding_query(p, none, "SELECT f.id, f.review_status, f.jurisdiction_path, f.rule_id, f.mdtrt_id FROM claim_findings f");
    q.where("f.id = ?", id);
    auto r = q.all(c);
    if (!r.ok()) return r.error();
    if (r->empty()) return errors::not_found("疑点不存在（或不在您的辖区内）。");
    if (r->text(0, 1) != "open")
      return errors::conflict("该疑点已审核（" + std::string(r->text(0, 1) == "confirmed" ? "已确认" : "已排除") + "），不能重复审核。");
    const std::string now = utc_now_iso();
    WJ_TRY(c.exec("UPDATE claim_findings SET review_status = $1, review_reason = $2, reviewed_by = $3, reviewed_at = $4 WHERE id = $5",
                  {decision, reason.empty() ? store::Value() : store::Value(reason), p.user_id ? store::Value(p.user_id) : store::Value(), now, id}));
    WJ_TRY(ledger::append(c, db_.engine(),
                          p.event(decision == "confirmed" ? "claims.finding_confirm" : "claims.finding_dismiss", "claim_finding",
                                  std::to_string(id), r->text(0, 2),
                                  {{"rule_id", r->text(0, 3)}, {"mdtrt_id", r->text(0, 4)}, {"decision", decision}, {"reason", reason}})));
    out = Json{{"id", id}, {"review_status", decision}, {"review_reason", reason.empty() ? Json(nullptr) : Json(reason)}, {"reviewed_at", now}};
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> ClaimsService::summary(const Principal& p, const std::string& by, const std::string& month) {
  std::string col;
  if (by == "provider") col = "f.medins_id";
  else if (by == "practitioner") col = "f.dr_codg";
  else if (by == "rule") col = "f.rule_id";
  else if (by == "month") col = "f.month";
  else return errors::bad_request("by 应为 provider、practitioner、rule 或 month。", {{"by", "取值无效"}});
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  FindingFilter f;
  f.month = month;
  // Providers and practitioners are labelled with their registry names where the registry knows them.
  const std::string label = by == "provider" ? "min(i.name)" : by == "practitioner" ? "min(d.name)" : "NULL";
  const std::string join = by == "provider"       ? " LEFT JOIN institutions i ON i.medins_code = f.medins_id"
                           : by == "practitioner" ? " LEFT JOIN practitioners d ON d.practice_cert_no = f.dr_codg"
                                                  : "";
  auto q = finding_query(p, f,
                         ("SELECT " + col + ", count(*), sum(f.amount_fen), sum(CASE WHEN f.review_status = 'confirmed' THEN 1 ELSE 0 END), "
                          "sum(CASE WHEN f.review_status = 'open' THEN 1 ELSE 0 END), " + label + " FROM claim_findings f" + join).c_str());
  q.group_by(col).order_by("count(*) DESC, " + col + " LIMIT 500");
  auto rows = q.all(**lease);
  if (!rows.ok()) return rows.error();
  auto rb = rules();
  Json items = Json::array();
  for (std::size_t i = 0; i < rows->size(); ++i) {
    Json j = {{"key", rows->text(i, 0)}, {"count", rows->integer(i, 1)}, {"amount", format_yuan(rows->integer(i, 2))},
              {"confirmed", rows->integer(i, 3)}, {"open", rows->integer(i, 4)}};
    RuleId id{};
    if (by == "rule" && rule_from_key(rows->text(i, 0), id)) j["label"] = rb->rule(id).name;
    if (!rows->is_null(i, 5)) j["label"] = rows->text(i, 5);
    items.push_back(j);
  }
  if (by == "month") std::sort(items.begin(), items.end(), [](const Json& a, const Json& b) { return a["key"] < b["key"]; });
  return Json{{"by", by}, {"items", items}};
}

Result<Json> ClaimsService::leads(const Principal& p) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::scoped(p.scope(),
                                "SELECT f.medins_id, min(i.name), min(i.id), count(*), sum(f.amount_fen), "
                                "sum(CASE WHEN f.verdict = 'violation' THEN 1 ELSE 0 END), max(f.reviewed_at) "
                                "FROM claim_findings f LEFT JOIN institutions i ON i.medins_code = f.medins_id",
                                "f.jurisdiction_path");
  q.where("f.review_status = ?", std::string("confirmed")).group_by("f.medins_id").order_by("sum(f.amount_fen) DESC, f.medins_id LIMIT 500");
  auto rows = q.all(**lease);
  if (!rows.ok()) return rows.error();
  Json items = Json::array();
  for (std::size_t i = 0; i < rows->size(); ++i)
    items.push_back({{"medins_id", rows->text(i, 0)},
                     {"institution_name", rows->is_null(i, 1) ? Json(nullptr) : Json(rows->text(i, 1))},
                     {"institution_id", rows->is_null(i, 2) ? Json(nullptr) : Json(rows->integer(i, 2))},
                     {"confirmed", rows->integer(i, 3)},
                     {"amount", format_yuan(rows->integer(i, 4))},
                     {"violations", rows->integer(i, 5)},
                     {"last_confirmed_at", rows->text(i, 6)}});
  return Json{{"items", items}};
}

Result<Json> ClaimsService::trends(const Principal& p) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::scoped(p.scope(), "SELECT substr(l.fee_ocur_time, 1, 7), l.med_list_codg, sum(l.amount_fen) FROM claim_lines l",
                                "l.jurisdiction_path");
  q.group_by("substr(l.fee_ocur_time, 1, 7), l.med_list_codg");
  auto rows = q.all(**lease);
  if (!rows.ok()) return rows.error();
  std::map<std::string, std::array<std::int64_t, 3>> by_month;  // adjuvant, high_value, all
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto& m = by_month[rows->text(i, 0)];
    const std::int64_t amount = rows->integer(i, 2);
    m[2] += amount;
    const int item = catalog_.find(rows->text(i, 1));
    if (item < 0) continue;
    if (catalog_.at(item).flags & kAdjuvant) m[0] += amount;
    if (catalog_.at(item).flags & kHighValue) m[1] += amount;
  }
  Json items = Json::array();
  for (const auto& [month, v] : by_month)
    items.push_back({{"month", month}, {"adjuvant", format_yuan(v[0])}, {"high_value", format_yuan(v[1])}, {"total", format_yuan(v[2])}});
  return Json{{"items", items}};
}

Json ClaimsService::rule_base() const { return rules()->to_json(); }

Result<Json> ClaimsService::save_rule_base(const Principal& p, const Json& body) {
  auto rb = RuleBase::from_json(body, "规则库");
  if (!rb.ok()) return rb.error();
  const Json saved = rb->to_json();
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_TRY(c.exec("INSERT INTO claim_rule_bases (body, saved_by, saved_at) VALUES ($1, $2, $3)",
                  {saved.dump(), p.user_id ? store::Value(p.user_id) : store::Value(), utc_now_iso()}));
    auto root = provider_path(c, "");
    if (!root.ok()) return root.error();
    Json changed = Json::array();
    auto old = rules()->to_json();
    for (std::size_t i = 0; i < saved["rules"].size(); ++i)
      if (saved["rules"][i] != old["rules"][i]) changed.push_back(saved["rules"][i]);
    WJ_TRY(ledger::append(c, db_.engine(), p.event("claims.rules_save", "claim_rule_base", "current", root_path_, {{"changed", changed}})));
    return {};
  });
  if (!st.ok()) return st.error();
  {
    std::lock_guard lock(mu_);
    rules_ = std::make_shared<RuleBase>(std::move(rb).value());
  }
  return saved;
}

Json ClaimsService::catalog_json() const {
  Json items = Json::array();
  for (const auto& it : catalog_.items())
    items.push_back({{"catalog_code", it.code}, {"name", it.name}, {"item_type", item_type_label(it.type)}, {"generic_group", it.generic_group}});
  return Json{{"items", items}, {"total", catalog_.size()}};
}

}  // namespace weijian::claims
