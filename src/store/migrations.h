#pragma once
// Versioned schema migrations, embedded in the binary and applied at start, each in its
// own transaction. One SQL text serves both engines; the few words that differ are written
// as placeholders: {{ID}} (an auto-numbered BIGINT primary key) and {{BLOB}} (bytes).
#include <string>
#include <vector>

#include "store/db.h"

namespace weijian::store {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& embedded_migrations();
std::string render_migration(const std::string& sql, Engine engine);

// Applies what is missing and returns the schema version. Refuses to start when a stored
// migration's checksum differs from the binary's (someone edited an applied migration) or
// when the store is newer than the binary.
Result<int> migrate(Db& db, const std::vector<Migration>& migrations);

}  // namespace weijian::store
