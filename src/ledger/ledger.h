#pragma once
// The process record (执法全过程记录): every state change appends one entry in the same
// transaction as the change. Each entry holds the SM3 digest of the canonical JSON of the
// change, the previous entry's hash and its own hash, so altering, removing or reordering
// any stored entry breaks the chain at that entry.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/json.h"
#include "store/db.h"
#include "store/query.h"

namespace weijian::ledger {

struct Event {
  std::int64_t actor_id = 0;     // 0: the system itself
  std::string actor_name;        // as shown to auditors
  std::int64_t department_id = 0;
  std::string jurisdiction_path;  // of the subject: who may read the entry (data scope)
  std::string action;             // e.g. "user.create"
  std::string subject_type;       // e.g. "user"
  std::string subject_id;
  Json change;                    // what changed (never secrets: no passwords, tokens, keys)
};

// Appends within the caller's open transaction; returns the new sequence number.
Result<std::int64_t> append(store::Conn& conn, store::Engine engine, const Event& event);

struct Verification {
  bool ok = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_bad_seq;
  std::string detail;  // Chinese
};
// Recomputes every digest and hash from the stored rows, in order.
Result<Verification> verify(store::Db& db);

struct Checkpoint {
  std::int64_t seq = 0;
  std::string head_hash;
  std::string time;
  std::string signature;  // SM2 over checkpoint_message(), hex DER
};
std::string checkpoint_message(std::int64_t seq, const std::string& head_hash, const std::string& time);
Result<Checkpoint> checkpoint(store::Db& db, const crypto::Sm2Signer& signer);
Json checkpoint_json(const Checkpoint& cp, const crypto::Sm2Signer& signer);
// Checks a checkpoint's signature with a public key alone; optionally that the store's entry
// at that sequence number still has that hash.
Result<bool> verify_checkpoint(const Json& checkpoint, const std::string& public_key_pem);

// The entry hash over the stored fields, shared by append and verify.
std::string entry_hash(std::int64_t seq, const std::string& time, std::int64_t actor_id, const std::string& actor_name,
                       std::int64_t department_id, const std::string& jurisdiction_path, const std::string& action,
                       const std::string& subject_type, const std::string& subject_id, const std::string& digest,
                       const std::string& prev_hash);

// One stored entry, as it is in the store (change: the canonical JSON text that was digested).
struct Entry {
  std::int64_t seq = 0;
  std::string time;
  std::int64_t actor_id = 0;
  std::string actor_name;
  std::int64_t department_id = 0;
  std::string jurisdiction_path, action, subject_type, subject_id, change, digest, prev_hash, hash;
};

// Which entries to read; empty fields do not filter.
struct EntryFilter {
  std::string actor;  // a substring of actor_name (case-insensitive)
  std::string action, subject_type, subject_id;
  std::string from_time, to_time;  // ISO UTC instants: from_time <= time < to_time
};

// The entries within `scope` that match, newest first: one page, or all of them.
Result<store::PageOf<Entry>> entries_page(store::Conn& c, const store::Scope& scope, const EntryFilter& f, int page,
                                          int page_size);
Result<std::vector<Entry>> entries(store::Conn& c, const store::Scope& scope, const EntryFilter& f);
// The entry with sequence number `seq`, if there is one.
Result<std::optional<Entry>> entry(store::Conn& c, std::int64_t seq);

inline const std::string kGenesisHash(64, '0');

}  // namespace weijian::ledger
