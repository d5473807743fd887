#include "enforcement/penalty_store.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/test_db.h"

namespace weijian::enforcement {
namespace {

class PenaltyStoreTest : public store::testing_support::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    ASSERT_TRUE(store::migrate(*db_, store::embedded_migrations()).ok());
  }
  static PenaltyDecision decision(const std::string& no, const std::string& code, const std::string& on, const std::string& path) {
    PenaltyDecision d;
    d.decision_no = no;
    d.subject_kind = "institution";
    d.subject_id = 7;
    d.subject_code = code;
    d.subject_name = "测试医院";
    d.violation_type = "超范围执业";
    d.category = "罚款";
    d.fine_fen = 500000;
    d.decision_date = on;
    d.publication_ends_on = "2026-06-01";
    d.jurisdiction_path = path;
    return d;
  }
};

TEST_P(PenaltyStoreTest, DecisionsAreReadBackByColumnAndRevokedWithTheirEvents) {
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  auto a = penalty_store::insert(c, decision("罚1号", "A", "2026-03-01", "/1/2/"), "2026-03-01T00:00:00Z");
  ASSERT_TRUE(a.ok()) << a.error().detail;
  auto b = penalty_store::insert(c, decision("罚2号", "A", "2026-04-01", "/1/3/"), "2026-04-01T00:00:00Z");
  ASSERT_TRUE(b.ok());
  auto found = penalty_store::by_decision_no(c, "罚1号");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, *a);
  EXPECT_EQ((*found)->fine_fen, 500000);
  EXPECT_EQ((*found)->jurisdiction_path, "/1/2/");
  EXPECT_FALSE((*found)->revoked);
  EXPECT_FALSE((*found)->revoked_on.has_value());
  EXPECT_FALSE(penalty_store::by_decision_no(c, "罚9号")->has_value());
  EXPECT_FALSE(penalty_store::in_scope(c, store::Scope{false, "/1/3/"}, *a)->has_value());
  EXPECT_TRUE(penalty_store::in_scope(c, store::Scope{false, "/1/2/"}, *a)->has_value());

  EXPECT_EQ(*penalty_store::unrevoked_count_since(c, "A", Date::parse("2026-03-15").value()), 1);
  ASSERT_TRUE(penalty_store::revoke(c, *b, "2026-05-01", "复1号", "复议撤销", "2026-05-01T00:00:00Z").ok());
  auto revoked = penalty_store::by_id(c, *b);
  ASSERT_TRUE(revoked.ok() && revoked->has_value());
  EXPECT_TRUE((*revoked)->revoked);
  EXPECT_EQ((*revoked)->revocation_decision_no, "复1号");
  EXPECT_EQ(*penalty_store::unrevoked_count_since(c, "A", Date::parse("2026-03-15").value()), 0);
  EXPECT_EQ(penalty_store::subjects_with_unrevoked_since(c, Date::parse("2026-01-01").value())->count("A"), 1u);
  EXPECT_TRUE(penalty_store::subjects_with_unrevoked_since(c, Date::parse("2026-03-02").value())->empty());

  auto events = penalty_store::events_after(c, store::Scope::all(), 0);
  ASSERT_TRUE(events.ok()) << events.error().detail;
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].kind, "record");
  EXPECT_EQ((*events)[2].kind, "revoke");
  EXPECT_EQ((*events)[2].decision.decision_no, "罚2号");
  EXPECT_EQ(penalty_store::events_after(c, store::Scope::all(), (*events)[1].id)->size(), 1u);
  EXPECT_EQ(penalty_store::events_after(c, store::Scope{false, "/1/2/"}, 0)->size(), 1u);

  PenaltyFilter f;
  f.subject_code = "A";
  auto page = penalty_store::page(c, store::Scope::all(), f);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 2);
  EXPECT_EQ(page->items.at(0).decision_no, "罚2号");  // newest first
}

WJ_INSTANTIATE_ENGINES(PenaltyStoreTest);

}  // namespace
}  // namespace weijian::enforcement
