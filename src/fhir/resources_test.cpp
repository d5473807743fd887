#include "fhir/resources.h"

#include <gtest/gtest.h>

namespace weijian::fhir {
namespace {

InstitutionRow hospital() {
  InstitutionRow r;
  r.id = 12;
  r.credit_code = "12330302MA0000012X";
  r.name = "东城区人民医院";
  r.category = "hospital";
  r.status = "active";
  r.address = "东城区和平街道人民路12号";
  r.phone = "0577-12345678";
  r.updated_at = "2026-01-02T03:04:05.678Z";
  r.medins_code = "H33030000012";
  r.jurisdiction = {"330300D1T1G1", "和平第1网格", "grid_cell"};
  r.city = "示范市";
  r.district = "东城区";
  return r;
}

PractitionerRow physician() {
  PractitionerRow r;
  r.id = 7;
  r.name = "欧阳晓明";
  r.sex = "F";
  r.kind = "physician";
  r.qualification_no = "Q100000007";
  r.practice_cert_no = "11033000000007";
  r.practice_category = "临床";
  r.practice_scope = "内科专业";
  r.status = "registered";
  r.registered_on = "2015-03-01";
  r.updated_at = "2026-01-02T03:04:05.678Z";
  return r;
}

TEST(FhirResources, ChineseNamesSplitIntoFamilyAndGiven) {
  auto a = split_chinese_name("张伟");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->family, "张");
  EXPECT_EQ(a->given, "伟");
  auto b = split_chinese_name("欧阳晓明");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->family, "欧阳");
  EXPECT_EQ(b->given, "晓明");
  auto c = split_chinese_name("司马光");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->family, "司马");
  auto two = split_chinese_name("欧阳");  // too short for a compound surname and a given name
  ASSERT_TRUE(two);
  EXPECT_EQ(two->family, "欧");
  for (const char* n : {"阿依古丽·买买提", "John Smith", "王", "", "\xff\xfe", "张伟伟伟伟伟伟"}) EXPECT_FALSE(split_chinese_name(n)) << n;
  const Json text_only = human_name("阿依古丽·买买提");
  EXPECT_EQ(text_only["text"], "阿依古丽·买买提");
  EXPECT_FALSE(text_only.contains("family"));
  const Json split = human_name("李娜");
  EXPECT_EQ(split["family"], "李");
  EXPECT_EQ(split["given"], Json::array({"娜"}));
  EXPECT_EQ(split["use"], "official");
}

TEST(FhirResources, OrganizationCarriesIdentifiersTypeAndAddress) {
  const Json o = organization(hospital());
  EXPECT_EQ(o["resourceType"], "Organization");
  EXPECT_EQ(o["id"], "12");
  EXPECT_EQ(o["meta"]["lastUpdated"], "2026-01-02T03:04:05.678Z");
  EXPECT_EQ(o["active"], true);
  ASSERT_EQ(o["identifier"].size(), 2u);
  EXPECT_EQ(o["identifier"][0]["system"], uri::kUscc);
  EXPECT_EQ(o["identifier"][0]["value"], "12330302MA0000012X");
  EXPECT_EQ(o["identifier"][1]["system"], uri::kMedinsCode);
  EXPECT_EQ(o["type"][0]["coding"][0]["system"], uri::kInstitutionCategory);
  EXPECT_EQ(o["type"][0]["coding"][0]["code"], "hospital");
  EXPECT_EQ(o["type"][0]["coding"][0]["display"], "医院");
  EXPECT_EQ(o["type"][0]["coding"][1]["code"], "prov");
  EXPECT_EQ(o["type"][0]["text"], "医院");
  EXPECT_EQ(o["name"], "东城区人民医院");
  EXPECT_EQ(o["telecom"][0]["system"], "phone");
  EXPECT_EQ(o["address"][0]["text"], "东城区和平街道人民路12号");
  EXPECT_EQ(o["address"][0]["district"], "东城区");
  EXPECT_EQ(o["address"][0]["city"], "示范市");
  EXPECT_FALSE(o.contains("partOf"));
  EXPECT_EQ(o["extension"][0]["valueCoding"]["code"], "active");

  InstitutionRow closed = hospital();
  closed.status = "closed";
  closed.medins_code.reset();
  closed.phone.clear();
  const Json c = organization(closed);
  EXPECT_EQ(c["active"], false);
  EXPECT_EQ(c["identifier"].size(), 1u);
  EXPECT_FALSE(c.contains("telecom"));
  EXPECT_EQ(c["extension"][0]["valueCoding"]["display"], "注销");
}

TEST(FhirResources, LocationIsTheInstitutionsSite) {
  const Json l = location(hospital());
  EXPECT_EQ(l["resourceType"], "Location");
  EXPECT_EQ(l["id"], "12");
  EXPECT_EQ(l["status"], "active");
  EXPECT_EQ(l["mode"], "instance");
  EXPECT_EQ(l["managingOrganization"]["reference"], "Organization/12");
  EXPECT_TRUE(l["address"].is_object()) << "Location.address is 0..1";
  EXPECT_EQ(l["address"]["district"], "东城区");
  EXPECT_EQ(l["physicalType"]["coding"][0]["code"], "si");
  EXPECT_EQ(l["extension"][0]["url"], uri::kExtJurisdiction);
  EXPECT_EQ(l["extension"][0]["valueCoding"]["code"], "330300D1T1G1");
  InstitutionRow s = hospital();
  s.status = "suspended";
  EXPECT_EQ(location(s)["status"], "suspended");
  s.status = "revoked";
  EXPECT_EQ(location(s)["status"], "inactive");
}

TEST(FhirResources, PractitionerShowsTheCertificateNeverPersonalNumbers) {
  const Json p = practitioner(physician());
  EXPECT_EQ(p["resourceType"], "Practitioner");
  EXPECT_EQ(p["id"], "7");
  ASSERT_EQ(p["identifier"].size(), 1u);
  EXPECT_EQ(p["identifier"][0]["system"], uri::kPracticeCert);
  EXPECT_EQ(p["identifier"][0]["value"], "11033000000007");
  EXPECT_EQ(p["active"], true);
  EXPECT_EQ(p["gender"], "female");
  EXPECT_EQ(p["name"][0]["family"], "欧阳");
  EXPECT_FALSE(p.contains("birthDate"));
  EXPECT_FALSE(p.contains("address"));
  ASSERT_EQ(p["qualification"].size(), 2u);
  EXPECT_EQ(p["qualification"][0]["code"]["coding"][0]["code"], "physician");
  EXPECT_EQ(p["qualification"][0]["identifier"][0]["value"], "Q100000007");
  EXPECT_EQ(p["qualification"][1]["period"]["start"], "2015-03-01");
  EXPECT_NE(p["qualification"][1]["code"]["text"].get<std::string>().find("内科专业"), std::string::npos);

  PractitionerRow cancelled = physician();
  cancelled.status = "cancelled";
  cancelled.sex = "M";
  cancelled.practice_cert_no.reset();
  cancelled.updated_at.clear();
  const Json c = practitioner(cancelled);
  EXPECT_FALSE(c.contains("meta")) << "FHIR allows no empty objects";
  EXPECT_EQ(c["active"], false);
  EXPECT_EQ(c["gender"], "male");
  EXPECT_FALSE(c.contains("identifier"));
  EXPECT_EQ(c["qualification"].size(), 1u);
}

TEST(FhirResources, PractitionerRoleLinksPersonOrganizationAndLocation) {
  RoleRow r;
  r.practitioner_id = 7;
  r.institution_id = 12;
  r.primary = false;
  r.start_on = "2024-05-06";
  r.end_on = "2027-01-01";
  r.practitioner_name = "欧阳晓明";
  r.institution_name = "东城区人民医院";
  r.kind = "physician";
  r.practice_scope = "内科专业";
  r.status = "registered";
  const Json j = practitioner_role(r, "2026-06-01");
  EXPECT_EQ(j["resourceType"], "PractitionerRole");
  EXPECT_EQ(j["id"], "7-12");
  EXPECT_EQ(j["active"], true);
  EXPECT_EQ(j["practitioner"]["reference"], "Practitioner/7");
  EXPECT_EQ(j["organization"]["reference"], "Organization/12");
  EXPECT_EQ(j["location"][0]["reference"], "Location/12");
  EXPECT_EQ(j["code"][0]["coding"][0]["system"], uri::kHl7PractitionerRole);
  EXPECT_EQ(j["code"][0]["coding"][0]["code"], "doctor");
  EXPECT_EQ(j["code"][0]["coding"][1]["code"], "physician");
  EXPECT_EQ(j["specialty"][0]["text"], "内科专业");
  EXPECT_EQ(j["period"]["start"], "2024-05-06");
  EXPECT_EQ(j["extension"][0]["valueCoding"]["code"], "additional");
  EXPECT_EQ(practitioner_role(r, "2027-01-02")["active"], false) << "registration expired";
  r.kind = "technician";
  r.end_on.reset();
  const Json t = practitioner_role(r, "2027-01-02");
  EXPECT_EQ(t["active"], true);
  EXPECT_EQ(t["code"][0]["coding"].size(), 1u) << "HL7 has no code for technicians";
  EXPECT_EQ(kind_for_role_code("doctor"), "physician");
  EXPECT_EQ(kind_for_role_code("nurse"), "nurse");
  EXPECT_EQ(kind_for_role_code("teacher"), "");
}

TEST(FhirResources, RoleIdsAndPaths) {
  EXPECT_EQ(role_id(7, 12), "7-12");
  auto ids = parse_role_id("7-12");
  ASSERT_TRUE(ids);
  EXPECT_EQ(ids->first, 7);
  EXPECT_EQ(ids->second, 12);
  for (const char* bad : {"7", "7-", "-12", "a-12", "7-12-1", "0-1"}) EXPECT_FALSE(parse_role_id(bad)) << bad;
  EXPECT_EQ(path_ids("/1/4/12/"), (std::vector<std::int64_t>{1, 4, 12}));
  EXPECT_TRUE(path_ids("").empty());
}

TEST(FhirResources, OutcomesBundlesAndCapability) {
  const Json oo = operation_outcome("not-found", "Organization/9 不存在。");
  EXPECT_EQ(oo["resourceType"], "OperationOutcome");
  EXPECT_EQ(oo["issue"][0]["severity"], "error");
  EXPECT_EQ(oo["issue"][0]["code"], "not-found");
  EXPECT_EQ(issue_code(errors::unauthorized("x")), std::string("login"));
  EXPECT_EQ(issue_code(errors::forbidden("x")), std::string("forbidden"));
  EXPECT_EQ(issue_code(errors::bad_request("x")), std::string("invalid"));

  const Json b = searchset("http://h/fhir", {organization(hospital())}, 41, {{"self", "http://h/fhir/Organization?_count=1&page=1"}},
                           "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(b["type"], "searchset");
  EXPECT_EQ(b["total"], 41);
  EXPECT_EQ(b["entry"][0]["fullUrl"], "http://h/fhir/Organization/12");
  EXPECT_EQ(b["entry"][0]["search"]["mode"], "match");
  EXPECT_EQ(b["link"][0]["relation"], "self");
  EXPECT_FALSE(searchset("http://h/fhir", {}, 0, {}, "2026-01-01T00:00:00.000Z").contains("entry"));

  const Json cs = capability_statement("http://h/fhir", "0.1.0", "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(cs["resourceType"], "CapabilityStatement");
  EXPECT_EQ(cs["fhirVersion"], "4.0.1");
  EXPECT_EQ(cs["kind"], "instance");
  EXPECT_EQ(cs["rest"][0]["mode"], "server");
  const Json& res = cs["rest"][0]["resource"];
  ASSERT_EQ(res.size(), 4u);
  for (const auto& r : res) {
    EXPECT_EQ(r["interaction"], Json::parse(R"([{"code":"read"},{"code":"search-type"}])")) << r["type"];
    EXPECT_GE(r["searchParam"].size(), 3u) << r["type"];
  }
  EXPECT_EQ(res[0]["type"], "Organization");
  EXPECT_EQ(res[0]["searchParam"][1]["name"], "name");
  EXPECT_EQ(res[0]["searchParam"][1]["type"], "string");
}

}  // namespace
}  // namespace weijian::fhir
