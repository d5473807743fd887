// The credit record and rating, the public record, and the dual-publication export (双公示).
#include <algorithm>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "credit/export_store.h"
#include "credit/json.h"
#include "credit/list_store.h"
#include "credit/points_store.h"
#include "credit/service.h"
#include "ledger/ledger.h"

namespace weijian::credit {

using identity::Principal;
using registry::Subject;
using store::Conn;

// ======================= record and rating =======================

Json CreditService::rating(Conn& c, const Subject& s, Result<bool>& ok) {
  const Date today = today_in_shanghai();
  const auto cycle = rules_.cycle_of(today);
  auto get = [&](Result<std::int64_t> r) -> std::int64_t {
    if (!r.ok()) {
      ok = r.error();
      return 0;
    }
    return *r;
  };
  const auto points = get(points_store::active_total_of_code(c, s.code, cycle.label));
  const auto penalties = get(enforcement::unrevoked_count_since(c, s.code, add_months(today, -24)));
  auto entries = [&](const char* kind, const char* severity) {
    return get(list_store::count_active(c, s.code, kind, severity, today.to_string()));
  };
  const auto serious = entries("dishonesty", "serious"), ordinary = entries("dishonesty", "ordinary"), honour = entries("honour", "%");
  const auto& f = rules_.rating;
  std::int64_t score = f.start - f.per_point * points - f.per_penalty * penalties - f.per_serious * serious -
                       f.per_ordinary * ordinary + f.per_honour * honour;
  score = std::min<std::int64_t>(score, f.max);
  return {{"score", score},
          {"grade", rules_.grade_of(static_cast<int>(score))},
          {"cycle", cycle.label},
          {"components", {{"points", points}, {"penalties_last_2_years", penalties}, {"dishonesty_serious", serious},
                          {"dishonesty_ordinary", ordinary}, {"honour", honour}}},
          {"formula", "得分 = " + std::to_string(f.start) + " − " + std::to_string(f.per_point) + "×本周期记分 − " +
                          std::to_string(f.per_penalty) + "×近两年行政处罚数 − " + std::to_string(f.per_serious) +
                          "×严重失信名单数 − " + std::to_string(f.per_ordinary) + "×一般失信名单数 + " +
                          std::to_string(f.per_honour) + "×守信名单数（上限 " + std::to_string(f.max) + "）"}};
}

Result<Json> CreditService::record(const Principal& p, const std::string& subject_code) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  Conn& c = **lease;
  auto found = directory_.find_subject(c, subject_code, "subject_code", p.scope());
  if (!found.ok()) return errors::not_found(found.error().detail);
  const Subject& s = *found;
  Json out = {{"subject_kind", s.kind}, {"subject_kind_label", subject_kind_label(s.kind)}, {"subject_id", s.id},
              {"subject_code", s.code}, {"name", s.name}};
  if (s.kind == "institution") {
    WJ_ASSIGN_OR_RETURN(auto i, directory_.institution(c, s.id));
    WJ_ASSIGN_OR_RETURN(auto lic, directory_.licences_of(c, s.id));
    Json licenses = Json::array();
    for (const auto& l : lic)
      licenses.push_back({{"license_no", l.license_no}, {"issued_on", l.issued_on}, {"valid_until", l.valid_until}, {"status", l.status}});
    const registry::InstitutionRecord reg = i.value_or(registry::InstitutionRecord{});
    out["registration"] = {{"category", reg.category}, {"grade", reg.grade}, {"address", reg.address},
                           {"legal_representative", reg.legal_representative}, {"status", reg.status}, {"licenses", licenses}};
  } else {
    WJ_ASSIGN_OR_RETURN(auto pr, directory_.practitioner(c, s.id));
    const registry::PractitionerRecord reg = pr.value_or(registry::PractitionerRecord{});
    std::string institution_name;
    if (reg.institution_id) {
      WJ_ASSIGN_OR_RETURN(auto at, directory_.institution(c, *reg.institution_id));
      if (at) institution_name = at->name;
    }
    out["registration"] = {{"kind", reg.kind}, {"practice_cert_no", reg.practice_cert_no}, {"practice_category", reg.practice_category},
                           {"status", reg.status}, {"institution_name", institution_name}, {"registered_on", reg.registered_on}};
  }
  // Inspection results join the record once the inspection module registers its findings.
  out["inspections"] = {{"available", static_cast<bool>(inspection_history_)}, {"items", Json::array()}};
  if (inspection_history_) {
    auto items = inspection_history_(c, s);
    if (!items.ok()) return items.error();
    out["inspections"]["items"] = *items;
  }
  WJ_ASSIGN_OR_RETURN(auto pen, enforcement::decisions_of(c, s.code));
  out["penalties"] = Json::array();
  for (const auto& d : pen) out["penalties"].push_back(enforcement::to_json(d));
  WJ_ASSIGN_OR_RETURN(auto pts, points_store::of_subject(c, s.code));
  Json cycles = Json::array();
  for (const Point& pt : pts) {
    if (cycles.empty() || cycles.back()["cycle"] != pt.cycle) cycles.push_back({{"cycle", pt.cycle}, {"total", 0}, {"items", Json::array()}});
    if (pt.status == "active") cycles.back()["total"] = cycles.back()["total"].get<std::int64_t>() + pt.points;
    cycles.back()["items"].push_back(to_json(pt, rules_));
  }
  out["points_by_cycle"] = cycles;
  WJ_ASSIGN_OR_RETURN(auto cons, list_store::consequences_of(c, s.code));
  out["consequences"] = Json::array();
  for (const Consequence& k : cons) out["consequences"].push_back(to_json(k));
  CreditFilter f;
  f.subject_code = s.code;
  f.page_size = 100;
  const std::string today = today_in_shanghai().to_string();
  WJ_ASSIGN_OR_RETURN(auto entries, list_entries(Principal::system(), f));
  out["list_entries"] = Json::array();
  for (const ListEntry& e : entries.items) out["list_entries"].push_back(to_json(e, rules_, today));
  WJ_ASSIGN_OR_RETURN(auto rest, list_restorations(Principal::system(), f));
  out["restorations"] = Json::array();
  for (const Restoration& x : rest.items) out["restorations"].push_back(to_json(x, rules_, today));
  Result<bool> ok = true;
  out["rating"] = rating(c, s, ok);
  if (!ok.ok()) return ok.error();
  return out;
}

Result<Json> CreditService::public_record(std::int64_t institution_id) {
  std::optional<registry::InstitutionRecord> inst;
  {
    WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
    WJ_ASSIGN_OR_RETURN(inst, directory_.institution(*lease, institution_id));
  }
  if (!inst || inst->status == "closed") return errors::not_found("机构不存在。");
  auto full = record(Principal::system(), inst->credit_code);
  if (!full.ok()) return full.error();
  const Json& f = *full;
  const std::string today = today_in_shanghai().to_string();
  // The public sees what is published: unrevoked penalties within their publication period and
  // list entries on publication; points by cycle totals only.
  Json penalties = Json::array();
  for (const auto& x : f["penalties"])
    if (!x["revoked"].get<bool>() && x["publication_ends_on"].get<std::string>() >= today)
      penalties.push_back({{"decision_no", x["decision_no"]}, {"violation_type", x["violation_type"]}, {"category", x["category"]},
                           {"content", x["content"]}, {"decision_date", x["decision_date"]}, {"authority", x["authority"]}});
  Json entries = Json::array();
  for (const auto& e : f["list_entries"])
    if (e["status"] == "active")
      entries.push_back({{"list_label", e["list_label"]}, {"trigger_label", e["trigger_label"]}, {"basis", e["basis"]},
                         {"starts_on", e["starts_on"]}, {"ends_on", e["ends_on"]}});
  Json cycles = Json::array();
  for (const auto& c : f["points_by_cycle"]) cycles.push_back({{"cycle", c["cycle"]}, {"total", c["total"]}});
  return Json{{"name", f["name"]}, {"subject_code", f["subject_code"]}, {"rating", {{"grade", f["rating"]["grade"]}, {"cycle", f["rating"]["cycle"]}}},
              {"penalties", penalties}, {"list_entries", entries}, {"points_by_cycle", cycles}};
}

// ======================= dual publication =======================

Table CreditService::license_layout() {
  return {{"行政相对人名称", "行政相对人类别", "行政相对人代码_1（统一社会信用代码）", "法定代表人", "行政许可决定文书名称",
           "行政许可决定文书号", "许可类别", "许可证书名称", "许可编号", "许可内容", "许可决定日期", "有效期自", "有效期至",
           "许可机关", "许可机关统一社会信用代码", "当前状态", "数据来源单位", "数据来源单位统一社会信用代码", "备注"},
          {}};
}

Table CreditService::penalty_layout() {
  return {{"行政相对人名称", "行政相对人类别", "行政相对人代码_1（统一社会信用代码）", "法定代表人", "证件类型", "证件号码",
           "决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）", "处罚决定日期",
           "公示截止期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码", "备注"},
          {}};
}

namespace {
// 分 → 万元 without floating point: 1 万元 = 1,000,000 分.
std::string fen_to_wan(std::int64_t fen) {
  std::string whole = std::to_string(fen / 1000000);
  std::string frac = std::to_string(fen % 1000000);
  frac.insert(0, 6 - frac.size(), '0');
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return frac.empty() ? whole : whole + "." + frac;
}
const char* license_event_name(const std::string& k) {
  if (k == "issue") return "设置审批及执业登记";
  if (k == "validate") return "校验";
  if (k == "defer_validation") return "暂缓校验";
  if (k == "suspend") return "暂停执业";
  if (k == "reinstate") return "恢复执业";
  if (k == "revoke") return "吊销";
  if (k == "cancel") return "注销登记";
  return "变更登记";
}
const char* license_status_name(const std::string& s) {
  if (s == "valid") return "有效";
  if (s == "validation_deferred") return "暂缓校验";
  if (s == "suspended") return "暂停执业";
  if (s == "revoked") return "吊销";
  if (s == "cancelled") return "注销";
  return "其他";
}
}  // namespace

Result<ExportFile> CreditService::dual_publication(const Principal& p, const std::string& kind, const std::string& mode,
                                                   const std::string& format) {
  std::vector<FieldError> errs;
  if (kind != "license" && kind != "penalty") errs.push_back({"kind", "应为 license（行政许可）或 penalty（行政处罚）"});
  if (mode != "incremental" && mode != "all") errs.push_back({"mode", "应为 incremental（自上次导出以来）或 all（全部）"});
  if (format != "csv" && format != "xlsx") errs.push_back({"format", "应为 csv 或 xlsx"});
  if (!errs.empty()) return errors::bad_request("导出参数有误。", errs);
  ExportFile file;
  Status st = db_.transaction([&](Conn& c) -> Status {
    std::int64_t since = 0;
    if (mode == "incremental") {
      WJ_ASSIGN_OR_RETURN(since, export_store::last_event_id(c, kind));
    }
    const auto& a = rules_.authority;
    Table t = kind == "license" ? license_layout() : penalty_layout();
    std::int64_t high = since;
    if (kind == "license") {
      WJ_ASSIGN_OR_RETURN(auto events, directory_.licence_events_after(c, p.scope(), since));
      for (const auto& e : events) {
        t.rows.push_back({e.institution_name, "法人及非法人组织", e.institution_credit_code, e.institution_legal_representative,
                          std::string("医疗机构") + license_event_name(e.kind) + "决定", e.licence.license_no + "-" + std::to_string(e.id),
                          "普通", "医疗机构执业许可证", e.licence.license_no,
                          std::string(license_event_name(e.kind)) + "；诊疗科目：" + e.licence.clinical_subjects, e.effective_on,
                          e.licence.issued_on, e.valid_until_after, a.name, a.credit_code, license_status_name(e.status_after),
                          a.source_unit, a.source_unit_code, ""});
        high = std::max(high, e.id);
      }
    } else {
      WJ_ASSIGN_OR_RETURN(auto events, enforcement::events_after(c, p.scope(), since));
      for (const auto& e : events) {
        const enforcement::PenaltyDecision& x = e.decision;
        const bool person = x.subject_kind == "practitioner";
        const bool revoke = e.kind == "revoke";
        t.rows.push_back({x.subject_name, person ? "自然人" : "法人及非法人组织", person ? "" : x.subject_code, x.legal_representative,
                          person ? "身份证" : "", person ? x.subject_code : "", x.decision_no, x.violation_type, x.facts, x.basis,
                          x.category, x.content, fen_to_wan(x.fine_fen), x.decision_date, x.publication_ends_on, x.authority,
                          x.authority_code, x.source_unit, x.source_unit_code,
                          revoke ? "已撤销（" + x.revocation_decision_no.value_or("") + "，" + x.revoked_on.value_or("") + "），请撤下公示" : ""});
        high = std::max(high, e.id);
      }
    }
    const std::string stem = kind == "license" ? "双公示_行政许可" : "双公示_行政处罚";
    if (format == "csv") {
      file.bytes = write_csv(t);
      file.content_type = "text/csv; charset=utf-8";
    } else {
      auto bytes = write_xlsx(kind == "license" ? "行政许可" : "行政处罚", t);
      if (!bytes.ok()) return bytes.error();
      file.bytes = std::move(bytes.value());
      file.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    file.file_name = stem + "." + format;
    file.rows = static_cast<std::int64_t>(t.rows.size());
    if (mode == "incremental") {
      const std::string digest = crypto::sm3_hex(file.bytes);
      WJ_ASSIGN_OR_RETURN(const std::int64_t id,
                          export_store::insert_batch(c, ExportBatch{0, kind, high, file.rows, digest, p.user_id, utc_now_iso()}));
      WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.dual_publication_export", "credit_export_batch", std::to_string(id),
                                                      p.jurisdiction_path.empty() ? "/" : p.jurisdiction_path,
                                                      {{"kind", kind}, {"rows", file.rows}, {"since_event", since},
                                                       {"through_event", high}, {"file_sm3", digest}})));
    }
    return {};
  });
  if (!st.ok()) return st.error();
  return file;
}

Result<std::vector<ExportBatchView>> CreditService::export_batches(const Principal&) {
  WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
  WJ_ASSIGN_OR_RETURN(auto batches, export_store::recent_batches(*lease));
  std::vector<std::int64_t> ids;
  for (const auto& b : batches) ids.push_back(b.exported_by);
  WJ_ASSIGN_OR_RETURN(auto names, org_.user_names(*lease, ids));
  std::vector<ExportBatchView> out;
  for (auto& b : batches) {
    auto name = names.find(b.exported_by);
    std::string who = name == names.end() ? "" : name->second;
    out.push_back({std::move(b), std::move(who)});
  }
  return out;
}

}  // namespace weijian::credit
