#pragma once
// Expected failures travel as values (Result<T>), never as exceptions across modules.
// An Error carries everything the API needs to answer with application/problem+json
// (RFC 9457): a stable type slug, the HTTP status, a short title and a Chinese detail
// that tells the user what to do, and the fields that were wrong.
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace weijian {

struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  int status = 500;
  std::string type;    // stable slug, rendered as /problems/<type>
  std::string title;   // short Chinese title
  std::string detail;  // Chinese, says what to fix
  std::vector<FieldError> errors;
};

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

}  // namespace weijian
