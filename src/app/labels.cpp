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
  // A set several modules contribute to (identity.subject_type, ledger.action) is published once,
  // with each module's labels in the order given.
  std::vector<LabelSet> out;
  auto add = [&out](const LabelSet& set) {
    for (auto& have : out)
      if (have.name == set.name) {
        have.labels.insert(have.labels.end(), set.labels.begin(), set.labels.end());
        return;
      }
    out.push_back(set);
  };
  for (auto&& module : {identity::label_sets(), registry::label_sets(), inspection::label_sets(), enforcement::label_sets(),
                        credit::label_sets(), claims::label_sets()})
    for (const auto& set : module) add(set);
  for (const auto& set : event_label_sets()) add(set);
  return out;
}

}  // namespace weijian::app
