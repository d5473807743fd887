#pragma once
// Reading request parameters, shared by every module's routes: query parameters with
// defaults, the {id} path parameter, and the JSON body, each answered as a problem when bad.
#include <cctype>
#include <charconv>
#include <cstdint>
#include <string>

#include "http/message.h"

namespace weijian::http {

inline std::string str_param(const Request& req, const char* name) { return req.query_param(name).value_or(""); }

inline int int_param(const Request& req, const char* name, int fallback) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return fallback;
  int out = fallback;
  std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
}

inline std::int64_t id_param(const Request& req, const char* name) {
  auto v = req.query_param(name);
  std::int64_t out = 0;
  if (v) std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
}

inline Result<std::int64_t> path_id(const Request& req, const char* name = "id") {
  const std::string& s = req.params.at(name);
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return errors::not_found("编号“" + s + "”无效：应为正整数。");
  return v;
}

// RFC 3986 percent-encoding of every byte outside the unreserved set (for filename*=UTF-8'').
inline std::string percent_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out.push_back(static_cast<char>(c));
    else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

// Parse the {id} path parameter or the JSON body first; a bad one is answered as a problem.
template <class F>
Response with_id(const Request& req, F&& fn) {
  auto id = path_id(req);
  if (!id.ok()) return Response::problem(id.error(), req.path);
  return fn(*id);
}
template <class F>
Response with_body(const Request& req, F&& fn) {
  auto body = req.json_body();
  if (!body.ok()) return Response::problem(body.error(), req.path);
  return fn(*body);
}

}  // namespace weijian::http
