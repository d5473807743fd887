#pragma once
// For tests: a path under the source tree, from $WEIJIAN_SOURCE_DIR (set by CTest), else
// found by walking up from the current directory (running a test binary by hand).
#include <cstdlib>
#include <filesystem>
#include <string>

namespace weijian::testing {

inline std::string source_path(const std::string& relative) {
  namespace fs = std::filesystem;
  if (const char* src = std::getenv("WEIJIAN_SOURCE_DIR"); src && *src) return (fs::path(src) / relative).string();
  for (fs::path p = fs::current_path(); !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / relative)) return (p / relative).string();
    if (p == p.parent_path()) break;
  }
  return relative;
}

}  // namespace weijian::testing
