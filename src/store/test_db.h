#pragma once
// Test support: a fresh, empty store of either engine. PostgreSQL tests need the server
// that scripts/start-test-postgres starts; CTest passes its address in
// WEIJIAN_TEST_PG_URL_FILE. Without it, PostgreSQL cases are skipped (CTest's
// unit_postgres runs them with it, so there they cannot be skipped silently).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "store/db.h"

namespace weijian::store::testing_support {

inline std::string pg_base_url() {
  const char* f = std::getenv("WEIJIAN_TEST_PG_URL_FILE");
  if (!f) return {};
  std::ifstream in(f);
  std::string url;
  std::getline(in, url);
  return url;
}

inline std::string unique_name(const char* prefix) {
  static std::atomic<int> n{0};
  return std::string(prefix) + std::to_string(::getpid()) + "_" + std::to_string(n++);
}

// Returns nullptr when the engine is not available here (the caller skips).
inline std::unique_ptr<Db> open_fresh(Engine engine, DbOptions options = {}) {
  if (engine == Engine::sqlite) {
    const auto dir = std::filesystem::path(::testing::TempDir()) / unique_name("wj_unit_");
    std::filesystem::create_directories(dir);
    auto db = Db::open("sqlite:" + (dir / "test.db").string(), options);
    return db.ok() ? std::move(db.value()) : nullptr;
  }
  const std::string base = pg_base_url();
  if (base.empty()) return nullptr;
  const std::string name = unique_name("wj_unit_");
  {
    auto admin = Db::open(base + "/postgres", {1, 5000});
    if (!admin.ok()) return nullptr;
    auto lease = (*admin)->acquire();
    if (!lease.ok() || !(*lease)->exec_script("CREATE DATABASE " + name).ok()) return nullptr;
  }
  auto db = Db::open(base + "/" + name, options);
  return db.ok() ? std::move(db.value()) : nullptr;
}

inline std::string engine_name(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::sqlite ? "sqlite" : "postgresql";
}

// Fixture for suites that run once per engine: TEST_P(MySuite, …) with `db_`.
class EngineTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == Engine::postgresql && pg_base_url().empty())
      GTEST_SKIP() << "no test PostgreSQL (WEIJIAN_TEST_PG_URL_FILE unset)";
    db_ = open_fresh(GetParam());
    ASSERT_NE(db_, nullptr) << "could not open a fresh test store";
  }
  std::unique_ptr<Db> db_;
};

#define WJ_INSTANTIATE_ENGINES(suite)                                                                   \
  INSTANTIATE_TEST_SUITE_P(, suite,                                                                      \
                           ::testing::Values(::weijian::store::Engine::sqlite,                           \
                                             ::weijian::store::Engine::postgresql),                      \
                           ::weijian::store::testing_support::engine_name)

}  // namespace weijian::store::testing_support
