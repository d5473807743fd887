// Credit's setup (sources, the penalty hook, the rules) and the joint-sanctions queries; the
// aggregates are in points.cpp, lists.cpp, restoration.cpp and records.cpp.
#include "credit/service.h"

#include <algorithm>
#include <optional>
#include <set>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "core/fields.h"
#include "credit/json.h"
#include "credit/sanctions_store.h"
#include "ledger/ledger.h"
#include "registry/identifiers.h"
#include "store/query.h"

namespace weijian::credit {

using registry::Subject;
using identity::Principal;
using store::Conn;

// ======================= setup =======================

CreditService::CreditService(store::Db& db, const registry::Directory& directory, const identity::Org& org, CreditRules rules,
                             const WorkingCalendar& calendar, enforcement::PenaltyRegister& penalties)
    : db_(db),
      directory_(directory),
      org_(org),
      rules_(std::move(rules)),
      calendar_(calendar),
      penalties_(penalties),
      index_(db, std::chrono::milliseconds(rules_.sanctions_sync_ms)) {
  register_source("penalty", "行政处罚决定", [](Conn& c, const std::string& ref, const Subject& s) -> Status {
    WJ_ASSIGN_OR_RETURN(auto d, enforcement::decision_by_no(c, ref));
    if (!d)
      return errors::validation("处罚决定书“" + ref + "”未登记：请先在处罚决定登记中录入。", {{"source_ref", "处罚决定未登记"}});
    if (d->subject_code != s.code)
      return errors::validation("处罚决定书“" + ref + "”的当事人不是该记分对象。", {{"source_ref", "当事人不一致"}});
    if (d->revoked)
      return errors::validation("处罚决定书“" + ref + "”已撤销，不能据以记分。", {{"source_ref", "处罚决定已撤销"}});
    return {};
  });
  penalties_.on_revoke([this](Conn& c, const Principal& p, std::int64_t id, const std::string& no, const std::string& rev_no,
                              const std::string& reason, const std::string& on) -> Status {
    std::vector<std::string> codes;
    WJ_TRY(withdraw_for_penalty(c, p, id, no, rev_no, reason, on, codes));
    std::lock_guard lock(pending_mu_);
    pending_reload_.insert(pending_reload_.end(), codes.begin(), codes.end());
    return {};
  });
  penalties_.after_revoke([this] { return flush_pending(); });
}

void CreditService::register_source(const std::string& kind, std::string label, SourceCheck check) {
  sources_[kind] = {std::move(label), std::move(check)};
}

Status CreditService::start() { return index_.load_all(); }

Status CreditService::flush_pending() {
  std::vector<std::string> codes;
  {
    std::lock_guard lock(pending_mu_);
    codes.swap(pending_reload_);
  }
  return index_.reload(codes);
}

Status CreditService::changed(Conn& c, const std::string& code) {
  return sanctions_store::record_change(c, code, utc_now_iso());
}

Json CreditService::rules_json() const {
  Json behaviours = Json::array();
  for (const auto& b : rules_.behaviours)
    behaviours.push_back({{"code", b.code}, {"description", b.description}, {"institution_points", b.institution_points},
                          {"practitioner_points", b.practitioner_points}, {"basis", b.basis}});
  auto thresholds = [](const std::vector<Threshold>& ts) {
    Json out = Json::array();
    for (const auto& t : ts) {
      std::string duration = t.until_cycle_end ? "至本记分周期结束"
                             : t.months_min > 0 ? std::to_string(t.months_min) + "–" + std::to_string(t.months_max) + " 个月"
                                                : std::to_string(t.months) + " 个月";
      if (t.months_if_at_once > 0) duration += "（一次记满的 " + std::to_string(t.months_if_at_once) + " 个月）";
      Json contexts = Json::array();
      for (const auto& c : t.contexts) contexts.push_back({{"context", c}, {"label", context_label(c)}});
      out.push_back({{"points", t.points}, {"code", t.code}, {"label", t.label}, {"duration", duration}, {"contexts", contexts},
                     {"departments", t.departments}, {"dishonesty_list", t.dishonesty_list}});
    }
    return out;
  };
  Json triggers = Json::array();
  for (const auto& t : rules_.triggers)
    triggers.push_back({{"code", t.code}, {"list", t.list}, {"list_label", list_kind_label(t.list)}, {"label", t.label},
                        {"severity", t.severity}, {"severity_label", severity_label(t.severity)},
                        {"responsible_persons", t.responsible_persons}});
  Json contexts = Json::array();
  for (const char* c : kContexts) contexts.push_back({{"context", c}, {"label", context_label(c)}});
  const Date today = today_in_shanghai();
  const auto cycle = rules_.cycle_of(today);
  return {{"behaviours", behaviours},
          {"institution_thresholds", thresholds(rules_.institution_thresholds)},
          {"practitioner_thresholds", thresholds(rules_.practitioner_thresholds)},
          {"triggers", triggers},
          {"contexts", contexts},
          {"publication", {{"serious", {{"min_months", rules_.serious.min_months}, {"max_months", rules_.serious.max_months}}},
                           {"ordinary", {{"min_months", rules_.ordinary.min_months}, {"max_months", rules_.ordinary.max_months}}}}},
          {"working_days", {{"publish_within", rules_.publish_within_wd}, {"restoration_review", rules_.restoration_review_wd},
                            {"notify_within", rules_.notify_within_wd}}},
          {"current_cycle", {{"label", cycle.label}, {"first", cycle.first.to_string()}, {"last", cycle.last.to_string()}}},
          {"sources", [&] {
             Json s = Json::array();
             for (const char* k : {"penalty", "inspection_finding", "claim_finding"})
               s.push_back({{"kind", k}, {"available", sources_.count(k) > 0}});
             return s;
           }()}};
}

// ======================= joint sanctions =======================

Result<std::string> normalize_subject(const std::string& raw, const char* field, std::string* type) {
  const std::string code = registry::normalize_code(raw);
  if (code.empty()) return errors::bad_request("请提供要查询的统一社会信用代码或身份证号。", {{field, "必填"}});
  if (code.size() != 18)
    return errors::bad_request("“" + code + "”不是 18 位：统一社会信用代码和公民身份号码都是 18 位。",
                               {{field, "应为 18 位，实为 " + std::to_string(utf8_length(code)) + " 位"}});
  const bool digits17 = std::all_of(code.begin(), code.begin() + 17, [](char ch) { return ch >= '0' && ch <= '9'; });
  if (digits17 && (std::isdigit(static_cast<unsigned char>(code[17])) || code[17] == 'X')) {
    auto id = registry::parse_id_number(code, field);
    if (id.ok()) {
      if (type) *type = "id_number";
      return id->normalized;
    }
    // 18 digits may also be a credit code (e.g. 91…); only if that fails is the ID error reported.
    if (registry::validate_credit_code(code, field).ok()) {
      if (type) *type = "credit_code";
      return code;
    }
    Error e = id.error();
    e.code = ErrorCode::bad_request;
    e.detail = "“" + code + "”既不是有效的公民身份号码，也不是有效的统一社会信用代码：" + e.detail;
    return e;
  }
  Status v = registry::validate_credit_code(code, field);
  if (!v.ok()) {
    Error e = v.error();
    e.code = ErrorCode::bad_request;
    e.detail = "“" + code + "”不是有效的统一社会信用代码：" + e.detail;
    return e;
  }
  if (type) *type = "credit_code";
  return code;
}

namespace {
Result<int> check_context(const std::string& context) {
  const int ctx = context_index(context);
  if (ctx >= 0) return ctx;
  std::string all;
  for (const char* c : kContexts) all += (all.empty() ? "" : "、") + std::string(c);
  return errors::bad_request("context 应为以下之一：" + all + "。", {{"context", context.empty() ? "必填" : "不是已定义的场景"}});
}
}  // namespace

Result<Json> CreditService::sanctions(const std::string& subject, const std::string& context, std::optional<Date> on) {
  std::string type;
  auto code = normalize_subject(subject, "subject", &type);
  if (!code.ok()) return code.error();
  auto ctx = check_context(context);
  if (!ctx.ok()) return ctx.error();
  WJ_TRY(index_.sync());
  const Date today = on.value_or(today_in_shanghai());
  auto a = index_.check(*code, *ctx, today);
  return Json{{"subject", *code},
              {"subject_type", type},
              {"context", context},
              {"context_label", context_label(context)},
              {"restricted", a.restricted},
              {"until", a.restricted ? Json(a.until.to_string()) : Json(nullptr)},
              {"reasons", a.reasons()},
              {"checked_on", today.to_string()}};
}

// Field for field the object sanctions() builds (keys in the same sorted order nlohmann uses);
// the code and context are validated ASCII, the labels fixed text, the reasons escaped.
Result<std::string> CreditService::sanctions_text(const std::string& subject, const std::string& context) {
  std::string type;
  auto code = normalize_subject(subject, "subject", &type);
  if (!code.ok()) return code.error();
  auto ctx = check_context(context);
  if (!ctx.ok()) return ctx.error();
  WJ_TRY(index_.sync());
  const Date today = today_in_shanghai();
  const auto a = index_.check(*code, *ctx, today);
  std::string out;
  out.reserve(256 + a.hits.size() * 256);
  out += "{\"checked_on\":\"" + today.to_string() + "\",\"context\":\"" + context + "\",\"context_label\":\"" +
         context_label(context) + "\",\"reasons\":";
  a.write_reasons(out);
  out += std::string(",\"restricted\":") + (a.restricted ? "true" : "false") + ",\"subject\":\"" + *code +
         "\",\"subject_type\":\"" + type + "\",\"until\":" + (a.restricted ? "\"" + a.until.to_string() + "\"" : "null") + "}";
  return out;
}

Result<Json> CreditService::sanctions_bulk(std::string_view bytes, const std::string& context) {
  auto ctx = check_context(context);
  if (!ctx.ok()) return ctx.error();
  auto text = to_utf8(bytes, "auto");
  if (!text.ok()) return text.error();
  auto table = CsvTable::open(*text, {{"subject", {"代码", "统一社会信用代码", "身份证号", "统一社会信用代码或身份证号", "code"}}});
  if (!table.ok()) return table.error();
  WJ_TRY(index_.sync());
  const Date today = today_in_shanghai();
  Json results = Json::array();
  std::int64_t restricted = 0, invalid = 0;
  for (;;) {
    auto more = table->next();
    if (!more.ok()) return more.error();
    if (!*more) break;
    if (results.size() >= 10000) return errors::bad_request("一次最多查询 10000 个对象：请拆分文件后分批查询。");
    const std::string raw(table->get(0));
    std::string type;
    auto code = normalize_subject(raw, "subject", &type);
    if (!code.ok()) {
      ++invalid;
      results.push_back({{"line", table->line()}, {"subject", raw}, {"valid", false},
                         {"error", code.error().errors.empty() ? code.error().detail : code.error().errors[0].message}});
      continue;
    }
    auto a = index_.check(*code, *ctx, today);
    if (a.restricted) ++restricted;
    results.push_back({{"line", table->line()}, {"subject", *code}, {"subject_type", type}, {"valid", true},
                       {"restricted", a.restricted}, {"until", a.restricted ? Json(a.until.to_string()) : Json(nullptr)},
                       {"reasons", a.reasons()}});
  }
  return Json{{"context", context}, {"context_label", context_label(context)}, {"checked_on", today.to_string()},
              {"total", results.size()}, {"restricted", restricted}, {"invalid", invalid}, {"results", results}};
}

}  // namespace weijian::credit
