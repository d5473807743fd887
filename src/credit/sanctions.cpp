#include "credit/sanctions.h"

#include <algorithm>

#include "core/csv.h"
#include "credit/rules.h"
#include "credit/sanctions_store.h"

namespace weijian::credit {
namespace {

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

std::uint32_t SanctionsIndex::label_id(const std::string& label) {
  auto it = label_ids_.find(label);
  if (it != label_ids_.end()) return it->second;
  labels_.push_back(label);
  return label_ids_[label] = static_cast<std::uint32_t>(labels_.size() - 1);
}

// In slices of kSlice rows per table, so that a million restrictions never sit in one result set.
Status SanctionsIndex::load_all() {
  constexpr std::int64_t kSlice = 50000;
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  WJ_ASSIGN_OR_RETURN(const std::int64_t last, sanctions_store::last_change_id(**lease));
  const std::string from = horizon_.value_or(today_in_shanghai()).to_string();
  std::unordered_map<std::string, std::vector<Restriction>> fresh;
  for (const bool list : {false, true}) {
    for (std::int64_t after = 0;;) {
      WJ_ASSIGN_OR_RETURN(auto rows, sanctions_store::restrictions_slice(**lease, list, from, after, kSlice));
      std::unique_lock lock(mu_);  // label ids
      for (const auto& r : rows) {
        auto starts = Date::parse(r.starts_on);
        auto ends = Date::parse(r.ends_on);
        if (!starts.ok() || !ends.ok()) continue;
        fresh[r.subject_code].push_back({context_mask(split_list(r.contexts, ',')), list, starts->days_since_epoch(),
                                         ends->days_since_epoch(), r.id, label_id(r.label)});
      }
      if (rows.size() < static_cast<std::size_t>(kSlice)) break;
      after = rows.back().id;
    }
  }
  {
    std::unique_lock lock(mu_);
    by_code_.swap(fresh);
  }
  seen_change_.store(last);
  return {};
}

Status SanctionsIndex::reload(const std::vector<std::string>& codes) {
  if (codes.empty()) return {};
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  return reload_locked_out(**lease, codes);
}

// Reads outside the lock, then swaps the subjects in under it: lookups never wait on the store.
// codes empty: everything.
Status SanctionsIndex::reload_locked_out(store::Conn& c, const std::vector<std::string>& codes) {
  const Date from = horizon_.value_or(today_in_shanghai());
  WJ_ASSIGN_OR_RETURN(auto rows, sanctions_store::restrictions_of(c, from.to_string(), codes));
  std::unordered_map<std::string, std::vector<Restriction>> fresh;
  std::unique_lock lock(mu_);
  for (const auto& row : rows) {
    auto from = Date::parse(row.starts_on);
    auto until = Date::parse(row.ends_on);
    if (!from.ok() || !until.ok()) continue;
    Restriction r;
    r.list_entry = row.list_entry;
    r.ref = row.id;
    r.mask = context_mask(split_list(row.contexts, ','));
    r.from_days = from->days_since_epoch();
    r.until_days = until->days_since_epoch();
    r.label = label_id(row.label);
    fresh[row.subject_code].push_back(r);
  }
  if (codes.empty()) {
    by_code_.swap(fresh);
    return {};
  }
  for (const auto& code : codes) {
    auto it = fresh.find(code);
    if (it == fresh.end()) by_code_.erase(code);
    else by_code_[code] = std::move(it->second);
  }
  return {};
}

Status SanctionsIndex::sync() {
  const std::int64_t now = steady_ns();
  if (now < next_sync_ns_.load(std::memory_order_relaxed)) return {};
  std::unique_lock guard(sync_mu_, std::try_to_lock);
  if (!guard.owns_lock()) return {};  // another request is syncing; answer from what we have
  next_sync_ns_.store(now + std::chrono::duration_cast<std::chrono::nanoseconds>(sync_interval_).count());
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  WJ_ASSIGN_OR_RETURN(auto changes, sanctions_store::changes_after(**lease, seen_change_.load()));
  if (changes.empty()) return {};
  std::vector<std::string> codes;
  for (const auto& change : changes) codes.push_back(change.subject_code);
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  for (std::size_t from = 0; from < codes.size(); from += 500) {
    std::vector<std::string> part(codes.begin() + static_cast<std::ptrdiff_t>(from),
                                  codes.begin() + static_cast<std::ptrdiff_t>(std::min(codes.size(), from + 500)));
    WJ_TRY(reload_locked_out(**lease, part));
  }
  seen_change_.store(changes.back().id);
  return {};
}

SanctionsIndex::Answer SanctionsIndex::check(const std::string& code, int context, Date today) const {
  Answer a;
  const int day = today.days_since_epoch();
  std::shared_lock lock(mu_);
  auto it = by_code_.find(code);
  if (it == by_code_.end()) return a;
  for (const Restriction& r : it->second) {
    if (!(r.mask & (1u << context)) || day < r.from_days || day > r.until_days) continue;
    const Date until = Date::from_days(r.until_days);
    if (!a.restricted || a.until < until) a.until = until;
    a.restricted = true;
    a.hits.push_back({r.list_entry, r.ref, labels_[r.label], Date::from_days(r.from_days), until});
  }
  return a;
}

namespace {
const char* hit_kind(bool list_entry) { return list_entry ? "dishonesty_list" : "points_consequence"; }
const char* hit_label(bool list_entry) { return list_entry ? "列入失信名单" : "不良执业行为记分达到阈值"; }
}  // namespace

Json SanctionsIndex::Answer::reasons() const {
  Json out = Json::array();
  for (const Hit& h : hits)
    out.push_back({{"kind", hit_kind(h.list_entry)}, {"kind_label", hit_label(h.list_entry)}, {"id", h.ref}, {"reason", h.reason},
                   {"since", h.since.to_string()}, {"until", h.until.to_string()}});
  return out;
}

void SanctionsIndex::Answer::write_reasons(std::string& out) const {
  out += '[';
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const Hit& h = hits[i];
    if (i) out += ',';
    out += "{\"id\":" + std::to_string(h.ref) + ",\"kind\":\"" + hit_kind(h.list_entry) + "\",\"kind_label\":\"" +
           hit_label(h.list_entry) + "\",\"reason\":" + Json(h.reason).dump() + ",\"since\":\"" + h.since.to_string() +
           "\",\"until\":\"" + h.until.to_string() + "\"}";
  }
  out += ']';
}

std::size_t SanctionsIndex::subjects() const {
  std::shared_lock lock(mu_);
  return by_code_.size();
}

}  // namespace weijian::credit
