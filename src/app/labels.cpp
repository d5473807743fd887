#include "app/labels.h"

#include "claims/labels.h"
#include "credit/labels.h"
#include "enforcement/labels.h"
#include "identity/labels.h"
#include "inspection/labels.h"
#include "registry/labels.h"

namespace weijian::app {

std::vector<LabelSet> event_label_sets() {
  return {identity::event_labels(), registry::event_labels(),    inspection::event_labels(),
          enforcement::event_labels(), credit::event_labels(), claims::event_labels()};
}

std::vector<LabelSet> all_label_sets() {
  std::vector<LabelSet> out;
  for (auto&& module : {identity::label_sets(), enforcement::label_sets(), credit::label_sets()})
    out.insert(out.end(), module.begin(), module.end());
  LabelSet actions{"ledger.action", {}};
  for (const auto& set : event_label_sets()) actions.labels.insert(actions.labels.end(), set.labels.begin(), set.labels.end());
  out.push_back(std::move(actions));
  return out;
}

}  // namespace weijian::app
