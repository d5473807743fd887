#include "core/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "core/fields.h"

namespace weijian {

Result<std::string> write_xlsx(const std::string& sheet_name, const Table& table) {
  // libxlsxwriter 1.1.4 (Debian 12) writes to a file only: a private temporary one.
  char path[] = "/tmp/weijian-xlsx-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return errors::internal("无法创建临时文件以生成 Excel。");
  ::close(fd);
  lxw_workbook* wb = workbook_new(path);
  if (!wb) {
    std::remove(path);
    return errors::internal("无法生成 Excel 文件。");
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name.c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xDDEBF7);
  std::vector<std::size_t> widths(table.header.size(), 8);
  auto widen = [&](std::size_t col, const std::string& v) {
    if (col < widths.size()) widths[col] = std::max(widths[col], std::min<std::size_t>(60, utf8_length(v) * 2 + 2));
  };
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), table.header[c].c_str(), bold);
    widen(c, table.header[c]);
  }
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      const std::string& v = table.rows[r][c];
      if (!v.empty()) worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), v.c_str(), nullptr);
      if (r < 200) widen(c, v);
    }
  }
  for (std::size_t c = 0; c < widths.size(); ++c)
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), static_cast<double>(widths[c]), nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(table.rows.size()),
                       static_cast<lxw_col_t>(table.header.empty() ? 0 : table.header.size() - 1));
  const lxw_error err = workbook_close(wb);
  std::string bytes;
  if (err == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  std::remove(path);
  if (err != LXW_NO_ERROR || bytes.empty()) return errors::internal("生成 Excel 文件失败，请改为导出 CSV 或稍后重试。");
  return bytes;
}

std::string write_csv(const Table& table) {
  std::string out = "\xEF\xBB\xBF" + csv_row(table.header);
  for (const auto& r : table.rows) out += csv_row(r);
  return out;
}

}  // namespace weijian
