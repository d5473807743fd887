#pragma once
#include "enforcement/penalties.h"
#include "http/router.h"
#include "identity/routes.h"

namespace weijian::enforcement {

// /api/v1/penalties: the penalty-decision register.
void add_enforcement_routes(http::Router& router, const identity::Guard& guard, PenaltyRegister& penalties);

}  // namespace weijian::enforcement
