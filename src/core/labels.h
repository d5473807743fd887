#pragma once
// Identifier → Chinese label tables: one lookup serves every kind of label.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace weijian {

struct Label {
  const char* id;
  const char* label;
};

// A named enumeration ("inspection.task_status") with its Chinese labels, declared by the
// module that owns it. The server publishes every module's sets (GET /api/v1/labels), so the web
// application shows the server's words and never keeps a copy of its own.
struct LabelSet {
  std::string name;
  std::vector<Label> labels;
};

// The label of `id`, or "" when the table has none.
template <std::size_t N>
const char* lookup(const Label (&table)[N], std::string_view id) {
  for (const auto& l : table)
    if (id == l.id) return l.label;
  return "";
}

}  // namespace weijian
