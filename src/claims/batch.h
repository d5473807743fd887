#pragma once
// Batch audit of a fee-line file: streamed in blocks, parsed by every thread, partitioned by
// psn_no so that each person's lines (and so the cross-encounter rules) stay in one
// partition, then the partitions audited in parallel.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "claims/engine.h"
#include "core/csv.h"

namespace weijian::claims {

struct BatchOptions {
  unsigned threads = 0;  // 0: one per core
  bool strict = false;   // refuse the file on the first bad row
  // Called now and then with (bytes read, total bytes, phase: 0 reading, 1 auditing).
  std::function<void(std::uint64_t, std::uint64_t, int)> progress;
};

struct BatchResult {
  std::int64_t lines = 0;  // data rows read
  ImportReport report;     // bad rows by line
  // Findings in a deterministic order: partition by partition, each sorted; abnormal_usage last.
  std::vector<Finding> findings;
  std::array<std::int64_t, kRuleCount> counts{};
  std::array<std::int64_t, kRuleCount> amounts_fen{};
  double read_seconds = 0, audit_seconds = 0;
};

// Errors: unreadable file, missing columns, or (strict) the first bad row.
Result<BatchResult> audit_file(const std::string& path, const AuditContext& ctx, const BatchOptions& options);

// Writers of the findings file: .csv (UTF-8 with BOM, CRLF) or .json.
Status write_findings(const std::string& path, const std::vector<Finding>& findings, const RuleBase& rules);
std::string finding_csv_header();
std::string finding_csv_row(const Finding& f, const RuleBase& rules);
Json finding_json(const Finding& f, const RuleBase& rules);

}  // namespace weijian::claims
