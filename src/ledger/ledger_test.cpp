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
  EXPECT_EQ(rows->text(0, 0), kGenesisHash);
  for (std::size_t i = 1; i < rows->size(); ++i) EXPECT_EQ(rows->text(i, 0), rows->text(i - 1, 1));
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
  EXPECT_EQ(db_->query("SELECT count(*) FROM ledger_entries")->integer(0, 0), 0);
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
