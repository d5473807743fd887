#pragma once
// Expected failures travel as values (Result<T>), never as exceptions across modules.
// An Error carries everything the API needs to answer with application/problem+json
// (RFC 9457): a stable type slug, the HTTP status, a short title and a Chinese detail
// that tells the user what to do, and the fields that were wrong.
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/json.h"

namespace weijian {

struct FieldError {
  std::string field;
  std::string message;
};

// What went wrong, in the domain's words; the HTTP edge maps each to a status
// (http::status_of). Services choose a code, never a number.
enum class ErrorCode {
  bad_request,             // the request itself is malformed (400)
  unauthorized,            // no valid session (401)
  forbidden,               // the caller may not do this (403)
  not_found,               // no such record within the caller's scope (404)
  method_not_allowed,      // (405)
  not_acceptable,          // cannot answer in the format asked for (406)
  conflict,                // the record's state does not allow it now (409)
  too_large,               // body over the limit (413)
  unsupported_media_type,  // (415)
  invalid,                 // a form with fields that fail their rules (422)
  locked,                  // an account locked for now (423)
  header_too_large,        // (431)
  internal,                // a bug or a store failure (500)
  unavailable,             // try again later: rules or calendar missing, store down (503)
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string type;    // stable slug, rendered as /problems/<type>
  std::string title;   // short Chinese title
  std::string detail;  // Chinese, says what to fix
  std::vector<FieldError> errors;
  // Further members of the problem document (RFC 9457 extensions), e.g. an import's line-by-line
  // report: carried here, never added by re-parsing a rendered body. Null when there are none.
  Json extensions;

  Error& with(const std::string& member, Json value) {
    extensions[member] = std::move(value);
    return *this;
  }
};

// A fault on the server's side (a bug, a store failure, missing rules): logged, shown with a
// request id, exit code 1 on the command line; every other code is the caller's to fix.
inline bool server_fault(const Error& e) { return e.code == ErrorCode::internal || e.code == ErrorCode::unavailable; }

namespace errors {
Error bad_request(std::string detail, std::vector<FieldError> fields = {});
Error validation(std::string detail, std::vector<FieldError> fields);
Error unauthorized(std::string detail);
Error forbidden(std::string detail);
Error not_found(std::string detail);
Error conflict(std::string detail);
Error internal(std::string detail);
Error unavailable(std::string detail);
Error store(std::string detail);  // a store failure; detail is for logs, not users
// Protocol-level refusals, raised by the HTTP edge and the few services that read raw bodies.
Error too_large(std::string detail);
Error unsupported_media_type(std::string detail);
Error not_acceptable(std::string detail);
Error locked(std::string detail);
}  // namespace errors

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

// Propagates a failed Result/Status out of the current function.
#define WJ_TRY(expr)                                  \
  do {                                                \
    auto&& wj_try_r_ = (expr);                        \
    if (!wj_try_r_.ok()) return wj_try_r_.error();    \
  } while (0)

// Declares `lhs` from a Result's value, or returns its error: WJ_ASSIGN_OR_RETURN(auto plan,
// store.plan(id)); `lhs` may be any declaration or assignable expression.
#define WJ_ASSIGN_OR_RETURN(lhs, expr) WJ_ASSIGN_OR_RETURN_IMPL_(WJ_CONCAT_(wj_aor_, __LINE__), lhs, expr)
#define WJ_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.error();              \
  lhs = std::move(tmp).value()
#define WJ_CONCAT_(a, b) WJ_CONCAT_IMPL_(a, b)
#define WJ_CONCAT_IMPL_(a, b) a##b

}  // namespace weijian
