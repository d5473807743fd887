#pragma once
// Demo claims: a few thousand fee lines over the demo city's own providers and
// practitioners (so the registry rules have real answers), audited and stored.
#include <cstdint>

#include "claims/generator.h"
#include "core/error.h"
#include "store/db.h"

namespace weijian::app {

struct DemoClaimsCounts {
  std::int64_t lines = 0, findings = 0;
};
// The generator's providers and practitioners from the registry (at most `max_providers`
// providers), with lapsed certificates and unlicensed hospitals for the registry rules.
Status generator_registry(store::Db& db, claims::GeneratorOptions& o, std::int64_t max_providers);
Result<DemoClaimsCounts> load_demo_claims(store::Db& db, const std::string& data_dir, std::int64_t lines, std::uint64_t seed);

}  // namespace weijian::app
