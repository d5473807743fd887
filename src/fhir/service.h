#pragma once
// FHIR read and search over the registries. A read-only view through the registry's port
// (registry::Directory, whose entries never hold what FHIR must not show: ID numbers, birth
// dates) and identity's (jurisdiction names); the caller's data scope and the paging are
// applied by the port, in SQL.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "fhir/search.h"
#include "identity/org.h"
#include "registry/directory.h"
#include "store/db.h"
#include "store/query.h"

namespace weijian::fhir {

struct Found {
  std::vector<Json> resources;
  std::int64_t total = 0;
};

class FhirService {
 public:
  // The ports hold no state: the default ones are the registry's and identity's.
  explicit FhirService(store::Db& db, registry::Directory directory = {}, identity::Org org = {})
      : db_(db), directory_(directory), org_(org) {}

  // The resource, or a 404 when it does not exist or lies outside the scope.
  Result<Json> read(const store::Scope& scope, std::string_view type, std::string_view id);
  // One page of matches and the total; a 400 for a malformed criterion.
  Result<Found> search(const store::Scope& scope, std::string_view type, const Search& s);

 private:
  store::Db& db_;
  registry::Directory directory_;
  identity::Org org_;
};

}  // namespace weijian::fhir
