#include "claims/registry_view.h"

#include <gtest/gtest.h>

#include "core/date.h"
#include "store/migrations.h"
#include "store/test_db.h"

namespace weijian::claims {
namespace {

int day(int y, int m, int d) { return Date::from_ymd(y, m, d).value().days_since_epoch(); }

RegistrySnapshot snapshot() {
  // Every kind of change: registration, change of provider, expiry, renewal, cancellation,
  // practice sites opening and closing, licences suspended, expired and issued.
  const Json j = Json::parse(R"({
    "providers": [
      {"medins_id": "H1", "licences": [[{"on": "2024-01-01", "status": "valid", "valid_until": "2026-06-30"}],
                                       [{"on": "2026-08-01", "status": "valid", "valid_until": "2031-07-31"}]]},
      {"medins_id": "H2", "licences": [[{"on": "2020-01-01", "status": "valid", "valid_until": "2030-12-31"},
                                        {"on": "2026-03-10", "status": "suspended", "valid_until": "2030-12-31"},
                                        {"on": "2026-04-20", "status": "valid", "valid_until": "2030-12-31"}]]},
      {"medins_id": "P1", "licence_required": false, "licences": []}
    ],
    "practitioners": [
      {"dr_codg": "DR1", "events": [{"on": "2025-10-01", "kind": "register", "medins_id": "H1", "expires_on": "2026-02-28"},
                                    {"on": "2026-03-05", "kind": "renew", "medins_id": "H1", "expires_on": "2027-03-04"},
                                    {"on": "2026-05-01", "kind": "change", "medins_id": "H2"},
                                    {"on": "2026-09-01", "kind": "cancel", "medins_id": "H2"}],
       "sites": [{"medins_id": "H1", "from": "2026-06-01", "to": "2026-07-15"},
                 {"medins_id": "P1", "from": "2026-01-10"}]}
    ]
  })");
  return RegistrySnapshot::from_json(j).value();
}

// For every day of a window and every provider asked about, the answer given with its range is
// the answer on every other day of that range, and the range holds the day asked about.
TEST(RegistryView, AnswersHoldOverTheDaysTheySayTheyHold) {
  const RegistrySnapshot s = snapshot();
  const int lo = day(2025, 9, 1), hi = day(2027, 4, 1);
  int longest = 0;
  for (const char* medins : {"H1", "H2", "P1", "H9"}) {
    for (int d = lo; d < hi; ++d) {
      DayRange r;
      const Practice p = s.practitioner("DR1", medins, d, &r);
      ASSERT_TRUE(r.contains(d)) << medins << " " << d;
      for (int x = std::max(r.from, lo); x < std::min(r.to, hi); ++x)
        ASSERT_EQ(s.practitioner("DR1", medins, x), p) << medins << " asked on " << d << ", differs on " << x;
      longest = std::max(longest, std::min(r.to, hi) - std::max(r.from, lo));
      DayRange lr;
      const Licence l = s.provider(medins, d, &lr);
      ASSERT_TRUE(lr.contains(d));
      for (int x = std::max(lr.from, lo); x < std::min(lr.to, hi); ++x)
        ASSERT_EQ(s.provider(medins, x), l) << medins << " asked on " << d << ", differs on " << x;
    }
  }
  EXPECT_GT(longest, 60) << "ranges span the quiet periods, not one day each";
  // The boundaries themselves: each change is a range boundary.
  DayRange r;
  EXPECT_EQ(s.practitioner("DR1", "H1", day(2026, 2, 28), &r), Practice::practising);
  EXPECT_EQ(r.to, day(2026, 3, 1)) << "the day after expiry";
  EXPECT_EQ(s.practitioner("DR1", "H1", day(2026, 3, 1), &r), Practice::not_practising);
  EXPECT_EQ(r.from, day(2026, 3, 1));
  EXPECT_EQ(r.to, day(2026, 3, 5)) << "renewed";
  EXPECT_EQ(s.practitioner("DR1", "H1", day(2026, 6, 10), &r), Practice::practising) << "filed site";
  EXPECT_EQ(r.to, day(2026, 7, 15));
  EXPECT_EQ(s.practitioner("DR1", "H1", day(2026, 7, 20), &r), Practice::other_site);
  EXPECT_EQ(s.practitioner("DR1", "H2", day(2026, 9, 1), &r), Practice::not_practising);
  EXPECT_EQ(r.from, day(2026, 9, 1));
  EXPECT_EQ(r.to, INT_MAX);
  EXPECT_EQ(s.practitioner("DR9", "H1", day(2026, 1, 1), &r), Practice::unknown);
  EXPECT_EQ(r.from, INT_MIN);
  EXPECT_EQ(s.provider("H2", day(2026, 3, 10), &r), Licence::not_valid);
  EXPECT_EQ(r.from, day(2026, 3, 10));
  EXPECT_EQ(r.to, day(2026, 4, 20));
  EXPECT_EQ(s.provider("H1", day(2026, 7, 1), &r), Licence::not_valid) << "between the two licences";
  EXPECT_EQ(r.from, day(2026, 7, 1));
  EXPECT_EQ(r.to, day(2026, 8, 1));
  EXPECT_EQ(s.provider("P1", day(2026, 7, 1)), Licence::not_required);
  EXPECT_EQ(s.provider("H9", day(2026, 7, 1)), Licence::unknown_provider);
}

// The snapshot as loaded from a store, and its fingerprint: unchanged while nothing changes,
// changed by every kind of registry change the snapshot reads.
class RegistryStoreTest : public store::testing_support::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    ASSERT_TRUE(store::migrate(*db_, store::embedded_migrations()).ok());
    exec("INSERT INTO jurisdictions (id, parent_id, code, name, level, path, created_at) VALUES (1, NULL, 'C', '示范市', 'city', '/1/', $1)",
         {kNow});
    for (const char* code : {"H1", "H2"})
      exec("INSERT INTO institutions (credit_code, name, category, ownership, profit_type, grade, address, jurisdiction_id, "
           "jurisdiction_path, legal_representative, person_in_charge, phone, beds, clinical_subjects, large_equipment, status, "
           "medins_code, created_at, updated_at) VALUES ($1, $1, 'hospital', 'public', 'non_profit', '', '路1号', 1, '/1/', '甲', '乙', '', "
           "10, '', '', 'active', $1, $2, $2)",
           {std::string(code), kNow});
    exec("INSERT INTO practice_licenses (institution_id, license_no, issued_on, valid_until, clinical_subjects, beds, validation_due_on, "
         "status, jurisdiction_path, updated_at) VALUES (1, 'L1', '2020-01-01', '2034-12-31', '', 10, '2027-01-01', 'valid', '/1/', $1)",
         {kNow});
    exec("INSERT INTO license_events (license_id, kind, effective_on, status_after, valid_until_after, detail, recorded_at) "
         "VALUES (1, 'issue', '2020-01-01', 'valid', '2034-12-31', '{}', $1)",
         {kNow});
    exec("INSERT INTO practitioners (id_number, name, sex, birth_date, kind, qualification_no, practice_cert_no, practice_category, "
         "practice_scope, institution_id, jurisdiction_path, status, e_registered, created_at, updated_at) VALUES ('X1', '医师', 'M', "
         "'1980-07-15', 'physician', 'Q', 'DR1', '临床', '内科', 1, '/1/', 'registered', 1, $1, $1)",
         {kNow});
    exec("INSERT INTO registration_events (practitioner_id, kind, effective_on, institution_id, expires_on, detail, recorded_at) "
         "VALUES (1, 'register', '2021-01-01', 1, NULL, '{}', $1)",
         {kNow});
  }
  void exec(const std::string& sql, const store::Params& params) {
    auto r = db_->exec(sql, params);
    ASSERT_TRUE(r.ok()) << r.error().detail << "\n" << sql;
  }
  std::string version() { return RegistrySnapshot::version(*db_).value(); }
  static constexpr const char* kNow = "2026-01-02T03:04:05.678Z";
};

TEST_P(RegistryStoreTest, LoadsPointInTimeAnswersAndItsFingerprintFollowsEveryChange) {
  const int d = day(2026, 6, 1);
  auto snap = RegistrySnapshot::load(*db_);
  ASSERT_TRUE(snap.ok()) << snap.error().detail;
  EXPECT_EQ(snap->practitioner("DR1", "H1", d), Practice::practising);
  EXPECT_EQ(snap->practitioner("DR1", "H2", d), Practice::other_site);
  EXPECT_EQ(snap->provider("H1", d), Licence::valid);
  EXPECT_EQ(snap->provider("H2", d), Licence::not_valid) << "no licence at all";
  std::string v = version();
  EXPECT_EQ(version(), v) << "nothing changed";

  // A filed practice site, then its end; a licence suspended; a registration cancelled; an
  // institution updated: each changes the fingerprint, and a reload answers accordingly.
  exec("INSERT INTO practice_sites (practitioner_id, institution_id, filed_on, ended_on) VALUES (1, 2, '2026-03-01', NULL)", {});
  EXPECT_NE(version(), v);
  v = version();
  EXPECT_EQ(RegistrySnapshot::load(*db_)->practitioner("DR1", "H2", d), Practice::practising);
  exec("UPDATE practice_sites SET ended_on = '2026-05-01'", {});
  EXPECT_NE(version(), v);
  v = version();
  EXPECT_EQ(RegistrySnapshot::load(*db_)->practitioner("DR1", "H2", d), Practice::other_site);
  exec("INSERT INTO license_events (license_id, kind, effective_on, status_after, valid_until_after, detail, recorded_at) "
       "VALUES (1, 'suspend', '2026-04-01', 'suspended', '2034-12-31', '{}', $1)",
       {kNow});
  EXPECT_NE(version(), v);
  v = version();
  EXPECT_EQ(RegistrySnapshot::load(*db_)->provider("H1", d), Licence::not_valid);
  exec("INSERT INTO registration_events (practitioner_id, kind, effective_on, institution_id, expires_on, detail, recorded_at) "
       "VALUES (1, 'cancel', '2026-05-15', 1, NULL, '{}', $1)",
       {kNow});
  EXPECT_NE(version(), v);
  v = version();
  EXPECT_EQ(RegistrySnapshot::load(*db_)->practitioner("DR1", "H1", d), Practice::not_practising);
  exec("UPDATE institutions SET medins_code = 'H9', updated_at = '2026-01-03T00:00:00.000Z' WHERE id = 2", {});
  EXPECT_NE(version(), v);
  EXPECT_EQ(RegistrySnapshot::load(*db_)->provider("H2", d), Licence::unknown_provider);
}

WJ_INSTANTIATE_ENGINES(RegistryStoreTest);

}  // namespace
}  // namespace weijian::claims
