#pragma once
#include "credit/service.h"
#include "http/router.h"
#include "identity/routes.h"

namespace weijian::credit {

// /api/v1/credit/* (points, consequences, lists, restorations, records, sanctions, dual
// publication) and the public credit record. The penalty register's routes are enforcement's.
void add_credit_routes(http::Router& router, const identity::Guard& guard, CreditService& svc);

}  // namespace weijian::credit
