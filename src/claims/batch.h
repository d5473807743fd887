#pragma once
// Batch audit of a fee-line file: streamed in blocks, parsed by every thread, partitioned by
// psn_no so that each person's lines (and so the cross-encounter rules) stay in one
// partition, then the partitions audited in parallel.
#include <array>
#include <cstdio>
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
  // Called now and then with (done, total, phase): phase 0 bytes read of the file, phase 1
  // partitions audited.
  std::function<void(std::uint64_t, std::uint64_t, int)> progress;
  // Receives the findings in their final order, a partition at a time, on the calling thread
  // while later partitions are still being audited, so that they need not all fit in memory.
  // An error stops the run. Unset: they are collected in BatchResult::findings.
  std::function<Status(std::vector<Finding>&)> sink;
};

struct BatchResult {
  std::int64_t lines = 0;  // data rows read
  ImportReport report;     // bad rows by line
  // Findings in a deterministic order: partition by partition, each sorted; abnormal_usage last.
  // Empty when BatchOptions::sink took them.
  std::vector<Finding> findings;
  std::int64_t finding_count = 0;
  std::array<std::int64_t, kRuleCount> counts{};
  std::array<std::int64_t, kRuleCount> amounts_fen{};
  double read_seconds = 0, audit_seconds = 0;
};

// Errors: unreadable file, missing columns, or (strict) the first bad row.
Result<BatchResult> audit_file(const std::string& path, const AuditContext& ctx, const BatchOptions& options);

// The findings file, .csv (UTF-8 with BOM, CRLF) or .json, written as findings come. It is
// written beside its name and renamed into place by finish(), so an interrupted run leaves no
// file that looks complete.
class FindingWriter {
 public:
  static Result<FindingWriter> open(const std::string& path, const RuleBase& rules);
  FindingWriter(FindingWriter&&) noexcept;
  FindingWriter& operator=(FindingWriter&&) = delete;
  ~FindingWriter();  // removes the unfinished file
  Status write(const std::vector<Finding>& findings);
  Status finish();

 private:
  FindingWriter(std::string path, const RuleBase& rules, std::FILE* f, bool json);
  Status flush();
  std::string path_;
  const RuleBase& rules_;
  std::FILE* file_;
  bool json_, first_ = true;
  std::string chunk_;
};
std::string finding_csv_header();
std::string finding_csv_row(const Finding& f, const RuleBase& rules);
Json finding_json(const Finding& f, const RuleBase& rules);

}  // namespace weijian::claims
