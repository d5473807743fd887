#include "core/csv.h"

#include <fstream>
#include <sstream>

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace weijian {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kSaveAs = "请另存为 UTF-8 或 GB18030（Excel“CSV UTF-8”或“CSV（逗号分隔）”）";

// ---- UTF-8 ----

// Length of the longest valid UTF-8 prefix of s (Unicode Table 3-7: no overlong forms, no
// surrogates, nothing above U+10FFFF). Eight ASCII bytes are skipped at a time.
std::size_t utf8_valid_prefix(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return n;
}

// Appends s with every invalid UTF-8 sequence replaced by U+FFFD.
void append_sanitized(std::string& out, std::string_view s) {
  while (!s.empty()) {
    const std::size_t ok = utf8_valid_prefix(s);
    out.append(s.substr(0, ok));
    if (ok == s.size()) break;
    out.append("\uFFFD");
    s.remove_prefix(ok + 1);
  }
}

// Valid UTF-8 with non-ASCII characters all below U+0800 (Latin, Greek, Cyrillic, Hebrew…) and
// not one CJK character. GBK text is often exactly that by accident (医院 = D2 BD D4 BA =
// "ҽԺ"), while a Chinese user's real UTF-8 file has CJK characters, which take three bytes.
// So "auto" prefers GB18030 for such text when it decodes; declare utf-8 to override.
bool only_two_byte_utf8(std::string_view s) {
  bool non_ascii = false;
  for (char ch : s) {
    const auto b = static_cast<unsigned char>(ch);
    if (b >= 0xE0) return false;
    non_ascii = non_ascii || b >= 0x80;
  }
  return non_ascii;
}

std::int64_t line_at(std::string_view bytes, std::size_t offset) {
  return 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
}

std::string where(std::string_view bytes, std::size_t offset) {
  return "第" + std::to_string(line_at(bytes, offset)) + "行（文件第" + std::to_string(offset + 1) + "个字节）";
}

// ---- GB18030 ----

struct GbDecode {
  bool ok = false;
  std::size_t failed_at = 0;  // byte offset of the first undecodable sequence
  std::string text;
};

Result<GbDecode> decode_gb18030(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return errors::internal("系统缺少 GB18030 编码转换模块（glibc gconv），无法读取 GB18030 编码的文件");
  }
  GbDecode r;
  // Two GB18030 bytes become at most three UTF-8 bytes, four at most four; 2n is ample, and
  // E2BIG grows it anyway.
  r.text.resize(bytes.size() * 2 + 16);
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; the input is not written
  std::size_t in_left = bytes.size();
  std::size_t out_used = 0;
  while (true) {
    char* out = r.text.data() + out_used;
    std::size_t out_left = r.text.size() - out_used;
    const std::size_t rc = iconv(cd, &in, &in_left, &out, &out_left);
    out_used = r.text.size() - out_left;
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      r.text.resize(r.text.size() * 2);
      continue;
    }
    // EILSEQ (an invalid sequence) or EINVAL (a sequence cut off by the end of the input).
    r.failed_at = bytes.size() - in_left;
    iconv_close(cd);
    return r;
  }
  iconv_close(cd);
  r.text.resize(out_used);
  // GB18030's own byte-order mark (84 31 95 33) decodes to U+FEFF.
  if (std::string_view(r.text).starts_with(kUtf8Bom)) r.text.erase(0, kUtf8Bom.size());
  r.ok = true;
  return r;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

Result<std::string> to_utf8(std::string_view bytes, std::string_view declared) {
  const std::string enc = lower_ascii(trim_field(declared));
  enum class Enc { automatic, utf8, gb18030 } want;
  if (enc.empty() || enc == "auto") {
    want = Enc::automatic;
  } else if (enc == "utf-8" || enc == "utf8") {
    want = Enc::utf8;
  } else if (enc == "gb18030" || enc == "gbk" || enc == "gb2312" || enc == "cp936") {
    want = Enc::gb18030;
  } else {
    return errors::bad_request("不支持的文件编码“" + std::string(declared) + "”：可选 auto（自动识别）、utf-8、gb18030");
  }

  // Things that are not CSV text at all, whatever was declared.
  if (bytes.starts_with("PK\x03\x04")) {
    return errors::bad_request(
        "这是 Excel 工作簿（.xlsx）而不是 CSV 文件：请在 Excel 中用“另存为”保存为“CSV UTF-8”或“CSV（逗号分隔）”后再上传");
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    return errors::bad_request(
        "这是旧版 Excel 工作簿（.xls）而不是 CSV 文件：请在 Excel 中用“另存为”保存为“CSV UTF-8”或“CSV（逗号分隔）”后再上传");
  }
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return errors::bad_request("文件是 UTF-16 编码（Excel“Unicode 文本”），无法导入：" + std::string(kSaveAs));
  }
  if (const void* nul = std::memchr(bytes.data(), '\0', bytes.size())) {
    const auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - bytes.data());
    return errors::bad_request("文件" + where(bytes, at) + "含有空字节（0x00），可能是 UTF-16 编码或二进制文件，无法导入：" +
                               std::string(kSaveAs));
  }

  const bool bom = bytes.starts_with(kUtf8Bom);
  if (want == Enc::utf8 || (want == Enc::automatic && bom)) {
    const std::string_view body = bom ? bytes.substr(kUtf8Bom.size()) : bytes;
    const std::size_t ok = utf8_valid_prefix(body);
    if (ok == body.size()) return std::string(body);
    const std::size_t at = ok + (bom ? kUtf8Bom.size() : 0);
    return errors::bad_request("文件不是有效的 UTF-8：" + where(bytes, at) +
                               "起无法解码。如果文件是 Excel“CSV（逗号分隔）”格式，请选择 GB18030 编码；否则" +
                               std::string(kSaveAs));
  }

  std::size_t utf8_ok = 0;
  if (want == Enc::automatic) {
    utf8_ok = utf8_valid_prefix(bytes);
    if (utf8_ok == bytes.size() && !only_two_byte_utf8(bytes)) return std::string(bytes);
  }
  auto gb = decode_gb18030(bytes);
  if (!gb.ok()) return gb.error();
  if (gb->ok) return std::move(gb->text);
  if (utf8_ok == bytes.size()) return std::string(bytes);  // only two-byte UTF-8, and not GB18030
  if (want == Enc::gb18030) {
    return errors::bad_request("文件不是有效的 GB18030：" + where(bytes, gb->failed_at) + "起无法解码。" +
                               std::string(kSaveAs));
  }
  // Neither decodes. The encoding that got further is most likely the real one, with a damaged
  // byte at the point it stopped, so that is the place worth showing.
  const std::size_t at = std::max(utf8_ok, gb->failed_at);
  return errors::bad_request("文件编码无法识别：" + where(bytes, at) + "起既不是有效的 UTF-8，也不是有效的 GB18030。" +
                             std::string(kSaveAs));
}

// ---- CsvReader ----

namespace {
// Bytes that end an unquoted field.
constexpr auto kStops = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  return t;
}();

// Line breaks in s: LF, CRLF and lone CR each count once.
std::int64_t count_line_breaks(std::string_view s) {
  std::int64_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++n;
    } else if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) {
      ++n;
    }
  }
  return n;
}
}  // namespace

CsvReader::CsvReader(std::string_view utf8_text) : text_(utf8_text) {
  if (text_.starts_with(kUtf8Bom)) text_.remove_prefix(kUtf8Bom.size());  // forgiving a caller that skipped to_utf8
}

Result<bool> CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  spans_.clear();
  scratch_.clear();
  const std::size_t n = text_.size();
  if (pos_ >= n) return false;
  record_line_ = line_;
  const char* const data = text_.data();

  while (true) {
    if (pos_ < n && data[pos_] == '"') {
      const std::int64_t quote_line = line_;
      std::size_t seg = ++pos_;           // start of the not-yet-copied part of the content
      std::size_t scratch_begin = std::string::npos;  // set once the field needs unescaping
      while (true) {
        const void* q = pos_ < n ? std::memchr(data + pos_, '"', n - pos_) : nullptr;
        if (q == nullptr) {
          pos_ = n;  // nothing after this can be read reliably
          return errors::bad_request("第" + std::to_string(quote_line) +
                                     "行：引号没有闭合——从这一行开始的带引号内容直到文件末尾都没有结束的引号");
        }
        const auto qi = static_cast<std::size_t>(static_cast<const char*>(q) - data);
        line_ += count_line_breaks(text_.substr(pos_, qi - pos_));
        if (qi + 1 < n && data[qi + 1] == '"') {  // "" is one quote
          if (scratch_begin == std::string::npos) scratch_begin = scratch_.size();
          scratch_.append(data + seg, qi + 1 - seg);
          pos_ = seg = qi + 2;
          continue;
        }
        pos_ = qi + 1;
        if (scratch_begin == std::string::npos && (pos_ >= n || kStops[static_cast<unsigned char>(data[pos_])])) {
          spans_.push_back({seg, qi - seg, false});  // the common case: a view into the text
          break;
        }
        if (scratch_begin == std::string::npos) scratch_begin = scratch_.size();
        scratch_.append(data + seg, qi - seg);
        // Text after the closing quote (`"ab"c`): appended literally, as Excel does.
        const std::size_t tail = pos_;
        while (pos_ < n && !kStops[static_cast<unsigned char>(data[pos_])]) ++pos_;
        scratch_.append(data + tail, pos_ - tail);
        spans_.push_back({scratch_begin, scratch_.size() - scratch_begin, true});
        break;
      }
    } else {
      const std::size_t begin = pos_;
      while (pos_ < n && !kStops[static_cast<unsigned char>(data[pos_])]) ++pos_;
      spans_.push_back({begin, pos_ - begin, false});
    }

    // pos_ is at a comma, a line break or the end.
    if (pos_ >= n) break;
    const char c = data[pos_++];
    if (c == ',') continue;
    if (c == '\r' && pos_ < n && data[pos_] == '\n') ++pos_;
    ++line_;
    break;
  }

  // scratch_ has stopped growing: the views are safe to take now.
  fields.reserve(spans_.size());
  for (const Span& s : spans_) {
    fields.emplace_back(s.in_scratch ? std::string_view(scratch_).substr(s.begin, s.size) : text_.substr(s.begin, s.size));
  }
  return true;
}

// ---- CsvTable ----

std::vector<std::string> split_list(std::string_view s, char separator) {
  std::vector<std::string> out;
  while (true) {
    const auto end = s.find(separator);
    if (auto part = trim_field(s.substr(0, end)); !part.empty()) out.emplace_back(part);
    if (end == std::string_view::npos) return out;
    s.remove_prefix(end + 1);
  }
}

std::string_view trim_field(std::string_view s) {
  constexpr std::string_view kIdeographicSpace = "\u3000";
  while (true) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1);
    } else if (s.starts_with(kIdeographicSpace)) {
      s.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  while (true) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    } else if (s.ends_with(kIdeographicSpace)) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return s;
}

namespace {
bool blank(const std::vector<std::string_view>& fields) {
  return std::all_of(fields.begin(), fields.end(), [](std::string_view f) { return trim_field(f).empty(); });
}

// "name（表头可写作 名称、机构名称）"
std::string describe_column(const CsvColumn& c) {
  std::string s = "“" + c.name + "”";
  if (!c.aliases.empty()) {
    s += "（表头也可写作";
    for (std::size_t i = 0; i < c.aliases.size(); ++i) s += (i ? "、“" : "“") + c.aliases[i] + "”";
    s += "）";
  }
  return s;
}
}  // namespace

Result<CsvTable> CsvTable::open(std::string_view utf8_text, std::vector<CsvColumn> columns) {
  CsvTable t(utf8_text);
  t.columns_ = std::move(columns);
  t.index_.assign(t.columns_.size(), -1);
  while (true) {
    auto r = t.reader_.next(t.fields_);
    if (!r.ok()) return r.error();
    if (!*r) return errors::bad_request("文件是空的：第一行应为表头（列名），其后每行一条记录");
    if (!blank(t.fields_)) break;
  }
  t.header_size_ = t.fields_.size();
  const std::string header_at = "第" + std::to_string(t.line()) + "行表头";

  std::vector<std::string> duplicates;
  for (std::size_t f = 0; f < t.fields_.size(); ++f) {
    std::string_view h = trim_field(t.fields_[f]);
    if (h.starts_with(kUtf8Bom)) h = trim_field(h.substr(kUtf8Bom.size()));
    if (h.empty()) continue;
    for (std::size_t c = 0; c < t.columns_.size(); ++c) {
      const CsvColumn& col = t.columns_[c];
      bool match = equals_ignoring_ascii_case(h, col.name);
      for (const std::string& a : col.aliases) match = match || equals_ignoring_ascii_case(h, a);
      if (!match) continue;
      if (t.index_[c] >= 0) {
        duplicates.push_back("第" + std::to_string(t.index_[c] + 1) + "列“" +
                             std::string(trim_field(t.fields_[static_cast<std::size_t>(t.index_[c])])) + "”和第" +
                             std::to_string(f + 1) + "列“" + std::string(h) + "”都是" + describe_column(col));
      } else {
        t.index_[c] = static_cast<int>(f);
      }
      break;
    }
  }

  std::vector<FieldError> problems;
  std::string missing;
  for (std::size_t c = 0; c < t.columns_.size(); ++c) {
    if (t.columns_[c].required && t.index_[c] < 0) {
      missing += (missing.empty() ? "" : "；") + describe_column(t.columns_[c]);
      problems.push_back({t.columns_[c].name, "缺少此列"});
    }
  }
  std::string detail;
  if (!missing.empty()) detail = header_at + "缺少必需的列：" + missing + "。列的顺序不限，多余的列会被忽略";
  if (!duplicates.empty()) {
    std::string dup;
    for (const std::string& d : duplicates) dup += (dup.empty() ? "" : "；") + d;
    detail += (detail.empty() ? header_at : "。另外，") + std::string("有重复的列：") + dup + "，请只保留一列";
  }
  if (!detail.empty()) return errors::bad_request(detail, std::move(problems));
  return t;
}

Result<bool> CsvTable::next() {
  while (true) {
    auto r = reader_.next(fields_);
    if (!r.ok() || !*r) return r;
    if (!blank(fields_)) return true;
  }
}

std::string_view CsvTable::raw(std::size_t column) const {
  if (!has(column)) return {};
  const auto f = static_cast<std::size_t>(index_[column]);
  return f < fields_.size() ? fields_[f] : std::string_view{};
}

std::string_view CsvTable::get(std::size_t column) const { return trim_field(raw(column)); }

// ---- ImportReport ----

void ImportReport::add(std::int64_t line, std::string_view field, std::string_view value, std::string_view reason) {
  if (issues.size() >= kMaxKeptIssues) {
    ++issues_not_kept;
    return;
  }
  ImportIssue issue;
  issue.line = line;
  append_sanitized(issue.field, field);
  append_sanitized(issue.reason, reason);
  // Cut at 100 characters, counting UTF-8 lead bytes, on a character boundary.
  std::size_t chars = 0, cut = value.size();
  for (std::size_t i = 0; i < value.size(); ++i) {
    if ((static_cast<unsigned char>(value[i]) & 0xC0) != 0x80 && ++chars == 100) {
      // i starts the 100th character; keep 99 and mark the cut if more than 100 follow.
      std::size_t j = i + 1, more = 0;
      for (; j < value.size(); ++j) {
        if ((static_cast<unsigned char>(value[j]) & 0xC0) != 0x80) ++more;
      }
      if (more > 0) cut = i;
      break;
    }
  }
  append_sanitized(issue.value, value.substr(0, cut));
  if (cut < value.size()) issue.value += "…";
  issues.push_back(std::move(issue));
}

void ImportReport::add(std::int64_t line, const Error& error, std::string_view value) {
  if (error.errors.empty()) {
    add(line, "", value, error.detail);
    return;
  }
  for (const FieldError& f : error.errors) add(line, f.field, value, f.message);
}

Json ImportReport::to_json(int max_issues) const {
  Json list = Json::array();
  const std::size_t shown = std::min(issues.size(), static_cast<std::size_t>(std::max(max_issues, 0)));
  for (std::size_t i = 0; i < shown; ++i) {
    const ImportIssue& x = issues[i];
    list.push_back({{"line", x.line}, {"field", x.field}, {"value", x.value}, {"reason", x.reason}});
  }
  return Json{{"rows", rows},
              {"ok", ok()},
              {"issue_count", issue_count()},
              {"issues", std::move(list)},
              {"truncated", static_cast<std::int64_t>(shown) < issue_count()}};
}

std::string ImportReport::to_csv() const {
  std::string out(kUtf8Bom);
  out += csv_row({"行号", "字段", "内容", "原因"});
  for (const ImportIssue& x : issues) {
    out += csv_row({x.line > 0 ? std::to_string(x.line) : "", x.field, x.value, x.reason});
  }
  if (issues_not_kept > 0) {
    out += csv_row({"", "", "", "另有 " + std::to_string(issues_not_kept) + " 个问题未列出，请先改正以上问题后重新导入"});
  }
  return out;
}

// ---- writing ----

namespace {
// -12, 3.5, +7, -0.25: cannot be formulas, so they keep their sign unescaped.
bool plain_number(std::string_view s) {
  std::size_t i = (s.starts_with('-') || s.starts_with('+')) ? 1 : 0;
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t frac = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++frac;
    if (frac == 0) return false;
  }
  return digits > 0 && i == s.size();
}
}  // namespace

std::string csv_escape(std::string_view value) {
  const bool formula = !value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos &&
                       !plain_number(value);
  const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
  std::string out;
  out.reserve(value.size() + 4);
  if (quote) out += '"';
  if (formula) out += '\'';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  if (quote) out += '"';
  return out;
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_escape(fields[i]);
  }
  out += "\r\n";
  return out;
}

}  // namespace weijian

namespace weijian {

Result<std::vector<std::vector<std::string>>> read_data_file(const std::string& path, std::vector<CsvColumn> columns) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return errors::unavailable("无法读取数据文件“" + path + "”：请检查 --data-dir 设置。");
  std::stringstream ss;
  ss << in.rdbuf();
  auto text = to_utf8(ss.str(), "utf-8");
  if (!text.ok()) return errors::unavailable("数据文件“" + path + "”：" + text.error().detail);
  // Comment lines are blanked rather than removed, so reported line numbers stay true.
  std::string body = *text;
  for (std::size_t pos = 0; pos < body.size();) {
    const std::size_t end = std::min(body.find('\n', pos), body.size());
    if (body[pos] == '#') std::fill(body.begin() + static_cast<std::ptrdiff_t>(pos), body.begin() + static_cast<std::ptrdiff_t>(end), ' ');
    pos = end + 1;
  }
  const std::size_t ncol = columns.size();
  auto table = CsvTable::open(body, std::move(columns));
  if (!table.ok()) return errors::unavailable("数据文件“" + path + "”：" + table.error().detail);
  std::vector<std::vector<std::string>> rows;
  for (;;) {
    auto more = table->next();
    if (!more.ok()) return errors::unavailable("数据文件“" + path + "”：" + more.error().detail);
    if (!*more) break;
    std::vector<std::string> row;
    for (std::size_t c = 0; c < ncol; ++c) row.emplace_back(table->get(c));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace weijian
