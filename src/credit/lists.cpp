// Consequences, their notifications, and the honour and dishonesty lists: entries, their
// export and the candidates for listing.
#include <algorithm>

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

Result<std::set<std::int64_t>> dishonest_institutions(Conn& c, Date today) {
  return list_store::dishonest_institution_ids(c, today.to_string());
}

Result<store::PageOf<ConsequenceView>> CreditService::list_consequences(const Principal& p, const CreditFilter& f) {
  WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
  Conn& c = *lease;
  CreditFilter g = f;
  if (!g.subject_code.empty()) g.subject_code = registry::normalize_code(g.subject_code);
  WJ_ASSIGN_OR_RETURN(auto page, list_store::consequence_page(c, p.scope(), g));
  WJ_ASSIGN_OR_RETURN(auto departments, org_.departments(c));
  const auto dept = identity::by_code(departments);
  store::PageOf<ConsequenceView> out{{}, page.total, page.page, page.page_size};
  for (Consequence& k : page.items) {
    ConsequenceView v{std::move(k), {}};
    WJ_ASSIGN_OR_RETURN(auto ns, list_store::notifications_of(c, v.consequence.id));
    for (Notification& n : ns) {
      auto d = dept.find(n.department_code);
      v.notifications.push_back({std::move(n), d == dept.end() ? "" : d->second->name});
    }
    out.items.push_back(std::move(v));
  }
  return out;
}

Result<store::PageOf<NotificationView>> CreditService::department_notifications(const Principal& p, int page, int page_size) {
  std::optional<identity::Department> dept;
  {
    WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
    WJ_ASSIGN_OR_RETURN(dept, org_.department(*lease, p.department_id));
  }
  if (!dept) return errors::not_found("您的账户未归属任何部门，没有可查看的通知。");
  CreditFilter f;
  f.department = dept->code;
  f.page = page;
  f.page_size = page_size;
  // Addressed to the department, wherever the subject is: the department's own view.
  return list_notifications(Principal::system(), f);
}

Result<store::PageOf<NotificationView>> CreditService::list_notifications(const Principal& p, const CreditFilter& f) {
  WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
  Conn& c = *lease;
  WJ_ASSIGN_OR_RETURN(auto page, list_store::notification_page(c, p.scope(), f));
  WJ_ASSIGN_OR_RETURN(auto departments, org_.departments(c));
  const auto dept = identity::by_code(departments);
  store::PageOf<NotificationView> out{{}, page.total, page.page, page.page_size};
  for (Notification& n : page.items) {
    auto d = dept.find(n.department_code);
    out.items.push_back({std::move(n), d == dept.end() ? "" : d->second->name});
  }
  return out;
}

Result<Json> CreditService::insert_entry(Conn& c, const Principal& p, const Subject& s, const ListTrigger& t, const std::string& basis,
                                         const std::string& source_kind, const std::string& source_ref, Date start, int months) {
  auto publish_by = calendar_.add_working_days(start, rules_.publish_within_wd);
  if (!publish_by.ok()) return publish_by.error();
  const PublicationPeriod period = publication_period(rules_.period(t.severity), start, months);
  ListEntry e;
  e.list_kind = t.list;
  e.subject_kind = s.kind;
  e.subject_id = s.id;
  e.subject_code = s.code;
  e.subject_name = s.name;
  e.trigger_code = t.code;
  e.severity = t.severity;
  e.basis = basis;
  e.source_kind = source_kind;
  e.source_ref = source_ref;
  e.starts_on = start.to_string();
  e.publish_by = publish_by->to_string();
  e.min_ends_on = period.min_ends_on.to_string();
  e.ends_on = period.ends_on.to_string();
  e.contexts = t.list == "dishonesty" ? join_contexts(rules_.list_contexts(t.severity)) : "";
  e.jurisdiction_path = s.jurisdiction_path;
  WJ_ASSIGN_OR_RETURN(const std::int64_t eid, list_store::insert_entry(c, e, p.user_id, utc_now_iso()));
  Json out = {{"id", eid}, {"list_kind", t.list}, {"list_label", list_kind_label(t.list)}, {"subject_code", s.code},
              {"subject_name", s.name}, {"trigger_code", t.code}, {"trigger_label", t.label}, {"severity", t.severity},
              {"basis", basis}, {"starts_on", e.starts_on}, {"publish_by", e.publish_by},
              {"min_ends_on", e.min_ends_on}, {"ends_on", e.ends_on}, {"contexts", contexts_json(e.contexts)}};
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
      WJ_ASSIGN_OR_RETURN(auto pen, enforcement::decision_by_no(c, *source_ref));
      if (!pen) r.add("source_ref", "处罚决定书未登记");
      else if (pen->revoked) r.add("source_ref", "处罚决定已撤销");
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

Result<store::PageOf<ListEntry>> CreditService::list_entries(const Principal& p, const CreditFilter& f) {
  WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
  const std::string today = today_in_shanghai().to_string();
  CreditFilter g = f;
  if (!g.subject_code.empty()) g.subject_code = registry::normalize_code(g.subject_code);
  return list_store::entry_page(*lease, p.scope(), g, today);
}

Result<Table> CreditService::export_entries(const Principal& p, CreditFilter f) {
  f.page = 1;
  f.page_size = 100000;
  WJ_ASSIGN_OR_RETURN(auto page, list_entries(p, f));
  const std::string today = today_in_shanghai().to_string();
  Table t{{"名单", "对象类型", "名称", "统一社会信用代码/身份证号", "认定情形", "严重程度", "认定依据", "公示起始日", "最短公示期至",
           "公示截止日", "状态"},
          {}};
  for (const ListEntry& e : page.items) {
    std::string code = e.subject_code;
    if (e.subject_kind == "practitioner" && code.size() == 18) code = code.substr(0, 6) + "********" + code.substr(14);
    const ListTrigger* trig = rules_.trigger(e.trigger_code);
    t.rows.push_back({list_kind_label(e.list_kind), subject_kind_label(e.subject_kind), e.subject_name, code,
                      trig ? trig->label : e.trigger_code, severity_label(e.severity), e.basis, e.starts_on, e.min_ends_on, e.ends_on,
                      entry_state_label(entry_state(e, today))});
  }
  return t;
}

namespace {
// A page of candidates filtered in memory, paged as store::Query pages (page from 1, size 1–500).
template <class T>
store::PageOf<T> page_of(std::vector<T> all, int page, int page_size) {
  store::PageOf<T> out;
  out.page = std::max(1, page);
  out.page_size = std::clamp(page_size, 1, 500);
  out.total = static_cast<std::int64_t>(all.size());
  const std::size_t from = static_cast<std::size_t>(out.page - 1) * static_cast<std::size_t>(out.page_size);
  for (std::size_t i = from; i < all.size() && i < from + static_cast<std::size_t>(out.page_size); ++i) out.items.push_back(std::move(all[i]));
  return out;
}
struct Candidate {
  std::string code, name, license_no, revoked_on;
};
}  // namespace

Result<store::PageOf<ListCandidate>> CreditService::list_candidates(const Principal& p, const std::string& trigger, int page, int page_size) {
  const Date today = today_in_shanghai();
  const auto cycle = rules_.cycle_of(today);
  const auto previous = rules_.cycle_of(cycle.first.add_days(-1));
  if (trigger != "no_points_two_cycles" && trigger != "license_revoked")
    return errors::bad_request("trigger 应为 no_points_two_cycles（守信）或 license_revoked（吊销许可证）。", {{"trigger", "不支持的认定情形"}});
  WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
  Conn& c = *lease;
  std::vector<Candidate> all;
  if (trigger == "no_points_two_cycles") {
    WJ_ASSIGN_OR_RETURN(auto scored, points_store::subjects_with_active_since(c, previous.first));
    WJ_ASSIGN_OR_RETURN(auto penalised, enforcement::subjects_penalised_since(c, previous.first));
    WJ_ASSIGN_OR_RETURN(auto listed, list_store::subjects_blocking_honour(c, today.to_string()));
    WJ_ASSIGN_OR_RETURN(auto institutions, directory_.institutions(c, p.scope()));
    for (const auto& i : institutions)
      if (i.status == "active" && !scored.count(i.credit_code) && !penalised.count(i.credit_code) && !listed.count(i.credit_code))
        all.push_back({i.credit_code, i.name, "", ""});
  } else {
    WJ_ASSIGN_OR_RETURN(auto listed, list_store::subjects_listed_for(c, "license_revoked"));
    WJ_ASSIGN_OR_RETURN(auto licences, directory_.licences_with_status(c, p.scope(), "revoked"));
    for (const auto& l : licences) {
      WJ_ASSIGN_OR_RETURN(auto holder, directory_.institution(c, l.institution_id));
      if (!holder || listed.count(holder->credit_code)) continue;
      WJ_ASSIGN_OR_RETURN(auto revoked_on, directory_.last_licence_event_on(c, l.id, "revoke"));
      all.push_back({holder->credit_code, holder->name, l.license_no, revoked_on.value_or("")});
    }
  }
  const std::string window = previous.first.to_string() + " 至 " + today.to_string();
  const bool revoked = trigger == "license_revoked";
  auto found = page_of(std::move(all), page, page_size);
  store::PageOf<ListCandidate> out{{}, found.total, found.page, found.page_size};
  for (const Candidate& k : found.items)
    out.items.push_back({k.code, k.name, trigger, revoked ? k.revoked_on : today.to_string(),
                         revoked ? "《医疗机构执业许可证》" + k.license_no + " 于 " + k.revoked_on + " 被吊销"
                                 : window + " 无不良执业行为记分，且无行政处罚"});
  return out;
}

}  // namespace weijian::credit
