#pragma once
// The joint-sanctions index (联合惩戒): every active restriction (a threshold consequence or a
// dishonesty-list entry) by subject code, held in memory so that the check other departments
// call before they grant anything is a hash lookup, not a query.
//
// Consistency: every transaction that changes a restriction also inserts the subject's code
// into credit_changes. The server that made the change reloads that subject right after its
// commit (read-your-writes). Every other server sharing the store notices within
// `sync_interval` (rules.json sanctions_sync_ms): the first query after the interval reads
// the change log past the last id it has seen — one indexed query — and reloads only the
// subjects listed there. Restrictions end by date, so expiry needs no change record: a
// lookup compares the end date with today.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "core/json.h"
#include "store/db.h"

namespace weijian::credit {

struct Restriction {
  std::uint8_t mask = 0;        // contexts restricted, bits over kContexts
  bool list_entry = false;      // else a threshold consequence
  int from_days = 0, until_days = 0;  // inclusive, days since epoch
  std::int64_t ref = 0;         // credit_list_entries.id or credit_consequences.id
  std::uint32_t label = 0;      // index into the label table
};

class SanctionsIndex {
 public:
  SanctionsIndex(store::Db& db, std::chrono::milliseconds sync_interval) : db_(db), sync_interval_(sync_interval) {}
  // Loads every restriction that has not ended before the horizon (default: today).
  Status load_all();
  // Keeps restrictions ending on or after `d` (tests that ask about past dates).
  void set_horizon(Date d) { horizon_ = d; }
  // Re-reads the restrictions of these subjects (after this server's own commit).
  Status reload(const std::vector<std::string>& codes);
  // Follows other servers' changes, at most once per sync interval.
  Status sync();

  struct Answer {
    struct Hit {
      bool list_entry = false;
      std::int64_t ref = 0;
      std::string reason;
      Date since, until;
    };
    bool restricted = false;
    Date until;
    std::vector<Hit> hits;
    Json reasons() const;
    // The same array written straight into `out` (the hot path of the sanctions route).
    void write_reasons(std::string& out) const;
  };
  // context: index into kContexts. Answers from memory.
  Answer check(const std::string& code, int context, Date today) const;
  std::size_t subjects() const;

 private:
  Status reload_locked_out(store::Conn& c, const std::vector<std::string>& codes);
  std::uint32_t label_id(const std::string& label);

  store::Db& db_;
  std::chrono::milliseconds sync_interval_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::vector<Restriction>> by_code_;
  std::vector<std::string> labels_;
  std::unordered_map<std::string, std::uint32_t> label_ids_;
  std::atomic<std::int64_t> seen_change_{0};
  std::atomic<std::int64_t> next_sync_ns_{0};
  std::mutex sync_mu_;
  std::optional<Date> horizon_;
};

}  // namespace weijian::credit
