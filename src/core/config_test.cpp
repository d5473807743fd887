#include "core/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace weijian {
namespace {

const std::vector<OptionSpec> kSpecs = {
    {"config", "", "配置文件"},
    {"port", "8080", "端口"},
    {"db", "sqlite:var/weijian.db", "存储"},
    {"verbose", "", "详细", true},
};

TEST(Config, DefaultsApplyWhenNothingIsGiven) {
  auto c = Config::load(kSpecs, {}, {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->str("port"), "8080");
  EXPECT_EQ(c->source("port"), "default");
  EXPECT_FALSE(c->flag("verbose"));
}

TEST(Config, FlagBeatsEnvBeatsFile) {
  const std::string path = testing::TempDir() + "/weijian_config_test.conf";
  {
    std::ofstream f(path);
    f << "# comment\nport = 9000\ndb = sqlite:/tmp/a.db\n";
  }
  auto c = Config::load(kSpecs, {"--config", path, "--port=9002"}, {{"WEIJIAN_PORT", "9001"}, {"WEIJIAN_DB", "sqlite:/tmp/b.db"}});
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->str("port"), "9002");
  EXPECT_EQ(c->source("port"), "flag");
  EXPECT_EQ(c->str("db"), "sqlite:/tmp/b.db");
  EXPECT_EQ(c->source("db"), "env");
  std::remove(path.c_str());
}

TEST(Config, FileValueAppliesWithoutEnvOrFlag) {
  const std::string path = testing::TempDir() + "/weijian_config_test2.conf";
  {
    std::ofstream f(path);
    f << "port = 9100\n";
  }
  auto c = Config::load(kSpecs, {}, {{"WEIJIAN_CONFIG", path}});
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->str("port"), "9100");
  EXPECT_EQ(c->source("port"), "file");
  std::remove(path.c_str());
}

TEST(Config, UnknownFlagIsRefusedAndNamed) {
  auto c = Config::load(kSpecs, {"--prot", "1"}, {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().detail.find("prot"), std::string::npos);
}

TEST(Config, UnknownKeyInFileIsRefusedWithLineNumber) {
  const std::string path = testing::TempDir() + "/weijian_config_test3.conf";
  {
    std::ofstream f(path);
    f << "port = 1\n\nbogus = 2\n";
  }
  auto c = Config::load(kSpecs, {"--config", path}, {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().detail.find("第 3 行"), std::string::npos);
  std::remove(path.c_str());
}

TEST(Config, MissingValueIsRefused) {
  auto c = Config::load(kSpecs, {"--port"}, {});
  ASSERT_FALSE(c.ok());
}

TEST(Config, IntegerRangeIsEnforced) {
  auto c = Config::load(kSpecs, {"--port", "70000"}, {});
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->integer("port", 0, 65535).ok());
  auto d = Config::load(kSpecs, {"--port", "12ab"}, {});
  EXPECT_FALSE(d->integer("port", 0, 65535).ok());
  auto e = Config::load(kSpecs, {"--port", "443"}, {});
  EXPECT_EQ(e->integer("port", 0, 65535).value(), 443);
}

TEST(Config, FlagsAndPositionalsAreSeparated) {
  auto c = Config::load(kSpecs, {"verify", "--verbose", "extra"}, {});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->flag("verbose"));
  EXPECT_EQ(c->positional(), (std::vector<std::string>{"verify", "extra"}));
}

TEST(Config, UsageListsEveryOptionWithItsEnvName) {
  const std::string u = Config::usage("serve", "启动服务", kSpecs);
  for (const auto& s : kSpecs) {
    EXPECT_NE(u.find("--" + s.name), std::string::npos);
    EXPECT_NE(u.find(Config::env_name(s.name)), std::string::npos);
  }
  EXPECT_EQ(Config::env_name("max-body-bytes"), "WEIJIAN_MAX_BODY_BYTES");
}

}  // namespace
}  // namespace weijian
