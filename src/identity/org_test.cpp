#include "identity/org.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/test_db.h"

namespace weijian::identity {
namespace {

class OrgTest : public store::testing_support::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    ASSERT_TRUE(store::migrate(*db_, store::embedded_migrations()).ok());
    const char* now = "2026-12-01T00:00:00Z";
    for (const auto& [sql, params] : std::vector<std::pair<const char*, store::Params>>{
             {"INSERT INTO departments (code, name, short_name, duties, created_at) VALUES ($1, $2, $3, '', $4)",
              {std::string("health"), std::string("卫生健康委员会"), std::string("卫健委"), std::string(now)}},
             {"INSERT INTO jurisdictions (parent_id, code, name, level, path, created_at) VALUES (NULL, '330300', '温州市', 'city', '/1/', $1)",
              {std::string(now)}},
             {"INSERT INTO jurisdictions (parent_id, code, name, level, path, created_at) VALUES (1, '330302', '鹿城区', 'district', '/1/2/', $1)",
              {std::string(now)}},
         })
      ASSERT_TRUE(db_->query(sql, params).ok());
    ASSERT_TRUE(db_->query("INSERT INTO users (username, display_name, role, department_id, jurisdiction_id, jurisdiction_path, "
                           "password_hash, status, totp_last_step, failed_logins, password_changed_at, created_at) "
                           "VALUES ('wang', '王检查', 'inspector', 1, 2, '/1/2/', 'x', 'active', 0, 0, $1, $1)",
                           {std::string(now)})
                    .ok());
  }
  Org org_;
};

TEST_P(OrgTest, JurisdictionsAreFoundByIdCodeAndPath) {
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  auto all = org_.jurisdictions(c);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].level, "city");
  EXPECT_FALSE((*all)[0].parent_id.has_value());
  EXPECT_EQ((*all)[1].parent_id, 1);
  EXPECT_EQ(by_id(*all).at(2)->name, "鹿城区");
  EXPECT_EQ(org_.jurisdiction_by_code(c, "330302")->value().path, "/1/2/");
  EXPECT_FALSE(org_.jurisdiction(c, 99)->has_value());
  EXPECT_EQ(*org_.jurisdiction_path(c, 2), "/1/2/");
  EXPECT_EQ(*org_.jurisdiction_path(c, 99), "");
  EXPECT_EQ(*org_.root_path(c), "/1/");
}

TEST_P(OrgTest, DepartmentsAndUserNames) {
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  EXPECT_EQ(org_.department_by_code(c, "health")->value().short_name, "卫健委");
  EXPECT_FALSE(org_.department_by_code(c, "police")->has_value());
  auto deps = org_.departments(c);
  ASSERT_TRUE(deps.ok());
  EXPECT_EQ(by_code(*deps).at("health")->id, 1);
  auto names = org_.user_names(c, {1, 42});
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(names->size(), 1u);
  EXPECT_EQ(names->at(1), "王检查");
  EXPECT_EQ(org_.user(c, 1)->value().role, "inspector");
  EXPECT_TRUE(org_.user_names(c, {})->empty());
}

TEST_P(OrgTest, RootAndUserCount) {
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  auto root = org_.root(c);
  ASSERT_TRUE(root.ok() && root->has_value());
  EXPECT_EQ((*root)->code, "330300");
  EXPECT_EQ(*org_.user_count(c), 1);
  ASSERT_TRUE(c.exec("DELETE FROM users").ok());
  ASSERT_TRUE(c.exec("DELETE FROM jurisdictions").ok());
  EXPECT_EQ(*org_.user_count(c), 0);
  EXPECT_FALSE(org_.root(c)->has_value());
}

WJ_INSTANTIATE_ENGINES(OrgTest);

}  // namespace
}  // namespace weijian::identity
