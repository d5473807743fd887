#pragma once
// The claims audit service behind the API: fee lines uploaded (CSV or NDJSON, idempotent by
// mdtrt_id + feedetl_sn) and kept per person, so that a new encounter is audited together
// with the person's history by the same engine as the batch command; the real-time audit
// in the national 3101/3102 shape; findings with their review; summaries; the rule base.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "claims/engine.h"
#include "core/csv.h"
#include "core/json.h"
#include "core/xlsx.h"
#include "identity/principal.h"
#include "store/db.h"

namespace weijian::claims {

struct FindingFilter {
  std::string rule_id, review_status, verdict, medins_id, dr_codg, psn_no, mdtrt_id, month;
  int page = 1, page_size = 20;
};

class ClaimsService {
 public:
  ClaimsService(store::Db& db, Catalog catalog, RuleBase rules, std::string rules_path);

  // Lines as CSV (national field names) or NDJSON (one JSON object a line, the same names).
  // All or nothing: with any bad row `report` lists them and nothing is stored.
  struct Upload {
    ImportReport report;
    Json result;
  };
  Result<Upload> upload(const identity::Principal& p, std::string_view body, bool ndjson);
  // 3101 (pre-settlement, record = false) and 3102 (in-settlement, record = true).
  Result<Json> realtime(const identity::Principal& p, const Json& body, bool record);
  // abnormal_usage over the stored lines of one month ("YYYY-MM").
  Result<Json> usage_audit(const identity::Principal& p, const std::string& month);

  Result<Json> list_findings(const identity::Principal& p, const FindingFilter& f);
  Result<Table> export_findings(const identity::Principal& p, FindingFilter f);
  Result<Json> encounter(const identity::Principal& p, const std::string& mdtrt_id);
  Result<Json> review(const identity::Principal& p, std::int64_t id, const Json& body);
  // by: provider, practitioner, rule, month
  Result<Json> summary(const identity::Principal& p, const std::string& by, const std::string& month);
  // Leads for enforcement (执法线索): confirmed findings grouped by provider, largest amount first.
  Result<Json> leads(const identity::Principal& p);
  // Monthly amounts of adjuvant and high-value items.
  Result<Json> trends(const identity::Principal& p);

  Json rule_base() const;
  Result<Json> save_rule_base(const identity::Principal& p, const Json& body);
  Json catalog_json() const;
  const Catalog& catalog() const { return catalog_; }

  // Loads the newest saved rule base, if any (at start).
  Status load_saved_rules();
  // Writes lines as if uploaded by the system, audited (the demo).
  Result<Json> load_lines(const std::vector<FeeLine>& lines);

 private:
  struct Stored {
    std::int64_t inserted = 0, duplicates = 0, findings = 0;
  };
  Result<Stored> store_and_audit(store::Conn& c, const std::vector<FeeLine>& lines);
  Result<std::vector<FeeLine>> history(store::Conn& c, const std::vector<std::string>& persons);
  std::shared_ptr<const RuleBase> rules() const;
  std::shared_ptr<const RegistrySnapshot> registry();
  Result<std::string> provider_path(store::Conn& c, const std::string& medins_id);

  store::Db& db_;
  Catalog catalog_;
  std::string rules_path_;
  mutable std::mutex mu_;
  std::shared_ptr<const RuleBase> rules_;
  std::shared_ptr<const RegistrySnapshot> registry_;
  std::chrono::steady_clock::time_point registry_loaded_{}, registry_checked_{};
  std::string registry_version_;
  bool registry_loading_ = false;
  std::map<std::string, std::string> path_cache_;
  std::string root_path_;
};

}  // namespace weijian::claims
