#include "claims/registry_view.h"

#include <algorithm>
#include <climits>
#include <fstream>
#include <sstream>

#include "claims/number.h"

namespace weijian::claims {
namespace {

Result<int> day_or(const std::string& text, int if_empty, const std::string& what) {
  if (text.empty()) return if_empty;
  auto d = parse_day(text);
  if (!d) return errors::validation("登记快照中的日期“" + text + "”无效。", {{what, "应为 YYYY-MM-DD"}});
  return *d;
}

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

namespace {

// Narrows `r` by a day on which the answer may change.
void narrow(DayRange& r, int day, int boundary) {
  if (boundary <= day) r.from = std::max(r.from, boundary);
  else r.to = std::min(r.to, boundary);
}

int day_after(int day) { return day == INT_MAX ? INT_MAX : day + 1; }

}  // namespace

Practice RegistrySnapshot::practitioner(std::string_view dr_codg, std::string_view medins_id, int day, DayRange* holds) const {
  DayRange local;
  DayRange& r = holds ? *holds : local;
  r = DayRange{};
  auto it = practitioners_.find(dr_codg);
  if (it == practitioners_.end()) return Practice::unknown;
  const auto& ev = it->second.events;
  // The last registration event on or before the day decides (as RegistryService::status_on).
  auto pos = std::upper_bound(ev.begin(), ev.end(), day, [](int d, const RegEvent& e) { return d < e.on; });
  if (pos != ev.end()) narrow(r, day, pos->on);
  if (pos == ev.begin()) return Practice::not_practising;
  const RegEvent& e = *(pos - 1);
  narrow(r, day, e.on);
  if (e.cancel) return Practice::not_practising;
  narrow(r, day, day_after(e.expires));
  if (day > e.expires) return Practice::not_practising;
  if (e.medins_id == medins_id) return Practice::practising;
  bool at_site = false;
  for (const auto& s : it->second.sites) {
    if (s.medins_id != medins_id) continue;
    narrow(r, day, s.from);
    narrow(r, day, s.to);
    if (s.from <= day && day < s.to) at_site = true;
  }
  return at_site ? Practice::practising : Practice::other_site;
}

Licence RegistrySnapshot::provider(std::string_view medins_id, int day, DayRange* holds) const {
  DayRange local;
  DayRange& r = holds ? *holds : local;
  r = DayRange{};
  auto it = providers_.find(medins_id);
  if (it == providers_.end()) return Licence::unknown_provider;
  if (!it->second.licence_required) return Licence::not_required;
  bool valid = false;
  for (const auto& events : it->second.licences) {
    auto pos = std::upper_bound(events.begin(), events.end(), day, [](int d, const LicenceEvent& e) { return d < e.on; });
    if (pos != events.end()) narrow(r, day, pos->on);
    if (pos == events.begin()) continue;
    const LicenceEvent& e = *(pos - 1);
    narrow(r, day, e.on);
    narrow(r, day, day_after(e.valid_until));
    if (e.valid && day <= e.valid_until) valid = true;
  }
  return valid ? Licence::valid : Licence::not_valid;
}

Result<RegistrySnapshot> RegistrySnapshot::load(store::Db& db, const registry::Directory& directory) {
  WJ_ASSIGN_OR_RETURN(auto lease, db.acquire());
  WJ_ASSIGN_OR_RETURN(auto snap, directory.snapshot(*lease));
  RegistrySnapshot s;
  for (const auto& i : snap.institutions) s.providers_[i.medins_code].licence_required = i.category != "pharmacy";
  std::int64_t last_licence = -1;
  for (const auto& e : snap.licence_events) {
    auto& p = s.providers_[e.medins_code];
    if (e.license_id != last_licence) {
      p.licences.emplace_back();
      last_licence = e.license_id;
    }
    WJ_ASSIGN_OR_RETURN(int on, day_or(e.effective_on, 0, "effective_on"));
    WJ_ASSIGN_OR_RETURN(int until, day_or(e.valid_until_after, INT_MAX, "valid_until_after"));
    p.licences.back().push_back({on, e.status_after == "valid", until});
  }
  for (const auto& e : snap.registration_events) {
    WJ_ASSIGN_OR_RETURN(int on, day_or(e.effective_on, 0, "effective_on"));
    WJ_ASSIGN_OR_RETURN(int exp, day_or(e.expires_on, INT_MAX, "expires_on"));
    s.practitioners_[e.practice_cert_no].events.push_back({on, e.kind == "cancel", e.medins_code, exp});
  }
  for (const auto& site : snap.practice_sites) {
    WJ_ASSIGN_OR_RETURN(int from, day_or(site.filed_on, 0, "filed_on"));
    WJ_ASSIGN_OR_RETURN(int to, day_or(site.ended_on, INT_MAX, "ended_on"));
    s.practitioners_[site.practice_cert_no].sites.push_back({site.medins_code, from, to});
  }
  return s;
}

Result<std::string> RegistrySnapshot::version(store::Db& db, const registry::Directory& directory) {
  WJ_ASSIGN_OR_RETURN(auto lease, db.acquire());
  return directory.fingerprint(*lease);
}

Result<RegistrySnapshot> RegistrySnapshot::from_json(const Json& j) {
  RegistrySnapshot s;
  if (!j.is_object()) return errors::validation("登记快照应为对象。", {{"", "应为对象"}});
  for (const auto& p : j.value("providers", Json::array())) {
    auto& prov = s.providers_[str(p, "medins_id")];
    prov.licence_required = p.value("licence_required", true);
    for (const auto& events : p.value("licences", Json::array())) {
      prov.licences.emplace_back();
      for (const auto& e : events) {
        auto on = day_or(str(e, "on"), 0, "on");
        auto until = day_or(str(e, "valid_until"), INT_MAX, "valid_until");
        if (!on.ok()) return on.error();
        if (!until.ok()) return until.error();
        prov.licences.back().push_back({*on, str(e, "status") == "valid", *until});
      }
      std::stable_sort(prov.licences.back().begin(), prov.licences.back().end(),
                       [](const LicenceEvent& a, const LicenceEvent& b) { return a.on < b.on; });
    }
  }
  for (const auto& p : j.value("practitioners", Json::array())) {
    auto& pr = s.practitioners_[str(p, "dr_codg")];
    for (const auto& e : p.value("events", Json::array())) {
      auto on = day_or(str(e, "on"), 0, "on");
      auto exp = day_or(str(e, "expires_on"), INT_MAX, "expires_on");
      if (!on.ok()) return on.error();
      if (!exp.ok()) return exp.error();
      pr.events.push_back({*on, str(e, "kind") == "cancel", str(e, "medins_id"), *exp});
    }
    std::stable_sort(pr.events.begin(), pr.events.end(), [](const RegEvent& a, const RegEvent& b) { return a.on < b.on; });
    for (const auto& e : p.value("sites", Json::array())) {
      auto from = day_or(str(e, "from"), 0, "from");
      auto to = day_or(str(e, "to"), INT_MAX, "to");
      if (!from.ok()) return from.error();
      if (!to.ok()) return to.error();
      pr.sites.push_back({str(e, "medins_id"), *from, *to});
    }
  }
  return s;
}

Result<RegistrySnapshot> RegistrySnapshot::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return errors::unavailable("无法读取登记快照“" + path + "”。");
  std::stringstream ss;
  ss << in.rdbuf();
  Json j = Json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) return errors::unavailable("登记快照“" + path + "”不是有效的 JSON。");
  return from_json(j);
}

}  // namespace weijian::claims
