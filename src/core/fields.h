#pragma once
// Reads the fields of a JSON request body, collecting one FieldError per bad field, so a
// form gets every problem at once: `FieldReader r(body); auto n = r.text("name", true, 50);
// … WJ_TRY(r.finish());`.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/json.h"

namespace weijian {

class FieldReader {
 public:
  explicit FieldReader(const Json& body) : body_(body) {}

  bool has(const char* name) const { return body_.contains(name) && !body_[name].is_null(); }
  // Trimmed text of at most max_chars characters (UTF-8 aware).
  std::optional<std::string> text(const char* name, bool required, std::size_t max_chars);
  std::optional<std::int64_t> id(const char* name, bool required);
  std::optional<std::int64_t> integer(const char* name, bool required, std::int64_t min, std::int64_t max);
  std::optional<Date> date(const char* name, bool required);
  // Text that must be one of `allowed`.
  std::optional<std::string> one_of(const char* name, bool required, std::initializer_list<const char*> allowed);

  void add(std::string field, std::string message) { errors_.push_back({std::move(field), std::move(message)}); }
  bool ok() const { return errors_.empty(); }
  // A 422 naming every bad field, or success.
  Status finish() const;

 private:
  const Json& body_;
  std::vector<FieldError> errors_;
};

std::size_t utf8_length(std::string_view s);

}  // namespace weijian
