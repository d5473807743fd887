#include "inspection/labels.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "inspection/json.h"

namespace weijian::inspection {
namespace {

std::map<std::string, std::map<std::string, std::string>> all_sets() {
  std::map<std::string, std::map<std::string, std::string>> out;
  for (const auto& set : label_sets())
    for (const auto& l : set.labels) out[set.name][l.id] = l.label;
  return out;
}

TEST(InspectionLabels, SetsAreTheWordsTheRecordsCarry) {
  const auto sets = all_sets();
  ASSERT_EQ(sets.size(), 7u);
  Plan plan;
  plan.params = "{}";
  for (const auto& [id, label] : sets.at("inspection.plan_status")) {
    plan.status = id;
    EXPECT_EQ(to_json(plan)["status_label"], label) << id;
  }
  Task task;
  for (const auto& [id, label] : sets.at("inspection.task_status")) {
    task.status = id;
    EXPECT_EQ(to_json(task, "2026-12-01")["status_label"], label) << id;
  }
  for (const auto& [id, label] : sets.at("inspection.outcome")) {
    task.outcome = id;
    EXPECT_EQ(to_json(task, "2026-12-01")["outcome_label"], label) << id;
  }
  InspectionItem item;
  for (const auto& [id, label] : sets.at("inspection.item_kind")) {
    item.kind = id;
    EXPECT_EQ(to_json(item)["kind_label"], label) << id;
  }
  EXPECT_EQ(sets.at("inspection.task_status").at("submitted"), "已录入结果，待公示");
  EXPECT_EQ(sets.at("inspection.risk_grade").size(), 4u);
  for (const auto& [id, label] : sets.at("inspection.extra_target_category")) EXPECT_EQ(category_label(id), label);
}

}  // namespace
}  // namespace weijian::inspection
