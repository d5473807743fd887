#pragma once
// Helpers shared by the files of InspectionService (catalogue, plans, ceremony, tasks, portal).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/date.h"
#include "core/error.h"
#include "core/fields.h"
#include "core/json.h"
#include "ledger/ledger.h"
#include "store/db.h"

namespace weijian::inspection::detail {

// Appends to the ledger in the caller's transaction.
inline Status record(store::Conn& c, store::Engine engine, const ledger::Event& event) {
  auto r = ledger::append(c, engine, event);
  if (!r.ok()) return r.error();
  return {};
}

inline Error not_found(const char* what) { return errors::not_found(std::string("找不到该") + what + "，或它不在您的管辖范围内。"); }
inline std::string today() { return today_in_shanghai().to_string(); }
// The date `months` months before today, for "within N months".
inline std::string months_ago(int months) { return add_months(today_in_shanghai(), -months).to_string(); }

inline std::string join_list(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ";") + s;
  return out;
}

// A JSON array of short texts (codes), or every problem added to `r`.
std::vector<std::string> text_list(const Json& body, const char* name, FieldReader& r);

}  // namespace weijian::inspection::detail
