// The public portal: frozen and drawn plans, and published results. No login; nothing beyond
// what is published.
#include <algorithm>

#include "inspection/json.h"
#include "inspection/service.h"
#include "inspection/service_internal.h"

namespace weijian::inspection {

Result<Json> InspectionService::public_plans(int page, int page_size) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  WJ_ASSIGN_OR_RETURN(auto pg, plan_store::public_page(**lease, page, std::min(page_size, 50)));
  WJ_TRY(name_plans(**lease, pg.items));
  Json out = store::page_json(pg, [](const Plan& plan) {
    Json full = to_json(plan);
    return Json{{"id", full["id"]}, {"title", full["title"]}, {"year", full["year"]}, {"period_start", full["period_start"]},
                {"period_end", full["period_end"]}, {"lead_department_name", full["lead_department_name"]},
                {"joint_departments", full["joint_departments"]}, {"scope_jurisdiction_name", full["scope_jurisdiction_name"]},
                {"ratios_percent", full["ratios_percent"]}, {"status", full["status"]}, {"status_label", full["status_label"]}};
  });
  WJ_TRY(complete_plans(**lease, out["items"], false, true));
  for (auto& plan : out["items"]) {
    Json names = Json::array();
    for (const auto& it : plan["items"]) names.push_back(it["name"]);
    plan["items"] = names;
  }
  return out;
}

Result<Json> InspectionService::public_results(const std::string& q_text, std::int64_t plan_id, int page, int page_size) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  TaskQuery q;
  q.status = "published";
  q.q = q_text;
  q.search_title = false;
  if (!q_text.empty()) {
    WJ_ASSIGN_OR_RETURN(q.named, directory_.institution_ids_named(**lease, q_text));
  }
  q.plan_id = plan_id;
  q.public_order = true;
  WJ_ASSIGN_OR_RETURN(auto pg, task_store::page(**lease, q, page, std::min(page_size, 50)));
  WJ_TRY(name_tasks(**lease, pg.items));
  const std::string now = detail::today();
  return store::page_json(pg, [&](const Task& task) {
    Json t = to_json(task, now);
    return Json{{"id", t["id"]},
                {"plan_id", t["plan_id"]},
                {"plan_title", t["plan_title"]},
                {"institution_name", t["institution_name"]},
                {"target_id", t["target_id"]},
                {"category_label", t["category_label"]},
                {"jurisdiction_name", t["jurisdiction_name"]},
                {"inspected_on", t["inspected_on"]},
                {"outcome", t["outcome"]},
                {"outcome_label", t["outcome_label"]},
                {"findings", t["findings"]},
                {"published_on", t["published_on"]}};
  });
}

}  // namespace weijian::inspection
