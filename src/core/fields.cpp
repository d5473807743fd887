#include "core/fields.h"

#include <algorithm>

namespace weijian {

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::optional<std::string> FieldReader::text(const char* name, bool required, std::size_t max_chars) {
  if (!has(name)) {
    if (required) add(name, "必填");
    return std::nullopt;
  }
  if (!body_[name].is_string()) {
    add(name, "应为文本");
    return std::nullopt;
  }
  std::string v = body_[name].get<std::string>();
  const auto first = v.find_first_not_of(" \t\r\n");
  v = first == std::string::npos ? "" : v.substr(first, v.find_last_not_of(" \t\r\n") - first + 1);
  if (v.empty() && required) {
    add(name, "不能为空");
    return std::nullopt;
  }
  if (utf8_length(v) > max_chars) {
    add(name, "不能超过 " + std::to_string(max_chars) + " 个字");
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> FieldReader::id(const char* name, bool required) {
  if (!has(name)) {
    if (required) add(name, "必填");
    return std::nullopt;
  }
  if (!body_[name].is_number_integer() || body_[name].get<std::int64_t>() <= 0) {
    add(name, "应为正整数编号");
    return std::nullopt;
  }
  return body_[name].get<std::int64_t>();
}

std::optional<std::int64_t> FieldReader::integer(const char* name, bool required, std::int64_t min, std::int64_t max) {
  if (!has(name)) {
    if (required) add(name, "必填");
    return std::nullopt;
  }
  if (!body_[name].is_number_integer() || body_[name].get<std::int64_t>() < min || body_[name].get<std::int64_t>() > max) {
    add(name, "应为 " + std::to_string(min) + " 到 " + std::to_string(max) + " 之间的整数");
    return std::nullopt;
  }
  return body_[name].get<std::int64_t>();
}

std::optional<Date> FieldReader::date(const char* name, bool required) {
  auto t = text(name, required, 10);
  if (!t || t->empty()) return std::nullopt;
  auto d = Date::parse(*t);
  if (!d.ok()) {
    add(name, "日期应为有效的 YYYY-MM-DD");
    return std::nullopt;
  }
  return *d;
}

std::optional<std::string> FieldReader::one_of(const char* name, bool required, std::initializer_list<const char*> allowed) {
  auto t = text(name, required, 64);
  if (!t) return std::nullopt;
  for (const char* a : allowed)
    if (*t == a) return t;
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : "、") + std::string(a);
  add(name, "应为以下之一：" + list);
  return std::nullopt;
}

Status FieldReader::finish() const {
  if (errors_.empty()) return {};
  std::string names;
  for (const auto& e : errors_) names += (names.empty() ? "" : "、") + e.field;
  return errors::validation("请检查以下字段：" + names + "。", errors_);
}

}  // namespace weijian
