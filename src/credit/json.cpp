#include "credit/json.h"

#include "core/csv.h"
#include "credit/labels.h"

namespace weijian::credit {
namespace {
Json opt(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }
}  // namespace

const char* subject_kind_label(const std::string& k) { return lookup(kSubjectKinds, k == "institution" ? "institution" : "practitioner"); }
const char* list_kind_label(const std::string& k) { return lookup(kListKinds, k == "dishonesty" ? "dishonesty" : "honour"); }
const char* severity_label(const std::string& s) { return lookup(kSeverities, s == "serious" ? "serious" : "ordinary"); }

std::string entry_state(const ListEntry& e, const std::string& today) {
  if (e.status == "active" && e.ends_on < today) return "expired";
  return e.status;
}

// Any other state is a withdrawn one (已撤销).
const char* entry_state_label(const std::string& s) {
  const char* label = lookup(kEntryStates, s);
  return *label ? label : lookup(kEntryStates, "withdrawn");
}

Json contexts_json(const std::string& joined) {
  Json out = Json::array();
  for (const auto& c : split_list(joined, ',')) out.push_back({{"context", c}, {"label", context_label(c)}});
  return out;
}

Json to_json(const Point& p, const CreditRules& rules) {
  Json j = {{"id", p.id},
            {"subject_kind", p.subject_kind},
            {"subject_id", p.subject_id},
            {"subject_code", p.subject_code},
            {"subject_name", p.subject_name},
            {"behaviour_code", p.behaviour_code},
            {"points", p.points},
            {"cycle", p.cycle},
            {"assessed_on", p.assessed_on},
            {"source_kind", p.source_kind},
            {"source_ref", p.source_ref},
            {"note", p.note},
            {"status", p.status},
            {"withdrawn_on", opt(p.withdrawn_on)},
            {"withdrawal_decision", opt(p.withdrawal_decision)},
            {"withdrawal_reason", opt(p.withdrawal_reason)}};
  if (const Behaviour* b = rules.behaviour(p.behaviour_code)) j["description"] = b->description;
  return j;
}

Json to_json(const Consequence& k) {
  return {{"id", k.id},
          {"subject_kind", k.subject_kind},
          {"subject_id", k.subject_id},
          {"subject_code", k.subject_code},
          {"subject_name", k.subject_name},
          {"cycle", k.cycle},
          {"threshold_points", k.threshold_points},
          {"code", k.code},
          {"label", k.label},
          {"total_at_crossing", k.total_at_crossing},
          {"point_id", k.point_id},
          {"starts_on", k.starts_on},
          {"ends_on", k.ends_on},
          {"contexts", contexts_json(k.contexts)},
          {"status", k.status},
          {"withdrawn_on", opt(k.withdrawn_on)},
          {"withdrawal_reason", opt(k.withdrawal_reason)}};
}

Json to_json(const ConsequenceView& v) {
  Json j = to_json(v.consequence);
  j["notifications"] = Json::array();
  for (const auto& n : v.notifications)
    j["notifications"].push_back({{"department_code", n.notification.department_code}, {"department_name", n.department_name},
                                  {"due_on", n.notification.due_on}, {"message", n.notification.message}});
  return j;
}

Json to_json(const NotificationView& v) {
  const Notification& n = v.notification;
  return Json{{"id", n.id},
              {"department_code", n.department_code},
              {"department_name", v.department_name},
              {"subject_code", n.subject_code},
              {"subject_name", n.subject_name},
              {"message", n.message},
              {"created_on", n.created_on},
              {"due_on", n.due_on},
              {"consequence_id", n.consequence_id}};
}

Json to_json(const ListEntry& e, const CreditRules& rules, const std::string& today) {
  const ListTrigger* t = rules.trigger(e.trigger_code);
  const std::string state = entry_state(e, today);
  return Json{{"id", e.id},
              {"list_kind", e.list_kind},
              {"list_label", list_kind_label(e.list_kind)},
              {"subject_kind", e.subject_kind},
              {"subject_id", e.subject_id},
              {"subject_code", e.subject_code},
              {"subject_name", e.subject_name},
              {"trigger_code", e.trigger_code},
              {"trigger_label", t ? t->label : e.trigger_code},
              {"severity", e.severity},
              {"severity_label", severity_label(e.severity)},
              {"basis", e.basis},
              {"source_kind", e.source_kind},
              {"source_ref", e.source_ref},
              {"starts_on", e.starts_on},
              {"publish_by", e.publish_by},
              {"min_ends_on", e.min_ends_on},
              {"ends_on", e.ends_on},
              {"contexts", contexts_json(e.contexts)},
              {"status", state},
              {"status_label", entry_state_label(state)},
              {"closed_on", opt(e.closed_on)},
              {"close_reason", opt(e.close_reason)},
              {"restorable_from", e.min_ends_on < today ? today : Date::parse(e.min_ends_on).value().add_days(1).to_string()}};
}

Json to_json(const Restoration& r, const CreditRules& rules, const std::string& today) {
  const ListTrigger* t = rules.trigger(r.trigger_code);
  return Json{{"id", r.id},
              {"list_entry_id", r.list_entry_id},
              {"applied_on", r.applied_on},
              {"applicant", r.applicant},
              {"obligations", r.obligations},
              {"commitment", r.commitment},
              {"review_due_on", r.review_due_on},
              {"status", r.status},
              {"decided_on", opt(r.decided_on)},
              {"decision_reason", opt(r.decision_reason)},
              {"subject_code", r.subject_code},
              {"subject_name", r.subject_name},
              {"trigger_label", t ? t->label : r.trigger_code},
              {"min_ends_on", r.min_ends_on},
              {"ends_on", r.ends_on},
              {"overdue", r.status == "pending" && r.review_due_on < today}};
}

Json to_json(const ListCandidate& k) {
  return Json{{"subject_code", k.subject_code}, {"subject_name", k.subject_name}, {"trigger_code", k.trigger_code},
              {"starts_on", k.starts_on}, {"basis", k.basis}};
}

Json to_json(const ExportBatchView& v) {
  const ExportBatch& b = v.batch;
  return Json{{"id", b.id},           {"kind", b.kind},       {"last_event_id", b.last_event_id}, {"rows", b.row_count},
              {"file_sm3", b.file_sm3}, {"exported_by", v.exported_by_name}, {"exported_at", b.exported_at}};
}

}  // namespace weijian::credit
