#include "credit/labels.h"

#include <gtest/gtest.h>

#include <set>

#include "credit/json.h"
#include "enforcement/labels.h"

namespace weijian::credit {
namespace {

std::string label_in(const std::vector<LabelSet>& sets, const std::string& set, const std::string& id) {
  for (const auto& s : sets)
    if (s.name == set)
      for (const auto& l : s.labels)
        if (id == l.id) return l.label;
  return "";
}

TEST(CreditLabels, SetsCarryTheWordsTheRowsUse) {
  const auto sets = label_sets();
  std::set<std::string> names;
  for (const auto& s : sets) names.insert(s.name);
  for (const char* n : {"credit.subject_kind", "credit.record_status", "credit.restoration_status", "credit.source_kind", "credit.list_kind",
                        "credit.entry_status", "credit.severity", "credit.context"})
    EXPECT_TRUE(names.count(n)) << n;
  EXPECT_EQ(label_in(sets, "credit.subject_kind", "institution"), subject_kind_label("institution"));
  EXPECT_EQ(label_in(sets, "credit.entry_status", "expired"), entry_state_label("expired"));
  EXPECT_EQ(std::string(entry_state_label("withdrawn")), "已撤销");
  EXPECT_EQ(label_in(sets, "credit.severity", "serious"), "严重");
  EXPECT_EQ(label_in(sets, "credit.context", "procurement"), context_label("procurement"));
  EXPECT_EQ(label_in(enforcement::label_sets(), "enforcement.category", "罚款"), "罚款");
}

}  // namespace
}  // namespace weijian::credit
