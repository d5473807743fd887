#include "inspection/routes.h"

#include "http/export.h"
#include "http/params.h"

namespace weijian::inspection {
namespace {

using http::Request;
using http::Response;
using identity::Principal;
using identity::render;

TaskFilter task_filter(const Request& req) {
  TaskFilter f;
  f.q = http::str_param(req, "q");
  f.status = http::str_param(req, "status");
  f.outcome = http::str_param(req, "outcome");
  f.grade = http::str_param(req, "grade");
  f.plan_id = http::id_param(req, "plan_id");
  f.jurisdiction_id = http::id_param(req, "jurisdiction_id");
  f.mine = http::str_param(req, "mine") == "true";
  f.overdue_only = http::str_param(req, "publication_overdue") == "true";
  f.page = http::int_param(req, "page", 1);
  f.page_size = http::int_param(req, "page_size", 20);
  return f;
}

}  // namespace

void add_inspection_routes(http::Router& router, const identity::Guard& guard, InspectionService& svc) {
  using http::with_body;
  using http::with_id;
  auto secured = [&](const char* method, const char* pattern, const char* action, identity::SecuredHandler h) {
    guard.add_secured(router, method, pattern, action, std::move(h));
  };
  // --- catalogue ---
  secured("GET", "/api/v1/inspection/items", "inspection.read", [&svc](Request& req, const Principal&) {
    ItemFilter f{http::str_param(req, "q"),         http::str_param(req, "department"), http::str_param(req, "kind"),
                 http::str_param(req, "status"),    http::str_param(req, "category"),   http::int_param(req, "page", 1),
                 http::int_param(req, "page_size", 20)};
    return render(svc.list_items(f), req);
  });
  secured("POST", "/api/v1/inspection/items", "inspection.manage", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& b) { return render(svc.create_item(p, b), req, 201); });
  });
  secured("PATCH", "/api/v1/inspection/items/{id}", "inspection.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.update_item(p, id, b), req); }); });
  });
  // --- plans and the ceremony ---
  secured("GET", "/api/v1/inspection/plans", "inspection.read", [&svc](Request& req, const Principal& p) {
    return render(svc.list_plans(p, http::str_param(req, "q"), http::str_param(req, "status"), http::int_param(req, "year", 0),
                                 http::int_param(req, "page", 1), http::int_param(req, "page_size", 20)),
                  req);
  });
  secured("POST", "/api/v1/inspection/plans", "inspection.manage", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& b) { return render(svc.create_plan(p, b), req, 201); });
  });
  secured("GET", "/api/v1/inspection/plans/{id}", "inspection.read", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.get_plan(p, id), req); });
  });
  secured("PUT", "/api/v1/inspection/plans/{id}", "inspection.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.update_plan(p, id, b), req); }); });
  });
  secured("POST", "/api/v1/inspection/plans/{id}/cancel", "inspection.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.cancel_plan(p, id, b), req); }); });
  });
  secured("POST", "/api/v1/inspection/plans/{id}/freeze", "inspection.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.freeze(p, id), req); });
  });
  secured("POST", "/api/v1/inspection/plans/{id}/witnesses", "inspection.witness", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.add_witness(p, id, b), req, 201); }); });
  });
  secured("POST", "/api/v1/inspection/plans/{id}/draw", "inspection.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.draw(p, id), req); });
  });
  secured("POST", "/api/v1/inspection/plans/{id}/publish", "inspection.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.publish_plan(p, id), req); });
  });
  // --- tasks ---
  secured("GET", "/api/v1/inspection/tasks", "inspection.read", [&svc](Request& req, const Principal& p) {
    return render(svc.list_tasks(p, task_filter(req)), req);
  });
  secured("GET", "/api/v1/inspection/tasks/export", "inspection.read", [&svc](Request& req, const Principal& p) {
    return http::export_response(req, svc.export_tasks(p, task_filter(req)), "双随机抽查任务");
  });
  secured("GET", "/api/v1/inspection/tasks/{id}", "inspection.read", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.get_task(p, id), req); });
  });
  secured("POST", "/api/v1/inspection/tasks/{id}/result", "inspection.result", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.submit_result(p, id, b), req); }); });
  });
  // Photos are sent as the raw body (Content-Type image/jpeg, image/png or image/webp), ?name=file name.
  secured("POST", "/api/v1/inspection/tasks/{id}/photos", "inspection.result", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) {
      std::string type(req.header("content-type"));
      if (auto semi = type.find(';'); semi != std::string::npos) type.resize(semi);
      return render(svc.add_photo(p, id, http::str_param(req, "name"), type, req.body), req, 201);
    });
  });
  secured("GET", "/api/v1/inspection/tasks/{id}/photos/{photo}", "inspection.read", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) {
      auto photo_id = http::path_id(req, "photo");
      if (!photo_id.ok()) return Response::problem(photo_id.error(), req.path);
      auto photo = svc.get_photo(p, id, *photo_id);
      if (!photo.ok()) return Response::problem(photo.error(), req.path);
      Response res = Response::text(std::move(photo->bytes), photo->content_type);
      res.headers.emplace_back("Cache-Control", "private, max-age=3600");
      return res;
    });
  });
  secured("POST", "/api/v1/inspection/tasks/{id}/reassign", "inspection.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.reassign(p, id, b), req); }); });
  });
  secured("POST", "/api/v1/inspection/tasks/{id}/publish", "inspection.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.publish(p, id), req); });
  });
  secured("GET", "/api/v1/inspection/stats", "inspection.read", [&svc](Request& req, const Principal& p) {
    return render(svc.stats(p, http::int_param(req, "year", 0)), req);
  });
  secured("GET", "/api/v1/inspection/risk/{id}", "inspection.read", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.risk_of(p, id), req); });
  });

  // --- the public portal: no login ---
  router.add("GET", "/api/v1/public/inspection/plans", [&svc](Request& req) {
    return render(svc.public_plans(http::int_param(req, "page", 1), http::int_param(req, "page_size", 20)), req);
  });
  router.add("GET", "/api/v1/public/inspection/plans/{id}/draw", [&svc](Request& req) {
    return with_id(req, [&](std::int64_t id) { return render(svc.draw_document(id), req); });
  });
  router.add("GET", "/api/v1/public/inspection/results", [&svc](Request& req) {
    return render(svc.public_results(http::str_param(req, "q"), http::id_param(req, "plan_id"), http::int_param(req, "page", 1),
                                     http::int_param(req, "page_size", 20)),
                  req);
  });
}

}  // namespace weijian::inspection
