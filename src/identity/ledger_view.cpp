#include "identity/ledger_view.h"

#include <ctime>

#include "core/clock.h"

namespace weijian::identity {
namespace {

std::vector<std::pair<std::string, std::string>>& labels() {
  static std::vector<std::pair<std::string, std::string>> all;
  return all;
}

// Calendar days in Asia/Shanghai: day D starts at D-1 16:00 UTC.
bool day_start_utc(const std::string& d, int add_days, std::string& out) {
  std::tm tm{};
  if (d.size() != 10 || std::sscanf(d.c_str(), "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return false;
  const int y = tm.tm_year, m = tm.tm_mon, dd = tm.tm_mday;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t t = timegm(&tm);
  std::tm check{};
  gmtime_r(&t, &check);
  if (check.tm_year + 1900 != y || check.tm_mon + 1 != m || check.tm_mday != dd) return false;
  out = iso_utc(std::chrono::system_clock::from_time_t(t + add_days * 86400 - 8 * 3600));
  return true;
}

}  // namespace

void set_event_labels(const std::vector<LabelSet>& sets) {
  auto& all = labels();
  all.clear();
  for (const auto& set : sets)
    for (const auto& l : set.labels) all.emplace_back(l.id, l.label);
}

const std::vector<std::pair<std::string, std::string>>& ledger_action_labels() { return labels(); }

Json to_json(const ledger::Entry& e) {
  std::string label = e.action;
  for (const auto& [a, l] : ledger_action_labels())
    if (a == label) {
      label = l;
      break;
    }
  Json change = Json::parse(e.change, nullptr, false);
  return {{"seq", e.seq},
          {"time", e.time},
          {"actor_id", e.actor_id},
          {"actor_name", e.actor_name},
          {"department_id", e.department_id},
          {"jurisdiction_path", e.jurisdiction_path},
          {"action", e.action},
          {"action_label", label},
          {"subject_type", e.subject_type},
          {"subject_id", e.subject_id},
          {"change", change.is_discarded() ? Json(e.change) : change},
          {"digest", e.digest},
          {"prev_hash", e.prev_hash},
          {"hash", e.hash}};
}

Result<Json> list_ledger(store::Db& db, const store::Scope& scope, const LedgerFilter& f) {
  std::vector<FieldError> errs;
  ledger::EntryFilter q{f.actor, f.action, f.subject_type, f.subject_id, {}, {}};
  if (!f.from.empty() && !day_start_utc(f.from, 0, q.from_time)) errs.push_back({"from", "日期应为 YYYY-MM-DD"});
  if (!f.to.empty() && !day_start_utc(f.to, 1, q.to_time)) errs.push_back({"to", "日期应为 YYYY-MM-DD"});
  if (!errs.empty()) return errors::bad_request("日期格式不正确，应为 YYYY-MM-DD。", errs);
  auto lease = db.acquire();
  if (!lease.ok()) return lease.error();
  WJ_ASSIGN_OR_RETURN(auto page, ledger::entries_page(**lease, scope, q, f.page, f.page_size));
  return store::page_json(page, [](const ledger::Entry& e) { return to_json(e); });
}

}  // namespace weijian::identity
