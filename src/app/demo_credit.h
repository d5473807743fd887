#pragma once
#include "credit/service.h"
#include "enforcement/penalties.h"

namespace weijian::app {

// Gives the credit screens content: penalty decisions (one revoked), misconduct points that
// cross each kind of threshold, dishonesty entries (medical fraud with the persons
// responsible, illegal practice, points past the top threshold), honour entries and two
// restorations (one decided, one pending). Deterministic: the first institutions and
// practitioners of the demo registry, fixed 2026 dates.
struct DemoCreditCounts {
  int penalties = 0, points = 0, entries = 0, restorations = 0;
};
Result<DemoCreditCounts> load_demo_credit(store::Db& db, const registry::Directory& directory, const identity::Org& org,
                                          enforcement::PenaltyRegister& penalties, credit::CreditService& credit);

}  // namespace weijian::app
