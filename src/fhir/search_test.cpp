#include "fhir/search.h"

#include <gtest/gtest.h>

namespace weijian::fhir {
namespace {

TEST(FhirSearch, QueryPairsDecodePercentAndPlus) {
  const auto pairs = query_pairs("name=%E4%BA%BA%E6%B0%91+%E5%8C%BB%E9%99%A2&&identifier=a%7Cb&flag");
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].first, "name");
  EXPECT_EQ(pairs[0].second, "人民 医院");
  EXPECT_EQ(pairs[1].second, "a|b");
  EXPECT_EQ(pairs[2].first, "flag");
  EXPECT_EQ(pairs[2].second, "");
}

TEST(FhirSearch, CriteriaModifiersAndPaging) {
  auto s = parse_search("Organization", "name:exact=%E5%8C%BB%E9%99%A2&type=hospital&active=true&_count=5&page=3&_format=json");
  ASSERT_TRUE(s.ok()) << s.error().detail;
  ASSERT_EQ(s->criteria.size(), 3u);
  EXPECT_EQ(s->criteria[0].name, "name");
  EXPECT_EQ(s->criteria[0].modifier, "exact");
  EXPECT_EQ(s->criteria[0].value, "医院");
  EXPECT_EQ(s->count, 5);
  EXPECT_EQ(s->page, 3);
  EXPECT_FALSE(s->summary_count);
}

TEST(FhirSearch, DefaultsClampsAndSummary) {
  auto d = parse_search("Practitioner", "");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->count, kDefaultCount);
  EXPECT_EQ(d->page, 1);
  auto big = parse_search("Practitioner", "_count=100000");
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->count, kMaxCount);  // a server may return fewer than asked
  auto zero = parse_search("Practitioner", "_count=0");
  ASSERT_TRUE(zero.ok());
  EXPECT_TRUE(zero->summary_count);
  auto summary = parse_search("Practitioner", "_summary=count&_total=accurate");
  ASSERT_TRUE(summary.ok());
  EXPECT_TRUE(summary->summary_count);
}

TEST(FhirSearch, EmptyValuesAreIgnored) {
  auto s = parse_search("Organization", "name=&address=%E8%B7%AF");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->criteria.size(), 1u);
  EXPECT_EQ(s->criteria[0].name, "address");
}

TEST(FhirSearch, MistakesAreRefusedInChinese) {
  for (const char* q : {"birthdate=1980", "_sort=name", "_count=-1", "_count=abc", "page=0", "page=2&page=3",
                        "identifier:text=x", "active:missing=true", "name:above=x", "_summary=true", "_total=all",
                        "_include=PractitionerRole:practitioner"}) {
    auto s = parse_search("Practitioner", q);
    ASSERT_FALSE(s.ok()) << q;
    EXPECT_EQ(s.error().code, ErrorCode::bad_request) << q;
    EXPECT_NE(s.error().detail.find("参数"), std::string::npos) << q << ": " << s.error().detail;
  }
  auto unknown = parse_search("Organization", "partof=Organization/1");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().detail.find("identifier"), std::string::npos) << "lists what is supported";
  auto sort = parse_search("Organization", "_sort=name");
  EXPECT_EQ(sort.error().type, "not-supported");
  EXPECT_FALSE(parse_search("Organization", "name=" + std::string(201, 'x')).ok());
}

TEST(FhirSearch, EachTypeHasItsOwnParameters) {
  EXPECT_TRUE(parse_search("PractitionerRole", "practitioner=Practitioner/1&role=doctor&active=true").ok());
  EXPECT_FALSE(parse_search("Practitioner", "practitioner=1").ok());
  EXPECT_TRUE(parse_search("Location", "organization=Organization/3&address=x&name=y").ok());
  EXPECT_FALSE(parse_search("Location", "identifier=x").ok());
  EXPECT_TRUE(search_params("Patient").empty());
  EXPECT_TRUE(is_resource_type("PractitionerRole"));
  EXPECT_FALSE(is_resource_type("Patient"));
  for (auto type : kResourceTypes) EXPECT_EQ(search_params(type).front().name, "_id") << type;
}

TEST(FhirSearch, FormatAndAccept) {
  EXPECT_TRUE(check_format("", "").ok());
  EXPECT_TRUE(check_format("_format=json", "").ok());
  EXPECT_TRUE(check_format("_format=application/fhir+json", "").ok());  // '+' arrives as a space
  EXPECT_TRUE(check_format("_format=application%2Ffhir%2Bjson", "").ok());
  EXPECT_TRUE(check_format("", "application/fhir+json").ok());
  EXPECT_TRUE(check_format("", "text/html,application/xhtml+xml,*/*;q=0.8").ok());
  EXPECT_TRUE(check_format("", "application/fhir+json;fhirVersion=4.0").ok());
  auto xml = check_format("_format=xml", "");
  ASSERT_FALSE(xml.ok());
  EXPECT_EQ(xml.error().code, ErrorCode::not_acceptable);
  EXPECT_FALSE(check_format("", "application/fhir+xml").ok());
}

TEST(FhirSearch, TokensReferencesBooleansAndIds) {
  auto t = parse_token("https://weijian.example/fhir/sid/uscc|12330000MA0000001X");
  EXPECT_FALSE(t.any_system);
  EXPECT_EQ(t.system, "https://weijian.example/fhir/sid/uscc");
  EXPECT_EQ(t.code, "12330000MA0000001X");
  auto none = parse_token("|abc");
  EXPECT_FALSE(none.any_system);
  EXPECT_EQ(none.system, "");
  EXPECT_TRUE(parse_token("abc").any_system);

  EXPECT_EQ(*reference_id("Organization/12", "Organization", "organization"), "12");
  EXPECT_EQ(*reference_id("12", "Organization", "organization"), "12");
  EXPECT_EQ(*reference_id("http://h:1/fhir/Organization/12", "Organization", "organization"), "12");
  auto wrong = reference_id("Practitioner/12", "Organization", "organization");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::bad_request);

  EXPECT_TRUE(*parse_boolean("true", "active"));
  EXPECT_FALSE(*parse_boolean("false", "active"));
  EXPECT_FALSE(parse_boolean("yes", "active").ok());

  EXPECT_EQ(numeric_id("42"), 42);
  for (const char* bad : {"", "0", "042", "-1", "4a", "1234567890123456789", "1.5"}) EXPECT_FALSE(numeric_id(bad)) << bad;
  EXPECT_TRUE(valid_fhir_id("12-34"));
  EXPECT_TRUE(valid_fhir_id("a.B-9"));
  EXPECT_FALSE(valid_fhir_id(""));
  EXPECT_FALSE(valid_fhir_id("a b"));
  EXPECT_FALSE(valid_fhir_id(std::string(65, '1')));
}

TEST(FhirSearch, LinksReproduceTheSearch) {
  auto s = parse_search("Organization", "name=%E4%BA%BA%E6%B0%91&identifier=a%7Cb&_count=10");
  ASSERT_TRUE(s.ok());
  const std::string q = link_query(*s, 2);
  EXPECT_EQ(q, "name=%E4%BA%BA%E6%B0%91&identifier=a%7Cb&_count=10&page=2");
  auto again = parse_search("Organization", q);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->criteria.size(), 2u);
  EXPECT_EQ(again->criteria[1].value, "a|b");
  EXPECT_EQ(again->page, 2);
  EXPECT_EQ(percent_encode("a b&c=d"), "a%20b%26c%3Dd");
}

}  // namespace
}  // namespace weijian::fhir
