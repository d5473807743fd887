#include "http/router.h"

#include <gtest/gtest.h>

namespace weijian::http {
namespace {

Request req(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

Response named(std::string name) { return Response::text(std::move(name)); }

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/api/v1/things", [](Request&) { return named("list"); });
    router_.add("POST", "/api/v1/things", [](Request&) { return named("create"); });
    router_.add("GET", "/api/v1/things/{id}", [](Request& r) { return named("get " + r.params.at("id")); });
    router_.add("PUT", "/api/v1/things/{id}/parts/{part}", [](Request& r) {
      return named(r.params.at("id") + "/" + r.params.at("part"));
    });
    router_.add("GET", "/api/v1/things/special", [](Request&) { return named("special"); });
  }
  std::string call(const std::string& method, const std::string& path) {
    Request r = req(method, path);
    auto m = router_.match(r);
    if (!m.route) return std::to_string(m.status) + " " + m.allow;
    return m.route->handler(r).body;
  }
  Router router_;
};

TEST_F(RouterTest, ExactRoutesMatchByMethod) {
  EXPECT_EQ(call("GET", "/api/v1/things"), "list");
  EXPECT_EQ(call("POST", "/api/v1/things"), "create");
}

TEST_F(RouterTest, ParametersAreCapturedAndDecoded) {
  EXPECT_EQ(call("GET", "/api/v1/things/42"), "get 42");
  EXPECT_EQ(call("GET", "/api/v1/things/%E5%8D%AB%E7%9B%91"), "get 卫监");
  EXPECT_EQ(call("PUT", "/api/v1/things/a/parts/b"), "a/b");
}

TEST_F(RouterTest, ExactRouteIsPreferredOverParameter) {
  EXPECT_EQ(call("GET", "/api/v1/things/special"), "special");
}

TEST_F(RouterTest, HeadUsesGet) { EXPECT_EQ(call("HEAD", "/api/v1/things"), "list"); }

TEST_F(RouterTest, WrongMethodIs405WithAllowedMethods) {
  EXPECT_EQ(call("DELETE", "/api/v1/things"), "405 GET, POST, HEAD");
  EXPECT_EQ(call("POST", "/api/v1/things/7"), "405 GET, HEAD");
}

TEST_F(RouterTest, UnknownPathIs404) {
  EXPECT_EQ(call("GET", "/api/v1/other"), "404 ");
  EXPECT_EQ(call("GET", "/api/v1/things/1/2"), "404 ");
}

TEST_F(RouterTest, TrailingAndDoubleSlashesDoNotCreateEmptyParameters) {
  EXPECT_EQ(call("GET", "/api/v1/things/"), "list");
  EXPECT_EQ(call("GET", "/api//v1/things"), "list");
}

TEST(Message, QueryParametersAreDecoded) {
  Request r;
  r.query = "q=%E5%8C%BB%E9%99%A2+A&page=2&flag&empty=";
  EXPECT_EQ(r.query_param("q"), "医院 A");
  EXPECT_EQ(r.query_param("page"), "2");
  EXPECT_EQ(r.query_param("flag"), "");
  EXPECT_EQ(r.query_param("empty"), "");
  EXPECT_EQ(r.query_param("missing"), std::nullopt);
}

TEST(Message, JsonBodyNeedsJsonContentType) {
  Request r;
  r.body = "{}";
  auto j = r.json_body();
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().code, ErrorCode::unsupported_media_type);
}

TEST(Message, MalformedJsonIsA400WithChineseDetail) {
  Request r;
  r.headers = {{"content-type", "application/json; charset=utf-8"}};
  r.body = "{\"a\": ";
  auto j = r.json_body();
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().code, ErrorCode::bad_request);
  EXPECT_NE(j.error().detail.find("JSON"), std::string::npos);
  r.body = "[1,2]";
  EXPECT_FALSE(r.json_body().ok());
  r.body = "{\"a\": 1}";
  ASSERT_TRUE(r.json_body().ok());
  EXPECT_EQ(r.json_body().value()["a"], 1);
}

TEST(Message, ProblemHasEveryRfc9457MemberAndFieldErrors) {
  Response res = Response::problem(errors::validation("请检查", {{"name", "不能为空"}}), "/api/x");
  EXPECT_EQ(res.status, 422);
  EXPECT_EQ(res.content_type.rfind("application/problem+json", 0), 0u);
  Json j = Json::parse(res.body);
  EXPECT_EQ(j["type"], "/problems/validation-failed");
  EXPECT_EQ(j["status"], 422);
  EXPECT_EQ(j["instance"], "/api/x");
  EXPECT_EQ(j["title"], "填写的内容未通过校验");
  EXPECT_EQ(j["errors"][0]["field"], "name");
  EXPECT_EQ(j["errors"][0]["message"], "不能为空");
}

// Extension members travel on the Error and join the document; they never replace a standard member.
TEST(Message, ProblemCarriesTheErrorsExtensionMembers) {
  Error e = errors::validation("文件有 1 处问题", {});
  e.with("report", {{"rows", 3}}).with("status", 200);
  Json j = Json::parse(Response::problem(e, "/api/import").body);
  EXPECT_EQ(j["report"]["rows"], 3);
  EXPECT_EQ(j["status"], 422);
}

TEST(Message, EveryErrorCodeHasItsHttpStatus) {
  const std::pair<Error, int> cases[] = {{errors::bad_request("x"), 400}, {errors::unauthorized("x"), 401}, {errors::forbidden("x"), 403},
                                         {errors::not_found("x"), 404},   {errors::conflict("x"), 409},     {errors::too_large("x"), 413},
                                         {errors::unsupported_media_type("x"), 415}, {errors::validation("x", {}), 422},
                                         {errors::locked("x"), 423},      {errors::internal("x"), 500},     {errors::unavailable("x"), 503},
                                         {errors::not_acceptable("x"), 406}};
  for (const auto& [e, status] : cases) EXPECT_EQ(status_of(e), status) << e.type;
}

}  // namespace
}  // namespace weijian::http
