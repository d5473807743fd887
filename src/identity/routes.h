#pragma once
// The HTTP face of identity and of the ledger, and the one guard every protected route
// goes through: `add_secured` authenticates the caller (session cookie or Bearer token),
// checks the role × action matrix, and only then calls the handler with the principal.
#include <functional>

#include "core/crypto.h"
#include "http/router.h"
#include "identity/service.h"

namespace weijian::identity {

using SecuredHandler = std::function<http::Response(http::Request&, const Principal&)>;
// How a route family answers the guard's refusals (401, 403): problem+json unless it says otherwise
// (FHIR answers OperationOutcome).
using RefusalRenderer = std::function<http::Response(const Error&, const http::Request&)>;

class Guard {
 public:
  explicit Guard(IdentityService& service) : service_(service) {}
  // Registers a route that requires `action`.
  void add_secured(http::Router& router, std::string method, std::string pattern, std::string action,
                   SecuredHandler handler, RefusalRenderer refusal = {}) const;
  Result<Principal> authenticate(const http::Request& req) const;

 private:
  IdentityService& service_;
};

void add_identity_routes(http::Router& router, const Guard& guard, IdentityService& service, store::Db& db,
                         const crypto::Sm2Signer& signer);

// Renders a Result<Json>, an Error as problem+json.
http::Response render(const Result<Json>& r, const http::Request& req, int status = 200);
http::Response render(const Status& s, const http::Request& req);  // 204 on success

constexpr const char* kSessionCookie = "wj_session";

}  // namespace weijian::identity
