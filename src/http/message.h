#pragma once
// Plain request and response values: the only HTTP types handlers see. Boost.Beast stays
// inside server.cpp.
#include <any>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/json.h"

namespace weijian::http {

struct Request {
  std::string method;  // upper case
  std::string target;  // path and query as received
  std::string path;    // percent-decoded path
  std::string query;   // raw query string, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote;
  std::map<std::string, std::string, std::less<>> params;  // path parameters, e.g. {id}
  std::string request_id;
  std::any caller;  // set by the authentication guard (identity::Principal)

  std::string_view header(std::string_view name) const;  // name in lower case; "" if absent
  std::optional<std::string> query_param(std::string_view name) const;
  // Parses the body as a JSON object; a clear 400/415 when it is not one.
  Result<Json> json_body() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(const Json& value, int status = 200);
  static Response text(std::string body, std::string content_type = "text/plain; charset=utf-8", int status = 200);
  // RFC 9457 problem details (with the error's extension members); `instance` is the request path.
  static Response problem(const Error& error, std::string_view instance = {});
};

std::string percent_decode(std::string_view s, bool plus_as_space);

// The HTTP status of a domain error: the one mapping from ErrorCode to a number.
int status_of(const Error& e);

}  // namespace weijian::http
