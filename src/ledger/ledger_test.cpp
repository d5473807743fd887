#include "ledger/ledger.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/test_db.h"

namespace weijian::ledger {
namespace {

class LedgerTest : public store::testing_support::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    ASSERT_TRUE(store::migrate(*db_, store::embedded_migrations()).ok());
  }
  void add(int n) {
    for (int i = 0; i < n; ++i) {
      Status st = db_->transaction([&](store::Conn& c) -> Status {
        Event e{7, "张三", 1, "/1/2/", "user.update", "user", std::to_string(i), {{"display_name", "李四" + std::to_string(i)}}};
        auto seq = append(c, db_->engine(), e);
        if (!seq.ok()) return seq.error();
        return {};
      });
      ASSERT_TRUE(st.ok()) << st.error().detail;
    }
  }
};

TEST_P(LedgerTest, EmptyLedgerVerifies) {
  auto v = verify(*db_);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
  EXPECT_EQ(v->entries, 0);
}

TEST_P(LedgerTest, ChainOfEntriesVerifiesAndLinks) {
  add(5);
  auto v = verify(*db_);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->detail;
  EXPECT_EQ(v->entries, 5);
  auto rows = db_->query("SELECT prev_hash, hash FROM ledger_entries ORDER BY seq");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->row(0).text("prev_hash"), kGenesisHash);
  for (std::size_t i = 1; i < rows->size(); ++i) EXPECT_EQ(rows->row(i).text("prev_hash"), rows->row(i - 1).text("hash"));
}

TEST_P(LedgerTest, EntriesAreReadByFilterWithinScopeNewestFirst) {
  add(3);  // 张三, user.update, /1/2/, subjects "0" … "2"
  ASSERT_TRUE(db_->transaction([&](store::Conn& c) -> Status {
                   WJ_TRY(append(c, db_->engine(), Event{9, "李四", 1, "/1/3/", "department.create", "department", "5", {{"a", 1}}}));
                   return {};
                 }).ok());
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  auto all = entries_page(c, store::Scope::all(), {}, 1, 2);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 4);
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[0].seq, 4);
  EXPECT_EQ(all->items[0].actor_name, "李四");
  EXPECT_EQ(all->items[0].change, "{\"a\":1}");
  EXPECT_EQ(all->items[1].seq, 3);
  auto scoped = entries(c, store::Scope{false, "/1/2/"}, {});
  ASSERT_TRUE(scoped.ok());
  EXPECT_EQ(scoped->size(), 3u);
  EntryFilter f;
  f.subject_type = "user";
  f.subject_id = "1";
  auto one = entries(c, store::Scope::all(), f);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].seq, 2);
  EntryFilter by_actor;
  by_actor.actor = "李";
  EXPECT_EQ(entries(c, store::Scope::all(), by_actor)->size(), 1u);
  EntryFilter future;
  future.from_time = "2999-01-01T00:00:00Z";
  EXPECT_TRUE(entries(c, store::Scope::all(), future)->empty());
  auto e = entry(c, 2);
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->subject_id, "1");
  EXPECT_EQ((*e)->prev_hash, entry(c, 1)->value().hash);
  EXPECT_FALSE(entry(c, 99)->has_value());
}

TEST_P(LedgerTest, AlteredChangeIsFoundAtItsRow) {
  add(6);
  ASSERT_TRUE(db_->exec("UPDATE ledger_entries SET change = $1 WHERE seq = 4", {std::string("{\"display_name\":\"王五\"}")}).ok());
  auto v = verify(*db_);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_seq, 4);
  EXPECT_NE(v->detail.find("第 4 条"), std::string::npos);
}

TEST_P(LedgerTest, AlteredFieldWithRecomputedDigestIsStillFound) {
  add(3);
  // A forger who also fixes the digest still breaks the entry hash.
  ASSERT_TRUE(db_->exec("UPDATE ledger_entries SET actor_name = $1 WHERE seq = 2", {std::string("旁人")}).ok());
  auto v = verify(*db_);
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_seq, 2);
}

TEST_P(LedgerTest, DeletedEntryIsFound) {
  add(5);
  ASSERT_TRUE(db_->exec("DELETE FROM ledger_entries WHERE seq = 3").ok());
  auto v = verify(*db_);
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_seq, 3);
}

TEST_P(LedgerTest, RolledBackChangeLeavesNoEntry) {
  Status st = db_->transaction([&](store::Conn& c) -> Status {
    WJ_TRY(append(c, db_->engine(), Event{1, "a", 1, "/1/", "x.y", "x", "1", Json::object()}));
    return errors::validation("校验未通过", {});
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(db_->query("SELECT count(*) AS n FROM ledger_entries")->row(0).integer("n"), 0);
}

TEST_P(LedgerTest, SignedCheckpointVerifiesWithPublicKeyOnly) {
  add(2);
  const std::string path = ::testing::TempDir() + "/wj_ledger_sm2.pem";
  std::remove(path.c_str());
  auto signer = crypto::Sm2Signer::load_or_create(path);
  ASSERT_TRUE(signer.ok());
  auto cp = checkpoint(*db_, *signer);
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->seq, 2);
  Json j = checkpoint_json(*cp, *signer);
  EXPECT_EQ(j["sm2_id"], "1234567812345678");
  EXPECT_TRUE(verify_checkpoint(j, signer->public_key_pem()).value());
  j["head_hash"] = std::string(64, 'a');
  EXPECT_FALSE(verify_checkpoint(j, signer->public_key_pem()).value());
  std::remove(path.c_str());
}

WJ_INSTANTIATE_ENGINES(LedgerTest);

}  // namespace
}  // namespace weijian::ledger
