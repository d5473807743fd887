#pragma once
#include <memory>

#include "claims/service.h"
#include "http/router.h"
#include "identity/routes.h"

namespace weijian::claims {

// The service with the knowledge base and rule base of `data_dir`/claims, and the newest
// rule base saved by auditors if there is one.
Result<std::unique_ptr<ClaimsService>> open_service(store::Db& db, const std::string& data_dir);

// /api/v1/claims/…: claims.read, claims.audit, claims.review, claims.manage.
void add_claims_routes(http::Router& router, const identity::Guard& guard, ClaimsService& service);

}  // namespace weijian::claims
