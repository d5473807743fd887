#include "enforcement/labels.h"

#include "enforcement/penalties.h"

namespace weijian::enforcement {

std::vector<LabelSet> label_sets() {
  LabelSet categories{"enforcement.category", {}};
  for (const auto& c : penalty_categories()) categories.labels.push_back({c.c_str(), c.c_str()});
  return {categories};
}

}  // namespace weijian::enforcement
