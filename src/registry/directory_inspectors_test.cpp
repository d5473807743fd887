// The directory's institutions and inspectors, as the inspection module reads them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "identity/org.h"
#include "identity/service.h"
#include "registry/directory.h"
#include "store/migrations.h"
#include "store/test_db.h"

namespace weijian::registry {
namespace {

class DirectoryInspectorsTest : public store::testing_support::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    ASSERT_TRUE(store::migrate(*db_, store::embedded_migrations()).ok());
    const std::string now = "2026-12-01T00:00:00Z";
    auto run = [&](const char* sql, store::Params params) { ASSERT_TRUE(db_->query(sql, params).ok()) << sql; };
    // The organisation through identity's own service: the city and its departments from the
    // shipped data, two districts and an inspector's account.
    const char* src = std::getenv("WEIJIAN_SOURCE_DIR");
    identity::IdentityService org(*db_, crypto::SecretBox::from_key(std::string(48, 'k')), identity::SecurityPolicy{});
    ASSERT_TRUE(org.seed((std::filesystem::path(src && *src ? src : "..") / "data").string(), "330300", "温州市").ok());
    const auto admin = identity::Principal::system();
    ASSERT_TRUE(org.create_jurisdiction(admin, {{"parent_id", 1}, {"code", "330302"}, {"name", "鹿城区"}, {"level", "district"}}).ok());
    ASSERT_TRUE(org.create_jurisdiction(admin, {{"parent_id", 1}, {"code", "330303"}, {"name", "龙湾区"}, {"level", "district"}}).ok());
    {
      auto lease = db_->acquire();
      ASSERT_TRUE(lease.ok());
      auto health = identity::Org().department_by_code(**lease, "health");
      ASSERT_TRUE(health.ok() && health->has_value());
      department_ = (*health)->id;
    }
    auto user = org.create_user(admin, {{"username", "wang"}, {"display_name", "王检查"}, {"role", "inspector"}, {"department_id", department_},
                                        {"jurisdiction_id", 2}, {"password", "Inspect-2026-pass"}});
    ASSERT_TRUE(user.ok()) << user.error().detail;
    user_ = (*user)["id"].get<std::int64_t>();
    const char* inst =
        "INSERT INTO institutions (credit_code, name, category, ownership, profit_type, grade, address, jurisdiction_id, jurisdiction_path, "
        "legal_representative, person_in_charge, phone, beds, clinical_subjects, large_equipment, status, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, 'non_profit', '', $5, $6, $7, '李', '李', '', 0, '', '', $8, $9, $9)";
    run(inst, {std::string("12330300A"), std::string("鹿城人民医院"), std::string("hospital"), std::string("public"), std::string("鹿城路1号"),
               std::int64_t{2}, std::string("/1/2/"), std::string("active"), now});
    run(inst, {std::string("12330300B"), std::string("Lucheng Clinic"), std::string("clinic"), std::string("private"), std::string("鹿城路2号"),
               std::int64_t{2}, std::string("/1/2/"), std::string("closed"), now});
    run(inst, {std::string("12330300C"), std::string("龙湾诊所"), std::string("clinic"), std::string("private"), std::string("龙湾路3号"),
               std::int64_t{3}, std::string("/1/3/"), std::string("active"), now});
    const char* lic =
        "INSERT INTO practice_licenses (institution_id, license_no, issued_on, valid_until, clinical_subjects, beds, validation_due_on, status, "
        "jurisdiction_path, updated_at) VALUES ($1, $2, '2020-01-01', '2030-01-01', '', 0, $3, $4, $5, $6)";
    run(lic, {std::int64_t{1}, std::string("L1"), std::string("2026-06-01"), std::string("valid"), std::string("/1/2/"), now});
    run(lic, {std::int64_t{2}, std::string("L2"), std::string("2026-06-01"), std::string("revoked"), std::string("/1/2/"), now});
    run(lic, {std::int64_t{3}, std::string("L3"), std::string("2027-06-01"), std::string("valid"), std::string("/1/3/"), now});
    const char* insp =
        "INSERT INTO inspectors (name, user_id, department_id, jurisdiction_id, jurisdiction_path, cert_no, cert_valid_until, specialties, "
        "status, created_at) VALUES ($1, $2, $8, $3, $4, $5, '2028-12-31', 'medical;infection', $6, $7)";
    run(insp, {std::string("王检查"), user_, std::int64_t{2}, std::string("/1/2/"), std::string("ZJ001"), std::string("active"), now, department_});
    run(insp, {std::string("赵检查"), store::Value{}, std::int64_t{1}, std::string("/1/"), std::string("ZJ002"), std::string("inactive"), now, department_});
    run("INSERT INTO inspector_conflicts (inspector_id, institution_id, reason, declared_on) VALUES (1, 3, '配偶任职', '2026-01-01')", {});
  }
  Directory directory_;
  std::int64_t department_ = 0, user_ = 0;
};

TEST_P(DirectoryInspectorsTest, InstitutionsByIdAndWithinAPath) {
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  auto one = directory_.institution(c, 3);
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->credit_code, "12330300C");
  EXPECT_EQ((*one)->category, "clinic");
  EXPECT_EQ((*one)->ownership, "private");
  EXPECT_EQ((*one)->address, "龙湾路3号");
  EXPECT_EQ((*one)->jurisdiction_id, 3);
  EXPECT_EQ((*one)->jurisdiction_path, "/1/3/");
  EXPECT_FALSE(directory_.institution(c, 99)->has_value());

  auto some = directory_.institutions_by_id(c, {3, 1, 99});
  ASSERT_TRUE(some.ok());
  ASSERT_EQ(some->size(), 2u);
  EXPECT_EQ((*some)[0].id, 1);
  EXPECT_EQ((*some)[1].name, "龙湾诊所");
  EXPECT_TRUE(directory_.institutions_by_id(c, {})->empty());

  auto lucheng = directory_.institutions_within(c, "/1/2/");
  ASSERT_TRUE(lucheng.ok());
  ASSERT_EQ(lucheng->size(), 2u);  // closed ones too: callers decide
  EXPECT_EQ((*lucheng)[1].status, "closed");
  EXPECT_EQ(directory_.institutions_within(c, "/1/")->size(), 3u);
  EXPECT_EQ(directory_.institutions_within(c, "")->size(), 3u);
  EXPECT_TRUE(directory_.institutions_within(c, "/1/_/")->empty());  // the path is a prefix, not a pattern
}

TEST_P(DirectoryInspectorsTest, InstitutionNamesAreSearchedAndValidationsDue) {
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  EXPECT_EQ(*directory_.institution_ids_named(c, "诊所"), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(*directory_.institution_ids_named(c, "lucheng"), (std::vector<std::int64_t>{2}));  // case-insensitive
  EXPECT_TRUE(directory_.institution_ids_named(c, "%")->empty());
  // Only valid (or deferred) licences count, before the date and within the path.
  EXPECT_EQ(*directory_.validation_overdue(c, "/1/", "2026-12-01"), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(*directory_.validation_overdue(c, "/1/", "2027-12-01"), (std::vector<std::int64_t>{1, 3}));
  EXPECT_TRUE(directory_.validation_overdue(c, "/1/3/", "2026-12-01")->empty());
}

TEST_P(DirectoryInspectorsTest, InspectorsTheirAccountsAndConflicts) {
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  auto all = directory_.inspectors(c);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].cert_no, "ZJ001");
  EXPECT_EQ((*all)[0].user_id, user_);
  EXPECT_EQ((*all)[0].specialties, "medical;infection");
  EXPECT_FALSE((*all)[1].user_id.has_value());
  EXPECT_EQ((*all)[1].status, "inactive");
  auto one = directory_.inspector(c, 2);
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->jurisdiction_path, "/1/");
  EXPECT_EQ((*one)->department_id, department_);
  EXPECT_EQ((*one)->cert_valid_until, "2028-12-31");
  EXPECT_FALSE(directory_.inspector(c, 9)->has_value());
  EXPECT_EQ(*directory_.inspectors_of_user(c, user_), (std::vector<std::int64_t>{1}));
  EXPECT_TRUE(directory_.inspectors_of_user(c, user_ + 7)->empty());
  auto conflicts = directory_.inspector_conflicts(c);
  ASSERT_TRUE(conflicts.ok());
  ASSERT_EQ(conflicts->size(), 1u);
  EXPECT_EQ((*conflicts)[0].inspector_id, 1);
  EXPECT_EQ((*conflicts)[0].institution_id, 3);
  EXPECT_EQ((*conflicts)[0].reason, "配偶任职");
}

WJ_INSTANTIATE_ENGINES(DirectoryInspectorsTest);

}  // namespace
}  // namespace weijian::registry
