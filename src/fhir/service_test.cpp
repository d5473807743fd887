#include "fhir/service.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/test_db.h"

namespace weijian::fhir {
namespace {

using store::Scope;

// A small city on either engine: two districts with a grid cell each, three institutions,
// three practitioners and their practice sites.
class FhirServiceTest : public store::testing_support::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    ASSERT_TRUE(store::migrate(*db_, store::embedded_migrations()).ok());
    const std::string now = "2026-01-02T03:04:05.678Z";
    auto exec = [&](const std::string& sql, const store::Params& params) {
      auto r = db_->exec(sql, params);
      ASSERT_TRUE(r.ok()) << r.error().detail << "\n" << sql;
    };
    const char* jur = "INSERT INTO jurisdictions (id, parent_id, code, name, level, path, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    exec(jur, {std::int64_t{1}, store::Value(), std::string("C"), std::string("示范市"), std::string("city"), std::string("/1/"), now});
    exec(jur, {std::int64_t{2}, std::int64_t{1}, std::string("C-A"), std::string("东城区"), std::string("district"), std::string("/1/2/"), now});
    exec(jur, {std::int64_t{3}, std::int64_t{1}, std::string("C-B"), std::string("西城区"), std::string("district"), std::string("/1/3/"), now});
    exec(jur, {std::int64_t{4}, std::int64_t{2}, std::string("C-A-G1"), std::string("和平第1网格"), std::string("grid_cell"), std::string("/1/2/4/"), now});
    exec(jur, {std::int64_t{5}, std::int64_t{3}, std::string("C-B-G1"), std::string("解放第1网格"), std::string("grid_cell"), std::string("/1/3/5/"), now});
    auto inst = [&](std::int64_t id, const std::string& code, const std::string& name, const std::string& category,
                    std::int64_t cell, const std::string& path, const std::string& status, store::Value medins) {
      exec("INSERT INTO institutions (id, credit_code, name, category, ownership, profit_type, grade, address, jurisdiction_id, "
           "jurisdiction_path, legal_representative, person_in_charge, phone, beds, clinical_subjects, large_equipment, medins_code, "
           "status, created_at, updated_at) VALUES ($1, $2, $3, $4, 'public', 'non_profit', '', $5, $6, $7, '法定代表人甲', "
           "'负责人乙', '0577-1234', 10, '', '', $8, $9, $10, $10)",
           {id, code, name, category, name + "所在路1号", cell, path, medins, status, now});
    };
    inst(10, "12330302MA0000010X", "东城区人民医院", "hospital", 4, "/1/2/4/", "active", std::string("H10"));
    inst(11, "12330302MA0000011X", "西城区中医医院", "hospital", 5, "/1/3/5/", "suspended", store::Value());
    inst(12, "92330302MA0000012X", "和平诊所", "clinic", 4, "/1/2/4/", "active", std::string("H12"));
    auto person = [&](std::int64_t id, const std::string& idn, const std::string& name, const std::string& sex,
                      const std::string& kind, const std::string& cert, std::int64_t inst_id, const std::string& path,
                      const std::string& status, store::Value expires) {
      exec("INSERT INTO practitioners (id, id_number, name, sex, birth_date, kind, qualification_no, practice_cert_no, "
           "practice_category, practice_scope, institution_id, jurisdiction_path, status, registered_on, registration_expires_on, "
           "e_registered, created_at, updated_at) VALUES ($1, $2, $3, $4, '1980-07-15', $5, 'Q1', $6, '临床', '内科专业', $7, $8, "
           "$9, '2010-01-01', $10, 1, $11, $11)",
           {id, idn, name, sex, kind, cert, inst_id, path, status, expires, now});
    };
    person(100, "330302198007151234", "张伟", "M", "physician", "110330000000100", 10, "/1/2/4/", "registered", store::Value());
    person(101, "330303198007152345", "李娜", "F", "nurse", "202330000000101", 11, "/1/3/5/", "registered", std::string("2020-01-01"));
    person(102, "330302198007153456", "王强", "M", "physician", "110330000000102", 12, "/1/2/4/", "cancelled", store::Value());
    const char* site = "INSERT INTO practice_sites (practitioner_id, institution_id, filed_on, ended_on) VALUES ($1, $2, $3, $4)";
    exec(site, {std::int64_t{100}, std::int64_t{11}, std::string("2024-01-01"), store::Value()});
    exec(site, {std::int64_t{100}, std::int64_t{11}, std::string("2024-06-01"), store::Value()});  // filed twice: one role
    exec(site, {std::int64_t{100}, std::int64_t{12}, std::string("2023-01-01"), std::string("2024-01-01")});  // ended
    exec(site, {std::int64_t{100}, std::int64_t{10}, std::string("2024-02-01"), store::Value()});  // the primary again
  }

  Found search(const Scope& scope, const char* type, const char* query) {
    auto s = parse_search(type, query);
    EXPECT_TRUE(s.ok()) << query;
    auto f = FhirService(*db_).search(scope, type, *s);
    EXPECT_TRUE(f.ok()) << type << "?" << query << ": " << f.error().detail;
    return f.ok() ? f.value() : Found{};
  }

  static std::vector<std::string> ids(const Found& f) {
    std::vector<std::string> out;
    for (const auto& r : f.resources) out.push_back(r["id"]);
    return out;
  }

  const Scope district_a{false, "/1/2/"};
};

TEST_P(FhirServiceTest, OrganizationSearchByNameIdentifierTypeAndActive) {
  EXPECT_EQ(ids(search(Scope::all(), "Organization", "name=%E5%8C%BB%E9%99%A2")), (std::vector<std::string>{"10", "11"}));
  EXPECT_EQ(ids(search(Scope::all(), "Organization", "name:exact=%E5%92%8C%E5%B9%B3%E8%AF%8A%E6%89%80")),
            (std::vector<std::string>{"12"}));
  EXPECT_EQ(ids(search(Scope::all(), "Organization", "identifier=H12")), (std::vector<std::string>{"12"}));
  EXPECT_EQ(ids(search(Scope::all(), "Organization", "identifier=https://weijian.example/fhir/sid/uscc%7C12330302MA0000011X")),
            (std::vector<std::string>{"11"}));
  EXPECT_TRUE(search(Scope::all(), "Organization", "identifier=https://weijian.example/fhir/sid/medins-code%7C12330302MA0000011X")
                  .resources.empty());
  EXPECT_EQ(ids(search(Scope::all(), "Organization", "type=clinic")), (std::vector<std::string>{"12"}));
  EXPECT_EQ(search(Scope::all(), "Organization", "type=prov").total, 3);
  EXPECT_EQ(ids(search(Scope::all(), "Organization", "active=false")), (std::vector<std::string>{"11"}));
  EXPECT_EQ(search(Scope::all(), "Organization", "address=%E6%89%80%E5%9C%A8%E8%B7%AF").total, 3);
  EXPECT_EQ(ids(search(Scope::all(), "Organization", "_id=11")), (std::vector<std::string>{"11"}));
  EXPECT_TRUE(search(Scope::all(), "Organization", "_id=abc").resources.empty());
}

TEST_P(FhirServiceTest, PagingIsDoneInSqlWithTheTotal) {
  const Found p2 = search(Scope::all(), "Organization", "_count=2&page=2");
  EXPECT_EQ(p2.total, 3);
  EXPECT_EQ(ids(p2), (std::vector<std::string>{"12"}));
  const Found count = search(Scope::all(), "Practitioner", "_summary=count");
  EXPECT_EQ(count.total, 3);
  EXPECT_TRUE(count.resources.empty());
}

TEST_P(FhirServiceTest, DataScopeHidesOtherDistricts) {
  EXPECT_EQ(ids(search(district_a, "Organization", "")), (std::vector<std::string>{"10", "12"}));
  FhirService svc(*db_);
  auto out = svc.read(district_a, "Organization", "11");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, ErrorCode::not_found);
  EXPECT_FALSE(svc.read(district_a, "Location", "11").ok());
  EXPECT_FALSE(svc.read(district_a, "Practitioner", "101").ok());
  EXPECT_TRUE(svc.read(district_a, "Practitioner", "100").ok());
  EXPECT_FALSE(svc.read(Scope{false, ""}, "Organization", "10").ok()) << "a restricted scope without territory sees nothing";
  EXPECT_FALSE(svc.read(Scope::all(), "Organization", "999").ok());
  EXPECT_FALSE(svc.read(Scope::all(), "Organization", "x1").ok());
}

TEST_P(FhirServiceTest, LocationNamesTheDistrictAndGridCell) {
  auto l = FhirService(*db_).read(Scope::all(), "Location", "10");
  ASSERT_TRUE(l.ok()) << l.error().detail;
  EXPECT_EQ((*l)["address"]["district"], "东城区");
  EXPECT_EQ((*l)["address"]["city"], "示范市");
  EXPECT_EQ((*l)["extension"][0]["valueCoding"]["code"], "C-A-G1");
  EXPECT_EQ((*l)["managingOrganization"]["reference"], "Organization/10");
  EXPECT_EQ(ids(search(Scope::all(), "Location", "organization=Organization/12")), (std::vector<std::string>{"12"}));
}

TEST_P(FhirServiceTest, PractitionersNeverCarryIdNumbersOrBirthDates) {
  const Found all = search(Scope::all(), "Practitioner", "");
  ASSERT_EQ(all.total, 3);
  for (const auto& r : all.resources) {
    const std::string text = r.dump();
    EXPECT_EQ(text.find("19800715"), std::string::npos) << text;
    EXPECT_EQ(text.find("1980-07-15"), std::string::npos) << text;
    EXPECT_EQ(text.find("id_number"), std::string::npos) << text;
  }
  EXPECT_EQ(ids(search(Scope::all(), "Practitioner", "identifier=202330000000101")), (std::vector<std::string>{"101"}));
  EXPECT_TRUE(search(Scope::all(), "Practitioner", "identifier=330303198007152345").resources.empty())
      << "an ID number finds nobody";
  EXPECT_EQ(ids(search(Scope::all(), "Practitioner", "gender=female")), (std::vector<std::string>{"101"}));
  EXPECT_EQ(ids(search(Scope::all(), "Practitioner", "active=false")), (std::vector<std::string>{"102"}));
  EXPECT_EQ(ids(search(Scope::all(), "Practitioner", "name=%E5%BC%A0")), (std::vector<std::string>{"100"}));
  auto s = parse_search("Practitioner", "gender=x");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(FhirService(*db_).search(Scope::all(), "Practitioner", *s).error().code, ErrorCode::bad_request);
}

TEST_P(FhirServiceTest, RolesArePrimaryInstitutionPlusOpenPracticeSites) {
  const Found roles = search(Scope::all(), "PractitionerRole", "practitioner=Practitioner/100");
  EXPECT_EQ(ids(roles), (std::vector<std::string>{"100-10", "100-11"}));
  ASSERT_EQ(roles.resources.size(), 2u);
  EXPECT_EQ(roles.resources[1]["period"]["start"], "2024-01-01");
  EXPECT_EQ(roles.resources[1]["extension"][0]["valueCoding"]["code"], "additional");
  EXPECT_EQ(search(Scope::all(), "PractitionerRole", "").total, 4);
  EXPECT_EQ(ids(search(Scope::all(), "PractitionerRole", "organization=11")), (std::vector<std::string>{"100-11", "101-11"}));
  EXPECT_EQ(ids(search(Scope::all(), "PractitionerRole", "location=Location/12")), (std::vector<std::string>{"102-12"}));
  EXPECT_EQ(ids(search(Scope::all(), "PractitionerRole", "role=nurse")), (std::vector<std::string>{"101-11"}));
  EXPECT_EQ(search(Scope::all(), "PractitionerRole", "role=doctor").total, 3);
  EXPECT_EQ(ids(search(Scope::all(), "PractitionerRole", "active=false")), (std::vector<std::string>{"101-11", "102-12"}));
  EXPECT_EQ(search(Scope::all(), "PractitionerRole", "active=true").total, 2);
  auto role = FhirService(*db_).read(Scope::all(), "PractitionerRole", "100-11");
  ASSERT_TRUE(role.ok()) << role.error().detail;
  EXPECT_EQ((*role)["organization"]["display"], "西城区中医医院");
  EXPECT_FALSE(FhirService(*db_).read(Scope::all(), "PractitionerRole", "100-12").ok()) << "the ended site";
  // Scope follows the practitioner: district A sees its people's roles, wherever they practise.
  EXPECT_EQ(ids(search(district_a, "PractitionerRole", "")), (std::vector<std::string>{"100-10", "100-11", "102-12"}));
  auto wrong = parse_search("PractitionerRole", "practitioner=Organization/1");
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(FhirService(*db_).search(Scope::all(), "PractitionerRole", *wrong).error().code, ErrorCode::bad_request);
}

WJ_INSTANTIATE_ENGINES(FhirServiceTest);

}  // namespace
}  // namespace weijian::fhir
