#pragma once
// Credit's renderers: one per record type, the API's shape of each (JSON is made here, from
// the typed records of the stores).
#include <string>

#include "core/json.h"
#include "credit/list_store.h"
#include "credit/points_store.h"
#include "credit/restoration_store.h"
#include "credit/rules.h"
#include "credit/service.h"

namespace weijian::credit {

const char* subject_kind_label(const std::string& kind);
const char* list_kind_label(const std::string& kind);
const char* severity_label(const std::string& severity);
// Publication state of an entry: an active entry past its end date has ended by itself (自动移出).
std::string entry_state(const ListEntry& e, const std::string& today);
const char* entry_state_label(const std::string& state);
// "a,b" → [{context, label}].
Json contexts_json(const std::string& joined);

// With the behaviour's description when the rules know it.
Json to_json(const Point& p, const CreditRules& rules);
Json to_json(const Consequence& k);
// With its notifications (department, due date, message).
Json to_json(const ConsequenceView& v);
Json to_json(const NotificationView& v);
// With labels and the publication state on `today`.
Json to_json(const ListEntry& e, const CreditRules& rules, const std::string& today);
Json to_json(const Restoration& r, const CreditRules& rules, const std::string& today);
Json to_json(const ListCandidate& k);
Json to_json(const ExportBatchView& v);

}  // namespace weijian::credit
