#pragma once
// FHIR read and search over the registries. A read-only view: it reads the registry's tables
// (institutions, practitioners, practice_sites, jurisdictions) with its own narrow SELECTs
// that never name what FHIR must not show (ID numbers, birth dates), applies the caller's
// data scope through Query::scoped, and pages every search in SQL.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "fhir/search.h"
#include "store/db.h"
#include "store/query.h"

namespace weijian::fhir {

struct Found {
  std::vector<Json> resources;
  std::int64_t total = 0;
};

class FhirService {
 public:
  explicit FhirService(store::Db& db) : db_(db) {}

  // The resource, or a 404 when it does not exist or lies outside the scope.
  Result<Json> read(const store::Scope& scope, std::string_view type, std::string_view id);
  // One page of matches and the total; a 400 for a malformed criterion.
  Result<Found> search(const store::Scope& scope, std::string_view type, const Search& s);

 private:
  store::Db& db_;
};

}  // namespace weijian::fhir
