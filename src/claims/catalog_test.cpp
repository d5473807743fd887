#include "claims/catalog.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace weijian::claims {
namespace {

std::string data(const char* file) {
  std::filesystem::path src = std::getenv("WEIJIAN_SOURCE_DIR") ? std::getenv("WEIJIAN_SOURCE_DIR") : "..";
  return (src / "data" / "claims" / file).string();
}

TEST(ClaimsCatalog, ShippedCatalogueLoadsInNationalCodeFormats) {
  auto c = Catalog::load(data("catalog.csv"));
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_GE(c->size(), 250u);
  int drugs = 0, services = 0, consumables = 0, included = 0;
  for (const auto& it : c->items()) {
    EXPECT_TRUE(code_format_problem(it.type, it.code).empty()) << it.code;
    drugs += it.type == ItemType::drug;
    services += it.type == ItemType::service;
    consumables += it.type == ItemType::consumable;
    // Every "included in" code names a service of the catalogue.
    EXPECT_EQ(it.included_in.size(), it.included_in_items.size()) << it.code;
    included += !it.included_in.empty();
  }
  EXPECT_GT(drugs, 100);
  EXPECT_GT(services, 50);
  EXPECT_GT(consumables, 20);
  EXPECT_GT(included, 3);
  EXPECT_LT(c->find("not a code"), 0);
}

TEST(ClaimsCatalog, BadRowsAreRefusedWithFieldNamed) {
  auto row = [](std::vector<std::string> v) {
    v.resize(15);
    return v;
  };
  auto ok = Catalog::from_rows({row({"XA02BCA001A001010100007", "奥美拉唑", "drug", "", "F", "18", "65", "2", "11;21", "K25;K26", "7"})}, "t");
  ASSERT_TRUE(ok.ok()) << ok.error().detail;
  EXPECT_EQ(ok->at(0).sex_limit, 'F');
  EXPECT_EQ(ok->at(0).med_types, (std::vector<int>{11, 21}));
  EXPECT_EQ(ok->at(0).indications.size(), 2u);

  auto short_code = Catalog::from_rows({row({"XA02BC", "奥美拉唑", "drug"})}, "t");
  ASSERT_FALSE(short_code.ok());
  EXPECT_NE(short_code.error().detail.find("catalog_code"), std::string::npos);
  auto service_letters = Catalog::from_rows({row({"11020000100000A", "诊查费", "service"})}, "t");
  EXPECT_FALSE(service_letters.ok());
  auto bad_sex = Catalog::from_rows({row({"XA02BCA001A001010100007", "奥美拉唑", "drug", "", "X"})}, "t");
  ASSERT_FALSE(bad_sex.ok());
  EXPECT_NE(bad_sex.error().detail.find("sex_limit"), std::string::npos);
  auto bad_flag = Catalog::from_rows({row({"XA02BCA001A001010100007", "奥美拉唑", "drug", "", "", "", "", "", "", "", "", "", "", "", "cheap"})}, "t");
  ASSERT_FALSE(bad_flag.ok());
  EXPECT_NE(bad_flag.error().detail.find("flags"), std::string::npos);
  auto dup = Catalog::from_rows({row({"XA02BCA001A001010100007", "a", "drug"}), row({"XA02BCA001A001010100007", "b", "drug"})}, "t");
  EXPECT_FALSE(dup.ok());
}

}  // namespace
}  // namespace weijian::claims
