#pragma once
// Small helpers of inspection's store files.
#include <cstdint>
#include <string>
#include <vector>

#include "store/db.h"

namespace weijian::inspection {

// "$k, $k+1 …" for an IN (…) over `ids`, which are appended to `params`.
inline std::string in_list(const std::vector<std::int64_t>& ids, store::Params& params) {
  std::string in;
  for (auto id : ids) {
    params.emplace_back(std::in_place_type<std::int64_t>, id);
    in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  return in;
}

}  // namespace weijian::inspection
