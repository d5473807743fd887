#include "registry/directory.h"

#include <gtest/gtest.h>

#include "registry/test_registry.h"
#include "store/test_db.h"

// Searches are written as designated initialisers naming only the conditions they set.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace weijian::registry {
namespace {

using testing_support::RegistryBuilder;

class DirectoryTest : public store::testing_support::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    reg_ = std::make_unique<RegistryBuilder>(*db_);
    h1_ = reg_->institution(1, "东城区人民医院", {{"medins_code", "H1"}})["id"].get<std::int64_t>();
    h2_ = reg_->institution(2, "西城区中医医院", {{"medins_code", "H2"}, {"category", "pharmacy"}})["id"].get<std::int64_t>();
    h3_ = reg_->institution(3, "和平诊所", {{"category", "clinic"}})["id"].get<std::int64_t>();
    lic_ = reg_->licence(h1_, "L1", RegistryBuilder::ago(400), RegistryBuilder::ago(-1000))["id"].get<std::int64_t>();
    reg_->licence_event(lic_, "suspend", RegistryBuilder::ago(100));
    p1_ = reg_->practitioner(1, "张伟", h1_, RegistryBuilder::ago(300), {{"practice_cert_no", "DR1"}})["id"].get<std::int64_t>();
    p2_ = reg_->practitioner(2, "李娜", h3_, RegistryBuilder::ago(200), {{"kind", "nurse"}})["id"].get<std::int64_t>();
    reg_->registration(p1_, "add_site", RegistryBuilder::ago(50), h2_);
    reg_->registration(p1_, "add_site", RegistryBuilder::ago(40), h3_);
  }
  store::Lease conn() { return std::move(db_->acquire().value()); }

  std::unique_ptr<RegistryBuilder> reg_;
  Directory dir_;
  std::int64_t h1_ = 0, h2_ = 0, h3_ = 0, lic_ = 0, p1_ = 0, p2_ = 0;
};

TEST_P(DirectoryTest, SnapshotHoldsTheDatedFactsOfInsuredInstitutionsAndCertifiedPractitioners) {
  auto c = conn();
  auto s = dir_.snapshot(*c);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  ASSERT_EQ(s->institutions.size(), 2u) << "only institutions with a medins_code";
  EXPECT_EQ(s->institutions[1].category, "pharmacy");
  ASSERT_EQ(s->licence_events.size(), 2u);
  EXPECT_EQ(s->licence_events[0].medins_code, "H1");
  EXPECT_EQ(s->licence_events[0].status_after, "valid");
  EXPECT_EQ(s->licence_events[1].status_after, "suspended");
  EXPECT_EQ(s->licence_events[1].effective_on, RegistryBuilder::ago(100));
  ASSERT_EQ(s->registration_events.size(), 1u) << "the nurse has no practice certificate; add_site is not a registration";
  EXPECT_EQ(s->registration_events[0].practice_cert_no, "DR1");
  EXPECT_EQ(s->registration_events[0].kind, "register");
  EXPECT_EQ(s->registration_events[0].medins_code, "H1");
  EXPECT_EQ(s->registration_events[0].expires_on, "");
  ASSERT_EQ(s->practice_sites.size(), 1u) << "the clinic has no medins_code";
  EXPECT_EQ(s->practice_sites[0].medins_code, "H2");
  EXPECT_EQ(s->practice_sites[0].filed_on, RegistryBuilder::ago(50));
  EXPECT_EQ(s->practice_sites[0].ended_on, "");
}

TEST_P(DirectoryTest, FingerprintFollowsEveryChangeTheSnapshotReads) {
  auto fp = [&] {
    auto c = conn();
    return dir_.fingerprint(*c).value();
  };
  std::string v = fp();
  EXPECT_EQ(fp(), v) << "nothing changed";
  reg_->registration(p1_, "end_site", RegistryBuilder::ago(10), h2_);
  EXPECT_NE(fp(), v) << "a site ended";
  v = fp();
  reg_->licence_event(lic_, "reinstate", RegistryBuilder::ago(5));
  EXPECT_NE(fp(), v) << "a licence event";
  v = fp();
  reg_->update_institution(h3_, {{"phone", "0577-1"}});
  EXPECT_NE(fp(), v) << "an institution updated";
}

TEST_P(DirectoryTest, InstitutionsAreSearchedWithinScopeByEveryCondition) {
  auto c = conn();
  auto find = [&](const InstitutionSearch& s, const store::Scope& scope = store::Scope::all()) {
    std::vector<std::int64_t> ids;
    const auto page = dir_.institutions(*c, scope, s, 1, 20).value();
    for (const auto& e : page.items) ids.push_back(e.id);
    return ids;
  };
  EXPECT_EQ(find({}), (std::vector<std::int64_t>{h1_, h2_, h3_}));
  EXPECT_EQ(find({.none = true}), std::vector<std::int64_t>{});
  EXPECT_EQ(find({.ids = {h2_}}), std::vector<std::int64_t>{h2_});
  EXPECT_EQ(find({.names = {{"人民", false}}}), std::vector<std::int64_t>{h1_});
  EXPECT_EQ(find({.names = {{"人民", true}}}), std::vector<std::int64_t>{}) << "exact";
  EXPECT_EQ(find({.names = {{"医院", false}, {"中医", false}}}), std::vector<std::int64_t>{h2_}) << "AND";
  EXPECT_EQ(find({.codes = {"H2"}}), std::vector<std::int64_t>{h2_});
  EXPECT_EQ(find({.codes = {RegistryBuilder::credit_code(3)}}), std::vector<std::int64_t>{h3_});
  EXPECT_EQ(find({.medins_codes = {RegistryBuilder::credit_code(3)}}), std::vector<std::int64_t>{});
  EXPECT_EQ(find({.categories = {"clinic"}}), std::vector<std::int64_t>{h3_});
  EXPECT_EQ(find({.active = {false}}), std::vector<std::int64_t>{});
  EXPECT_EQ(find({}, store::Scope{false, "/999/"}), std::vector<std::int64_t>{}) << "outside the scope";
  auto page = dir_.institutions(*c, store::Scope::all(), {}, 2, 2).value();
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].id, h3_);
  EXPECT_EQ(page.items[0].name, "和平诊所");
  EXPECT_FALSE(page.items[0].medins_code.has_value());
  EXPECT_EQ(page.items[0].jurisdiction_id, reg_->city_id());
}

TEST_P(DirectoryTest, PractitionersAndTheirPracticeRoles) {
  auto c = conn();
  auto people = dir_.practitioners(*c, store::Scope::all(), {.sexes = {"M"}}, 1, 20).value();
  ASSERT_EQ(people.total, 1) << "the 17th digit of the ID number: odd for men";
  EXPECT_EQ(people.items.at(0).id, p1_);
  EXPECT_EQ(dir_.practitioners(*c, store::Scope::all(), {.practice_cert_nos = {"DR1"}}, 1, 20)->items.at(0).id, p1_);
  auto nurse = dir_.practitioners(*c, store::Scope::all(), {.ids = {p2_}}, 1, 20)->items.at(0);
  EXPECT_EQ(nurse.kind, "nurse");
  EXPECT_FALSE(nurse.practice_cert_no.has_value());
  EXPECT_TRUE(nurse.registration_expires_on.has_value()) << "a nurse's registration expires";

  auto roles = dir_.practice_roles(*c, store::Scope::all(), {.practitioner_ids = {p1_}}, 1, 20).value();
  ASSERT_EQ(roles.items.size(), 3u) << "primary and two filed sites";
  EXPECT_TRUE(roles.items[0].primary);
  EXPECT_EQ(roles.items[0].institution_id, h1_);
  EXPECT_EQ(roles.items[0].institution_name, "东城区人民医院");
  EXPECT_EQ(roles.items[1].institution_id, h2_);
  EXPECT_EQ(roles.items[1].start_on, RegistryBuilder::ago(50));
  reg_->registration(p1_, "end_site", RegistryBuilder::ago(1), h2_);
  EXPECT_EQ(dir_.practice_roles(*c, store::Scope::all(), {.practitioner_ids = {p1_}}, 1, 20)->total, 2) << "an ended site";
  EXPECT_EQ(dir_.practice_roles(*c, store::Scope::all(), {.kinds = {"nurse"}}, 1, 20)->items.at(0).practitioner_id, p2_);
  const std::string today = RegistryBuilder::ago(0);
  EXPECT_EQ(dir_.practice_roles(*c, store::Scope::all(), {.in_force = {true}, .on = today}, 1, 20)->total, 3);
  EXPECT_EQ(dir_.practice_roles(*c, store::Scope::all(), {.in_force = {false}, .on = today}, 1, 20)->total, 0);
  EXPECT_EQ(dir_.practice_roles(*c, store::Scope::all(), {.in_force = {false}, .on = RegistryBuilder::ago(-3650)}, 1, 20)->total, 1)
      << "the nurse's registration has expired ten years on";
}

WJ_INSTANTIATE_ENGINES(DirectoryTest);

}  // namespace
}  // namespace weijian::registry
