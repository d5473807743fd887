#pragma once
// CSV in and out for every import and export (registries now, claims later).
//
// People in China make CSV files with Excel, which writes "CSV UTF-8" (UTF-8 with a BOM) or
// "CSV (逗号分隔)" (GB18030/GBK, no BOM), so reading is two steps: to_utf8 turns the uploaded
// bytes into UTF-8 once, then CsvReader / CsvTable parse that text without copying fields.
// Bad rows are collected in an ImportReport by line, field and reason, so that one upload
// tells the user about every problem at once instead of one per attempt.
//
// Sizes are not bounded here: the HTTP layer and the importers bound the upload.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/json.h"

namespace weijian {

// ---- encodings ----

// `declared` is "auto" (or empty), "utf-8" or "gb18030" (case-insensitive; "utf8", "gbk",
// "gb2312" and "cp936" are accepted as their names, GB18030 being a superset of the other
// two). "auto": a UTF-8 BOM means UTF-8; otherwise valid UTF-8 is taken as UTF-8 and anything
// else is decoded as GB18030 (glibc iconv). One exception: valid UTF-8 whose non-ASCII
// characters are all below U+0800 (none CJK) is GB18030 if it also decodes as that, because
// short GBK text is often valid UTF-8 by accident (医院 = D2 BD D4 BA = "ҽԺ"); a BOM-less UTF-8
// file of accented Latin only must be declared "utf-8". The result never starts with a BOM.
// Refused with errors::bad_request and a detail naming the line and byte: undecodable bytes,
// UTF-16/UTF-32 (BOM or NUL bytes), and Excel workbooks (.xlsx/.xls) uploaded as CSV.
Result<std::string> to_utf8(std::string_view bytes, std::string_view declared = "auto");

// ---- reading (RFC 4180, as Excel writes it) ----

// Comma-separated records over UTF-8 text (which must outlive the reader). Fields may be
// quoted, with "" for a quote and commas or line breaks inside; lines end in CRLF, LF or a
// lone CR (old Mac Excel). A final line break does not start another record. A blank line in
// the middle is a record with one empty field (CsvTable skips those). Like Excel, a quote
// inside an unquoted field is an ordinary character, and text after a closing quote is
// appended to the field. An unterminated quote is an error naming the line it started on.
class CsvReader {
 public:
  explicit CsvReader(std::string_view utf8_text);

  // Reads the next record into `fields` (cleared first). true: a record was read; false: the
  // input is exhausted. The views point into the text, or into this reader for fields with ""
  // escapes, and stay valid until the next call. Reusing one vector avoids all allocation
  // in the steady state. After an error the reader is at the end of the input.
  Result<bool> next(std::vector<std::string_view>& fields);

  // 1-based physical line on which the record last read starts.
  std::int64_t line() const { return record_line_; }

 private:
  struct Span {
    std::size_t begin;
    std::size_t size;
    bool in_scratch;  // an offset into scratch_, which may grow while the record is read
  };
  std::string_view text_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;  // physical line at pos_
  std::int64_t record_line_ = 0;
  std::string scratch_;
  std::vector<Span> spans_;
};

// One column an import expects: the canonical name (used in ImportIssue::field and errors)
// and other header texts that mean the same, e.g. {"name", {"名称", "机构名称"}}.
struct CsvColumn {
  std::string name;
  std::vector<std::string> aliases = {};
  bool required = true;
};

// A CSV file with a header row: columns in any order, unknown columns ignored, header names
// compared after trimming and ignoring ASCII case. Values are read by the index of the column
// in the list given to open(), so the per-row cost is one vector lookup.
class CsvTable {
 public:
  // Reads the header (the first non-blank record). Every missing required column is named in
  // one errors::bad_request; so is a column given twice (say both 名称 and 机构名称).
  static Result<CsvTable> open(std::string_view utf8_text, std::vector<CsvColumn> columns);

  // Advances to the next data record, skipping blank records (empty lines and rows of only
  // commas, which Excel leaves behind). false at the end of the input.
  Result<bool> next();
  // The physical line where the current record starts (for ImportIssue::line).
  std::int64_t line() const { return reader_.line(); }

  // The value of column `column` (index into the list given to open()) in the current record,
  // trimmed of ASCII whitespace and U+3000; empty if the column is absent or the row short.
  std::string_view get(std::size_t column) const;
  std::string_view raw(std::size_t column) const;  // the same, untrimmed
  bool has(std::size_t column) const { return column < index_.size() && index_[column] >= 0; }
  // Fields in the current record, to notice rows shorter or longer than the header.
  std::size_t field_count() const { return fields_.size(); }
  std::size_t header_size() const { return header_size_; }
  const std::vector<CsvColumn>& columns() const { return columns_; }

 private:
  explicit CsvTable(std::string_view text) : reader_(text) {}
  CsvReader reader_;
  std::vector<CsvColumn> columns_;
  std::vector<int> index_;  // column → field position in the file, -1 if absent
  std::size_t header_size_ = 0;
  std::vector<std::string_view> fields_;
};

// Trims ASCII whitespace and the ideographic space U+3000 from both ends.
std::string_view trim_field(std::string_view s);
// A list inside one field ("hospital;clinic"): the trimmed, non-empty parts.
std::vector<std::string> split_list(std::string_view s, char separator = ';');

// A data file shipped under data/ (catalogues, seeds): UTF-8 CSV whose leading lines starting
// with '#' note its source and legal basis. Returns the rows' values by `columns`; an error
// names the file and line.
Result<std::vector<std::vector<std::string>>> read_data_file(const std::string& path, std::vector<CsvColumn> columns);

// ---- reporting ----

struct ImportIssue {
  std::int64_t line = 0;  // 1-based physical line of the file; 0 for the file as a whole
  std::string field;      // canonical column name; empty for the row as a whole
  std::string value;      // what the row held, at most 100 characters
  std::string reason;     // Chinese, says what to fix
};

// The outcome of one import, shared by every importer and rendered the same way everywhere.
struct ImportReport {
  // Issues kept in memory; beyond this they are only counted (a file with a million bad rows
  // should not need a million-row report to say so).
  static constexpr std::size_t kMaxKeptIssues = 100000;

  std::int64_t rows = 0;  // data rows read (blank rows not counted)
  std::vector<ImportIssue> issues;
  std::int64_t issues_not_kept = 0;

  // `value` is cut to 100 characters (99 and "…") and invalid UTF-8 replaced, so that the
  // report always renders.
  void add(std::int64_t line, std::string_view field, std::string_view value, std::string_view reason);
  // One issue per FieldError of `error` (or one with its detail if it has none).
  void add(std::int64_t line, const Error& error, std::string_view value = {});

  bool ok() const { return issues.empty() && issues_not_kept == 0; }
  std::int64_t issue_count() const { return static_cast<std::int64_t>(issues.size()) + issues_not_kept; }
  // {"rows", "ok", "issue_count", "issues": [{line, field, value, reason}…], "truncated"}
  Json to_json(int max_issues = 1000) const;
  // For download: UTF-8 BOM (so Excel opens it correctly), columns 行号,字段,内容,原因, CRLF.
  std::string to_csv() const;
};

// ---- writing ----

// One field for a CSV file opened in Excel. Quoted when it holds a comma, quote, CR or LF.
// A value starting with = + - @ TAB or CR gets a leading apostrophe so Excel shows it instead of
// evaluating it (CSV formula injection, OWASP); a plain number such as -12.50 is left alone,
// since it cannot be a formula and exported amounts must stay numbers.
std::string csv_escape(std::string_view value);
// The fields escaped, joined by commas, ending in CRLF.
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace weijian
