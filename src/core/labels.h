#pragma once
// Identifier → Chinese label tables: one lookup serves every kind of label.
#include <cstddef>
#include <string_view>

namespace weijian {

struct Label {
  const char* id;
  const char* label;
};

// The label of `id`, or "" when the table has none.
template <std::size_t N>
const char* lookup(const Label (&table)[N], std::string_view id) {
  for (const auto& l : table)
    if (id == l.id) return l.label;
  return "";
}

}  // namespace weijian
