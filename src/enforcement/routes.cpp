#include "enforcement/routes.h"

#include "http/params.h"

namespace weijian::enforcement {
namespace {

using http::Request;
using http::Response;
using identity::Principal;
using identity::render;

Result<Json> json_of(const Result<PenaltyDecision>& d) {
  if (!d.ok()) return d.error();
  return to_json(*d);
}

}  // namespace

void add_enforcement_routes(http::Router& router, const identity::Guard& guard, PenaltyRegister& penalties) {
  using http::with_body;
  using http::with_id;
  auto secured = [&](const char* method, const char* pattern, const char* action, identity::SecuredHandler h) {
    guard.add_secured(router, method, pattern, action, std::move(h));
  };

  secured("GET", "/api/v1/penalties", "enforcement.read", [&penalties](Request& req, const Principal& p) {
    PenaltyFilter f;
    f.q = http::str_param(req, "q");
    f.subject_code = http::str_param(req, "subject_code");
    f.page = http::int_param(req, "page", 1);
    f.page_size = http::int_param(req, "page_size", 20);
    auto page = penalties.list(p, f);
    if (!page.ok()) return Response::problem(page.error(), req.path);
    return Response::json(store::page_json(*page, [](const PenaltyDecision& d) { return to_json(d); }));
  });
  secured("GET", "/api/v1/penalties/{id}", "enforcement.read", [&penalties](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(json_of(penalties.get(p, id)), req); });
  });
  secured("POST", "/api/v1/penalties", "enforcement.manage", [&penalties](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& b) { return render(json_of(penalties.record(p, b)), req, 201); });
  });
  secured("POST", "/api/v1/penalties/{id}/revoke", "enforcement.review", [&penalties](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) {
      return with_body(req, [&](const Json& b) { return render(json_of(penalties.revoke(p, id, b)), req); });
    });
  });
}

}  // namespace weijian::enforcement
