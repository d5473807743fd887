#pragma once
// A list exported as a download: ?format=csv gives UTF-8 CSV, anything else an Excel
// workbook, named `file_stem` in Chinese (RFC 6266 filename*) with an ASCII fallback.
#include <string>

#include "core/xlsx.h"
#include "http/message.h"

namespace weijian::http {

Response export_response(const Request& req, const Result<Table>& table, const std::string& file_stem);

}  // namespace weijian::http
