#include "inspection/json.h"

#include "core/csv.h"

namespace weijian::inspection {
namespace {

Json categories_json(const std::string& list) {
  Json cats = Json::array();
  for (const auto& c : split_list(list)) cats.push_back({{"id", c}, {"label", category_label(c)}});
  return cats;
}

}  // namespace

Json to_json(const InspectionItem& i) {
  return {{"id", i.id},
          {"code", i.code},
          {"name", i.name},
          {"department_code", i.department_code},
          {"department_name", i.department_name},
          {"legal_basis", i.legal_basis},
          {"target_categories", categories_json(i.target_categories)},
          {"specialty", i.specialty},
          {"kind", i.kind},
          {"kind_label", i.kind == "key" ? "重点事项" : "一般事项"},
          {"default_ratio_percent", i.default_ratio_bp / 100.0},
          {"status", i.status}};
}

Json to_json(const Plan& p) {
  Json params = Json::parse(p.params, nullptr, false);
  Json ratios = Json::array();
  for (const auto& bp : params.value("ratios_bp", Json::array())) ratios.push_back(bp.get<int>() / 100.0);
  return {{"id", p.id},
          {"title", p.title},
          {"year", p.year},
          {"period_start", p.period_start},
          {"period_end", p.period_end},
          {"lead_department_id", p.lead_department_id},
          {"lead_department_name", p.lead_department_name},
          {"lead_department_code", p.lead_department_code},
          {"joint_departments", split_list(p.joint_departments)},
          {"categories", categories_json(p.categories)},
          {"ownership", p.ownership},
          {"scope_jurisdiction_id", p.scope_jurisdiction_id},
          {"scope_jurisdiction_name", p.scope_jurisdiction_name},
          {"ratios_percent", ratios},
          {"min_total", params.value("min_total", 0)},
          {"max_total", params.value("max_total", Json(nullptr))},
          {"exclude_months", params.value("exclude_months", Json::array())},
          {"inspectors_per_task", params.value("inspectors_per_task", 2)},
          {"avoid_repeat", params.value("avoid_repeat", true)},
          {"witnesses_required", params.value("witnesses_required", 2)},
          {"public_source", params.value("public_source", "")},
          {"status", p.status},
          {"status_label", plan_status_label(p.status)},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

Json to_json(const Task& t, const std::string& now) {
  const bool overdue_publication = t.status == "submitted" && !t.publish_due_on.empty() && t.publish_due_on < now;
  return {{"id", t.id},
          {"plan_id", t.plan_id},
          {"plan_title", t.plan_title},
          {"institution_id", t.institution_id},
          {"institution_name", t.institution_name},
          {"target_id", t.target_id},
          {"category_label", category_label(t.category)},
          {"grade", t.grade},
          {"due_on", t.due_on},
          {"overdue", t.status == "assigned" && t.due_on < now},
          {"status", t.status},
          {"status_label", task_status_label(t.status)},
          {"outcome", t.outcome ? Json(*t.outcome) : Json(nullptr)},
          {"outcome_label", outcome_label(t.outcome.value_or(""))},
          {"findings", t.findings},
          {"enforcement_lead", t.enforcement_lead},
          {"inspected_on", t.inspected_on},
          {"publish_due_on", t.publish_due_on},
          {"published_on", t.published_on},
          {"publication_overdue", overdue_publication},
          {"jurisdiction_name", t.jurisdiction_name},
          {"submitted_at", t.submitted_at},
          {"address", t.address}};
}

Json to_json(const TaskPhoto& ph) {
  return {{"id", ph.id},     {"file_name", ph.file_name}, {"content_type", ph.content_type},
          {"size", ph.size}, {"sm3", ph.sm3},             {"uploaded_at", ph.uploaded_at}};
}

}  // namespace weijian::inspection
