#pragma once
// The penalty-decision register (行政处罚决定书): the enforcement module's record of every
// administrative penalty, which credit points cite as their source and which the
// dual-publication export (双公示) publishes. A decision is never edited or deleted; it can
// only be revoked by a later recorded decision (撤销决定), which withdraws everything that
// rests on it (the revocation hooks run in the same transaction).
//
// Enforcement's public header: the register for app/ and the routes, and the read functions
// other modules (credit) use instead of its tables.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/fields.h"
#include "core/json.h"
#include "enforcement/penalty_store.h"
#include "identity/principal.h"
#include "registry/directory.h"
#include "store/db.h"

namespace weijian::enforcement {

struct PenaltyAuthority {
  std::string name, credit_code, source_unit, source_unit_code;
};

class PenaltyRegister {
 public:
  // Runs inside the revocation's transaction; an error rolls the revocation back.
  using RevokeHook = std::function<Status(store::Conn&, const identity::Principal&, std::int64_t penalty_id,
                                          const std::string& decision_no, const std::string& revocation_no,
                                          const std::string& reason, const std::string& revoked_on)>;
  // Runs after the revocation committed (e.g. a cache reloads what the hooks changed); its
  // error is the request's answer, though the revocation stands.
  using AfterRevoke = std::function<Status()>;

  PenaltyRegister(store::Db& db, const registry::Directory& directory, PenaltyAuthority authority)
      : db_(db), directory_(directory), authority_(std::move(authority)) {}
  void on_revoke(RevokeHook hook) { hooks_.push_back(std::move(hook)); }
  void after_revoke(AfterRevoke hook) { after_revoke_.push_back(std::move(hook)); }

  Result<PenaltyDecision> record(const identity::Principal& p, const Json& body);
  Result<PenaltyDecision> revoke(const identity::Principal& p, std::int64_t id, const Json& body);
  Result<store::PageOf<PenaltyDecision>> list(const identity::Principal& p, PenaltyFilter f);
  Result<PenaltyDecision> get(const identity::Principal& p, std::int64_t id);

 private:
  store::Db& db_;
  const registry::Directory& directory_;
  PenaltyAuthority authority_;
  std::vector<RevokeHook> hooks_;
  std::vector<AfterRevoke> after_revoke_;
};

// The API's shape of a decision (without its jurisdiction path).
Json to_json(const PenaltyDecision& d);

// 处罚类别 as the 双公示 layout names them.
const std::vector<std::string>& penalty_categories();

// --- reads for other modules, inside the caller's transaction ---
// The decision with this 决定书文号, or nullopt.
Result<std::optional<PenaltyDecision>> decision_by_no(store::Conn& c, const std::string& decision_no);
// A subject's decisions (by 统一社会信用代码 or 身份证号), newest first.
Result<std::vector<PenaltyDecision>> decisions_of(store::Conn& c, const std::string& subject_code);
// How many unrevoked decisions a subject has with a decision date on or after `since`.
Result<std::int64_t> unrevoked_count_since(store::Conn& c, const std::string& subject_code, Date since);
// The subjects that have an unrevoked decision dated on or after `since`.
Result<std::set<std::string>> subjects_penalised_since(store::Conn& c, Date since);
// The register's events (record, revoke) after event `after_id`, in order, within the scope.
Result<std::vector<PenaltyEvent>> events_after(store::Conn& c, const store::Scope& scope, std::int64_t after_id);

}  // namespace weijian::enforcement
