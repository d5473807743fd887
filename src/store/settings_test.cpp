#include "store/settings.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/test_db.h"

namespace weijian::store {
namespace {

class SettingsTest : public testing_support::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    ASSERT_TRUE(migrate(*db_, embedded_migrations()).ok());
  }
};

TEST_P(SettingsTest, ASettingIsAbsentThenSetThenReplaced) {
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  auto none = setting(c, "installed_at");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(put_setting(c, "installed_at", "2026-12-01T00:00:00Z").ok());
  EXPECT_EQ(setting(c, "installed_at")->value(), "2026-12-01T00:00:00Z");
  ASSERT_TRUE(put_setting(c, "installed_at", "2026-12-02T00:00:00Z").ok());
  EXPECT_EQ(setting(c, "installed_at")->value(), "2026-12-02T00:00:00Z");
  EXPECT_FALSE(setting(c, "installation_id")->has_value());
}

TEST_P(SettingsTest, RowCountsAnswerInTheOrderAsked) {
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  ASSERT_TRUE(put_setting(c, "a", "1").ok());
  ASSERT_TRUE(put_setting(c, "b", "2").ok());
  auto n = row_counts(c, {"system_settings", "schema_migrations", "system_settings"});
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(n->size(), 3u);
  EXPECT_EQ((*n)[0], 2);
  EXPECT_GT((*n)[1], 0);
  EXPECT_EQ((*n)[2], 2);
  EXPECT_THROW((void)row_counts(c, {"system_settings; --"}), std::logic_error);
  EXPECT_TRUE(ping(*db_).ok());
}

WJ_INSTANTIATE_ENGINES(SettingsTest);

}  // namespace
}  // namespace weijian::store
