#pragma once
#include "http/router.h"
#include "identity/routes.h"
#include "inspection/service.h"

namespace weijian::inspection {

// Staff routes (inspection.read / manage / witness / result) and the public portal's routes:
// plans, draw records anyone can verify, and published results.
void add_inspection_routes(http::Router& router, const identity::Guard& guard, InspectionService& service);

}  // namespace weijian::inspection
