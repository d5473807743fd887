#pragma once
#include "core/error.h"
#include "inspection/service.h"
#include "store/db.h"

namespace weijian::app {

// Double-random inspection in the demo city, run through the service as people would:
// the inspector accounts linked to inspector records, a city-wide plan drawn with two
// witnesses and half of its results entered and published, a joint district plan drawn,
// a plan frozen and waiting for its witnesses, and a draft.
struct DemoInspectionCounts {
  int plans = 0, tasks = 0, results = 0, published = 0;
};
Result<DemoInspectionCounts> load_demo_inspection(store::Db& db, inspection::InspectionService& service, std::uint64_t seed);

}  // namespace weijian::app
