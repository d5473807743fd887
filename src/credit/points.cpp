// Points and thresholds: assessing and withdrawing misconduct points, and bringing a cycle's
// consequences (and the list entries they imply) in line with its active points.
#include <algorithm>
#include <set>

#include "core/clock.h"
#include "core/fields.h"
#include "credit/json.h"
#include "credit/list_store.h"
#include "credit/points_store.h"
#include "credit/service.h"
#include "credit/thresholds.h"
#include "ledger/ledger.h"
#include "registry/identifiers.h"

namespace weijian::credit {

using identity::Principal;
using registry::Subject;
using store::Conn;

Result<CreditService::Created> CreditService::evaluate(Conn& c, const Principal& p, const Subject& s, const std::string& cycle,
                                                       const std::string& reason) {
  Created created;
  WJ_ASSIGN_OR_RETURN(auto pts, points_store::active_of_cycle(c, s.kind, s.id, cycle));
  std::vector<ScoredPoint> scored;
  for (const Point& pt : pts) scored.push_back({pt.id, static_cast<int>(pt.points), Date::parse(pt.assessed_on).value()});
  const std::vector<Crossing> want = crossings(rules_, s.kind, scored);
  WJ_ASSIGN_OR_RETURN(auto have, list_store::active_consequences(c, s.kind, s.id, cycle));
  const auto same = [](const Crossing& w, const Consequence& k) {
    return w.threshold->points == k.threshold_points && w.point_id == k.point_id && w.ends.to_string() == k.ends_on;
  };
  const std::string today = today_in_shanghai().to_string();
  // Withdraw what the points no longer reach (a source was revoked).
  for (const Consequence& k : have) {
    if (std::any_of(want.begin(), want.end(), [&](const Crossing& w) { return same(w, k); })) continue;
    WJ_TRY(list_store::withdraw_consequence(c, k.id, today, reason));
    WJ_TRY(list_store::withdraw_entries_from(c, "consequence", std::to_string(k.id), today, reason));
    WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.consequence_withdraw", "credit_consequence", std::to_string(k.id),
                                                    s.jurisdiction_path, {{"code", k.code}, {"reason", reason}})));
  }
  for (const Crossing& w : want) {
    if (std::any_of(have.begin(), have.end(), [&](const Consequence& k) { return same(w, k); })) continue;
    const Threshold& t = *w.threshold;
    Consequence k;
    k.subject_kind = s.kind;
    k.subject_id = s.id;
    k.subject_code = s.code;
    k.subject_name = s.name;
    k.cycle = cycle;
    k.threshold_points = t.points;
    k.code = t.code;
    k.label = t.label;
    k.total_at_crossing = w.total;
    k.point_id = w.point_id;
    k.starts_on = w.starts.to_string();
    k.ends_on = w.ends.to_string();
    k.contexts = join_contexts(t.contexts);
    k.jurisdiction_path = s.jurisdiction_path;
    WJ_ASSIGN_OR_RETURN(const std::int64_t cid, list_store::insert_consequence(c, k, utc_now_iso()));
    auto due = calendar_.add_working_days(w.starts, rules_.notify_within_wd);
    if (!due.ok()) return due.error();
    for (const auto& dept : t.departments)
      WJ_TRY(list_store::insert_notification(
          c, Notification{0, cid, dept, s.code, s.name,
                          s.name + "本记分周期累计 " + std::to_string(w.total) + " 分，达到 " + std::to_string(t.points) + " 分：" +
                              t.label + "（" + w.starts.to_string() + " 至 " + w.ends.to_string() + "）",
                          today, due->to_string(), s.jurisdiction_path}));
    Json cj = {{"id", cid}, {"code", t.code}, {"label", t.label}, {"threshold_points", t.points},
               {"total_at_crossing", w.total}, {"starts_on", k.starts_on}, {"ends_on", k.ends_on},
               {"contexts", contexts_json(k.contexts)}, {"departments", t.departments}, {"notify_by", due->to_string()}};
    WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.consequence", "credit_consequence", std::to_string(cid), s.jurisdiction_path, cj)));
    created.consequences.push_back(cj);
    if (t.dishonesty_list) {
      const ListTrigger* trig = rules_.trigger("points_top_threshold");
      auto e = insert_entry(c, p, s, *trig,
                            "不良执业行为记分周期 " + cycle + " 累计 " + std::to_string(w.total) + " 分，达到 " +
                                std::to_string(t.points) + " 分（" + t.label + "）",
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
      WJ_ASSIGN_OR_RETURN(const bool dup, points_store::exists_from_source(c, s.kind, s.id, b->code, *source_kind, *source_ref));
      if (dup) r.add("source_ref", "同一来源记录已就该行为记过分");
    }
    WJ_TRY(r.finish());
    const Date day = on.value_or(today);
    const auto cycle = rules_.cycle_of(day);
    Point pt;
    pt.subject_kind = s.kind;
    pt.subject_id = s.id;
    pt.subject_code = s.code;
    pt.subject_name = s.name;
    pt.behaviour_code = b->code;
    pt.points = points;
    pt.cycle = cycle.label;
    pt.assessed_on = day.to_string();
    pt.source_kind = *source_kind;
    pt.source_ref = *source_ref;
    pt.note = note.value_or("");
    pt.jurisdiction_path = s.jurisdiction_path;
    WJ_ASSIGN_OR_RETURN(const std::int64_t pid, points_store::insert(c, pt, p.user_id, utc_now_iso()));
    WJ_ASSIGN_OR_RETURN(const std::int64_t total, points_store::active_total(c, s.kind, s.id, cycle.label));
    out = {{"id", pid}, {"subject_kind", s.kind}, {"subject_code", s.code}, {"subject_name", s.name}, {"behaviour_code", b->code},
           {"description", b->description}, {"points", points}, {"cycle", cycle.label}, {"assessed_on", day.to_string()},
           {"source_kind", *source_kind}, {"source_ref", *source_ref}, {"cycle_total", total}};
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
    WJ_ASSIGN_OR_RETURN(auto row, points_store::in_scope(c, p.scope(), id));
    if (!row) return errors::not_found("记分记录不存在，或不在您的管辖范围内。");
    if (row->status != "active") return errors::conflict("该记分已于 " + row->withdrawn_on.value_or("") + " 撤回。");
    const std::string today = today_in_shanghai().to_string();
    WJ_TRY(points_store::withdraw(c, id, today, *decision, *reason));
    auto s = directory_.find_subject(c, row->subject_code, "subject_code");
    if (!s.ok()) return s.error();
    WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.points_withdraw", "credit_point", std::to_string(id), s->jurisdiction_path,
                                                    {{"decision_no", *decision}, {"reason", *reason}, {"points", row->points}})));
    auto again = evaluate(c, p, *s, row->cycle, "记分撤回（" + *decision + "）：" + *reason);
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
  WJ_ASSIGN_OR_RETURN(auto rows, points_store::active_from_source(c, "penalty", decision_no));
  const std::string why = "处罚决定 " + decision_no + " 已被撤销（" + revocation_no + "）：" + reason;
  std::set<std::pair<std::string, std::string>> cycles;
  for (const Point& pt : rows) {
    WJ_TRY(points_store::withdraw(c, pt.id, on, revocation_no, why));
    cycles.insert({pt.subject_code, pt.cycle});
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

Result<store::PageOf<Point>> CreditService::list_points(const Principal& p, const CreditFilter& f) {
  WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
  CreditFilter g = f;
  if (!g.subject_code.empty()) g.subject_code = registry::normalize_code(g.subject_code);
  return points_store::page(*lease, p.scope(), g);
}

}  // namespace weijian::credit
