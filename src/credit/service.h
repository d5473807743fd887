#pragma once
// Credit supervision (信用监管): misconduct points (不良执业行为记分) with their source record,
// thresholds and their consequences, honour and dishonesty lists with publication periods,
// credit restoration (信用修复), the credit record and rating, joint sanctions and the
// dual-publication export (双公示). The rules are data (CreditRules, data/credit/).
#include <functional>
#include <map>
#include <set>
#include <string>

#include "core/calendar.h"
#include "core/json.h"
#include "core/xlsx.h"
#include "credit/export_store.h"
#include "credit/filter.h"
#include "credit/list_store.h"
#include "credit/points_store.h"
#include "credit/restoration_store.h"
#include "credit/rules.h"
#include "credit/sanctions.h"
#include "enforcement/penalties.h"
#include "identity/org.h"
#include "identity/principal.h"
#include "store/db.h"

namespace weijian::credit {

// A subject an official may list for a trigger (list_candidates).
struct ListCandidate {
  std::string subject_code, subject_name, trigger_code, starts_on, basis;
};

// An export batch with the display name of who exported it ("" if unknown).
struct ExportBatchView {
  ExportBatch batch;
  std::string exported_by_name;
};

struct ExportFile {
  std::string bytes, content_type, file_name;
  std::int64_t rows = 0;
};

class CreditService {
 public:
  // Checks that a source record exists and belongs to the subject (an error says what is wrong).
  using SourceCheck = std::function<Status(store::Conn&, const std::string& ref, const registry::Subject& subject)>;

  CreditService(store::Db& db, const registry::Directory& directory, const identity::Org& org, CreditRules rules,
                const WorkingCalendar& calendar, enforcement::PenaltyRegister& penalties);
  const CreditRules& rules() const { return rules_; }
  SanctionsIndex& index() { return index_; }
  // Other modules (inspection findings, claim findings) register their source kinds at startup.
  void register_source(const std::string& kind, std::string label, SourceCheck check);
  // The inspection module supplies a subject's inspection results for the credit record.
  using InspectionHistory = std::function<Result<Json>(store::Conn&, const registry::Subject& subject)>;
  void set_inspection_history(InspectionHistory history) { inspection_history_ = std::move(history); }
  // Loads the sanctions index; call once the store is migrated.
  Status start();
  // Reloads the index for subjects changed inside another module's transaction (a penalty
  // revocation); call after that transaction committed.
  Status flush_pending();

  Json rules_json() const;

  // --- points ---
  Result<Json> assess(const identity::Principal& p, const Json& body);
  Result<Json> withdraw_points(const identity::Principal& p, std::int64_t id, const Json& body);
  Result<store::PageOf<Point>> list_points(const identity::Principal& p, const CreditFilter& f);
  Result<store::PageOf<ConsequenceView>> list_consequences(const identity::Principal& p, const CreditFilter& f);
  Result<store::PageOf<NotificationView>> list_notifications(const identity::Principal& p, const CreditFilter& f);
  // The notifications addressed to the caller's own department (for departments' liaisons).
  Result<store::PageOf<NotificationView>> department_notifications(const identity::Principal& p, int page, int page_size);

  // --- lists ---
  Result<Json> create_entry(const identity::Principal& p, const Json& body);
  Result<store::PageOf<ListEntry>> list_entries(const identity::Principal& p, const CreditFilter& f);
  Result<Table> export_entries(const identity::Principal& p, CreditFilter f);
  // Subjects that meet a trigger from records already held and are not yet listed for it:
  // no_points_two_cycles (institutions without points or penalties in this and the previous
  // cycle, honour) and license_revoked (institutions whose licence was revoked, dishonesty).
  // An official reviews each and lists it with create_entry.
  Result<store::PageOf<ListCandidate>> list_candidates(const identity::Principal& p, const std::string& trigger, int page, int page_size);

  // --- restoration ---
  Result<Json> apply_restoration(const identity::Principal& p, std::int64_t entry_id, const Json& body);
  Result<Json> decide_restoration(const identity::Principal& p, std::int64_t id, const Json& body);
  Result<store::PageOf<Restoration>> list_restorations(const identity::Principal& p, const CreditFilter& f);

  // --- record, rating, portal ---
  Result<Json> record(const identity::Principal& p, const std::string& subject_code);
  Result<Json> public_record(std::int64_t institution_id);

  // --- joint sanctions ---
  // on: the day asked about (default today).
  Result<Json> sanctions(const std::string& subject, const std::string& context, std::optional<Date> on = std::nullopt);
  // The same answer as JSON text, written without building a Json tree: what the route sends.
  Result<std::string> sanctions_text(const std::string& subject, const std::string& context);
  Result<Json> sanctions_bulk(std::string_view csv_bytes, const std::string& context);

  // --- dual publication (双公示) ---
  // kind: license | penalty; mode: incremental (since the last incremental export, recorded as a
  // batch) | all; format: csv | xlsx.
  Result<ExportFile> dual_publication(const identity::Principal& p, const std::string& kind, const std::string& mode,
                                      const std::string& format);
  // The latest 100, newest first.
  Result<std::vector<ExportBatchView>> export_batches(const identity::Principal& p);
  static Table license_layout();
  static Table penalty_layout();

 private:
  struct Created {
    Json consequences = Json::array();
    Json entries = Json::array();
  };
  // Replays the subject's active points of one cycle in order and brings the consequences (and
  // the list entries they imply) in line: missing ones are created with their notifications,
  // ones no longer reached are withdrawn.
  Result<Created> evaluate(store::Conn& c, const identity::Principal& p, const registry::Subject& s, const std::string& cycle,
                           const std::string& reason);
  Status withdraw_for_penalty(store::Conn& c, const identity::Principal& p, std::int64_t penalty_id, const std::string& decision_no,
                              const std::string& revocation_no, const std::string& reason, const std::string& on,
                              std::vector<std::string>& changed);
  Result<Json> insert_entry(store::Conn& c, const identity::Principal& p, const registry::Subject& s, const ListTrigger& t,
                            const std::string& basis, const std::string& source_kind, const std::string& source_ref, Date start,
                            int months);
  Status changed(store::Conn& c, const std::string& code);
  Json rating(store::Conn& c, const registry::Subject& s, Result<bool>& ok);

  store::Db& db_;
  const registry::Directory& directory_;
  const identity::Org& org_;
  CreditRules rules_;
  const WorkingCalendar& calendar_;
  enforcement::PenaltyRegister& penalties_;
  SanctionsIndex index_;
  std::map<std::string, std::pair<std::string, SourceCheck>> sources_;
  InspectionHistory inspection_history_;
  std::vector<std::string> pending_reload_;  // codes changed by the penalty hook, reloaded after commit
  std::mutex pending_mu_;
};

// The institutions on the dishonesty list on `today` (for the inspection risk grade).
Result<std::set<std::int64_t>> dishonest_institutions(store::Conn& c, Date today);

// Which identifier a sanctions query names: an ID number (公民身份号码) or a unified social
// credit code. Invalid → 400 saying what is wrong with it.
Result<std::string> normalize_subject(const std::string& raw, const char* field, std::string* type = nullptr);

}  // namespace weijian::credit
