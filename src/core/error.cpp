#include "core/error.h"

namespace weijian::errors {
namespace {
Error make(ErrorCode code, const char* type, const char* title, std::string detail,
           std::vector<FieldError> fields = {}) {
  return Error{code, type, title, std::move(detail), std::move(fields), {}};
}
}  // namespace

Error bad_request(std::string detail, std::vector<FieldError> fields) {
  return make(ErrorCode::bad_request, "bad-request", "请求有误", std::move(detail), std::move(fields));
}
Error validation(std::string detail, std::vector<FieldError> fields) {
  return make(ErrorCode::invalid, "validation-failed", "填写的内容未通过校验", std::move(detail), std::move(fields));
}
Error unauthorized(std::string detail) {
  return make(ErrorCode::unauthorized, "unauthorized", "需要登录", std::move(detail));
}
Error forbidden(std::string detail) {
  return make(ErrorCode::forbidden, "forbidden", "没有权限", std::move(detail));
}
Error not_found(std::string detail) {
  return make(ErrorCode::not_found, "not-found", "未找到", std::move(detail));
}
Error conflict(std::string detail) {
  return make(ErrorCode::conflict, "conflict", "与现有数据冲突", std::move(detail));
}
Error internal(std::string detail) {
  return make(ErrorCode::internal, "internal", "服务器内部错误", std::move(detail));
}
Error unavailable(std::string detail) {
  return make(ErrorCode::unavailable, "unavailable", "服务暂不可用", std::move(detail));
}
Error store(std::string detail) {
  return make(ErrorCode::internal, "store-failure", "数据存储出错", std::move(detail));
}
Error too_large(std::string detail) {
  return make(ErrorCode::too_large, "body-too-large", "请求体过大", std::move(detail));
}
Error unsupported_media_type(std::string detail) {
  return make(ErrorCode::unsupported_media_type, "unsupported-media-type", "不支持的内容类型", std::move(detail));
}
Error not_acceptable(std::string detail) {
  return make(ErrorCode::not_acceptable, "not-acceptable", "无法以所要求的格式答复", std::move(detail));
}
Error locked(std::string detail) {
  return make(ErrorCode::locked, "account-locked", "账户已锁定", std::move(detail));
}
}  // namespace weijian::errors
