// Credit restoration (信用修复): applying once the shortest publication period has passed, and
// the decision that ends the entry's publication.
#include "core/clock.h"
#include "core/fields.h"
#include "credit/json.h"
#include "credit/list_store.h"
#include "credit/restoration_store.h"
#include "credit/service.h"
#include "ledger/ledger.h"
#include "registry/identifiers.h"

namespace weijian::credit {

using identity::Principal;
using store::Conn;

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
    WJ_ASSIGN_OR_RETURN(auto e, list_store::entry_in_scope(c, p.scope(), entry_id));
    if (!e) return errors::not_found("名单记录不存在，或不在您的管辖范围内。");
    if (e->list_kind != "dishonesty") return errors::conflict("守信名单无需信用修复。");
    if (e->status != "active" || e->ends_on < day.to_string())
      return errors::conflict("该失信记录已不在公示期内（" + std::string(entry_state_label(entry_state(*e, day.to_string()))) +
                              "），无需申请信用修复。");
    if (day.to_string() <= e->min_ends_on)
      return errors::validation("最短公示期至 " + e->min_ends_on + " 届满，届满后（" +
                                    Date::parse(e->min_ends_on).value().add_days(1).to_string() + " 起）方可申请信用修复。",
                                {{"applied_on", "未满最短公示期"}});
    WJ_ASSIGN_OR_RETURN(const bool pending, restoration_store::has_pending(c, entry_id));
    if (pending) return errors::conflict("该记录已有待审核的信用修复申请。");
    auto due = calendar_.add_working_days(day, rules_.restoration_review_wd);
    if (!due.ok()) return due.error();
    Restoration x;
    x.list_entry_id = entry_id;
    x.applied_on = day.to_string();
    x.applicant = *applicant;
    x.obligations = *obligations;
    x.commitment = *commitment;
    x.review_due_on = due->to_string();
    x.jurisdiction_path = e->jurisdiction_path;
    WJ_ASSIGN_OR_RETURN(const std::int64_t id, restoration_store::insert(c, x, utc_now_iso()));
    out = {{"id", id}, {"list_entry_id", entry_id}, {"applied_on", day.to_string()}, {"status", "pending"},
           {"review_due_on", due->to_string()}, {"applicant", *applicant}};
    WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.restoration_apply", "credit_restoration", std::to_string(id),
                                                    e->jurisdiction_path, out)));
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
    WJ_ASSIGN_OR_RETURN(auto row, restoration_store::in_scope(c, p.scope(), id));
    if (!row) return errors::not_found("信用修复申请不存在，或不在您的管辖范围内。");
    if (row->status != "pending") return errors::conflict("该申请已于 " + row->decided_on.value_or("") + " 作出决定。");
    const std::string today = today_in_shanghai().to_string();
    const std::string status = *decision == "approve" ? "approved" : "rejected";
    WJ_TRY(restoration_store::decide(c, id, status, today, *reason, p.user_id));
    if (*decision == "approve") {
      // Publication stops on the decision: the entry leaves the list and every restriction it carried.
      WJ_TRY(list_store::restore_entry(c, row->list_entry_id, today, "信用修复：" + *reason));
      WJ_TRY(changed(c, row->subject_code));
      code = row->subject_code;
    }
    out = {{"id", id}, {"list_entry_id", row->list_entry_id}, {"status", status},
           {"decided_on", today}, {"decision_reason", *reason}, {"decided_within_limit", today <= row->review_due_on}};
    WJ_TRY(ledger::append(c, db_.engine(), p.event("credit.restoration_decide", "credit_restoration", std::to_string(id), row->jurisdiction_path, out)));
    return {};
  });
  if (!st.ok()) return st.error();
  if (!code.empty()) WJ_TRY(index_.reload({code}));
  return out;
}

Result<store::PageOf<Restoration>> CreditService::list_restorations(const Principal& p, const CreditFilter& f) {
  WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
  CreditFilter g = f;
  if (!g.subject_code.empty()) g.subject_code = registry::normalize_code(g.subject_code);
  return restoration_store::page(*lease, p.scope(), g);
}

}  // namespace weijian::credit
