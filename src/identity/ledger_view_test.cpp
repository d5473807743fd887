#include "identity/ledger_view.h"

#include <gtest/gtest.h>

#include <set>

#include "identity/labels.h"

namespace weijian::identity {
namespace {

TEST(LedgerView, EntryShowsTheLabelOfItsActionFromTheSetsGiven) {
  set_event_labels({event_labels(), LabelSet{"ledger.action", {{"x.done", "完成某事"}}}});
  ledger::Entry e;
  e.seq = 3;
  e.action = "x.done";
  e.change = "{\"a\":1}";
  Json j = to_json(e);
  EXPECT_EQ(j["action_label"], "完成某事");
  EXPECT_EQ(j["change"]["a"], 1);
  e.action = "auth.login";
  EXPECT_EQ(to_json(e)["action_label"], "登录");
  e.action = "unknown.action";
  e.change = "not json";
  EXPECT_EQ(to_json(e)["action_label"], "unknown.action");  // no label: the action itself
  EXPECT_EQ(to_json(e)["change"], "not json");
  EXPECT_EQ(ledger_action_labels().back().first, "x.done");
  set_event_labels({});
  EXPECT_TRUE(ledger_action_labels().empty());
}

TEST(LedgerView, IdentityDeclaresEachOfItsEventsOnce) {
  std::set<std::string> ids;
  for (const auto& l : event_labels().labels) EXPECT_TRUE(ids.insert(l.id).second) << l.id;
  EXPECT_TRUE(ids.count("user.create"));
  EXPECT_TRUE(ids.count("jurisdiction.update"));
}

}  // namespace
}  // namespace weijian::identity
