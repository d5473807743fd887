#pragma once
// The penalty-decision register (行政处罚决定书): the enforcement module's record of every
// administrative penalty, which credit points cite as their source and which the
// dual-publication export (双公示) publishes. A decision is never edited or deleted; it can
// only be revoked by a later recorded decision (撤销决定), which withdraws everything that
// rests on it (the revocation hooks run in the same transaction).
#include <functional>
#include <string>
#include <vector>

#include "core/fields.h"
#include "core/json.h"
#include "identity/principal.h"
#include "registry/directory.h"
#include "store/db.h"

namespace weijian::enforcement {

struct PenaltyFilter {
  std::string q, subject_code;
  int page = 1, page_size = 20;
};

struct PenaltyAuthority {
  std::string name, credit_code, source_unit, source_unit_code;
};

class PenaltyRegister {
 public:
  // Runs inside the revocation's transaction; an error rolls the revocation back.
  using RevokeHook = std::function<Status(store::Conn&, const identity::Principal&, std::int64_t penalty_id,
                                          const std::string& decision_no, const std::string& revocation_no,
                                          const std::string& reason, const std::string& revoked_on)>;

  PenaltyRegister(store::Db& db, const registry::Directory& directory, PenaltyAuthority authority)
      : db_(db), directory_(directory), authority_(std::move(authority)) {}
  void on_revoke(RevokeHook hook) { hooks_.push_back(std::move(hook)); }

  Result<Json> record(const identity::Principal& p, const Json& body);
  Result<Json> revoke(const identity::Principal& p, std::int64_t id, const Json& body);
  Result<Json> list(const identity::Principal& p, const PenaltyFilter& f);
  Result<Json> get(const identity::Principal& p, std::int64_t id);

  static Json row_json(const store::Rows& r, std::size_t i);
  static constexpr const char* kSelect =
      "SELECT id, decision_no, subject_kind, subject_id, subject_code, subject_name, legal_representative, violation_type, "
      "facts, basis, category, content, fine_fen, decision_date, publication_ends_on, authority, authority_code, source_unit, "
      "source_unit_code, revoked, revoked_on, revocation_decision_no, revocation_reason, jurisdiction_path FROM penalty_decisions";

 private:
  store::Db& db_;
  const registry::Directory& directory_;
  PenaltyAuthority authority_;
  std::vector<RevokeHook> hooks_;
};

// 处罚类别 as the 双公示 layout names them.
const std::vector<std::string>& penalty_categories();

}  // namespace weijian::enforcement
