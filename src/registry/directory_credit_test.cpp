// The Directory functions credit reads the registry through (the record, the 双公示 licence
// export, the listing candidates, the demo), over a registry built through the registry's API.
#include "registry/directory.h"

#include <gtest/gtest.h>

#include "identity/service.h"
#include "registry/identifiers.h"
#include "registry/service.h"
#include "store/migrations.h"
#include "store/test_db.h"

namespace weijian::registry {
namespace {

using identity::Principal;

std::string source_dir() {
  const char* d = std::getenv("WEIJIAN_SOURCE_DIR");
  return d ? d : ".";
}

class DirectoryCreditTest : public store::testing_support::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    ASSERT_TRUE(store::migrate(*db_, store::embedded_migrations()).ok());
    identity::IdentityService ids(*db_, crypto::SecretBox::from_key(std::string(48, 'k')), identity::SecurityPolicy{});
    ASSERT_TRUE(ids.seed(source_dir() + "/data", "330300", "示范市").ok());
    auto rules = RegistryRules::load(source_dir() + "/data/registry/rules.json");
    ASSERT_TRUE(rules.ok()) << rules.error().detail;
    svc_.emplace(*db_, *rules);
  }
  std::int64_t institution(const std::string& name, const std::string& category, int n) {
    char body[32];
    std::snprintf(body, sizeof body, "12330300MA%07d", n);
    auto r = svc_->create_institution(sys_, {{"credit_code", make_credit_code(body)}, {"name", name}, {"category", category},
                                             {"ownership", "public"}, {"profit_type", "non_profit"}, {"address", "路1号"},
                                             {"jurisdiction_id", 1}, {"legal_representative", "甲"}, {"person_in_charge", "乙"}});
    EXPECT_TRUE(r.ok()) << r.error().detail;
    return r.ok() ? (*r)["id"].get<std::int64_t>() : 0;
  }
  Principal sys_ = Principal::system();
  std::optional<RegistryService> svc_;
  Directory directory_;
};

TEST_P(DirectoryCreditTest, InstitutionsLicencesAndTheirEvents) {
  const auto a = institution("甲医院", "hospital", 1);
  const auto b = institution("乙诊所", "clinic", 2);
  auto lic = svc_->issue_license(sys_, a, {{"license_no", "PDY0001"}, {"issued_on", "2024-01-02"}, {"valid_until", "2029-01-01"},
                                           {"clinical_subjects", "内科"}});
  ASSERT_TRUE(lic.ok()) << lic.error().detail;
  const auto lid = (*lic)["id"].get<std::int64_t>();
  ASSERT_TRUE(svc_->license_event(sys_, lid, {{"kind", "revoke"}, {"effective_on", "2026-03-05"}, {"note", "吊销"}}).ok());

  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  auto i = directory_.institution(c, a);
  ASSERT_TRUE(i.ok() && i->has_value());
  EXPECT_EQ((*i)->name, "甲医院");
  EXPECT_EQ((*i)->category, "hospital");
  EXPECT_EQ((*i)->jurisdiction_path, "/1/");
  EXPECT_FALSE(directory_.institution(c, 999)->has_value());
  auto all = directory_.institutions(c, store::Scope::all());
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].id, b);
  EXPECT_TRUE(directory_.institutions(c, store::Scope{false, "/9/"})->empty());

  auto of = directory_.licences_of(c, a);
  ASSERT_TRUE(of.ok());
  ASSERT_EQ(of->size(), 1u);
  EXPECT_EQ((*of)[0].license_no, "PDY0001");
  EXPECT_EQ((*of)[0].status, "revoked");
  EXPECT_TRUE(directory_.licences_of(c, b)->empty());
  EXPECT_EQ(directory_.licences_with_status(c, store::Scope::all(), "revoked")->size(), 1u);
  EXPECT_TRUE(directory_.licences_with_status(c, store::Scope::all(), "valid")->empty());
  EXPECT_EQ(directory_.last_licence_event_on(c, lid, "revoke")->value_or(""), "2026-03-05");
  EXPECT_FALSE(directory_.last_licence_event_on(c, lid, "suspend")->has_value());

  auto events = directory_.licence_events_after(c, store::Scope::all(), 0);
  ASSERT_TRUE(events.ok()) << events.error().detail;
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].kind, "issue");
  EXPECT_EQ((*events)[1].kind, "revoke");
  EXPECT_EQ((*events)[1].status_after, "revoked");
  EXPECT_EQ((*events)[1].institution_name, "甲医院");
  EXPECT_EQ((*events)[1].licence.license_no, "PDY0001");
  EXPECT_EQ(directory_.licence_events_after(c, store::Scope::all(), (*events)[0].id)->size(), 1u);
}

TEST_P(DirectoryCreditTest, PractitionersOfAnInstitution) {
  const auto a = institution("甲医院", "hospital", 1);
  auto p = svc_->register_practitioner(sys_, {{"id_number", make_id_number("33030219800715001")}, {"name", "王医师"}, {"kind", "physician"},
                                              {"practice_cert_no", "C001"}, {"practice_category", "临床"}, {"institution_id", a},
                                              {"registered_on", "2020-01-02"}});
  ASSERT_TRUE(p.ok()) << p.error().detail;
  auto lease = db_->acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  auto staff = directory_.practitioners_of(c, a);
  ASSERT_TRUE(staff.ok());
  ASSERT_EQ(staff->size(), 1u);
  EXPECT_EQ((*staff)[0].name, "王医师");
  EXPECT_EQ((*staff)[0].status, "registered");
  auto one = directory_.practitioner(c, (*staff)[0].id);
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ((*one)->practice_cert_no, "C001");
  EXPECT_EQ((*one)->institution_id, a);
  EXPECT_EQ((*one)->registered_on, "2020-01-02");
  EXPECT_FALSE(directory_.practitioner(c, 999)->has_value());
}

WJ_INSTANTIATE_ENGINES(DirectoryCreditTest);

}  // namespace
}  // namespace weijian::registry
