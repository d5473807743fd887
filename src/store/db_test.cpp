#include "store/db.h"

#include <gtest/gtest.h>

#include <limits>
#include <thread>

#include "store/migrations.h"
#include "store/sql_text.h"
#include "store/test_db.h"

namespace weijian::store {
namespace {

using testing_support::EngineTest;

TEST(SqlText, PlaceholdersOutsideQuotesAndCommentsAreRewritten) {
  EXPECT_EQ(to_sqlite_placeholders("SELECT $1, '$2', \"$3\" -- $4\n, $10"), "SELECT ?1, '$2', \"$3\" -- $4\n, ?10");
  EXPECT_EQ(to_sqlite_placeholders("SELECT 'it''s $1' || $2"), "SELECT 'it''s $1' || ?2");
}

TEST(Db, UnknownUrlSchemeIsRefusedWithField) {
  auto db = Db::open("mysql://x");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::bad_request);
  ASSERT_EQ(db.error().errors.size(), 1u);
  EXPECT_EQ(db.error().errors[0].field, "db");
}

class StoreTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    ASSERT_TRUE(db_->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, s TEXT, b " +
                          std::string(db_->engine() == Engine::sqlite ? "BLOB" : "BYTEA") + ", u TEXT UNIQUE)")
                    .ok());
  }
};

// Rows are read by the names the SELECT gives: a join's qualified columns by their own names,
// computed ones by their alias, the same on both engines; a name the query lacks is a bug.
TEST_P(StoreTest, RowsAreReadByColumnName) {
  ASSERT_TRUE(db_->exec("INSERT INTO t (id, i, s) VALUES (1, 7, 'a'), (2, NULL, NULL)").ok());
  auto rows = db_->query("SELECT t.s, t.id, t.i, count(*) OVER () AS n FROM t ORDER BY t.id");
  ASSERT_TRUE(rows.ok()) << rows.error().detail;
  struct Item {
    std::int64_t id;
    std::optional<std::int64_t> i;
    std::optional<std::string> s;
    std::int64_t n;
  };
  auto items = map_rows(*rows, [](const Row& r) { return Item{r.integer("id"), r.maybe_integer("i"), r.maybe_text("s"), r.integer("n")}; });
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].id, 1);
  EXPECT_EQ(items[0].i, 7);
  EXPECT_EQ(items[0].s, "a");
  EXPECT_EQ(items[1].n, 2);
  EXPECT_FALSE(items[1].i.has_value());
  EXPECT_FALSE(items[1].s.has_value());
  EXPECT_EQ(rows->row(1).text("s"), "");
  EXPECT_TRUE(rows->row(1).is_null("i"));
  EXPECT_THROW(rows->row(0).text("missing"), std::logic_error);
  auto none = db_->query("SELECT id FROM t WHERE id = 99");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(first_row(*none, [](const Row& r) { return r.integer("id"); }).has_value());
  EXPECT_EQ(first_row(*rows, [](const Row& r) { return r.integer("id"); }), 1);
}

TEST_P(StoreTest, EveryValueKindRoundTripsVerbatim) {
  const std::string tricky = "'; DROP TABLE t; -- \"引号\" \\ 卫监 $1 ?1 %s";
  const std::string bytes("\0\x01\xff" "abc", 6);
  ASSERT_TRUE(db_->exec("INSERT INTO t (id, i, r, s, b) VALUES ($1, $2, $3, $4, $5)",
                        {std::int64_t{1}, std::numeric_limits<std::int64_t>::max(), 3.25, tricky, Blob{bytes}})
                  .ok());
  ASSERT_TRUE(db_->exec("INSERT INTO t (id, i, r, s, b) VALUES ($1, $2, $3, $4, $5)",
                        {std::int64_t{2}, std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}})
                  .ok());
  auto rows = db_->query("SELECT id, i, r, s, b FROM t ORDER BY id");
  ASSERT_TRUE(rows.ok()) << rows.error().detail;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"id", "i", "r", "s", "b"}));
  EXPECT_EQ(rows->integer(0, 1), std::numeric_limits<std::int64_t>::max());
  EXPECT_DOUBLE_EQ(rows->real(0, 2), 3.25);
  EXPECT_EQ(rows->text(0, 3), tricky);
  EXPECT_EQ(std::get<Blob>(rows->rows[0][4]).bytes, bytes);
  for (int c = 1; c < 5; ++c) EXPECT_TRUE(rows->is_null(1, c)) << c;
  auto count = db_->query("SELECT count(*) FROM t");
  EXPECT_EQ(count->integer(0, 0), 2);  // the "DROP TABLE" text did not run
}

TEST_P(StoreTest, ExecReportsChangedRows) {
  for (std::int64_t i = 1; i <= 3; ++i) ASSERT_TRUE(db_->exec("INSERT INTO t (id, i) VALUES ($1, $2)", {i, i}).ok());
  auto n = db_->exec("UPDATE t SET s = $1 WHERE i >= $2", {std::string("x"), std::int64_t{2}});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2);
}

TEST_P(StoreTest, FailedTransactionLeavesNothingBehind) {
  Status st = db_->transaction([](Conn& c) -> Status {
    WJ_TRY(c.exec("INSERT INTO t (id, u) VALUES (1, 'a')"));
    WJ_TRY(c.exec("INSERT INTO t (id, u) VALUES (2, 'a')"));  // unique violation
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().type, "store-constraint");
  EXPECT_EQ(st.error().code, ErrorCode::conflict);
  EXPECT_EQ(db_->query("SELECT count(*) FROM t")->integer(0, 0), 0);
  // The connection went back to the pool usable.
  EXPECT_TRUE(db_->exec("INSERT INTO t (id) VALUES (3)").ok());
}

TEST_P(StoreTest, ThrowingTransactionRollsBackAndReportsInChinese) {
  Status st = db_->transaction([](Conn& c) -> Status {
    (void)c.exec("INSERT INTO t (id) VALUES (1)");
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::internal);
  EXPECT_NE(st.error().detail.find("未保存"), std::string::npos);
  EXPECT_EQ(db_->query("SELECT count(*) FROM t")->integer(0, 0), 0);
}

TEST_P(StoreTest, CommittedTransactionIsVisibleToOtherConnections) {
  ASSERT_TRUE(db_->transaction([](Conn& c) { return Status(c.exec("INSERT INTO t (id) VALUES (7)").ok() ? Status() : errors::internal("x")); }).ok());
  auto a = db_->acquire();
  auto b = db_->acquire();  // a second connection
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*b)->query("SELECT count(*) FROM t WHERE id = 7")->integer(0, 0), 1);
}

TEST_P(StoreTest, SyntaxErrorIsAStoreErrorAndConnectionStaysUsable) {
  auto r = db_->query("SELEC nonsense");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, "store-failure");
  EXPECT_EQ(r.error().detail.find("SELEC"), std::string::npos) << "SQL must not leak to users";
  EXPECT_TRUE(db_->query("SELECT 1").ok());
  EXPECT_GE(db_->stats().errors, 1u);
}

TEST_P(StoreTest, PoolServesConcurrentThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::int64_t id = t * 1000 + i;
        Status st = db_->transaction([&](Conn& c) -> Status {
          WJ_TRY(c.exec("INSERT INTO t (id, i) VALUES ($1, $2)", {id, std::int64_t{t}}));
          return {};
        });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(db_->query("SELECT count(*) FROM t")->integer(0, 0), 200);
  const auto s = db_->stats();
  EXPECT_LE(s.pool_size, 8u);
  EXPECT_GE(s.transactions, 200u);
}

TEST_P(StoreTest, MigrationsApplyOnceAndRefuseEditedHistory) {
  std::vector<Migration> ms = {{1, "one", "CREATE TABLE m1 (id {{ID}}, data {{BLOB}});"},
                               {2, "two", "CREATE TABLE m2 (x TEXT);"}};
  auto v = migrate(*db_, ms);
  ASSERT_TRUE(v.ok()) << v.error().detail;
  EXPECT_EQ(*v, 2);
  EXPECT_TRUE(migrate(*db_, ms).ok());  // idempotent
  EXPECT_EQ(db_->query("SELECT count(*) FROM schema_migrations")->integer(0, 0), 2);
  // {{ID}} numbers rows by itself on both engines.
  ASSERT_TRUE(db_->exec("INSERT INTO m1 (data) VALUES ($1)", {Blob{"x"}}).ok());
  EXPECT_EQ(db_->query("SELECT id FROM m1")->integer(0, 0), 1);

  auto edited = ms;
  edited[1].sql = "CREATE TABLE m2 (x TEXT, y TEXT);";
  auto e = migrate(*db_, edited);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().detail.find("2_two"), std::string::npos);

  auto older = std::vector<Migration>{ms[0]};
  auto o = migrate(*db_, older);
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.error().detail.find("升级"), std::string::npos);
}

TEST_P(StoreTest, FailingMigrationLeavesNoTrace) {
  std::vector<Migration> ms = {{1, "bad", "CREATE TABLE ok1 (x TEXT); CREATE TABLE broken (;"}};
  ASSERT_FALSE(migrate(*db_, ms).ok());
  EXPECT_EQ(db_->query("SELECT count(*) FROM schema_migrations")->integer(0, 0), 0);
  EXPECT_FALSE(db_->query("SELECT count(*) FROM ok1").ok()) << "the half-applied table must be rolled back";
}

TEST_P(StoreTest, EmbeddedMigrationsApply) {
  auto v = migrate(*db_, embedded_migrations());
  ASSERT_TRUE(v.ok()) << v.error().detail;
  EXPECT_EQ(*v, embedded_migrations().back().version);
}

WJ_INSTANTIATE_ENGINES(StoreTest);

}  // namespace
}  // namespace weijian::store
