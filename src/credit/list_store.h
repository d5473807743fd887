#pragma once
// Threshold consequences, their notifications to departments, and the honour and dishonesty
// lists: the record types and the only SQL on credit_consequences, credit_notifications and
// credit_list_entries.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "credit/filter.h"
#include "store/db.h"
#include "store/query.h"

namespace weijian::credit {

// What reaching a threshold brought (约谈、暂停…), for a period.
struct Consequence {
  std::int64_t id = 0;
  std::string subject_kind;
  std::int64_t subject_id = 0;
  std::string subject_code, subject_name, cycle;
  std::int64_t threshold_points = 0;
  std::string code, label;
  std::int64_t total_at_crossing = 0, point_id = 0;
  std::string starts_on, ends_on, contexts, status;  // contexts "a,b"; status active, withdrawn
  std::optional<std::string> withdrawn_on, withdrawal_reason;
  std::string jurisdiction_path;
};

// A consequence told to a department that must act on it.
struct Notification {
  std::int64_t id = 0, consequence_id = 0;
  std::string department_code, subject_code, subject_name, message, created_on, due_on, jurisdiction_path;
};

// A subject on the honour (守信) or dishonesty (失信) list.
struct ListEntry {
  std::int64_t id = 0;
  std::string list_kind, subject_kind;
  std::int64_t subject_id = 0;
  std::string subject_code, subject_name, trigger_code, severity, basis, source_kind, source_ref, starts_on, publish_by, min_ends_on,
      ends_on, contexts, status;  // status active, withdrawn, restored (an active one past ends_on has expired)
  std::optional<std::string> closed_on, close_reason;
  std::string jurisdiction_path;
};

// A notification with the name of the department it is addressed to ("" if unknown).
struct NotificationView {
  Notification notification;
  std::string department_name;
};

// A consequence with its notifications.
struct ConsequenceView {
  Consequence consequence;
  std::vector<NotificationView> notifications;
};

namespace list_store {

// --- consequences and notifications ---
Result<std::vector<Consequence>> active_consequences(store::Conn& c, const std::string& subject_kind, std::int64_t subject_id,
                                                     const std::string& cycle);
Result<std::int64_t> insert_consequence(store::Conn& c, const Consequence& k, const std::string& now);
Status withdraw_consequence(store::Conn& c, std::int64_t id, const std::string& on, const std::string& reason);
Status insert_notification(store::Conn& c, const Notification& n);
Result<std::vector<Notification>> notifications_of(store::Conn& c, std::int64_t consequence_id);
// f.subject_code already normalised; newest first.
Result<store::PageOf<Consequence>> consequence_page(store::Conn& c, const store::Scope& scope, const CreditFilter& f);
Result<std::vector<Consequence>> consequences_of(store::Conn& c, const std::string& subject_code);
// Filters by f.department and f.q; newest first.
Result<store::PageOf<Notification>> notification_page(store::Conn& c, const store::Scope& scope, const CreditFilter& f);

// --- list entries ---
Result<std::int64_t> insert_entry(store::Conn& c, const ListEntry& e, std::int64_t created_by, const std::string& now);
Result<std::optional<ListEntry>> entry_in_scope(store::Conn& c, const store::Scope& scope, std::int64_t id);
// f.subject_code already normalised; f.status active/expired compare ends_on with today.
Result<store::PageOf<ListEntry>> entry_page(store::Conn& c, const store::Scope& scope, const CreditFilter& f, const std::string& today);
// Closes the active entries that rest on a source (a withdrawn consequence).
Status withdraw_entries_from(store::Conn& c, const std::string& source_kind, const std::string& source_ref, const std::string& on,
                             const std::string& reason);
// Closes one active entry as restored (信用修复).
Status restore_entry(store::Conn& c, std::int64_t id, const std::string& on, const std::string& reason);
// Active entries of a subject on a list of a severity (a LIKE pattern) still running on `today`.
Result<std::int64_t> count_active(store::Conn& c, const std::string& subject_code, const std::string& list_kind,
                                  const std::string& severity_like, const std::string& today);
// Subjects an honour listing would contradict: active on the dishonesty list, or already on the
// honour list for no_points_two_cycles, on `today`.
Result<std::set<std::string>> subjects_blocking_honour(store::Conn& c, const std::string& today);
// Subjects ever listed (in any status) for the trigger.
Result<std::set<std::string>> subjects_listed_for(store::Conn& c, const std::string& trigger_code);
// Ids of the institutions on the dishonesty list on `today`.
Result<std::set<std::int64_t>> dishonest_institution_ids(store::Conn& c, const std::string& today);

}  // namespace list_store
}  // namespace weijian::credit
