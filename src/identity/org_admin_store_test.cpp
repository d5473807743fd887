#include "identity/org_admin_store.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/test_db.h"

namespace weijian::identity::org_admin {
namespace {

class OrgAdminStoreTest : public store::testing_support::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    ASSERT_TRUE(store::migrate(*db_, store::embedded_migrations()).ok());
  }
};

TEST_P(OrgAdminStoreTest, DepartmentsAreInsertedFoundAndUpdated) {
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  EXPECT_EQ(*root_path_or_slash(c), "/");
  auto id = insert_department(c, {0, "health", "卫生健康委员会", "卫健委", "监督"}, "2026-12-01T00:00:00Z");
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(insert_department(c, {0, "market_regulation", "市场监督管理局", "市场监管局", ""}, "2026-12-01T00:00:00Z").ok());
  EXPECT_EQ(department(c, *id)->value().duties, "监督");
  EXPECT_FALSE(department(c, 99)->has_value());
  EXPECT_EQ(departments(c, "")->size(), 2u);
  auto found = departments(c, "市场");
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].code, "market_regulation");
  EXPECT_EQ(departments_with_code_or_name(c, "health", "市场监督管理局")->size(), 2u);
  EXPECT_TRUE(departments_with_code_or_name(c, "", "无此部门")->empty());
  ASSERT_TRUE(update_department(c, {*id, "health", "卫健委员会", "卫健", "新职责"}).ok());
  auto d = department(c, *id)->value();
  EXPECT_EQ(d.name, "卫健委员会");
  EXPECT_EQ(d.short_name, "卫健");
  EXPECT_EQ(d.duties, "新职责");
  EXPECT_EQ(d.code, "health");
  ASSERT_TRUE(c.exec("INSERT INTO jurisdictions (parent_id, code, name, level, path, created_at) VALUES (NULL, '330300', '温州市', 'city', '/1/', '2026-12-01T00:00:00Z')").ok());
  EXPECT_EQ(*root_path_or_slash(c), "/1/");
}

TEST_P(OrgAdminStoreTest, JurisdictionsGetTheirPathFromTheParent) {
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  EXPECT_EQ(*jurisdiction_count(c), 0);
  auto city = insert_jurisdiction(c, std::nullopt, "330300", "温州市", "city", "2026-12-01T00:00:00Z");
  ASSERT_TRUE(city.ok());
  EXPECT_EQ(city->path, "/" + std::to_string(city->id) + "/");
  EXPECT_FALSE(city->parent_id.has_value());
  auto district = insert_jurisdiction(c, *city, "330302", "鹿城区", "district", "2026-12-01T00:00:00Z");
  ASSERT_TRUE(district.ok());
  EXPECT_EQ(district->path, city->path + std::to_string(district->id) + "/");
  EXPECT_EQ(district->parent_id, city->id);
  ASSERT_TRUE(rename_jurisdiction(c, district->id, "鹿城").ok());
  auto all = jurisdictions_by_id(c);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].name, "鹿城");
  EXPECT_EQ((*all)[1].path, district->path);
  EXPECT_EQ(*jurisdiction_count(c), 2);
  EXPECT_EQ(*department_count(c), 0);
}

WJ_INSTANTIATE_ENGINES(OrgAdminStoreTest);

}  // namespace
}  // namespace weijian::identity::org_admin
