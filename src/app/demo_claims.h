#pragma once
// Demo claims: a few thousand fee lines over the demo city's own providers and
// practitioners (so the registry rules have real answers), audited and stored.
#include <cstdint>

#include "core/error.h"
#include "store/db.h"

namespace weijian::app {

struct DemoClaimsCounts {
  std::int64_t lines = 0, findings = 0;
};
Result<DemoClaimsCounts> load_demo_claims(store::Db& db, const std::string& data_dir, std::int64_t lines, std::uint64_t seed);

}  // namespace weijian::app
