#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace weijian::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::path(::testing::TempDir()) / "wj_static";
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "assets");
    write("index.html", "<html>app</html>");
    write("assets/app-123.js", "console.log(1)");
    write("favicon.svg", "<svg/>");
    std::ofstream(root_.parent_path() / "secret.txt") << "TOP-SECRET-CONTENT";
  }
  void write(const std::string& rel, const std::string& content) { std::ofstream(root_ / rel) << content; }
  Response get(const std::string& path, const std::string& etag = "") {
    Request r;
    r.method = "GET";
    r.path = path;
    if (!etag.empty()) r.headers = {{"if-none-match", etag}};
    return files_->serve(r);
  }
  static std::string header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
  std::unique_ptr<StaticFiles> files_ = nullptr;
  void init() { files_ = std::make_unique<StaticFiles>(root_); }
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCachePolicy) {
  init();
  auto js = get("/assets/app-123.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(header(js, "Cache-Control").find("immutable"), std::string::npos);
  auto root = get("/");
  EXPECT_EQ(root.body, "<html>app</html>");
  EXPECT_EQ(header(root, "Cache-Control"), "no-cache");
  EXPECT_EQ(get("/favicon.svg").content_type, "image/svg+xml");
}

TEST_F(StaticFilesTest, UnknownPagesFallBackToIndexButMissingFilesAre404) {
  init();
  EXPECT_EQ(get("/registry/institutions/12").body, "<html>app</html>");
  EXPECT_EQ(get("/assets/gone-999.js").status, 404);
  auto api = get("/api/v1/anything");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.content_type.rfind("application/problem+json", 0), 0u);
}

TEST_F(StaticFilesTest, RefusesToLeaveTheRoot) {
  init();
  auto r = get("/../secret.txt");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.find("TOP-SECRET"), std::string::npos);
  EXPECT_EQ(get("/assets/..%2f..%2fsecret.txt").body.find("TOP-SECRET"), std::string::npos);
}

TEST_F(StaticFilesTest, EtagRevalidatesAndChangesWithContent) {
  init();
  auto first = get("/assets/app-123.js");
  const std::string etag = header(first, "ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(get("/assets/app-123.js", etag).status, 304);
  write("assets/app-123.js", "console.log(22)");
  std::filesystem::last_write_time(root_ / "assets/app-123.js",
                                   std::filesystem::last_write_time(root_ / "assets/app-123.js") + std::chrono::seconds(2));
  auto changed = get("/assets/app-123.js", etag);
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(changed.body, "console.log(22)");
}

TEST_F(StaticFilesTest, MissingBuildTellsHowToBuild) {
  files_ = std::make_unique<StaticFiles>(root_ / "nowhere");
  auto r = get("/");
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("make run"), std::string::npos);
}

}  // namespace
}  // namespace weijian::http
