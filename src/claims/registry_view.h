#pragma once
// What the two registry rules (practitioner_unqualified, provider_unlicensed) ask of the
// registry, point in time: was this practitioner practising at this provider on that day,
// did this provider hold a valid practice licence on that day. RegistrySnapshot answers
// from memory (loaded once from the store, or from a fixture file in the test cases), so
// that a batch of millions of lines needs no query per line.
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "registry/directory.h"
#include "store/db.h"

namespace weijian::claims {

enum class Practice : std::uint8_t { practising, unknown, not_practising, other_site };
enum class Licence : std::uint8_t { valid, not_required, unknown_provider, not_valid };

// The days [from, to) over which an answer stays the same, so that a caller auditing many lines
// may ask once and reuse the answer for any day in between.
struct DayRange {
  int from = INT_MIN, to = INT_MAX;
  bool contains(int day) const { return from <= day && day < to; }
};

class RegistryView {
 public:
  virtual ~RegistryView() = default;
  virtual Practice practitioner(std::string_view dr_codg, std::string_view medins_id, int day, DayRange* holds = nullptr) const = 0;
  virtual Licence provider(std::string_view medins_id, int day, DayRange* holds = nullptr) const = 0;
};

class RegistrySnapshot final : public RegistryView {
 public:
  // Institutions with a medins_code, their licences' events, practitioners with a practice
  // certificate number, their registration events and filed additional sites, as the registry's
  // port tells them (the directory holds no state: the default one is the registry's).
  static Result<RegistrySnapshot> load(store::Db& db, const registry::Directory& directory = {});
  // A fingerprint of what load() reads, cheap to query: it changes whenever the registry does
  // (events appended, institutions or practitioners updated, practice sites filed or ended),
  // so that a holder of a snapshot reloads only then.
  static Result<std::string> version(store::Db& db, const registry::Directory& directory = {});
  // {"providers": [{"medins_id", "licence_required": true, "licences": [[{"on", "status", "valid_until"}…]…]}],
  //  "practitioners": [{"dr_codg", "events": [{"on", "kind", "medins_id", "expires_on"}…],
  //                     "sites": [{"medins_id", "from", "to"}…]}]}
  static Result<RegistrySnapshot> from_json(const Json& j);
  static Result<RegistrySnapshot> load_file(const std::string& path);

  Practice practitioner(std::string_view dr_codg, std::string_view medins_id, int day, DayRange* holds = nullptr) const override;
  Licence provider(std::string_view medins_id, int day, DayRange* holds = nullptr) const override;
  std::size_t provider_count() const { return providers_.size(); }
  std::size_t practitioner_count() const { return practitioners_.size(); }

 private:
  struct LicenceEvent {
    int on;
    bool valid;
    int valid_until;
  };
  struct Provider {
    bool licence_required = true;
    std::vector<std::vector<LicenceEvent>> licences;  // each sorted by `on`
  };
  struct RegEvent {
    int on;
    bool cancel;
    std::string medins_id;
    int expires;  // INT32_MAX: no expiry
  };
  struct Site {
    std::string medins_id;
    int from, to;  // practising on days in [from, to)
  };
  struct Practitioner {
    std::vector<RegEvent> events;  // sorted by `on`
    std::vector<Site> sites;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Provider, Hash, std::equal_to<>> providers_;
  std::unordered_map<std::string, Practitioner, Hash, std::equal_to<>> practitioners_;
};

}  // namespace weijian::claims
