#include "registry/routes.h"

#include "http/export.h"
#include "http/params.h"
#include "registry/importer.h"

namespace weijian::registry {
namespace {

using http::Request;
using http::Response;
using identity::Principal;
using identity::render;

ListFilter list_filter(const Request& req) {
  ListFilter f;
  f.q = http::str_param(req, "q");
  f.category = http::str_param(req, "category");
  f.ownership = http::str_param(req, "ownership");
  f.status = http::str_param(req, "status");
  f.kind = http::str_param(req, "kind");
  f.grade = http::str_param(req, "grade");
  f.jurisdiction_id = http::id_param(req, "jurisdiction_id");
  f.institution_id = http::id_param(req, "institution_id");
  f.renewal_due_only = http::str_param(req, "renewal_due") == "true";
  f.page = http::int_param(req, "page", 1);
  f.page_size = http::int_param(req, "page_size", 20);
  return f;
}

}  // namespace

void add_registry_routes(http::Router& router, const identity::Guard& guard, RegistryService& svc) {
  using http::with_body;
  using http::with_id;
  auto read = [&](const char* pattern, identity::SecuredHandler h) { guard.add_secured(router, "GET", pattern, "registry.read", std::move(h)); };
  auto manage = [&](const char* method, const char* pattern, identity::SecuredHandler h) {
    guard.add_secured(router, method, pattern, "registry.manage", std::move(h));
  };

  read("/api/v1/institutions", [&svc](Request& req, const Principal& p) { return render(svc.list_institutions(p, list_filter(req)), req); });
  read("/api/v1/institutions/{id}", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.get_institution(p, id), req); });
  });
  manage("POST", "/api/v1/institutions", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& b) { return render(svc.create_institution(p, b), req, 201); });
  });
  manage("PATCH", "/api/v1/institutions/{id}", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.update_institution(p, id, b), req); }); });
  });
  manage("POST", "/api/v1/institutions/{id}/licenses", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.issue_license(p, id, b), req, 201); }); });
  });
  manage("POST", "/api/v1/licenses/{id}/events", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.license_event(p, id, b), req); }); });
  });
  read("/api/v1/licenses/{id}/status", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.license_status_on(p, id, http::str_param(req, "on")), req); });
  });
  read("/api/v1/licenses/overdue-validations", [&svc](Request& req, const Principal& p) {
    return render(svc.overdue_validations(p, http::str_param(req, "as_of"), http::int_param(req, "page", 1), http::int_param(req, "page_size", 20)), req);
  });

  read("/api/v1/practitioners", [&svc](Request& req, const Principal& p) { return render(svc.list_practitioners(p, list_filter(req)), req); });
  read("/api/v1/practitioners/e-registration", [&svc](Request& req, const Principal& p) { return render(svc.e_registration_rates(p), req); });
  read("/api/v1/practitioners/{id}", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.get_practitioner(p, id), req); });
  });
  manage("POST", "/api/v1/practitioners", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& b) { return render(svc.register_practitioner(p, b), req, 201); });
  });
  manage("POST", "/api/v1/practitioners/{id}/events", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.registration_event(p, id, b), req); }); });
  });
  read("/api/v1/practitioners/{id}/status", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.practitioner_status_on(p, id, http::str_param(req, "on")), req); });
  });

  read("/api/v1/inspectors", [&svc](Request& req, const Principal& p) { return render(svc.list_inspectors(p, list_filter(req)), req); });
  manage("POST", "/api/v1/inspectors", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& b) { return render(svc.create_inspector(p, b), req, 201); });
  });
  manage("POST", "/api/v1/inspectors/{id}/conflicts", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.declare_conflict(p, id, b), req, 201); }); });
  });
  // Exports: ?format=xlsx (default) or csv, with the list's own filters.
  auto export_route = [&](const char* pattern, const char* file_stem, auto run) {
    read(pattern, [run, file_stem](Request& req, const Principal& p) { return http::export_response(req, run(p, list_filter(req)), file_stem); });
  };
  export_route("/api/v1/institutions/export", "医疗卫生机构", [&svc](const Principal& p, ListFilter f) { return svc.export_institutions(p, f); });
  export_route("/api/v1/practitioners/export", "医务人员", [&svc](const Principal& p, ListFilter f) { return svc.export_practitioners(p, f); });
  read("/api/v1/grid-staff", [&svc](Request& req, const Principal& p) {
    return render(svc.grid_staff(p, http::id_param(req, "jurisdiction_id"), http::int_param(req, "page", 1), http::int_param(req, "page_size", 20)), req);
  });

  read("/api/v1/responsibility-list", [&svc](Request& req, const Principal&) { return render(svc.responsibility_list(http::str_param(req, "q")), req); });

  // Imports: the body is the CSV file itself (UTF-8 or GB18030; ?encoding=auto|utf-8|gb18030).
  auto import_route = [&](const char* pattern, auto run) {
    manage("POST", pattern, [run](Request& req, const Principal& p) {
      auto out = run(p, req.body, http::str_param(req, "encoding"));
      if (!out.ok()) return Response::problem(out.error(), req.path);
      if (!out->report.ok()) {
        Error e = errors::validation("文件有 " + std::to_string(out->report.issue_count()) +
                                         " 处问题，未导入任何数据：请按报告逐行修改后重新上传整个文件。",
                                     {});
        e.type = "import-rejected";
        e.title = "导入未通过校验";
        e.with("report", out->report.to_json());
        return Response::problem(e, req.path);
      }
      return Response::json({{"rows", out->report.rows}, {"inserted", out->inserted}, {"file_sm3", out->sm3}}, 201);
    });
  };
  import_route("/api/v1/imports/practitioners", [&svc](const Principal& p, std::string_view body, const std::string& enc) {
    return import_practitioners(svc.db(), svc.rules(), p, body, enc);
  });
  import_route("/api/v1/imports/institutions", [&svc](const Principal& p, std::string_view body, const std::string& enc) {
    return import_institutions(svc.db(), p, body, enc);
  });

  // The public portal: no login, only public facts.
  router.add("GET", "/api/v1/public/institutions", [&svc](Request& req) { return render(svc.public_institutions(list_filter(req)), req); });
  router.add("GET", "/api/v1/public/institutions/{id}", [&svc](Request& req) {
    return with_id(req, [&](std::int64_t id) { return render(svc.public_institution(id), req); });
  });
  router.add("GET", "/api/v1/public/practitioners", [&svc](Request& req) { return render(svc.public_practitioners(list_filter(req)), req); });
}

}  // namespace weijian::registry
