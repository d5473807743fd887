#include "credit/service.h"

#include <algorithm>
#include <optional>
#include <set>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "core/fields.h"
#include "ledger/ledger.h"
#include "registry/identifiers.h"
#include "store/query.h"

namespace weijian::credit {

using registry::Subject;
using identity::Principal;
using store::Conn;
using store::Rows;
using store::page_json;

namespace {

Json opt_text(const Rows& r, std::size_t i, std::size_t col) { return r.is_null(i, col) ? Json(nullptr) : Json(r.text(i, col)); }

Json contexts_json(const std::string& joined) {
  Json out = Json::array();
  for (const auto& c : split_list(joined, ',')) out.push_back({{"context", c}, {"label", context_label(c)}});
  return out;
}

const char* subject_kind_label(const std::string& k) { return k == "institution" ? "医疗卫生机构" : "医务人员"; }
const char* list_kind_label(const std::string& k) { return k == "dishonesty" ? "失信名单" : "守信（红）名单"; }
const char* severity_label(const std::string& s) { return s == "serious" ? "严重" : "一般"; }

constexpr const char* kPointSelect =
    "SELECT id, subject_kind, subject_id, subject_code, subject_name, behaviour_code, points, cycle, assessed_on, source_kind, "
    "source_ref, note, status, withdrawn_on, withdrawal_decision, withdrawal_reason, created_at FROM credit_points";

constexpr const char* kConsequenceSelect =
    "SELECT id, subject_kind, subject_id, subject_code, subject_name, cycle, threshold_points, code, label, total_at_crossing, "
    "point_id, starts_on, ends_on, contexts, status, withdrawn_on, withdrawal_reason FROM credit_consequences";

constexpr const char* kEntrySelect =
    "SELECT id, list_kind, subject_kind, subject_id, subject_code, subject_name, trigger_code, severity, basis, source_kind, "
    "source_ref, starts_on, publish_by, min_ends_on, ends_on, contexts, status, closed_on, close_reason, jurisdiction_path "
    "FROM credit_list_entries";

constexpr const char* kRestorationSelect =
    "SELECT r.id, r.list_entry_id, r.applied_on, r.applicant, r.obligations, r.commitment, r.review_due_on, r.status, "
    "r.decided_on, r.decision_reason, e.subject_code, e.subject_name, e.list_kind, e.trigger_code, e.min_ends_on, e.ends_on "
    "FROM credit_restorations r JOIN credit_list_entries e ON e.id = r.list_entry_id";

}  // namespace

// ======================= setup =======================

CreditService::CreditService(store::Db& db, const registry::Directory& directory, CreditRules rules, const WorkingCalendar& calendar,
                             enforcement::PenaltyRegister& penalties)
    : db_(db),
      directory_(directory),
      rules_(std::move(rules)),
      calendar_(calendar),
      penalties_(penalties),
      index_(db, std::chrono::milliseconds(rules_.sanctions_sync_ms)) {
  register_source("penalty", "行政处罚决定", [](Conn& c, const std::string& ref, const Subject& s) -> Status {
    auto r = c.query("SELECT subject_code, revoked FROM penalty_decisions WHERE decision_no = $1", {ref});
    if (!r.ok()) return r.error();
    if (r->empty())
      return errors::validation("处罚决定书“" + ref + "”未登记：请先在处罚决定登记中录入。", {{"source_ref", "处罚决定未登记"}});
    if (r->text(0, 0) != s.code)
      return errors::validation("处罚决定书“" + ref + "”的当事人不是该记分对象。", {{"source_ref", "当事人不一致"}});
    if (r->integer(0, 1) == 1)
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
  auto r = c.exec("INSERT INTO credit_changes (subject_code, at) VALUES ($1, $2)", {code, utc_now_iso()});
  return r.ok() ? Status() : Status(r.error());
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

// ======================= points and thresholds =======================

Result<CreditService::Created> CreditService::evaluate(Conn& c, const Principal& p, const Subject& s, const std::string& cycle,
                                                       const std::string& reason) {
  Created created;
  auto pts = c.query("SELECT id, points, assessed_on FROM credit_points WHERE subject_kind = $1 AND subject_id = $2 AND cycle = $3 "
                     "AND status = 'active' ORDER BY assessed_on, id",
                     {s.kind, s.id, cycle});
  if (!pts.ok()) return pts.error();
  struct Want {
    const Threshold* t;
    std::int64_t point_id;
    Date starts, ends;
    int total;
  };
  std::vector<Want> want;
  int running = 0;
  for (std::size_t i = 0; i < pts->size(); ++i) {
    const int before = running;
    const int add = static_cast<int>(pts->integer(i, 1));
    running += add;
    const Date on = Date::parse(pts->text(i, 2)).value();
    for (const Threshold& t : rules_.thresholds(s.kind)) {
      if (!(before < t.points && t.points <= running)) continue;
      Date ends;
      if (t.until_cycle_end) {
        ends = rules_.cycle_of(on).last;
      } else {
        int months = t.months;
        if (t.months_min > 0) months = std::clamp(t.months_min + (running - t.points), t.months_min, t.months_max);
        if (t.months_if_at_once > 0 && add >= t.points) months = t.months_if_at_once;  // 一次性记满
        ends = add_months(on, months).add_days(-1);
      }
      want.push_back({&t, pts->integer(i, 0), on, ends, running});
    }
  }
  auto have = c.query(std::string(kConsequenceSelect) + " WHERE subject_kind = $1 AND subject_id = $2 AND cycle = $3 AND status = 'active'",
                      {s.kind, s.id, cycle});
  if (!have.ok()) return have.error();
  const std::string today = today_in_shanghai().to_string();
  // Withdraw what the points no longer reach (a source was revoked).
  for (std::size_t i = 0; i < have->size(); ++i) {
    const bool still = std::any_of(want.begin(), want.end(), [&](const Want& w) {
      return w.t->points == have->integer(i, 6) && w.point_id == have->integer(i, 10) && w.ends.to_string() == have->text(i, 12);
    });
    if (still) continue;
    const std::int64_t cid = have->integer(i, 0);
    WJ_TRY(c.exec("UPDATE credit_consequences SET status = 'withdrawn', withdrawn_on = $1, withdrawal_reason = $2 WHERE id = $3",
                  {today, reason, cid}));
    WJ_TRY(c.exec("UPDATE credit_list_entries SET status = 'withdrawn', closed_on = $1, close_reason = $2 WHERE source_kind = "
                  "'consequence' AND source_ref = $3 AND status = 'active'",
                  {today, reason, std::to_string(cid)}));
    WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.consequence_withdraw", "credit_consequence", std::to_string(cid),
                                                    s.jurisdiction_path, {{"code", have->text(i, 7)}, {"reason", reason}})));
  }
  for (const Want& w : want) {
    const bool exists = [&] {
      for (std::size_t i = 0; i < have->size(); ++i)
        if (w.t->points == have->integer(i, 6) && w.point_id == have->integer(i, 10) && w.ends.to_string() == have->text(i, 12))
          return true;
      return false;
    }();
    if (exists) continue;
    const std::string now = utc_now_iso();
    auto id = c.query("INSERT INTO credit_consequences (subject_kind, subject_id, subject_code, subject_name, cycle, threshold_points, "
                      "code, label, total_at_crossing, point_id, starts_on, ends_on, contexts, status, jurisdiction_path, created_at) "
                      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,'active',$14,$15) RETURNING id",
                      {s.kind, s.id, s.code, s.name, cycle, std::int64_t{w.t->points}, w.t->code, w.t->label,
                       std::int64_t{w.total}, w.point_id, w.starts.to_string(), w.ends.to_string(), join_contexts(w.t->contexts),
                       s.jurisdiction_path, now});
    if (!id.ok()) return id.error();
    const std::int64_t cid = id->integer(0, 0);
    auto due = calendar_.add_working_days(w.starts, rules_.notify_within_wd);
    if (!due.ok()) return due.error();
    for (const auto& dept : w.t->departments)
      WJ_TRY(c.exec("INSERT INTO credit_notifications (consequence_id, department_code, subject_code, subject_name, message, "
                    "created_on, due_on, jurisdiction_path) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
                    {cid, dept, s.code, s.name,
                     s.name + "本记分周期累计 " + std::to_string(w.total) + " 分，达到 " + std::to_string(w.t->points) +
                         " 分：" + w.t->label + "（" + w.starts.to_string() + " 至 " + w.ends.to_string() + "）",
                     today, due->to_string(), s.jurisdiction_path}));
    Json cj = {{"id", cid}, {"code", w.t->code}, {"label", w.t->label}, {"threshold_points", w.t->points},
               {"total_at_crossing", w.total}, {"starts_on", w.starts.to_string()}, {"ends_on", w.ends.to_string()},
               {"contexts", contexts_json(join_contexts(w.t->contexts))}, {"departments", w.t->departments},
               {"notify_by", due->to_string()}};
    WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.consequence", "credit_consequence", std::to_string(cid), s.jurisdiction_path, cj)));
    created.consequences.push_back(cj);
    if (w.t->dishonesty_list) {
      const ListTrigger* trig = rules_.trigger("points_top_threshold");
      auto e = insert_entry(c, p, s, *trig,
                            "不良执业行为记分周期 " + cycle + " 累计 " + std::to_string(w.total) + " 分，达到 " +
                                std::to_string(w.t->points) + " 分（" + w.t->label + "）",
                            "consequence", std::to_string(cid), w.starts, rules_.period(trig->severity).max_months);
      if (!e.ok()) return e.error();
      created.entries.push_back(*e);
    }
  }
  return created;
}

Result<Json> CreditService::assess(const Principal& p, const Json& body) {
  FieldReader r(body);
  auto code = r.text("subject_code", true, 18);
  auto behaviour = r.text("behaviour_code", true, 20);
  auto source_kind = r.text("source_kind", false, 40);
  auto source_ref = r.text("source_ref", false, 100);
  auto on = r.date("assessed_on", false);
  auto note = r.text("note", false, 500);
  const Date today = today_in_shanghai();
  if (on && *on > today) r.add("assessed_on", "记分日期不能晚于今天");
  const Behaviour* b = behaviour ? rules_.behaviour(*behaviour) : nullptr;
  if (behaviour && !b) r.add("behaviour_code", "记分标准中没有该行为代码");
  if (!source_kind || !source_ref || source_kind->empty() || source_ref->empty())
    return errors::validation("记分必须注明来源记录（行政处罚决定、监督检查发现或已确认的医保审核发现）及其编号。",
                              {{!source_kind || source_kind->empty() ? "source_kind" : "source_ref", "必填：记分的来源记录"}});
  if (source_kind && !sources_.count(*source_kind)) {
    if (*source_kind == "inspection_finding" || *source_kind == "claim_finding")
      r.add("source_kind", std::string("来源类型“") + (*source_kind == "inspection_finding" ? "监督检查发现" : "医保审核确认发现") +
                               "”暂不可用：相应业务模块尚未接入，请以行政处罚决定为来源");
    else
      r.add("source_kind", "来源类型应为 penalty、inspection_finding 或 claim_finding");
  }
  Json out;
  std::string subject_code;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto found = directory_.read_subject(c, p.scope(), code, r, "subject_code");
    if (!found.ok()) return found.error();
    const Subject s = *found;
    int points = 0;
    if (b && !s.kind.empty()) {
      points = b->points_for(s.kind);
      if (points == 0) r.add("behaviour_code", std::string("该行为不对") + subject_kind_label(s.kind) + "记分");
    }
    if (!s.kind.empty() && source_kind && source_ref && sources_.count(*source_kind)) {
      Status ok = sources_.at(*source_kind).second(c, *source_ref, s);
      if (!ok.ok()) {
        if (ok.error().errors.empty()) return ok.error();
        for (const auto& e : ok.error().errors) r.add(e.field, e.message);
      }
    }
    if (!s.kind.empty() && b && source_kind && source_ref) {
      auto dup = c.query("SELECT 1 FROM credit_points WHERE subject_kind = $1 AND subject_id = $2 AND behaviour_code = $3 AND "
                         "source_kind = $4 AND source_ref = $5",
                         {s.kind, s.id, b->code, *source_kind, *source_ref});
      if (!dup.ok()) return dup.error();
      if (!dup->empty()) r.add("source_ref", "同一来源记录已就该行为记过分");
    }
    WJ_TRY(r.finish());
    const Date day = on.value_or(today);
    const auto cycle = rules_.cycle_of(day);
    auto id = c.query("INSERT INTO credit_points (subject_kind, subject_id, subject_code, subject_name, behaviour_code, points, cycle, "
                      "assessed_on, source_kind, source_ref, note, status, jurisdiction_path, created_by, created_at) VALUES "
                      "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'active',$12,$13,$14) RETURNING id",
                      {s.kind, s.id, s.code, s.name, b->code, std::int64_t{points}, cycle.label, day.to_string(), *source_kind,
                       *source_ref, note.value_or(""), s.jurisdiction_path, p.user_id, utc_now_iso()});
    if (!id.ok()) return id.error();
    const std::int64_t pid = id->integer(0, 0);
    auto total = c.query("SELECT coalesce(sum(points), 0) FROM credit_points WHERE subject_kind = $1 AND subject_id = $2 AND "
                         "cycle = $3 AND status = 'active'",
                         {s.kind, s.id, cycle.label});
    if (!total.ok()) return total.error();
    out = {{"id", pid}, {"subject_kind", s.kind}, {"subject_code", s.code}, {"subject_name", s.name}, {"behaviour_code", b->code},
           {"description", b->description}, {"points", points}, {"cycle", cycle.label}, {"assessed_on", day.to_string()},
           {"source_kind", *source_kind}, {"source_ref", *source_ref}, {"cycle_total", total->integer(0, 0)}};
    WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.points_assess", "credit_point", std::to_string(pid), s.jurisdiction_path, out)));
    auto created = evaluate(c, p, s, cycle.label, "");
    if (!created.ok()) return created.error();
    out["consequences"] = created->consequences;
    out["list_entries"] = created->entries;
    WJ_TRY(changed(c, s.code));
    subject_code = s.code;
    return {};
  });
  if (!st.ok()) return st.error();
  WJ_TRY(index_.reload({subject_code}));
  return out;
}

Result<Json> CreditService::withdraw_points(const Principal& p, std::int64_t id, const Json& body) {
  FieldReader r(body);
  auto decision = r.text("decision_no", true, 60);
  auto reason = r.text("reason", true, 1000);
  WJ_TRY(r.finish());
  Json out;
  std::string code;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto row = store::Query::scoped(p.scope(), kPointSelect, "jurisdiction_path").where("id = ?", id).all(c);
    if (!row.ok()) return row.error();
    if (row->empty()) return errors::not_found("记分记录不存在，或不在您的管辖范围内。");
    if (row->text(0, 12) != "active") return errors::conflict("该记分已于 " + row->text(0, 13) + " 撤回。");
    const std::string today = today_in_shanghai().to_string();
    WJ_TRY(c.exec("UPDATE credit_points SET status = 'withdrawn', withdrawn_on = $1, withdrawal_decision = $2, withdrawal_reason = $3 "
                  "WHERE id = $4",
                  {today, *decision, *reason, id}));
    auto s = directory_.find_subject(c, row->text(0, 3), "subject_code");
    if (!s.ok()) return s.error();
    WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.points_withdraw", "credit_point", std::to_string(id), s->jurisdiction_path,
                                                    {{"decision_no", *decision}, {"reason", *reason}, {"points", row->integer(0, 6)}})));
    auto again = evaluate(c, p, *s, row->text(0, 7), "记分撤回（" + *decision + "）：" + *reason);
    if (!again.ok()) return again.error();
    WJ_TRY(changed(c, s->code));
    code = s->code;
    out = {{"id", id}, {"status", "withdrawn"}, {"withdrawn_on", today}, {"withdrawal_decision", *decision}};
    return {};
  });
  if (!st.ok()) return st.error();
  WJ_TRY(index_.reload({code}));
  return out;
}

Status CreditService::withdraw_for_penalty(Conn& c, const Principal& p, std::int64_t, const std::string& decision_no,
                                           const std::string& revocation_no, const std::string& reason, const std::string& on,
                                           std::vector<std::string>& codes) {
  auto rows = c.query("SELECT id, subject_code, cycle FROM credit_points WHERE source_kind = 'penalty' AND source_ref = $1 AND "
                      "status = 'active'",
                      {decision_no});
  if (!rows.ok()) return rows.error();
  const std::string why = "处罚决定 " + decision_no + " 已被撤销（" + revocation_no + "）：" + reason;
  std::set<std::pair<std::string, std::string>> cycles;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    WJ_TRY(c.exec("UPDATE credit_points SET status = 'withdrawn', withdrawn_on = $1, withdrawal_decision = $2, withdrawal_reason = $3 "
                  "WHERE id = $4",
                  {on, revocation_no, why, rows->integer(i, 0)}));
    cycles.insert({rows->text(i, 1), rows->text(i, 2)});
  }
  for (const auto& [code, cycle] : cycles) {
    auto s = directory_.find_subject(c, code, "subject_code");
    if (!s.ok()) return s.error();
    WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.points_withdraw", "subject", code, s->jurisdiction_path,
                                                    {{"decision_no", revocation_no}, {"reason", why}})));
    auto again = evaluate(c, p, *s, cycle, why);
    if (!again.ok()) return again.error();
    WJ_TRY(changed(c, code));
    codes.push_back(code);
  }
  return {};
}

namespace {

Json point_json(const Rows& r, std::size_t i) {
  return {{"id", r.integer(i, 0)},         {"subject_kind", r.text(i, 1)},      {"subject_id", r.integer(i, 2)},
          {"subject_code", r.text(i, 3)},  {"subject_name", r.text(i, 4)},      {"behaviour_code", r.text(i, 5)},
          {"points", r.integer(i, 6)},     {"cycle", r.text(i, 7)},             {"assessed_on", r.text(i, 8)},
          {"source_kind", r.text(i, 9)},   {"source_ref", r.text(i, 10)},       {"note", r.text(i, 11)},
          {"status", r.text(i, 12)},       {"withdrawn_on", opt_text(r, i, 13)}, {"withdrawal_decision", opt_text(r, i, 14)},
          {"withdrawal_reason", opt_text(r, i, 15)}};
}

Json consequence_json(const Rows& r, std::size_t i) {
  return {{"id", r.integer(i, 0)},           {"subject_kind", r.text(i, 1)},      {"subject_id", r.integer(i, 2)},
          {"subject_code", r.text(i, 3)},    {"subject_name", r.text(i, 4)},      {"cycle", r.text(i, 5)},
          {"threshold_points", r.integer(i, 6)}, {"code", r.text(i, 7)},         {"label", r.text(i, 8)},
          {"total_at_crossing", r.integer(i, 9)}, {"point_id", r.integer(i, 10)}, {"starts_on", r.text(i, 11)},
          {"ends_on", r.text(i, 12)},        {"contexts", contexts_json(r.text(i, 13))}, {"status", r.text(i, 14)},
          {"withdrawn_on", opt_text(r, i, 15)}, {"withdrawal_reason", opt_text(r, i, 16)}};
}

// Publication status: an active entry past its end date has ended by itself (自动移出).
std::string entry_state(const Rows& r, std::size_t i, const std::string& today) {
  const std::string status = r.text(i, 16);
  if (status == "active" && r.text(i, 14) < today) return "expired";
  return status;
}

const char* entry_state_label(const std::string& s) {
  if (s == "active") return "公示中";
  if (s == "expired") return "公示期满已移出";
  if (s == "restored") return "信用修复后移出";
  return "已撤销";
}

}  // namespace

Result<Json> CreditService::list_points(const Principal& p, const CreditFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::scoped(p.scope(), kPointSelect, "jurisdiction_path");
  q.search({"subject_name", "subject_code", "source_ref"}, f.q);
  if (!f.subject_code.empty()) q.where("subject_code = ?", registry::normalize_code(f.subject_code));
  if (!f.subject_kind.empty()) q.where("subject_kind = ?", f.subject_kind);
  if (!f.status.empty()) q.where("status = ?", f.status);
  if (!f.cycle.empty()) q.where("cycle = ?", f.cycle);
  q.order_by("assessed_on DESC, id DESC");
  auto page = q.page(**lease, f.page, f.page_size);
  if (!page.ok()) return page.error();
  return page_json(*page, [&](const Rows& r, std::size_t i) {
    Json j = point_json(r, i);
    if (const Behaviour* b = rules_.behaviour(r.text(i, 5))) j["description"] = b->description;
    return j;
  });
}

Result<Json> CreditService::list_consequences(const Principal& p, const CreditFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::scoped(p.scope(), kConsequenceSelect, "jurisdiction_path");
  q.search({"subject_name", "subject_code"}, f.q);
  if (!f.subject_code.empty()) q.where("subject_code = ?", registry::normalize_code(f.subject_code));
  if (!f.subject_kind.empty()) q.where("subject_kind = ?", f.subject_kind);
  if (!f.status.empty()) q.where("status = ?", f.status);
  q.order_by("starts_on DESC, id DESC");
  auto page = q.page(**lease, f.page, f.page_size);
  if (!page.ok()) return page.error();
  auto out = page_json(*page, consequence_json);
  for (auto& item : out["items"]) {
    auto n = (**lease).query("SELECT n.department_code, d.name, n.due_on, n.message FROM credit_notifications n LEFT JOIN departments d "
                             "ON d.code = n.department_code WHERE n.consequence_id = $1 ORDER BY n.id",
                             {item["id"].get<std::int64_t>()});
    if (!n.ok()) return n.error();
    item["notifications"] = Json::array();
    for (std::size_t i = 0; i < n->size(); ++i)
      item["notifications"].push_back({{"department_code", n->text(i, 0)}, {"department_name", n->text(i, 1)},
                                       {"due_on", n->text(i, 2)}, {"message", n->text(i, 3)}});
  }
  return out;
}

Result<Json> CreditService::department_notifications(const Principal& p, int page, int page_size) {
  auto dept = db_.query("SELECT code FROM departments WHERE id = $1", {p.department_id});
  if (!dept.ok()) return dept.error();
  if (dept->empty()) return errors::not_found("您的账户未归属任何部门，没有可查看的通知。");
  CreditFilter f;
  f.department = dept->text(0, 0);
  f.page = page;
  f.page_size = page_size;
  // Addressed to the department, wherever the subject is: the department's own view.
  return list_notifications(Principal::system(), f);
}

Result<Json> CreditService::list_notifications(const Principal& p, const CreditFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::scoped(p.scope(),
                                "SELECT n.id, n.department_code, d.name, n.subject_code, n.subject_name, n.message, n.created_on, "
                                "n.due_on, n.consequence_id FROM credit_notifications n LEFT JOIN departments d ON d.code = "
                                "n.department_code",
                                "n.jurisdiction_path");
  if (!f.department.empty()) q.where("n.department_code = ?", f.department);
  q.search({"n.subject_name", "n.subject_code"}, f.q);
  q.order_by("n.id DESC");
  auto page = q.page(**lease, f.page, f.page_size);
  if (!page.ok()) return page.error();
  return page_json(*page, [](const Rows& r, std::size_t i) {
    return Json{{"id", r.integer(i, 0)},          {"department_code", r.text(i, 1)}, {"department_name", r.text(i, 2)},
                {"subject_code", r.text(i, 3)},   {"subject_name", r.text(i, 4)},    {"message", r.text(i, 5)},
                {"created_on", r.text(i, 6)},     {"due_on", r.text(i, 7)},          {"consequence_id", r.integer(i, 8)}};
  });
}

// ======================= lists =======================

Result<Json> CreditService::insert_entry(Conn& c, const Principal& p, const Subject& s, const ListTrigger& t, const std::string& basis,
                                         const std::string& source_kind, const std::string& source_ref, Date start, int months) {
  const Period& period = rules_.period(t.severity);
  auto publish_by = calendar_.add_working_days(start, rules_.publish_within_wd);
  if (!publish_by.ok()) return publish_by.error();
  const Date min_end = add_months(start, period.min_months).add_days(-1);
  const Date end = add_months(start, months).add_days(-1);
  const std::string contexts = t.list == "dishonesty" ? join_contexts(rules_.list_contexts(t.severity)) : "";
  auto id = c.query("INSERT INTO credit_list_entries (list_kind, subject_kind, subject_id, subject_code, subject_name, trigger_code, "
                    "severity, basis, source_kind, source_ref, starts_on, publish_by, min_ends_on, ends_on, contexts, status, "
                    "jurisdiction_path, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,'active',"
                    "$16,$17,$18) RETURNING id",
                    {t.list, s.kind, s.id, s.code, s.name, t.code, t.severity, basis, source_kind, source_ref, start.to_string(),
                     publish_by->to_string(), min_end.to_string(), end.to_string(), contexts, s.jurisdiction_path, p.user_id,
                     utc_now_iso()});
  if (!id.ok()) return id.error();
  const std::int64_t eid = id->integer(0, 0);
  Json out = {{"id", eid}, {"list_kind", t.list}, {"list_label", list_kind_label(t.list)}, {"subject_code", s.code},
              {"subject_name", s.name}, {"trigger_code", t.code}, {"trigger_label", t.label}, {"severity", t.severity},
              {"basis", basis}, {"starts_on", start.to_string()}, {"publish_by", publish_by->to_string()},
              {"min_ends_on", min_end.to_string()}, {"ends_on", end.to_string()}, {"contexts", contexts_json(contexts)}};
  WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.list_entry", "credit_list_entry", std::to_string(eid), s.jurisdiction_path, out)));
  return out;
}

Result<Json> CreditService::create_entry(const Principal& p, const Json& body) {
  FieldReader r(body);
  auto code = r.text("subject_code", true, 18);
  auto trigger = r.text("trigger_code", true, 40);
  auto basis = r.text("basis", false, 2000);
  auto source_ref = r.text("source_ref", false, 100);
  auto start = r.date("starts_on", false);
  auto months = r.integer("publication_months", false, 1, 120);
  const ListTrigger* t = trigger ? rules_.trigger(*trigger) : nullptr;
  if (trigger && !t) r.add("trigger_code", "认定情形不在名单规则中");
  if (t && t->code == "points_top_threshold") r.add("trigger_code", "记分达到最高档由系统自动列入，不能手工录入");
  if (!basis || basis->empty())
    return errors::validation("列入名单必须写明认定依据（处罚决定、判决或认定文书及其事实）。", {{"basis", "必填：认定依据"}});
  const Date today = today_in_shanghai();
  if (start && *start > today) r.add("starts_on", "公示起始日不能晚于今天");
  if (t && months) {
    const Period& period = rules_.period(t->severity);
    if (*months < period.min_months || *months > period.max_months)
      r.add("publication_months", std::string(severity_label(t->severity)) + "情形的公示期应为 " + std::to_string(period.min_months) +
                                      "–" + std::to_string(period.max_months) + " 个月");
  }
  Json out;
  std::vector<std::string> codes;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto found = directory_.read_subject(c, p.scope(), code, r, "subject_code");
    if (!found.ok()) return found.error();
    const Subject s = *found;
    if (source_ref && !source_ref->empty()) {
      auto pen = c.query("SELECT revoked FROM penalty_decisions WHERE decision_no = $1", {*source_ref});
      if (!pen.ok()) return pen.error();
      if (pen->empty()) r.add("source_ref", "处罚决定书未登记");
      else if (pen->integer(0, 0) == 1) r.add("source_ref", "处罚决定已撤销");
    }
    WJ_TRY(r.finish());
    const int m = static_cast<int>(months.value_or(rules_.period(t->severity).max_months));
    auto e = insert_entry(c, p, s, *t, *basis, source_ref && !source_ref->empty() ? "penalty" : "manual", source_ref.value_or(""),
                          start.value_or(today), m);
    if (!e.ok()) return e.error();
    out = *e;
    out["persons"] = Json::array();
    WJ_TRY(changed(c, s.code));
    codes.push_back(s.code);
    // 医疗欺诈、欺诈骗保: the institution and the persons responsible (中山市方案).
    if (t->responsible_persons && s.kind == "institution" && body.contains("responsible_persons") &&
        body["responsible_persons"].is_array()) {
      for (const auto& person : body["responsible_persons"]) {
        if (!person.is_string()) return errors::validation("责任人员应为身份证号列表。", {{"responsible_persons", "应为文本列表"}});
        auto ps = directory_.find_subject(c, person.get<std::string>(), "responsible_persons", p.scope());
        if (!ps.ok()) return ps.error();
        if (ps->kind != "practitioner") return errors::validation("责任人员应为医务人员的身份证号。", {{"responsible_persons", "应为身份证号"}});
        auto pe = insert_entry(c, p, *ps, *t, *basis + "（" + s.name + "的责任人员）", "list_entry", std::to_string(out["id"].get<std::int64_t>()),
                               start.value_or(today), m);
        if (!pe.ok()) return pe.error();
        out["persons"].push_back(*pe);
        WJ_TRY(changed(c, ps->code));
        codes.push_back(ps->code);
      }
    }
    return {};
  });
  if (!st.ok()) return st.error();
  WJ_TRY(index_.reload(codes));
  return out;
}

namespace {
store::Query entry_query(const store::Scope& scope, const CreditFilter& f, const std::string& today) {
  auto q = store::Query::scoped(scope, kEntrySelect, "jurisdiction_path");
  q.search({"subject_name", "subject_code", "basis"}, f.q);
  if (!f.list_kind.empty()) q.where("list_kind = ?", f.list_kind);
  if (!f.subject_kind.empty()) q.where("subject_kind = ?", f.subject_kind);
  if (!f.subject_code.empty()) q.where("subject_code = ?", registry::normalize_code(f.subject_code));
  if (!f.severity.empty()) q.where("severity = ?", f.severity);
  if (!f.trigger.empty()) q.where("trigger_code = ?", f.trigger);
  if (f.status == "active") q.where("status = ?", std::string("active")).where("ends_on >= ?", today);
  else if (f.status == "expired") q.where("status = ?", std::string("active")).where("ends_on < ?", today);
  else if (!f.status.empty()) q.where("status = ?", f.status);
  q.order_by("starts_on DESC, id DESC");
  return q;
}
}  // namespace

Result<Json> CreditService::list_entries(const Principal& p, const CreditFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  const std::string today = today_in_shanghai().to_string();
  auto page = entry_query(p.scope(), f, today).page(**lease, f.page, f.page_size);
  if (!page.ok()) return page.error();
  return page_json(*page, [&](const Rows& r, std::size_t i) {
    const ListTrigger* t = rules_.trigger(r.text(i, 6));
    const std::string state = entry_state(r, i, today);
    return Json{{"id", r.integer(i, 0)},          {"list_kind", r.text(i, 1)},      {"list_label", list_kind_label(r.text(i, 1))},
                {"subject_kind", r.text(i, 2)},   {"subject_id", r.integer(i, 3)},  {"subject_code", r.text(i, 4)},
                {"subject_name", r.text(i, 5)},   {"trigger_code", r.text(i, 6)},   {"trigger_label", t ? t->label : r.text(i, 6)},
                {"severity", r.text(i, 7)},       {"severity_label", severity_label(r.text(i, 7))},
                {"basis", r.text(i, 8)},          {"source_kind", r.text(i, 9)},    {"source_ref", r.text(i, 10)},
                {"starts_on", r.text(i, 11)},     {"publish_by", r.text(i, 12)},    {"min_ends_on", r.text(i, 13)},
                {"ends_on", r.text(i, 14)},       {"contexts", contexts_json(r.text(i, 15))}, {"status", state},
                {"status_label", entry_state_label(state)}, {"closed_on", opt_text(r, i, 17)}, {"close_reason", opt_text(r, i, 18)},
                {"restorable_from", r.text(i, 13) < today ? today : Date::parse(r.text(i, 13)).value().add_days(1).to_string()}};
  });
}

Result<Table> CreditService::export_entries(const Principal& p, CreditFilter f) {
  f.page = 1;
  f.page_size = 100000;
  auto page = list_entries(p, f);
  if (!page.ok()) return page.error();
  Table t{{"名单", "对象类型", "名称", "统一社会信用代码/身份证号", "认定情形", "严重程度", "认定依据", "公示起始日", "最短公示期至",
           "公示截止日", "状态"},
          {}};
  for (const auto& e : (*page)["items"]) {
    std::string code = e["subject_code"];
    if (e["subject_kind"] == "practitioner" && code.size() == 18) code = code.substr(0, 6) + "********" + code.substr(14);
    t.rows.push_back({e["list_label"], subject_kind_label(e["subject_kind"]), e["subject_name"], code, e["trigger_label"],
                      e["severity_label"], e["basis"], e["starts_on"], e["min_ends_on"], e["ends_on"], e["status_label"]});
  }
  return t;
}

Result<Json> CreditService::list_candidates(const Principal& p, const std::string& trigger, int page, int page_size) {
  const Date today = today_in_shanghai();
  const auto cycle = rules_.cycle_of(today);
  const auto previous = rules_.cycle_of(cycle.first.add_days(-1));
  std::optional<store::Query> q;
  if (trigger == "no_points_two_cycles") {
    q = store::Query::scoped(p.scope(), "SELECT i.credit_code, i.name, '', '' FROM institutions i", "i.jurisdiction_path");
    q->where("i.status = ?", std::string("active"))
        .where("NOT EXISTS (SELECT 1 FROM credit_points x WHERE x.subject_code = i.credit_code AND x.status = 'active' AND "
               "x.assessed_on >= ?)",
               previous.first.to_string())
        .where("NOT EXISTS (SELECT 1 FROM penalty_decisions d WHERE d.subject_code = i.credit_code AND d.revoked = 0 AND "
               "d.decision_date >= ?)",
               previous.first.to_string())
        .where("NOT EXISTS (SELECT 1 FROM credit_list_entries e WHERE e.subject_code = i.credit_code AND e.status = 'active' AND "
               "(e.list_kind = 'dishonesty' OR e.trigger_code = 'no_points_two_cycles') AND e.ends_on >= ?)",
               today.to_string());
  } else if (trigger == "license_revoked") {
    q = store::Query::scoped(p.scope(),
                             "SELECT i.credit_code, i.name, l.license_no, r.revoked_on FROM practice_licenses l JOIN institutions i "
                             "ON i.id = l.institution_id LEFT JOIN (SELECT license_id, max(effective_on) AS revoked_on FROM "
                             "license_events WHERE kind = 'revoke' GROUP BY license_id) r ON r.license_id = l.id",
                             "l.jurisdiction_path");
    q->where("l.status = ?", std::string("revoked"))
        .where_raw("NOT EXISTS (SELECT 1 FROM credit_list_entries e WHERE e.subject_code = i.credit_code AND e.trigger_code = "
                   "'license_revoked')");
  } else {
    return errors::bad_request("trigger 应为 no_points_two_cycles（守信）或 license_revoked（吊销许可证）。", {{"trigger", "不支持的认定情形"}});
  }
  q->order_by("i.id");
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto pg = q->page(**lease, page, page_size);
  if (!pg.ok()) return pg.error();
  const std::string window = previous.first.to_string() + " 至 " + today.to_string();
  return page_json(*pg, [&](const Rows& r, std::size_t i) {
    const bool revoked = trigger == "license_revoked";
    return Json{{"subject_code", r.text(i, 0)},
                {"subject_name", r.text(i, 1)},
                {"trigger_code", trigger},
                {"starts_on", revoked ? r.text(i, 3) : today.to_string()},
                {"basis", revoked ? "《医疗机构执业许可证》" + r.text(i, 2) + " 于 " + r.text(i, 3) + " 被吊销"
                                  : window + " 无不良执业行为记分，且无行政处罚"}};
  });
}

// ======================= restoration =======================

Result<Json> CreditService::apply_restoration(const Principal& p, std::int64_t entry_id, const Json& body) {
  FieldReader r(body);
  auto applicant = r.text("applicant", true, 100);
  auto obligations = r.text("obligations", true, 2000);
  auto commitment = r.text("commitment", true, 2000);
  auto on = r.date("applied_on", false);
  const Date today = today_in_shanghai();
  if (on && *on > today) r.add("applied_on", "申请日期不能晚于今天");
  WJ_TRY(r.finish());
  const Date day = on.value_or(today);
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto e = store::Query::scoped(p.scope(), kEntrySelect, "jurisdiction_path").where("id = ?", entry_id).all(c);
    if (!e.ok()) return e.error();
    if (e->empty()) return errors::not_found("名单记录不存在，或不在您的管辖范围内。");
    if (e->text(0, 1) != "dishonesty") return errors::conflict("守信名单无需信用修复。");
    if (e->text(0, 16) != "active" || e->text(0, 14) < day.to_string())
      return errors::conflict("该失信记录已不在公示期内（" + std::string(entry_state_label(entry_state(*e, 0, day.to_string()))) +
                              "），无需申请信用修复。");
    if (day.to_string() <= e->text(0, 13))
      return errors::validation("最短公示期至 " + e->text(0, 13) + " 届满，届满后（" +
                                    Date::parse(e->text(0, 13)).value().add_days(1).to_string() + " 起）方可申请信用修复。",
                                {{"applied_on", "未满最短公示期"}});
    auto pending = c.query("SELECT 1 FROM credit_restorations WHERE list_entry_id = $1 AND status = 'pending'", {entry_id});
    if (!pending.ok()) return pending.error();
    if (!pending->empty()) return errors::conflict("该记录已有待审核的信用修复申请。");
    auto due = calendar_.add_working_days(day, rules_.restoration_review_wd);
    if (!due.ok()) return due.error();
    auto id = c.query("INSERT INTO credit_restorations (list_entry_id, applied_on, applicant, obligations, commitment, review_due_on, "
                      "status, jurisdiction_path, created_at) VALUES ($1,$2,$3,$4,$5,$6,'pending',$7,$8) RETURNING id",
                      {entry_id, day.to_string(), *applicant, *obligations, *commitment, due->to_string(), e->text(0, 19), utc_now_iso()});
    if (!id.ok()) return id.error();
    out = {{"id", id->integer(0, 0)}, {"list_entry_id", entry_id}, {"applied_on", day.to_string()}, {"status", "pending"},
           {"review_due_on", due->to_string()}, {"applicant", *applicant}};
    WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.restoration_apply", "credit_restoration", std::to_string(id->integer(0, 0)),
                                                    e->text(0, 19), out)));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> CreditService::decide_restoration(const Principal& p, std::int64_t id, const Json& body) {
  FieldReader r(body);
  auto decision = r.one_of("decision", true, {"approve", "reject"});
  auto reason = r.text("reason", true, 2000);
  WJ_TRY(r.finish());
  Json out;
  std::string code;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto row = store::Query::scoped(p.scope(), kRestorationSelect, "r.jurisdiction_path").where("r.id = ?", id).all(c);
    if (!row.ok()) return row.error();
    if (row->empty()) return errors::not_found("信用修复申请不存在，或不在您的管辖范围内。");
    if (row->text(0, 7) != "pending") return errors::conflict("该申请已于 " + row->text(0, 8) + " 作出决定。");
    const std::string today = today_in_shanghai().to_string();
    WJ_TRY(c.exec("UPDATE credit_restorations SET status = $1, decided_on = $2, decision_reason = $3, decided_by = $4 WHERE id = $5",
                  {*decision == "approve" ? "approved" : "rejected", today, *reason, p.user_id, id}));
    if (*decision == "approve") {
      // Publication stops on the decision: the entry leaves the list and every restriction it carried.
      WJ_TRY(c.exec("UPDATE credit_list_entries SET status = 'restored', closed_on = $1, close_reason = $2 WHERE id = $3 AND status = 'active'",
                    {today, "信用修复：" + *reason, row->integer(0, 1)}));
      WJ_TRY(changed(c, row->text(0, 10)));
      code = row->text(0, 10);
    }
    out = {{"id", id}, {"list_entry_id", row->integer(0, 1)}, {"status", *decision == "approve" ? "approved" : "rejected"},
           {"decided_on", today}, {"decision_reason", *reason}, {"decided_within_limit", today <= row->text(0, 6)}};
    auto path = c.query("SELECT jurisdiction_path FROM credit_restorations WHERE id = $1", {id});
    if (!path.ok()) return path.error();
    WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.restoration_decide", "credit_restoration", std::to_string(id), path->text(0, 0), out)));
    return {};
  });
  if (!st.ok()) return st.error();
  if (!code.empty()) WJ_TRY(index_.reload({code}));
  return out;
}

Result<Json> CreditService::list_restorations(const Principal& p, const CreditFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::scoped(p.scope(), kRestorationSelect, "r.jurisdiction_path");
  q.search({"e.subject_name", "e.subject_code", "r.applicant"}, f.q);
  if (!f.status.empty()) q.where("r.status = ?", f.status);
  if (!f.subject_code.empty()) q.where("e.subject_code = ?", registry::normalize_code(f.subject_code));
  q.order_by("r.id DESC");
  auto page = q.page(**lease, f.page, f.page_size);
  if (!page.ok()) return page.error();
  const std::string today = today_in_shanghai().to_string();
  return page_json(*page, [&](const Rows& r, std::size_t i) {
    const ListTrigger* t = rules_.trigger(r.text(i, 13));
    return Json{{"id", r.integer(i, 0)},        {"list_entry_id", r.integer(i, 1)}, {"applied_on", r.text(i, 2)},
                {"applicant", r.text(i, 3)},    {"obligations", r.text(i, 4)},      {"commitment", r.text(i, 5)},
                {"review_due_on", r.text(i, 6)}, {"status", r.text(i, 7)},          {"decided_on", opt_text(r, i, 8)},
                {"decision_reason", opt_text(r, i, 9)}, {"subject_code", r.text(i, 10)}, {"subject_name", r.text(i, 11)},
                {"trigger_label", t ? t->label : r.text(i, 13)}, {"min_ends_on", r.text(i, 14)}, {"ends_on", r.text(i, 15)},
                {"overdue", r.text(i, 7) == "pending" && r.text(i, 6) < today}};
  });
}

// ======================= record and rating =======================

Json CreditService::rating(Conn& c, const Subject& s, Result<bool>& ok) {
  const Date today = today_in_shanghai();
  const auto cycle = rules_.cycle_of(today);
  auto q = [&](const std::string& sql, const store::Params& params) -> std::int64_t {
    auto r = c.query(sql, params);
    if (!r.ok()) {
      ok = r.error();
      return 0;
    }
    return r->integer(0, 0);
  };
  const auto points = q("SELECT coalesce(sum(points), 0) FROM credit_points WHERE subject_code = $1 AND cycle = $2 AND status = 'active'",
                        {s.code, cycle.label});
  const auto penalties = q("SELECT count(*) FROM penalty_decisions WHERE subject_code = $1 AND revoked = 0 AND decision_date >= $2",
                           {s.code, add_months(today, -24).to_string()});
  auto entries = [&](const char* kind, const char* severity) {
    return q("SELECT count(*) FROM credit_list_entries WHERE subject_code = $1 AND list_kind = $2 AND severity LIKE $3 AND "
             "status = 'active' AND ends_on >= $4",
             {s.code, std::string(kind), std::string(severity), today.to_string()});
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
    auto i = c.query("SELECT category, grade, address, legal_representative, status FROM institutions WHERE id = $1", {s.id});
    if (!i.ok()) return i.error();
    auto lic = c.query("SELECT license_no, issued_on, valid_until, status FROM practice_licenses WHERE institution_id = $1 ORDER BY id", {s.id});
    if (!lic.ok()) return lic.error();
    Json licenses = Json::array();
    for (std::size_t k = 0; k < lic->size(); ++k)
      licenses.push_back({{"license_no", lic->text(k, 0)}, {"issued_on", lic->text(k, 1)}, {"valid_until", lic->text(k, 2)},
                          {"status", lic->text(k, 3)}});
    out["registration"] = {{"category", i->text(0, 0)}, {"grade", i->text(0, 1)}, {"address", i->text(0, 2)},
                           {"legal_representative", i->text(0, 3)}, {"status", i->text(0, 4)}, {"licenses", licenses}};
  } else {
    auto pr = c.query("SELECT p.kind, p.practice_cert_no, p.practice_category, p.status, i.name, p.registered_on FROM practitioners p "
                      "LEFT JOIN institutions i ON i.id = p.institution_id WHERE p.id = $1",
                      {s.id});
    if (!pr.ok()) return pr.error();
    out["registration"] = {{"kind", pr->text(0, 0)}, {"practice_cert_no", pr->text(0, 1)}, {"practice_category", pr->text(0, 2)},
                           {"status", pr->text(0, 3)}, {"institution_name", pr->text(0, 4)}, {"registered_on", pr->text(0, 5)}};
  }
  // Inspection results join the record once the inspection module registers its findings.
  out["inspections"] = {{"available", static_cast<bool>(inspection_history_)}, {"items", Json::array()}};
  if (inspection_history_) {
    auto items = inspection_history_(c, s);
    if (!items.ok()) return items.error();
    out["inspections"]["items"] = *items;
  }
  auto pen = c.query(std::string(enforcement::PenaltyRegister::kSelect) + " WHERE subject_code = $1 ORDER BY decision_date DESC, id DESC", {s.code});
  if (!pen.ok()) return pen.error();
  out["penalties"] = Json::array();
  for (std::size_t i = 0; i < pen->size(); ++i) out["penalties"].push_back(enforcement::PenaltyRegister::row_json(*pen, i));
  auto pts = c.query(std::string(kPointSelect) + " WHERE subject_code = $1 ORDER BY cycle DESC, assessed_on, id", {s.code});
  if (!pts.ok()) return pts.error();
  Json cycles = Json::array();
  for (std::size_t i = 0; i < pts->size(); ++i) {
    if (cycles.empty() || cycles.back()["cycle"] != pts->text(i, 7))
      cycles.push_back({{"cycle", pts->text(i, 7)}, {"total", 0}, {"items", Json::array()}});
    Json pj = point_json(*pts, i);
    if (const Behaviour* b = rules_.behaviour(pts->text(i, 5))) pj["description"] = b->description;
    if (pts->text(i, 12) == "active") cycles.back()["total"] = cycles.back()["total"].get<std::int64_t>() + pts->integer(i, 6);
    cycles.back()["items"].push_back(pj);
  }
  out["points_by_cycle"] = cycles;
  auto cons = c.query(std::string(kConsequenceSelect) + " WHERE subject_code = $1 ORDER BY starts_on DESC, id DESC", {s.code});
  if (!cons.ok()) return cons.error();
  out["consequences"] = Json::array();
  for (std::size_t i = 0; i < cons->size(); ++i) out["consequences"].push_back(consequence_json(*cons, i));
  CreditFilter f;
  f.subject_code = s.code;
  f.page_size = 100;
  auto entries = list_entries(Principal::system(), f);
  if (!entries.ok()) return entries.error();
  out["list_entries"] = (*entries)["items"];
  auto rest = list_restorations(Principal::system(), f);
  if (!rest.ok()) return rest.error();
  out["restorations"] = (*rest)["items"];
  Result<bool> ok = true;
  out["rating"] = rating(c, s, ok);
  if (!ok.ok()) return ok.error();
  return out;
}

Result<Json> CreditService::public_record(std::int64_t institution_id) {
  auto inst = db_.query("SELECT credit_code, status FROM institutions WHERE id = $1", {institution_id});
  if (!inst.ok()) return inst.error();
  if (inst->empty() || inst->text(0, 1) == "closed") return errors::not_found("机构不存在。");
  auto full = record(Principal::system(), inst->text(0, 0));
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
      auto last = c.query("SELECT coalesce(max(last_event_id), 0) FROM credit_export_batches WHERE kind = $1", {kind});
      if (!last.ok()) return last.error();
      since = last->integer(0, 0);
    }
    const auto& a = rules_.authority;
    Table t = kind == "license" ? license_layout() : penalty_layout();
    std::int64_t high = since;
    if (kind == "license") {
      auto rows = store::Query::scoped(p.scope(),
                                       "SELECT e.id, i.name, i.credit_code, i.legal_representative, e.kind, l.license_no, "
                                       "l.clinical_subjects, e.effective_on, l.issued_on, e.valid_until_after, e.status_after "
                                       "FROM license_events e JOIN practice_licenses l ON l.id = e.license_id JOIN institutions i "
                                       "ON i.id = l.institution_id",
                                       "l.jurisdiction_path")
                      .where("e.id > ?", since)
                      .order_by("e.id")
                      .all(c);
      if (!rows.ok()) return rows.error();
      for (std::size_t i = 0; i < rows->size(); ++i) {
        const std::string ev = rows->text(i, 4);
        t.rows.push_back({rows->text(i, 1), "法人及非法人组织", rows->text(i, 2), rows->text(i, 3), std::string("医疗机构") + license_event_name(ev) + "决定",
                          rows->text(i, 5) + "-" + std::to_string(rows->integer(i, 0)), "普通", "医疗机构执业许可证", rows->text(i, 5),
                          std::string(license_event_name(ev)) + "；诊疗科目：" + rows->text(i, 6), rows->text(i, 7), rows->text(i, 8),
                          rows->text(i, 9), a.name, a.credit_code, license_status_name(rows->text(i, 10)), a.source_unit,
                          a.source_unit_code, ""});
        high = std::max(high, rows->integer(i, 0));
      }
    } else {
      auto rows = store::Query::scoped(p.scope(),
                                       "SELECT e.id, e.kind, d.subject_kind, d.subject_code, d.subject_name, d.legal_representative, "
                                       "d.decision_no, d.violation_type, d.facts, d.basis, d.category, d.content, d.fine_fen, "
                                       "d.decision_date, d.publication_ends_on, d.authority, d.authority_code, d.source_unit, "
                                       "d.source_unit_code, d.revocation_decision_no, d.revoked_on FROM penalty_events e JOIN "
                                       "penalty_decisions d ON d.id = e.penalty_id",
                                       "d.jurisdiction_path")
                      .where("e.id > ?", since)
                      .order_by("e.id")
                      .all(c);
      if (!rows.ok()) return rows.error();
      for (std::size_t i = 0; i < rows->size(); ++i) {
        const bool person = rows->text(i, 2) == "practitioner";
        const bool revoke = rows->text(i, 1) == "revoke";
        t.rows.push_back({rows->text(i, 4), person ? "自然人" : "法人及非法人组织", person ? "" : rows->text(i, 3), rows->text(i, 5),
                          person ? "身份证" : "", person ? rows->text(i, 3) : "", rows->text(i, 6), rows->text(i, 7), rows->text(i, 8),
                          rows->text(i, 9), rows->text(i, 10), rows->text(i, 11), fen_to_wan(rows->integer(i, 12)), rows->text(i, 13),
                          rows->text(i, 14), rows->text(i, 15), rows->text(i, 16), rows->text(i, 17), rows->text(i, 18),
                          revoke ? "已撤销（" + rows->text(i, 19) + "，" + rows->text(i, 20) + "），请撤下公示" : ""});
        high = std::max(high, rows->integer(i, 0));
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
      auto id = c.query("INSERT INTO credit_export_batches (kind, last_event_id, row_count, file_sm3, exported_by, exported_at) "
                        "VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
                        {kind, high, file.rows, digest, p.user_id, utc_now_iso()});
      if (!id.ok()) return id.error();
      WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.dual_publication_export", "credit_export_batch", std::to_string(id->integer(0, 0)),
                                                      p.jurisdiction_path.empty() ? "/" : p.jurisdiction_path,
                                                      {{"kind", kind}, {"rows", file.rows}, {"since_event", since},
                                                       {"through_event", high}, {"file_sm3", digest}})));
    }
    return {};
  });
  if (!st.ok()) return st.error();
  return file;
}

Result<Json> CreditService::export_batches(const Principal&) {
  auto rows = db_.query("SELECT b.id, b.kind, b.last_event_id, b.row_count, b.file_sm3, u.display_name, b.exported_at FROM "
                        "credit_export_batches b LEFT JOIN users u ON u.id = b.exported_by ORDER BY b.id DESC LIMIT 100");
  if (!rows.ok()) return rows.error();
  Json items = Json::array();
  for (std::size_t i = 0; i < rows->size(); ++i)
    items.push_back({{"id", rows->integer(i, 0)}, {"kind", rows->text(i, 1)}, {"last_event_id", rows->integer(i, 2)},
                     {"rows", rows->integer(i, 3)}, {"file_sm3", rows->text(i, 4)}, {"exported_by", rows->text(i, 5)},
                     {"exported_at", rows->text(i, 6)}});
  return Json{{"items", items}};
}

}  // namespace weijian::credit
