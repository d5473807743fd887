#include "identity/session_store.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/test_db.h"

namespace weijian::identity::sessions {
namespace {

class SessionStoreTest : public store::testing_support::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    ASSERT_TRUE(store::migrate(*db_, store::embedded_migrations()).ok());
    const std::string now = "2026-12-01T00:00:00Z";
    ASSERT_TRUE(db_->query("INSERT INTO departments (code, name, short_name, duties, created_at) VALUES ('health', '卫健委', '卫健委', '', $1)", {now}).ok());
    ASSERT_TRUE(db_->query("INSERT INTO jurisdictions (parent_id, code, name, level, path, created_at) VALUES (NULL, '330300', '温州市', 'city', '/1/', $1)", {now}).ok());
    ASSERT_TRUE(db_->query("INSERT INTO users (username, display_name, role, department_id, jurisdiction_id, jurisdiction_path, "
                           "password_hash, status, totp_last_step, failed_logins, password_changed_at, created_at) "
                           "VALUES ('wang', '王检查', 'inspector', 1, 1, '/1/', 'x', 'active', 0, 0, $1, $1)", {now})
                    .ok());
  }
};

TEST_P(SessionStoreTest, LiveSessionsAreFoundTouchedAndRevoked) {
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  ASSERT_TRUE(insert(c, "h1", 1, "2026-12-01T01:00:00Z", "2026-12-01T01:30:00Z", "2026-12-01T13:00:00Z", "127.0.0.1").ok());
  ASSERT_TRUE(insert(c, "h2", 1, "2026-12-01T01:00:00Z", "2026-12-01T01:30:00Z", "2026-12-01T13:00:00Z", "127.0.0.1").ok());
  ASSERT_TRUE(insert(c, "h3", 1, "2026-12-01T01:00:00Z", "2026-12-01T01:30:00Z", "2026-12-01T13:00:00Z", "127.0.0.1").ok());
  auto s = find_live(c, "h1");
  ASSERT_TRUE(s.ok() && s->has_value());
  EXPECT_EQ((*s)->username, "wang");
  EXPECT_EQ((*s)->jurisdiction_path, "/1/");
  EXPECT_EQ((*s)->last_seen_at, "2026-12-01T01:00:00Z");
  ASSERT_TRUE(touch(c, "h1", "2026-12-01T01:10:00Z", "2026-12-01T01:40:00Z").ok());
  EXPECT_EQ(find_live(c, "h1")->value().expires_at, "2026-12-01T01:40:00Z");
  ASSERT_TRUE(revoke(c, "h2", "2026-12-01T01:20:00Z").ok());
  EXPECT_FALSE(find_live(c, "h2")->has_value());
  EXPECT_EQ(*revoke_all(c, 1, "2026-12-01T01:30:00Z", std::string("h1")), 1);  // h3 only
  EXPECT_TRUE(find_live(c, "h1")->has_value());
  EXPECT_FALSE(find_live(c, "h3")->has_value());
  EXPECT_EQ(*revoke_all(c, 1, "2026-12-01T01:40:00Z"), 1);
  EXPECT_FALSE(find_live(c, "h1")->has_value());
  EXPECT_FALSE(find_live(c, "nope")->has_value());
}

WJ_INSTANTIATE_ENGINES(SessionStoreTest);

}  // namespace
}  // namespace weijian::identity::sessions
