#pragma once
// The inspection records as the API shows them: one renderer per type.
#include <string>

#include "core/json.h"
#include "inspection/store.h"

namespace weijian::inspection {

// The label of a target category: the registry's institution categories and a few more.
std::string category_label(const std::string& category);
bool is_target_category(const std::string& category);
const char* plan_status_label(const std::string& status);
const char* task_status_label(const std::string& status);
const char* outcome_label(const std::string& outcome);

Json to_json(const InspectionItem& item);
// Without items, joint department names, task counts or draw: the services add those.
Json to_json(const Plan& plan);
// `today` decides whether the task is overdue.
Json to_json(const Task& task, const std::string& today);
Json to_json(const TaskPhoto& photo);

}  // namespace weijian::inspection
