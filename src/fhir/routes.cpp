#include "fhir/routes.h"

#include <algorithm>
#include <memory>

#include "core/clock.h"
#include "core/log.h"
#include "fhir/resources.h"
#include "fhir/search.h"
#include "fhir/service.h"

namespace weijian::fhir {
namespace {

using http::Request;
using http::Response;
using identity::Principal;

constexpr const char* kContentType = "application/fhir+json; charset=utf-8";

// JSON with "resourceType" first in every resource (what FHIR readers and people expect to
// see first), the other members in the usual sorted order.
void write_fhir(const Json& j, std::string& out) {
  if (j.is_object()) {
    out.push_back('{');
    bool first = true;
    auto member = [&](const std::string& key, const Json& value) {
      if (!first) out.push_back(',');
      first = false;
      out += Json(key).dump(-1, ' ', false, Json::error_handler_t::replace);
      out.push_back(':');
      write_fhir(value, out);
    };
    if (const auto rt = j.find("resourceType"); rt != j.end()) member(rt.key(), rt.value());
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it.key() != "resourceType") member(it.key(), it.value());
    out.push_back('}');
  } else if (j.is_array()) {
    out.push_back('[');
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (i) out.push_back(',');
      write_fhir(j[i], out);
    }
    out.push_back(']');
  } else {
    out += j.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

Response fhir_json(const Json& body, int status = 200) {
  Response r;
  r.status = status;
  write_fhir(body, r.body);
  r.content_type = kContentType;
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response outcome(const Error& e) { return fhir_json(operation_outcome(issue_code(e), e.detail), http::status_of(e)); }

// A fault on our side: the detail (a store message) goes to the log, the client gets the
// request id to quote.
Response outcome(const Error& e, const Request& req) {
  if (!server_fault(e)) return outcome(e);
  log_event(LogLevel::error, "fhir request failed", {{"path", req.path}, {"detail", e.detail}, {"id", req.request_id}});
  Error shown = e;
  shown.detail = e.code == ErrorCode::unavailable ? "服务暂不可用，请稍后重试（请求编号 " + req.request_id + "）。"
                                 : "处理请求时发生错误，请稍后重试；若问题持续，请联系系统管理员并提供请求编号 " + req.request_id + "。";
  return outcome(shown);
}

Response guarded(const http::Handler& inner, Request& req) {
  try {
    return inner(req);
  } catch (const std::exception& ex) {
    log_event(LogLevel::error, "handler threw", {{"path", req.path}, {"what", ex.what()}, {"id", req.request_id}});
    return outcome(errors::internal("处理请求时发生意外错误，请稍后重试；若问题持续，请联系系统管理员并提供请求编号 " +
                                    req.request_id + "。"));
  }
}

std::string first_value(std::string_view v) {
  v = v.substr(0, v.find(','));
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return std::string(v);
}

// The absolute service base for fullUrl and links, from the Host the client used (or the
// proxy's X-Forwarded-Host/-Proto). Only host characters pass; anything else is localhost.
std::string base_url(const Request& req) {
  std::string host = first_value(req.header("x-forwarded-host"));
  if (host.empty()) host = first_value(req.header("host"));
  const bool ok = !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' ||
           c == '[' || c == ']';
  });
  const std::string proto = first_value(req.header("x-forwarded-proto")) == "https" ? "https" : "http";
  return proto + "://" + (ok ? host : std::string("localhost")) + "/fhir";
}

std::vector<BundleLink> page_links(const std::string& search_base, const Search& s, std::int64_t total) {
  std::vector<BundleLink> links{{"self", search_base + link_query(s, s.page)}};
  if (s.summary_count) return links;
  const int last = static_cast<int>(std::clamp<std::int64_t>((total + s.count - 1) / s.count, 1, kMaxPage));
  links.push_back({"first", search_base + link_query(s, 1)});
  if (s.page > 1) links.push_back({"previous", search_base + link_query(s, std::min(s.page - 1, last))});
  if (s.page < last) links.push_back({"next", search_base + link_query(s, s.page + 1)});
  links.push_back({"last", search_base + link_query(s, last)});
  return links;
}

Response unsupported_path(Request& req) {
  const auto it = req.params.find("type");
  if (it != req.params.end() && !is_resource_type(it->second)) {
    Error e = errors::not_found("不支持资源类型 " + it->second +
                                "：本服务提供 Organization、Location、Practitioner、PractitionerRole，能力声明见 /fhir/metadata。");
    return outcome(e);
  }
  Error e = errors::not_found("不支持该交互：本服务只提供读取（GET /fhir/类型/编号）与按类型查询（GET /fhir/类型?参数），"
                              "能力声明见 /fhir/metadata。");
  e.type = "not-supported";
  return outcome(e);
}

}  // namespace

void add_fhir_routes(http::Router& router, const identity::Guard& guard, store::Db& db) {
  auto svc = std::make_shared<FhirService>(db);

  router.add("GET", "/fhir/metadata", [](Request& req) {
    if (auto f = check_format(req.query, req.header("accept")); !f.ok()) return outcome(f.error(), req);
    return fhir_json(capability_statement(base_url(req), WEIJIAN_VERSION, utc_now_iso()));
  });

  // Through the guard (authentication, registry.read, the route catalogue), its refusals as
  // OperationOutcome; then wrapped so that an unexpected exception is one too.
  auto secured = [&](const std::string& pattern, identity::SecuredHandler h) {
    http::Router staging;
    guard.add_secured(staging, "GET", pattern, "registry.read", std::move(h),
                      [](const Error& e, const Request& req) { return outcome(e, req); });
    const http::Route& r = staging.routes().front();
    router.add(r.method, r.pattern, [inner = r.handler](Request& req) { return guarded(inner, req); }, r.run, r.permission);
  };

  for (std::string_view type_name : kResourceTypes) {
    const std::string type(type_name);
    secured("/fhir/" + type, [svc, type](Request& req, const Principal& p) {
      if (auto f = check_format(req.query, req.header("accept")); !f.ok()) return outcome(f.error(), req);
      auto s = parse_search(type, req.query);
      if (!s.ok()) return outcome(s.error(), req);
      auto found = svc->search(p.scope(), type, *s);
      if (!found.ok()) return outcome(found.error(), req);
      const std::string base = base_url(req);
      return fhir_json(searchset(base, found->resources, found->total, page_links(base + "/" + type + "?", *s, found->total),
                                 utc_now_iso()));
    });
    secured("/fhir/" + type + "/{id}", [svc, type](Request& req, const Principal& p) {
      if (auto f = check_format(req.query, req.header("accept")); !f.ok()) return outcome(f.error(), req);
      const std::string& id = req.params.at("id");
      if (!valid_fhir_id(id))
        return outcome(errors::bad_request("“" + id + "”不是有效的资源编号：编号由字母、数字、“-”和“.”组成，最长 64 个字符。"));
      auto r = svc->read(p.scope(), type, id);
      if (!r.ok()) return outcome(r.error(), req);
      return fhir_json(*r);
    });
  }

  // Anything else under /fhir answers as FHIR too, not as the web application.
  router.add("GET", "/fhir", [](Request&) {
    Error e = errors::bad_request("请指定资源类型，如 GET /fhir/Organization?name=医院；本服务不支持全系统查询，能力声明见 /fhir/metadata。");
    e.type = "not-supported";
    return outcome(e);
  });
  for (const char* pattern : {"/fhir/{type}", "/fhir/{type}/{id}", "/fhir/{type}/{id}/{operation}", "/fhir/{type}/{id}/{operation}/{version}"})
    router.add("GET", pattern, unsupported_path);
}

}  // namespace weijian::fhir
