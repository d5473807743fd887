#pragma once
// Test support: a small registry built through the registry's own API (and identity's for the
// city), so that tests of the registry's readers never write its tables by hand. Dates are
// derived from today (the service refuses future dates), by `ago(days)`.
#include <gtest/gtest.h>

#include <string>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/json.h"
#include "core/test_paths.h"
#include "identity/service.h"
#include "registry/identifiers.h"
#include "registry/service.h"
#include "store/migrations.h"

namespace weijian::registry::testing_support {

class RegistryBuilder {
 public:
  // Migrates the store and seeds the city (its id is city_id()) and the departments.
  explicit RegistryBuilder(store::Db& db) : db_(db), service_(db, RegistryRules{}) {
    EXPECT_TRUE(store::migrate(db, store::embedded_migrations()).ok());
    identity::IdentityService identity(db, crypto::SecretBox::from_key(std::string(48, 'k')), identity::SecurityPolicy{});
    const Status st = identity.seed(weijian::testing::source_path("data"), "330300", "示范市");
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().detail);
    auto city = identity.list_jurisdictions();
    EXPECT_TRUE(city.ok());
    if (city.ok()) city_ = find_city(*city);
  }

  RegistryService& service() { return service_; }
  std::int64_t city_id() const { return city_; }
  static std::string ago(int days) { return today_in_shanghai().add_days(-days).to_string(); }
  // A valid 统一社会信用代码 / 公民身份号码 made from a number.
  static std::string credit_code(int n) {
    std::string body = std::to_string(n);
    return make_credit_code("12330300" + std::string(9 - body.size(), '0') + body);
  }
  static std::string id_number(int n) {
    std::string body = std::to_string(n % 1000);
    return make_id_number("33030219800715" + std::string(3 - body.size(), '0') + body);
  }

  // Each returns the created record's JSON (as the API answers), failing the test on an error.
  Json institution(int n, const std::string& name, const Json& extra = Json::object()) {
    Json body = {{"credit_code", credit_code(n)}, {"name", name}, {"category", "hospital"}, {"ownership", "public"},
                 {"profit_type", "non_profit"}, {"address", name + "所在路1号"}, {"jurisdiction_id", city_},
                 {"legal_representative", "法定代表人甲"}, {"person_in_charge", "负责人乙"}, {"beds", 10}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    return ok(service_.create_institution(identity::Principal::system(), body));
  }
  Json licence(std::int64_t institution_id, const std::string& no, const std::string& issued_on, const std::string& valid_until) {
    return ok(service_.issue_license(identity::Principal::system(), institution_id,
                                     {{"license_no", no}, {"issued_on", issued_on}, {"valid_until", valid_until}}));
  }
  Json licence_event(std::int64_t licence_id, const std::string& kind, const std::string& on) {
    return ok(service_.license_event(identity::Principal::system(), licence_id, {{"kind", kind}, {"effective_on", on}}));
  }
  Json practitioner(int n, const std::string& name, std::int64_t institution_id, const std::string& registered_on,
                    const Json& extra = Json::object()) {
    Json body = {{"id_number", id_number(n)}, {"name", name}, {"kind", "physician"}, {"qualification_no", "Q" + std::to_string(n)},
                 {"practice_category", "临床"}, {"practice_scope", "内科专业"}, {"institution_id", institution_id},
                 {"registered_on", registered_on}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    return ok(service_.register_practitioner(identity::Principal::system(), body));
  }
  Json registration(std::int64_t practitioner_id, const std::string& kind, const std::string& on, std::int64_t institution_id = 0) {
    Json body = {{"kind", kind}, {"effective_on", on}};
    if (institution_id) body["institution_id"] = institution_id;
    return ok(service_.registration_event(identity::Principal::system(), practitioner_id, body));
  }
  Json update_institution(std::int64_t id, const Json& body) {
    return ok(service_.update_institution(identity::Principal::system(), id, body));
  }

 private:
  static std::int64_t find_city(const Json& list) {
    const Json& items = list.contains("items") ? list["items"] : list;
    for (const auto& j : items)
      if (j.value("level", "") == "city") return j["id"].get<std::int64_t>();
    return 0;
  }
  Json ok(const Result<Json>& r) {
    if (!r.ok()) {
      std::string why = r.error().detail;
      for (const auto& e : r.error().errors) why += " " + e.field + ": " + e.message;
      ADD_FAILURE() << why;
    }
    return r.ok() ? *r : Json();
  }

  store::Db& db_;
  RegistryService service_;
  std::int64_t city_ = 0;
};

}  // namespace weijian::registry::testing_support
