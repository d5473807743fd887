#pragma once
// The audit engine: all 21 rules of the rule base over fee lines grouped by person.
// A Batch holds the lines of a set of persons (all lines of each); audit() runs the
// single-line, per-encounter and per-person (cross-encounter) rules and collects the
// quantities abnormal_usage compares across providers. Batches of different persons are
// independent, which is how the batch command spreads work over threads.
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "claims/catalog.h"
#include "claims/fee_line.h"
#include "claims/registry_view.h"
#include "claims/rule_base.h"
#include "claims/string_pool.h"

namespace weijian::claims {

struct Finding {
  RuleId rule{};
  std::string psn_no, mdtrt_id, feedetl_sn, related, medins_id, dr_codg;
  std::int64_t amount_fen = 0;
  std::string evidence;
  int day = 0;  // the day the finding is dated (fee date, admission date, first of month)
};

struct AuditContext {
  const Catalog& catalog;
  const RuleBase& rules;
  const RegistryView* registry = nullptr;  // null: the two registry rules are not run
};

// Monthly quantities of each drug at each provider, for abnormal_usage. An open-addressing
// table: one probe per drug line, no allocation per cell.
class UsageTable {
 public:
  struct Cell {
    std::int64_t qty_milli = 0, amount_fen = 0;
    int level = 0;
  };
  // month: year × 12 + month − 1 (1900–7000)
  void add(std::string_view medins_id, int item, int month, int level, std::int64_t qty, std::int64_t amount) {
    add_key(medins_.intern(medins_id), item, month, level, qty, amount);
  }
  std::uint32_t medins_id(std::string_view medins) { return medins_.intern(medins); }
  void add_key(std::uint32_t medins, int item, int month, int level, std::int64_t qty, std::int64_t amount);
  void merge(const UsageTable& other);
  template <class F>  // f(medins_id, item, month, cell)
  void each(F&& f) const {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == 0) continue;
      const std::uint64_t key = keys_[i] - 1;
      f(medins_.get(static_cast<std::uint32_t>(key >> 32)), static_cast<int>((key >> 16) & 0xFFFF),
        static_cast<int>(key & 0xFFFF) + kMonthBase, cells_[i]);
    }
  }
  std::size_t size() const { return used_; }

 private:
  static constexpr int kMonthBase = 1900 * 12;
  void grow();
  StringPool medins_;
  std::vector<std::uint64_t> keys_;  // key + 1; 0 empty
  std::vector<Cell> cells_;
  std::size_t used_ = 0;
};

class Batch {
 public:
  explicit Batch(const Catalog& catalog) : catalog_(catalog) {}
  void add(const FeeLineView& l) { add(l, hash_bytes(l.psn_no)); }
  void add(const FeeLineView& l, std::uint64_t psn_hash);
  std::size_t line_count() const { return lines_.size(); }
  // Appends the findings of every rule but abnormal_usage; adds drug quantities to `usage`.
  void audit(const AuditContext& ctx, std::vector<Finding>& out, UsageTable* usage) const;

 private:
  struct Line {
    std::uint32_t enc;
    std::int32_t item;   // catalogue index, -1 if not in the catalogue
    std::uint32_t code;  // pool id of med_list_codg when item < 0
    std::uint32_t sn, dr;
    std::int32_t day, secs, prd_days;
    std::int64_t cnt, pric, amount;
  };
  struct Enc {
    std::uint32_t person, medins, dise;
    std::int32_t adm_day, adm_secs, dscg_day, dscg_secs;
    std::uint8_t lv, med_type;
  };
  struct Person {
    std::int32_t brdy;
    std::uint8_t gend;
  };
  friend class Auditor;
  // Line numbers are mostly small integers: kept as the number with the top bit set instead
  // of an interned string.
  static constexpr std::uint32_t kNumericSn = 0x80000000U;
  std::uint32_t sn_id(std::string_view sn);
  std::string sn_text(std::uint32_t sn) const;
  bool sn_less(std::uint32_t a, std::uint32_t b) const;
  const Catalog& catalog_;
  std::uint32_t last_enc_ = UINT32_MAX, last_dr_ = UINT32_MAX;  // the previous line's, to skip lookups
  StringPool persons_, encounters_, strings_;  // ids of persons_ and encounters_ index persons and encs
  std::vector<Person> person_;
  std::vector<Enc> enc_;
  std::vector<Line> lines_;
};

// abnormal_usage over the merged monthly quantities.
void audit_usage(const UsageTable& usage, const AuditContext& ctx, std::vector<Finding>& out);

// Every rule over a set of lines (the test cases, the real-time endpoint). abnormal_usage
// compares providers over all their lines, so it runs only when `with_usage` (a whole month's data).
std::vector<Finding> audit_lines(const std::vector<FeeLine>& lines, const AuditContext& ctx, bool with_usage = true);

// A stable order: person, encounter, line, rule, related.
void sort_findings(std::vector<Finding>& findings);

}  // namespace weijian::claims
