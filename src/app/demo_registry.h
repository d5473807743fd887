#pragma once
#include "core/error.h"
#include "store/db.h"

namespace weijian::app {

// Fills the registries of the demo city: institutions of every category with licences
// (some validations overdue), practitioners (some registrations lapsed or cancelled,
// some with additional practice sites), inspectors with certificates and declared
// conflicts, and grid staff. Deterministic: the same seed gives the same city.
struct DemoRegistryCounts {
  int institutions = 0, licenses = 0, practitioners = 0, inspectors = 0, grid_staff = 0;
};
Result<DemoRegistryCounts> load_demo_registry(store::Db& db, std::uint64_t seed);

}  // namespace weijian::app
