#include "claims/rule_base.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace weijian::claims {
namespace {

Json shipped() {
  std::filesystem::path src = std::getenv("WEIJIAN_SOURCE_DIR") ? std::getenv("WEIJIAN_SOURCE_DIR") : "..";
  std::ifstream in(src / "data" / "claims" / "rules.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

TEST(ClaimsRuleBase, ShippedRuleBaseLoadsWithAllRules) {
  auto rb = RuleBase::from_json(shipped(), "rules.json");
  ASSERT_TRUE(rb.ok()) << rb.error().detail;
  EXPECT_EQ(rb->rule(RuleId::indication).verdict, Verdict::suspicious);
  EXPECT_EQ(rb->params().split_max_gap_days, 15);
  EXPECT_EQ(rb->params().large_outpatient_fen, 100000);
  EXPECT_EQ(rb->to_json()["rules"].size(), kRuleCount);
  // Round trip: what the editor shows is what it can save.
  EXPECT_TRUE(RuleBase::from_json(rb->to_json(), "x").ok());
}

TEST(ClaimsRuleBase, MalformedRuleIsRefusedNamingRuleAndField) {
  Json j = shipped();
  j["rules"][11]["params"]["early_ratio_denominator"] = 0;
  auto rb = RuleBase::from_json(j, "rules.json");
  ASSERT_FALSE(rb.ok());
  EXPECT_NE(rb.error().detail.find("repeat_dispensing"), std::string::npos) << rb.error().detail;
  ASSERT_FALSE(rb.error().errors.empty());
  EXPECT_EQ(rb.error().errors[0].field, "rules[11].params.early_ratio_denominator");
}

TEST(ClaimsRuleBase, RefusesUnknownDuplicateMissingAndBadVerdict) {
  Json j = shipped();
  j["rules"][0]["verdict"] = "maybe";
  auto bad_verdict = RuleBase::from_json(j, "r");
  ASSERT_FALSE(bad_verdict.ok());
  EXPECT_EQ(bad_verdict.error().errors[0].field, "rules[0].verdict");

  j = shipped();
  j["rules"][1]["id"] = "sex_limit";
  auto dup = RuleBase::from_json(j, "r");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().detail.find("出现了两次"), std::string::npos);
  EXPECT_NE(dup.error().detail.find("age_limit"), std::string::npos);  // now missing

  j = shipped();
  j["rules"][2]["id"] = "no_such_rule";
  EXPECT_FALSE(RuleBase::from_json(j, "r").ok());

  j = shipped();
  j["rules"][3].erase("enabled");
  auto no_enabled = RuleBase::from_json(j, "r");
  ASSERT_FALSE(no_enabled.ok());
  EXPECT_EQ(no_enabled.error().errors[0].field, "rules[3].enabled");
}

TEST(ClaimsRuleBase, DisabledRuleStaysInTheBase) {
  Json j = shipped();
  j["rules"][0]["enabled"] = false;
  auto rb = RuleBase::from_json(j, "r");
  ASSERT_TRUE(rb.ok());
  EXPECT_FALSE(rb->enabled(RuleId::sex_limit));
  EXPECT_TRUE(rb->enabled(RuleId::age_limit));
}

}  // namespace
}  // namespace weijian::claims
