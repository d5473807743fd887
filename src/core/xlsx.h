#pragma once
// Writes a one-sheet Excel workbook (libxlsxwriter): a bold, frozen header row, then text
// cells. Everything is written as text so that codes with leading zeros and ID numbers
// survive Excel unchanged.
#include <string>
#include <vector>

#include "core/error.h"

namespace weijian {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

Result<std::string> write_xlsx(const std::string& sheet_name, const Table& table);
// UTF-8 with a BOM (so Excel opens it as UTF-8), CRLF, formula injection neutralised.
std::string write_csv(const Table& table);

}  // namespace weijian
