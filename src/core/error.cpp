#include "core/error.h"

namespace weijian::errors {
namespace {
Error make(int status, const char* type, const char* title, std::string detail,
           std::vector<FieldError> fields = {}) {
  return Error{status, type, title, std::move(detail), std::move(fields)};
}
}  // namespace

Error bad_request(std::string detail, std::vector<FieldError> fields) {
  return make(400, "bad-request", "请求有误", std::move(detail), std::move(fields));
}
Error validation(std::string detail, std::vector<FieldError> fields) {
  return make(422, "validation-failed", "填写的内容未通过校验", std::move(detail), std::move(fields));
}
Error unauthorized(std::string detail) {
  return make(401, "unauthorized", "需要登录", std::move(detail));
}
Error forbidden(std::string detail) {
  return make(403, "forbidden", "没有权限", std::move(detail));
}
Error not_found(std::string detail) {
  return make(404, "not-found", "未找到", std::move(detail));
}
Error conflict(std::string detail) {
  return make(409, "conflict", "与现有数据冲突", std::move(detail));
}
Error internal(std::string detail) {
  return make(500, "internal", "服务器内部错误", std::move(detail));
}
Error unavailable(std::string detail) {
  return make(503, "unavailable", "服务暂不可用", std::move(detail));
}
Error store(std::string detail) {
  return make(500, "store-failure", "数据存储出错", std::move(detail));
}
}  // namespace weijian::errors
