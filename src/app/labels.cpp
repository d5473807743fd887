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

}  // namespace weijian::app
