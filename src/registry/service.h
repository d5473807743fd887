#pragma once
// Registries: institutions with their practice licences, practitioners with their
// registrations, inspectors. Licence and registration changes are dated events, so
// status_on(date) answers for any past day ("was this licence valid on 2026-03-01?").
#include <string>

#include "core/json.h"
#include "core/xlsx.h"
#include "identity/principal.h"
#include "registry/rules.h"
#include "store/db.h"

namespace weijian::registry {

struct ListFilter {
  std::string q, category, ownership, status, kind, grade;
  std::int64_t jurisdiction_id = 0, institution_id = 0;
  bool overdue_only = false, renewal_due_only = false;
  int page = 1, page_size = 20;
};

class RegistryService {
 public:
  RegistryService(store::Db& db, RegistryRules rules) : db_(db), rules_(rules) {}
  const RegistryRules& rules() const { return rules_; }
  store::Db& db() { return db_; }

  // --- institutions ---
  Result<Json> list_institutions(const identity::Principal& p, const ListFilter& f);
  Result<Json> get_institution(const identity::Principal& p, std::int64_t id);
  Result<Json> create_institution(const identity::Principal& p, const Json& body);
  Result<Json> update_institution(const identity::Principal& p, std::int64_t id, const Json& body);

  // --- practice licences ---
  Result<Json> issue_license(const identity::Principal& p, std::int64_t institution_id, const Json& body);
  // kind: validate, defer_validation, suspend, reinstate, revoke, cancel
  Result<Json> license_event(const identity::Principal& p, std::int64_t license_id, const Json& body);
  Result<Json> license_status_on(const identity::Principal& p, std::int64_t license_id, const std::string& date);
  Result<Json> overdue_validations(const identity::Principal& p, const std::string& as_of, int page, int page_size);

  // --- practitioners ---
  Result<Json> list_practitioners(const identity::Principal& p, const ListFilter& f);
  Result<Json> get_practitioner(const identity::Principal& p, std::int64_t id);
  Result<Json> register_practitioner(const identity::Principal& p, const Json& body);
  // kind: change, renew, cancel, add_site, end_site
  Result<Json> registration_event(const identity::Principal& p, std::int64_t id, const Json& body);
  Result<Json> practitioner_status_on(const identity::Principal& p, std::int64_t id, const std::string& date);
  Result<Json> e_registration_rates(const identity::Principal& p);

  // --- inspectors ---
  Result<Json> list_inspectors(const identity::Principal& p, const ListFilter& f);
  Result<Json> create_inspector(const identity::Principal& p, const Json& body);
  Result<Json> declare_conflict(const identity::Principal& p, std::int64_t inspector_id, const Json& body);

  // --- public portal (no login: only what the public may see) ---
  Result<Json> public_institutions(const ListFilter& f);
  Result<Json> public_institution(std::int64_t id);
  Result<Json> public_practitioners(const ListFilter& f);

  // Exports of the same lists, within scope (ID numbers stay masked), at most kMaxExportRows.
  static constexpr std::int64_t kMaxExportRows = 200000;
  Result<Table> export_institutions(const identity::Principal& p, ListFilter f);
  Result<Table> export_practitioners(const identity::Principal& p, ListFilter f);
  // 定格、定员、定责: who is assigned to the grid cells under a jurisdiction.
  Result<Json> grid_staff(const identity::Principal& p, std::int64_t jurisdiction_id, int page, int page_size);

  Result<Json> responsibility_list(const std::string& q);
  Status seed(const std::string& data_dir);

 private:
  store::Db& db_;
  RegistryRules rules_;
};

const char* category_label(const std::string& category);
bool is_category(const std::string& category);

}  // namespace weijian::registry
