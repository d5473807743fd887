#pragma once
// Imports of registry CSV files (UTF-8 with or without BOM, or GB18030). A file is imported
// whole or not at all: every row is checked first, and any problem yields a report naming
// line, field and reason for every bad row, with nothing written. A good file is written in
// one transaction with one ledger entry that records the file's SM3 digest and row count.
#include <string_view>

#include "core/csv.h"
#include "identity/principal.h"
#include "registry/rules.h"
#include "store/db.h"

namespace weijian::registry {

struct ImportOutcome {
  ImportReport report;
  std::int64_t inserted = 0;
  std::string sm3;  // SM3 of the uploaded bytes, as recorded in the ledger
};

Result<ImportOutcome> import_practitioners(store::Db& db, const RegistryRules& rules, const identity::Principal& p,
                                           std::string_view bytes, std::string_view encoding);
Result<ImportOutcome> import_institutions(store::Db& db, const identity::Principal& p, std::string_view bytes,
                                          std::string_view encoding);

}  // namespace weijian::registry
