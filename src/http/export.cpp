#include "http/export.h"

#include "http/params.h"

namespace weijian::http {

Response export_response(const Request& req, const Result<Table>& table, const std::string& file_stem) {
  if (!table.ok()) return Response::problem(table.error(), req.path);
  const bool csv = str_param(req, "format") == "csv";
  Response res;
  if (csv) {
    res = Response::text(write_csv(*table), "text/csv; charset=utf-8");
  } else {
    auto bytes = write_xlsx(file_stem, *table);
    if (!bytes.ok()) return Response::problem(bytes.error(), req.path);
    res = Response::text(std::move(bytes.value()), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  }
  res.headers.emplace_back("Content-Disposition", std::string("attachment; filename=\"export.") + (csv ? "csv" : "xlsx") +
                                                      "\"; filename*=UTF-8''" + percent_encode(file_stem) + (csv ? ".csv" : ".xlsx"));
  return res;
}

}  // namespace weijian::http
