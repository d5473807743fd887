#pragma once
#include "credit/service.h"
#include "http/router.h"
#include "identity/routes.h"

namespace weijian::credit {

// /api/v1/credit/* (points, consequences, lists, restorations, records, sanctions, dual
// publication), /api/v1/penalties (the penalty-decision register) and the public credit record.
void add_credit_routes(http::Router& router, const identity::Guard& guard, CreditService& svc,
                       enforcement::PenaltyRegister& penalties);

}  // namespace weijian::credit
