#include "http/message.h"

namespace weijian::http {

std::string_view Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::string percent_decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_as_space && s[i] == '+' ? ' ' : s[i]);
  }
  return out;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  std::string_view q = query;
  while (!q.empty()) {
    const auto amp = q.find('&');
    const std::string_view pair = q.substr(0, amp);
    const auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq), true) == name)
      return eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true);
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

Result<Json> Request::json_body() const {
  const std::string_view ct = header("content-type");
  if (ct.find("application/json") == std::string_view::npos) {
    return errors::unsupported_media_type("请求体应为 JSON：请设置 Content-Type: application/json。");
  }
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) return errors::bad_request("请求体不是有效的 JSON：请检查括号、引号和逗号是否完整。");
  if (!j.is_object()) return errors::bad_request("请求体应为 JSON 对象（以 { 开头）。");
  return j;
}

Response Response::json(const Json& value, int status) {
  Response r;
  r.status = status;
  r.body = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

Response Response::text(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

int status_of(const Error& e) {
  switch (e.code) {
    case ErrorCode::bad_request: return 400;
    case ErrorCode::unauthorized: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::method_not_allowed: return 405;
    case ErrorCode::not_acceptable: return 406;
    case ErrorCode::conflict: return 409;
    case ErrorCode::too_large: return 413;
    case ErrorCode::unsupported_media_type: return 415;
    case ErrorCode::invalid: return 422;
    case ErrorCode::locked: return 423;
    case ErrorCode::header_too_large: return 431;
    case ErrorCode::internal: return 500;
    case ErrorCode::unavailable: return 503;
  }
  return 500;
}

Response Response::problem(const Error& error, std::string_view instance) {
  Json j = {{"type", "/problems/" + error.type},
            {"title", error.title},
            {"status", status_of(error)},
            {"detail", error.detail}};
  if (!instance.empty()) j["instance"] = instance;
  Json fields = Json::array();
  for (const auto& f : error.errors) fields.push_back({{"field", f.field}, {"message", f.message}});
  j["errors"] = std::move(fields);
  if (error.extensions.is_object())
    for (const auto& [k, v] : error.extensions.items())
      if (!j.contains(k)) j[k] = v;
  Response r = json(j, status_of(error));
  r.content_type = "application/problem+json; charset=utf-8";
  return r;
}

}  // namespace weijian::http
