#include "claims/fee_line.h"

#include "claims/string_pool.h"

#include <cstring>

namespace weijian::claims {
namespace {

constexpr const char* kNames[kFeeColumnCount] = {
    "psn_no",   "gend",     "brdy",       "mdtrt_id",      "medins_id", "medins_lv",           "med_type",
    "adm_date", "dscg_date", "dise_codg", "dr_codg",       "feedetl_sn", "med_list_codg",      "cnt",
    "pric",     "det_item_fee_sumamt", "fee_ocur_time", "prd_days"};

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

const char* fee_column_name(FeeColumn c) { return kNames[c]; }

FeeLineView FeeLine::view() const {
  FeeLineView v;
  v.psn_no = psn_no;
  v.mdtrt_id = mdtrt_id;
  v.medins_id = medins_id;
  v.dise_codg = dise_codg;
  v.dr_codg = dr_codg;
  v.feedetl_sn = feedetl_sn;
  v.med_list_codg = med_list_codg;
  v.gend = gend;
  v.brdy = brdy;
  v.medins_lv = medins_lv;
  v.med_type = med_type;
  v.adm = adm;
  v.dscg = dscg;
  v.fee = fee;
  v.cnt_milli = cnt_milli;
  v.pric_fen = pric_fen;
  v.amount_fen = amount_fen;
  v.prd_days = prd_days;
  return v;
}

FeeLine FeeLine::from(const FeeLineView& v) {
  FeeLine l;
  l.psn_no = v.psn_no;
  l.mdtrt_id = v.mdtrt_id;
  l.medins_id = v.medins_id;
  l.dise_codg = v.dise_codg;
  l.dr_codg = v.dr_codg;
  l.feedetl_sn = v.feedetl_sn;
  l.med_list_codg = v.med_list_codg;
  l.gend = v.gend;
  l.brdy = v.brdy;
  l.medins_lv = v.medins_lv;
  l.med_type = v.med_type;
  l.adm = v.adm;
  l.dscg = v.dscg;
  l.fee = v.fee;
  l.cnt_milli = v.cnt_milli;
  l.pric_fen = v.pric_fen;
  l.amount_fen = v.amount_fen;
  l.prd_days = v.prd_days;
  return l;
}

std::string FeeCsv::header() {
  std::string h;
  for (std::size_t i = 0; i < kFeeColumnCount; ++i) h += (i ? "," : "") + std::string(kNames[i]);
  return h;
}

Result<FeeCsv> FeeCsv::open(std::string_view header_line) {
  if (header_line.size() >= 3 && std::memcmp(header_line.data(), "\xEF\xBB\xBF", 3) == 0) header_line.remove_prefix(3);
  FeeCsv f;
  f.pos_.fill(-1);
  std::size_t start = 0;
  int index = 0;
  while (start <= header_line.size()) {
    std::size_t end = header_line.find(',', start);
    if (end == std::string_view::npos) end = header_line.size();
    std::string_view name = trim(header_line.substr(start, end - start));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    for (std::size_t c = 0; c < kFeeColumnCount; ++c)
      if (name == kNames[c]) {
        if (f.pos_[c] >= 0) return errors::bad_request(std::string("表头中列 ") + kNames[c] + " 出现了两次。");
        f.pos_[c] = index;
      }
    ++index;
    start = end + 1;
  }
  f.width_ = static_cast<std::size_t>(index);
  std::string missing;
  for (std::size_t c = 0; c < kFeeColumnCount; ++c)
    if (f.pos_[c] < 0 && c != kPrdDays) missing += (missing.empty() ? "" : "、") + std::string(kNames[c]);
  if (!missing.empty()) return errors::bad_request("费用明细缺少列：" + missing + "。请按国家医保字段名提供表头。");
  return f;
}

bool FeeCsv::parse(std::string_view line, FeeLineView& out, std::string_view& field, std::string& reason,
                   std::string& value) const {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // Fields by position; fee lines hold no commas in values, so quotes are rare: the quoted
  // path goes through the RFC 4180 reader.
  std::string_view f[64];
  std::size_t n = 0;
  std::vector<std::string_view> quoted;
  if (line.find('"') == std::string_view::npos) {
    // Fields are short: a plain scan beats a memchr call per field.
    const char* p = line.data();
    const char* end = p + line.size();
    const char* field_start = p;
    for (; p < end; ++p) {
      if (*p != ',') continue;
      if (n < 64) f[n] = std::string_view(field_start, static_cast<std::size_t>(p - field_start));
      ++n;
      field_start = p + 1;
    }
    if (n < 64) f[n] = std::string_view(field_start, static_cast<std::size_t>(end - field_start));
    ++n;
  } else {
    CsvReader reader(line);
    auto ok = reader.next(quoted);
    if (!ok.ok()) {
      field = {};
      reason = "引号不配对";
      value = std::string(line.substr(0, 100));
      return false;
    }
    for (auto q : quoted) {
      if (n < 64) f[n] = q;
      ++n;
    }
  }
  if (n != width_) {
    field = {};
    reason = "本行有 " + std::to_string(n) + " 个字段，表头有 " + std::to_string(width_) + " 个";
    value = std::string(line.substr(0, 100));
    return false;
  }
  auto get = [&](FeeColumn c) { return pos_[c] < 0 ? std::string_view() : trim(f[pos_[c]]); };
  auto fail = [&](FeeColumn c, std::string why) {
    field = kNames[c];
    reason = std::move(why);
    value = std::string(get(c).substr(0, 100));
    return false;
  };
  out.psn_no = get(kPsnNo);
  out.mdtrt_id = get(kMdtrtId);
  out.medins_id = get(kMedinsId);
  out.dise_codg = get(kDiseCodg);
  out.dr_codg = get(kDrCodg);
  out.feedetl_sn = get(kFeedetlSn);
  out.med_list_codg = get(kMedListCodg);
  if (out.psn_no.empty()) return fail(kPsnNo, "人员编号不能为空");
  if (out.mdtrt_id.empty()) return fail(kMdtrtId, "就诊 ID 不能为空");
  if (out.medins_id.empty()) return fail(kMedinsId, "定点医药机构编号不能为空");
  if (out.feedetl_sn.empty()) return fail(kFeedetlSn, "费用明细流水号不能为空");
  if (out.med_list_codg.empty()) return fail(kMedListCodg, "医保目录编码不能为空");
  auto g = get(kGend);
  if (g == "1") out.gend = 1;
  else if (g == "2") out.gend = 2;
  else return fail(kGend, "性别应为 1（男）或 2（女）");
  // Lines of one encounter repeat its dates: reuse the previous line's parse when the text is the same.
  const std::string_view brdy = get(kBrdy), adm_text = get(kAdmDate), dscg_text = get(kDscgDate);
  if (brdy.empty() || !same(brdy, out.brdy_text)) {
    auto b = parse_day(brdy);
    if (!b) return fail(kBrdy, "出生日期应为有效的 YYYY-MM-DD");
    out.brdy = *b;
    out.brdy_text = brdy;
  }
  auto lv = get(kMedinsLv);
  if (lv.size() != 1 || lv[0] < '1' || lv[0] > '3') return fail(kMedinsLv, "医疗机构等级应为 1、2 或 3");
  out.medins_lv = lv[0] - '0';
  auto mt = get(kMedType);
  if (mt == "11") out.med_type = 11;
  else if (mt == "14") out.med_type = 14;
  else if (mt == "21") out.med_type = 21;
  else if (mt == "41") out.med_type = 41;
  else return fail(kMedType, "医疗类别应为 11、14、21 或 41");
  if (adm_text.empty() || !same(adm_text, out.adm_text)) {
    auto adm = parse_datetime(adm_text);
    if (!adm) return fail(kAdmDate, "入院（就诊）时间应为 YYYY-MM-DD HH:MM:SS");
    out.adm = *adm;
    out.adm_text = adm_text;
  }
  if (dscg_text.empty() || !same(dscg_text, out.dscg_text)) {
    auto dscg = parse_datetime(dscg_text);
    if (!dscg) return fail(kDscgDate, "出院（结束）时间应为 YYYY-MM-DD HH:MM:SS");
    out.dscg = *dscg;
    out.dscg_text = dscg_text;
  }
  if (out.dscg.day < out.adm.day || (out.dscg.day == out.adm.day && out.dscg.secs < out.adm.secs))
    return fail(kDscgDate, "出院时间早于入院时间");
  auto fee = parse_datetime(get(kFeeOcurTime));
  if (!fee) return fail(kFeeOcurTime, "费用发生时间应为 YYYY-MM-DD HH:MM:SS");
  out.fee = *fee;
  auto cnt = parse_milli(get(kCnt));
  if (!cnt) return fail(kCnt, "数量应为数字");
  if (*cnt < 0) return fail(kCnt, "数量不能为负");
  out.cnt_milli = *cnt;
  auto pric = parse_fen(get(kPric));
  if (!pric) return fail(kPric, "单价应为数字（元）");
  if (*pric < 0) return fail(kPric, "单价不能为负");
  out.pric_fen = *pric;
  auto amt = parse_fen(get(kAmount));
  if (!amt) return fail(kAmount, "明细金额应为数字（元）");
  out.amount_fen = *amt;
  out.prd_days = -1;
  if (auto pd = get(kPrdDays); !pd.empty()) {
    auto d = parse_int(pd);
    if (!d || *d < 0 || *d > 3650) return fail(kPrdDays, "用药天数应为 0–3650 的整数或留空");
    out.prd_days = *d;
  }
  return true;
}

Result<std::vector<FeeLine>> parse_fee_csv(std::string_view text, ImportReport& report) {
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);
  std::size_t pos = 0;
  std::int64_t line_no = 0;
  auto next_line = [&](std::string_view& out) {
    if (pos >= text.size()) return false;
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    out = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    return true;
  };
  std::string_view line;
  while (next_line(line) && trim(line).empty()) {
  }
  if (trim(line).empty()) return errors::bad_request("费用明细为空：第一行应为表头。");
  auto csv = FeeCsv::open(line);
  if (!csv.ok()) return csv.error();
  std::vector<FeeLine> lines;
  FeeLineView v;
  std::string_view field;
  std::string reason, value;
  while (next_line(line)) {
    if (trim(line).empty()) continue;
    ++report.rows;
    if (csv->parse(line, v, field, reason, value)) lines.push_back(FeeLine::from(v));
    else report.add(line_no, field, value, reason);
  }
  return lines;
}

std::string fee_csv_row(const FeeLineView& l) {
  std::string r;
  r.reserve(256);
  bool first = true;
  auto add = [&](std::string_view s) {
    if (!first) r += ',';
    first = false;
    r += s;
  };
  add(l.psn_no);
  add(l.gend == 1 ? "1" : "2");
  add(format_day(l.brdy));
  add(l.mdtrt_id);
  add(l.medins_id);
  add(std::to_string(l.medins_lv));
  add(std::to_string(l.med_type));
  add(format_datetime(l.adm));
  add(format_datetime(l.dscg));
  add(l.dise_codg);
  add(l.dr_codg);
  add(l.feedetl_sn);
  add(l.med_list_codg);
  add(format_milli(l.cnt_milli));
  add(format_yuan(l.pric_fen));
  add(format_yuan(l.amount_fen));
  add(format_datetime(l.fee));
  add(l.prd_days < 0 ? std::string() : std::to_string(l.prd_days));
  return r;
}

}  // namespace weijian::claims
