#include "claims/routes.h"

#include "http/params.h"

namespace weijian::claims {
namespace {

using http::Request;
using http::Response;
using identity::Principal;
using identity::render;

FindingFilter finding_filter(const Request& req) {
  FindingFilter f;
  f.rule_id = http::str_param(req, "rule_id");
  f.review_status = http::str_param(req, "review_status");
  f.verdict = http::str_param(req, "verdict");
  f.medins_id = http::str_param(req, "medins_id");
  f.dr_codg = http::str_param(req, "dr_codg");
  f.psn_no = http::str_param(req, "psn_no");
  f.mdtrt_id = http::str_param(req, "mdtrt_id");
  f.month = http::str_param(req, "month");
  f.page = http::int_param(req, "page", 1);
  f.page_size = http::int_param(req, "page_size", 20);
  return f;
}

}  // namespace

Result<std::unique_ptr<ClaimsService>> open_service(store::Db& db, const std::string& data_dir) {
  auto catalog = Catalog::load(data_dir + "/claims/catalog.csv");
  if (!catalog.ok()) return catalog.error();
  const std::string rules_path = data_dir + "/claims/rules.json";
  auto rules = RuleBase::load(rules_path);
  if (!rules.ok()) return rules.error();
  auto svc = std::make_unique<ClaimsService>(db, std::move(catalog).value(), std::move(rules).value(), rules_path);
  WJ_TRY(svc->load_saved_rules());
  return svc;
}

void add_claims_routes(http::Router& router, const identity::Guard& guard, ClaimsService& svc) {
  using http::with_body;
  using http::with_id;
  auto secured = [&](const char* method, const char* pattern, const char* action, identity::SecuredHandler h) {
    guard.add_secured(router, method, pattern, action, std::move(h));
  };

  // Uploads: the body is the file. Content-Type application/x-ndjson (or ?format=ndjson) for
  // NDJSON, otherwise CSV. Idempotent: lines already stored (mdtrt_id + feedetl_sn) are skipped.
  secured("POST", "/api/v1/claims/lines", "claims.audit", [&svc](Request& req, const Principal& p) {
    const bool ndjson = req.header("content-type").find("ndjson") != std::string_view::npos || http::str_param(req, "format") == "ndjson";
    auto out = svc.upload(p, req.body, ndjson);
    if (!out.ok()) return Response::problem(out.error(), req.path);
    if (!out->report.ok()) {
      Error e = errors::validation("费用明细有 " + std::to_string(out->report.issue_count()) +
                                       " 处问题，未保存任何一行：请按报告逐行修改后重新上传（已保存过的行会自动跳过）。",
                                   {});
      e.type = "import-rejected";
      e.title = "费用明细未通过校验";
      e.with("report", out->report.to_json());
      return Response::problem(e, req.path);
    }
    return Response::json(out->result, 201);
  });
  secured("POST", "/api/v1/claims/audit/3101", "claims.audit", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& b) { return render(svc.realtime(p, b, false), req); });
  });
  secured("POST", "/api/v1/claims/audit/3102", "claims.audit", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& b) { return render(svc.realtime(p, b, true), req); });
  });
  secured("POST", "/api/v1/claims/usage-audit", "claims.audit", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& b) { return render(svc.usage_audit(p, b.value("month", std::string())), req); });
  });

  secured("GET", "/api/v1/claims/findings", "claims.read",
          [&svc](Request& req, const Principal& p) { return render(svc.list_findings(p, finding_filter(req)), req); });
  secured("GET", "/api/v1/claims/findings/export", "claims.read", [&svc](Request& req, const Principal& p) {
    auto table = svc.export_findings(p, finding_filter(req));
    if (!table.ok()) return Response::problem(table.error(), req.path);
    Response res = Response::text(write_csv(*table), "text/csv; charset=utf-8");
    res.headers.emplace_back("Content-Disposition", "attachment; filename=\"findings.csv\"; filename*=UTF-8''" +
                                                        http::percent_encode("医保审核疑点.csv"));
    return res;
  });
  secured("POST", "/api/v1/claims/findings/{id}/review", "claims.review", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.review(p, id, b), req); }); });
  });
  secured("GET", "/api/v1/claims/encounters/{mdtrt_id}", "claims.read", [&svc](Request& req, const Principal& p) {
    return render(svc.encounter(p, req.params["mdtrt_id"]), req);
  });
  secured("GET", "/api/v1/claims/summary", "claims.read", [&svc](Request& req, const Principal& p) {
    return render(svc.summary(p, http::str_param(req, "by"), http::str_param(req, "month")), req);
  });
  secured("GET", "/api/v1/claims/leads", "claims.read", [&svc](Request& req, const Principal& p) { return render(svc.leads(p), req); });
  secured("GET", "/api/v1/claims/trends", "claims.read", [&svc](Request& req, const Principal& p) { return render(svc.trends(p), req); });
  secured("GET", "/api/v1/claims/rules", "claims.read", [&svc](Request& req, const Principal&) { return render(Result<Json>(svc.rule_base()), req); });
  secured("PUT", "/api/v1/claims/rules", "claims.manage", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& b) { return render(svc.save_rule_base(p, b), req); });
  });
  secured("GET", "/api/v1/claims/catalog", "claims.read", [&svc](Request& req, const Principal&) { return render(Result<Json>(svc.catalog_json()), req); });
}

}  // namespace weijian::claims
