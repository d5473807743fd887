#include "inspection/assign.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "core/crypto.h"
#include "inspection/draw_document.h"

namespace weijian::inspection {
namespace {

// A city "/1/" with districts "/1/2/" … "/1/5/": 5 city-level and 10 inspectors per district,
// a third of them from the lead department.
std::vector<PoolInspector> make_pool() {
  std::vector<PoolInspector> pool;
  for (int i = 0; i < 5; ++i) pool.push_back({"C" + std::to_string(i), "/1/", i % 3 == 0, 0});
  for (int d = 2; d <= 5; ++d)
    for (int i = 0; i < 10; ++i) pool.push_back({"D" + std::to_string(d) + "-" + std::to_string(i), "/1/" + std::to_string(d) + "/", i % 3 == 0, 0});
  return pool;
}
std::vector<AssignTarget> make_targets(int n) {
  std::vector<AssignTarget> t;
  for (int i = 0; i < n; ++i) t.push_back({"T" + std::to_string(i), "/1/" + std::to_string(2 + i % 4) + "/" + std::to_string(100 + i % 7) + "/"});
  return t;
}
const PoolInspector& find(const std::vector<PoolInspector>& pool, const std::string& id) {
  return *std::find_if(pool.begin(), pool.end(), [&](const auto& p) { return p.id == id; });
}

TEST(Assign, EveryTaskHasALeadFirstDistinctEligibleInspectors) {
  const auto pool = make_pool();
  const auto targets = make_targets(200);
  auto r = assign_inspectors(targets, pool, {}, "seed", 3);
  ASSERT_TRUE(r.ok()) << r.error().detail;
  ASSERT_EQ(r->size(), targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto& a = (*r)[i];
    EXPECT_EQ(a.target_id, targets[i].id);
    ASSERT_EQ(a.inspectors.size(), 3u);
    EXPECT_TRUE(find(pool, a.inspectors[0]).lead) << "the first inspector holds a lead-department certificate";
    std::set<std::string> distinct(a.inspectors.begin(), a.inspectors.end());
    EXPECT_EQ(distinct.size(), 3u);
    for (const auto& id : a.inspectors)
      EXPECT_EQ(targets[i].jurisdiction_path.rfind(find(pool, id).jurisdiction_path, 0), 0u) << id << " may not go to " << targets[i].jurisdiction_path;
  }
}

// Over many seeds and a dense set of conflicts, no recused pair is ever assigned.
TEST(Assign, RecusalIsNeverBroken) {
  const auto pool = make_pool();
  const auto targets = make_targets(120);
  std::mt19937 rng(7);
  Recusals rec;
  for (const auto& t : targets)
    for (const auto& p : pool)
      if (rng() % 4 == 0) rec[t.id].insert(p.id);
  int assigned = 0;
  for (int s = 0; s < 50; ++s) {
    auto r = assign_inspectors(targets, pool, rec, "seed-" + std::to_string(s), 2);
    if (!r.ok()) continue;  // a target left without enough people is refused, never staffed wrongly
    for (const auto& a : *r)
      for (const auto& id : a.inspectors) {
        EXPECT_FALSE(rec[a.target_id].count(id)) << a.target_id << " / " << id;
        ++assigned;
      }
  }
  EXPECT_GT(assigned, 0);
}

TEST(Assign, LoadIsBalancedWithinEachDistrict) {
  std::vector<PoolInspector> pool;
  for (int i = 0; i < 12; ++i) pool.push_back({"N" + std::to_string(i), "/1/2/", i < 4, 0});
  std::vector<AssignTarget> targets;
  for (int i = 0; i < 300; ++i) targets.push_back({"T" + std::to_string(i), "/1/2/9/"});
  auto r = assign_inspectors(targets, pool, {}, "balance", 2);
  ASSERT_TRUE(r.ok());
  std::map<std::string, int> load;
  for (const auto& a : *r)
    for (const auto& id : a.inspectors) ++load[id];
  int lead_min = 1 << 30, lead_max = 0, other_min = 1 << 30, other_max = 0;
  for (const auto& p : pool) {
    (p.lead ? lead_min : other_min) = std::min(p.lead ? lead_min : other_min, load[p.id]);
    (p.lead ? lead_max : other_max) = std::max(p.lead ? lead_max : other_max, load[p.id]);
  }
  // 300 lead slots over 4 leads (75 each); the 300 second slots go to the least loaded of all 12.
  EXPECT_LE(lead_max - lead_min, 1);
  EXPECT_LE(other_max - other_min, 1);
  EXPECT_LE(std::abs(lead_min - other_max), 76);
}

TEST(Assign, PriorLoadIsTakenIntoAccount) {
  std::vector<PoolInspector> pool = {{"busy", "/1/", true, 10}, {"free", "/1/", true, 0}, {"x", "/1/", false, 0}};
  auto r = assign_inspectors({{"T", "/1/2/"}}, pool, {}, "s", 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].inspectors[0], "free");
}

TEST(Assign, IndependentOfPoolOrder) {
  auto pool = make_pool();
  const auto targets = make_targets(60);
  auto a = assign_inspectors(targets, pool, {}, "order", 2);
  std::reverse(pool.begin(), pool.end());
  auto b = assign_inspectors(targets, pool, {}, "order", 2);
  ASSERT_TRUE(a.ok() && b.ok());
  for (std::size_t i = 0; i < a->size(); ++i) EXPECT_EQ((*a)[i].inspectors, (*b)[i].inspectors);
  auto c = assign_inspectors(targets, pool, {}, "other-seed", 2);
  ASSERT_TRUE(c.ok());
  int differ = 0;
  for (std::size_t i = 0; i < a->size(); ++i) differ += (*a)[i].inspectors != (*c)[i].inspectors;
  EXPECT_GT(differ, 0) << "another seed gives another assignment";
}

TEST(Assign, StaffingCheckNamesTheTargetsThatCannotBeStaffed) {
  std::vector<PoolInspector> pool = {{"L", "/1/2/", true, 0}, {"M", "/1/2/", false, 0}, {"N", "/1/3/", true, 0}};
  std::vector<AssignTarget> targets = {{"OK", "/1/2/7/"}, {"NOLEAD", "/1/2/8/"}, {"FEW", "/1/3/9/"}};
  Recusals rec;
  rec["NOLEAD"].insert("L");
  auto st = check_staffing(targets, pool, rec, 2);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().detail.find("NOLEAD"), std::string::npos);
  EXPECT_NE(st.error().detail.find("FEW"), std::string::npos);
  EXPECT_EQ(st.error().detail.find("“OK”"), std::string::npos);
  EXPECT_TRUE(check_staffing({targets[0]}, pool, rec, 2).ok());
  auto too_many = check_staffing({targets[0]}, pool, rec, 5);
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.error().detail.find("只有3名"), std::string::npos) << too_many.error().detail;
  // What the check passes, the assignment staffs.
  EXPECT_TRUE(assign_inspectors({targets[0]}, pool, rec, "s", 2).ok());
  EXPECT_FALSE(assign_inspectors({targets[1]}, pool, rec, "s", 2).ok());
}

DrawInputs make_inputs() {
  DrawInputs in;
  in.plan_id = "42";
  in.ratios_bp = {500, 1000, 3000, 6000};
  in.max_total = INT64_MAX;
  in.inspectors_per_task = 2;
  const char grades[] = {'A', 'A', 'A', 'B', 'B', 'C', 'D'};
  for (int i = 0; i < 700; ++i)
    in.population.push_back({"9133" + std::to_string(100000 + i), grades[i % 7], 1.0, "/1/" + std::to_string(2 + i % 4) + "/"});
  in.pool = make_pool();
  in.recusals = {{"D2-0", "9133100000", "conflict"}, {"C0", "9133100004", "repeat"}};
  in.nonce = "a-secret-nonce";
  in.commitment = crypto::sm3_hex(in.nonce);
  in.witness_inputs = {"123456", "654321"};
  return in;
}

TEST(DrawDocument, VerifyReproducesAPublishedDraw) {
  const DrawInputs in = make_inputs();
  auto out = run_draw(in);
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_EQ(out->drawn[0], 15);  // ceil(5 % × 300)
  const Json doc = to_document(in, *out, {{"title", "测试计划"}});
  const auto rep = verify_document(Json::parse(doc.dump()));
  EXPECT_TRUE(rep.ok);
  for (const auto& c : rep.checks) EXPECT_EQ(c.rfind("✓", 0), 0u) << c;
}

TEST(DrawDocument, VerifyCatchesEveryKindOfTampering) {
  const DrawInputs in = make_inputs();
  auto out = run_draw(in);
  ASSERT_TRUE(out.ok());
  const Json doc = to_document(in, *out, {});
  auto fails = [](Json d) { return !verify_document(d).ok; };
  Json d = doc;
  d["nonce"] = "another-nonce";  // a nonce chosen after the fact
  EXPECT_TRUE(fails(d));
  d = doc;
  d["witness_inputs"][1] = "654322";
  EXPECT_TRUE(fails(d));
  d = doc;
  d["population"].erase(d["population"].begin() + 3);  // a target quietly removed
  EXPECT_TRUE(fails(d));
  d = doc;
  d["population"][5]["grade"] = "D";  // a grade changed
  EXPECT_TRUE(fails(d));
  d = doc;
  std::swap(d["result"]["tasks"][0]["inspectors"][0], d["result"]["tasks"][1]["inspectors"][0]);
  EXPECT_TRUE(fails(d));
  d = doc;
  d["recusals"].clear();
  EXPECT_TRUE(fails(d));
  d = doc;
  d.erase("pool");
  EXPECT_TRUE(fails(d));
}

TEST(DrawDocument, RunDrawRefusesANonceThatDoesNotMatchTheCommitment) {
  DrawInputs in = make_inputs();
  in.nonce = "chosen-later";
  EXPECT_FALSE(run_draw(in).ok());
}

}  // namespace
}  // namespace weijian::inspection
