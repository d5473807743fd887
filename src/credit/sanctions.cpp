#include "credit/sanctions.h"

#include <algorithm>

#include "core/csv.h"
#include "credit/rules.h"

namespace weijian::credit {
namespace {

constexpr const char* kRestrictionSelect =
    "SELECT subject_code, 0, id, contexts, starts_on, ends_on, label FROM credit_consequences WHERE status = 'active' "
    "AND ends_on >= $1 %CODES% UNION ALL SELECT subject_code, 1, id, contexts, starts_on, ends_on, basis FROM credit_list_entries "
    "WHERE list_kind = 'dishonesty' AND status = 'active' AND ends_on >= $1 %CODES%";

std::string select_for(std::size_t n_codes) {
  std::string sql = kRestrictionSelect;
  std::string in;
  if (n_codes > 0) {
    in = "AND subject_code IN (";
    for (std::size_t i = 0; i < n_codes; ++i) in += (i ? ",$" : "$") + std::to_string(i + 2);
    in += ")";
  }
  for (auto pos = sql.find("%CODES%"); pos != std::string::npos; pos = sql.find("%CODES%")) sql.replace(pos, 7, in);
  return sql;
}

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
  auto last = (**lease).query("SELECT coalesce(max(id), 0) FROM credit_changes");
  if (!last.ok()) return last.error();
  const std::string from = horizon_.value_or(today_in_shanghai()).to_string();
  std::unordered_map<std::string, std::vector<Restriction>> fresh;
  for (const char* table : {"credit_consequences", "credit_list_entries"}) {
    const bool list = std::string_view(table) == "credit_list_entries";
    const std::string sql = std::string("SELECT subject_code, id, contexts, starts_on, ends_on, ") + (list ? "basis" : "label") +
                            " FROM " + table + " WHERE status = 'active' AND ends_on >= $1 AND id > $2" +
                            (list ? " AND list_kind = 'dishonesty'" : "") + " ORDER BY id LIMIT " + std::to_string(kSlice);
    for (std::int64_t after = 0;;) {
      auto rows = (**lease).query(sql, {from, after});
      if (!rows.ok()) return rows.error();
      std::unique_lock lock(mu_);  // label ids
      for (std::size_t i = 0; i < rows->size(); ++i) {
        auto starts = Date::parse(rows->text(i, 3));
        auto ends = Date::parse(rows->text(i, 4));
        if (!starts.ok() || !ends.ok()) continue;
        fresh[rows->text(i, 0)].push_back({context_mask(split_list(rows->text(i, 2), ',')), list, starts->days_since_epoch(),
                                           ends->days_since_epoch(), rows->integer(i, 1), label_id(rows->text(i, 5))});
      }
      if (rows->size() < static_cast<std::size_t>(kSlice)) break;
      after = rows->integer(rows->size() - 1, 1);
    }
  }
  {
    std::unique_lock lock(mu_);
    by_code_.swap(fresh);
  }
  seen_change_.store(last->integer(0, 0));
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
  store::Params params{from.to_string()};
  for (const auto& code : codes) params.emplace_back(code);
  auto rows = c.query(select_for(codes.size()), params);
  if (!rows.ok()) return rows.error();
  std::unordered_map<std::string, std::vector<Restriction>> fresh;
  std::unique_lock lock(mu_);
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto from = Date::parse(rows->text(i, 4));
    auto until = Date::parse(rows->text(i, 5));
    if (!from.ok() || !until.ok()) continue;
    Restriction r;
    r.list_entry = rows->integer(i, 1) == 1;
    r.ref = rows->integer(i, 2);
    r.mask = context_mask(split_list(rows->text(i, 3), ','));
    r.from_days = from->days_since_epoch();
    r.until_days = until->days_since_epoch();
    r.label = label_id(rows->text(i, 6));
    fresh[rows->text(i, 0)].push_back(r);
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
  auto changes = (**lease).query("SELECT id, subject_code FROM credit_changes WHERE id > $1 ORDER BY id", {seen_change_.load()});
  if (!changes.ok()) return changes.error();
  if (changes->empty()) return {};
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < changes->size(); ++i) codes.push_back(changes->text(i, 1));
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  for (std::size_t from = 0; from < codes.size(); from += 500) {
    std::vector<std::string> part(codes.begin() + static_cast<std::ptrdiff_t>(from),
                                  codes.begin() + static_cast<std::ptrdiff_t>(std::min(codes.size(), from + 500)));
    WJ_TRY(reload_locked_out(**lease, part));
  }
  seen_change_.store(changes->integer(changes->size() - 1, 0));
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
