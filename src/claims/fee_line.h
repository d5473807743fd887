#pragma once
// A fee line (费用明细): one charged item of one encounter, in the national field names.
// FeeLineView points into text the caller keeps alive (the batch reader's buffer);
// FeeLine owns its strings (the server, the tests). Money is integer fen, quantities
// integer thousandths, dates days since 1970-01-01 as written (Asia/Shanghai).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "claims/number.h"
#include "core/csv.h"
#include "core/error.h"

namespace weijian::claims {

struct FeeLineView {
  std::string_view psn_no, mdtrt_id, medins_id, dise_codg, dr_codg, feedetl_sn, med_list_codg;
  int gend = 0;  // 1 male, 2 female
  int brdy = 0;  // day
  int medins_lv = 0;
  int med_type = 0;  // 11, 14, 21, 41
  DateTime adm, dscg, fee;
  std::int64_t cnt_milli = 0, pric_fen = 0, amount_fen = 0;
  int prd_days = -1;  // -1: empty
  // The texts brdy, adm and dscg were parsed from (FeeCsv::parse skips parsing them again).
  std::string_view brdy_text, adm_text, dscg_text;
};

struct FeeLine {
  std::string psn_no, mdtrt_id, medins_id, dise_codg, dr_codg, feedetl_sn, med_list_codg;
  int gend = 0, brdy = 0, medins_lv = 0, med_type = 0;
  DateTime adm, dscg, fee;
  std::int64_t cnt_milli = 0, pric_fen = 0, amount_fen = 0;
  int prd_days = -1;

  FeeLineView view() const;
  static FeeLine from(const FeeLineView& v);
};

// The columns of the fee-line CSV, in this order (FeeColumns indexes).
enum FeeColumn : std::uint8_t {
  kPsnNo, kGend, kBrdy, kMdtrtId, kMedinsId, kMedinsLv, kMedType, kAdmDate, kDscgDate, kDiseCodg, kDrCodg,
  kFeedetlSn, kMedListCodg, kCnt, kPric, kAmount, kFeeOcurTime, kPrdDays, kFeeColumnCount
};
const char* fee_column_name(FeeColumn c);

// Maps a header row to column positions (any order, unknown columns ignored, a UTF-8 BOM
// and surrounding spaces tolerated) and parses data rows without allocating.
class FeeCsv {
 public:
  // Missing required columns are named in one error.
  static Result<FeeCsv> open(std::string_view header_line);
  // Parses one physical line (no line break). false: `field` and `reason` say what is wrong.
  bool parse(std::string_view line, FeeLineView& out, std::string_view& field, std::string& reason,
             std::string& value) const;
  static std::string header();  // the canonical header row, without line break

 private:
  std::array<int, kFeeColumnCount> pos_{};
  std::size_t width_ = 0;  // fields in the header
};

// Parses a whole CSV text (the server's uploads, the test cases). Bad rows go to `report`
// and are skipped.
Result<std::vector<FeeLine>> parse_fee_csv(std::string_view text, ImportReport& report);

// One fee line as a CSV row (canonical column order), without line break.
std::string fee_csv_row(const FeeLineView& l);

}  // namespace weijian::claims
