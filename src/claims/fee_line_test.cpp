#include "claims/fee_line.h"

#include <gtest/gtest.h>

#include "claims/number.h"

namespace weijian::claims {
namespace {

TEST(ClaimsNumber, ScaledDecimalsRoundHalfAwayFromZero) {
  EXPECT_EQ(parse_fen("12.34"), 1234);
  EXPECT_EQ(parse_fen("12.345"), 1235);
  EXPECT_EQ(parse_fen("12.3449"), 1234);
  EXPECT_EQ(parse_fen("-0.005"), -1);
  EXPECT_EQ(parse_fen("7"), 700);
  EXPECT_EQ(parse_milli("2.5"), 2500);
  EXPECT_FALSE(parse_fen("1,5"));
  EXPECT_FALSE(parse_fen("abc"));
  EXPECT_FALSE(parse_fen(""));
  EXPECT_FALSE(parse_fen("."));
  EXPECT_EQ(format_yuan(-5), "-0.05");
  EXPECT_EQ(format_milli(2500), "2.5");
}

TEST(ClaimsNumber, DatesAreCalendarDates) {
  auto t = parse_datetime("2026-03-01 08:30:15");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_day(t->day), "2026-03-01");
  EXPECT_EQ(t->secs, 8 * 3600 + 30 * 60 + 15);
  EXPECT_FALSE(parse_datetime("2026-02-29 00:00:00"));
  EXPECT_FALSE(parse_datetime("2026-03-01 24:00:00"));
  EXPECT_TRUE(parse_datetime("2024-02-29"));
  EXPECT_EQ(age_on(*parse_day("2012-02-29"), *parse_day("2026-02-28")), 13);
  EXPECT_EQ(age_on(*parse_day("2012-02-29"), *parse_day("2026-03-01")), 14);
}

constexpr const char* kHeader =
    "extra,med_list_codg,psn_no,gend,brdy,mdtrt_id,medins_id,medins_lv,med_type,adm_date,dscg_date,dise_codg,dr_codg,"
    "feedetl_sn,cnt,pric,det_item_fee_sumamt,fee_ocur_time,prd_days\n";

TEST(ClaimsFeeCsv, ColumnsInAnyOrderUnknownIgnoredBadRowsReported) {
  std::string text = std::string("\xEF\xBB\xBF") + kHeader +
                     "x,XA02BCO001A001010100010,P1,1,1980-05-10,E1,H1,2,11,2026-03-02 09:00:00,2026-03-02 09:00:00,J06.900,DR1,1,2,10.00,20.00,2026-03-02 09:00:00,7\r\n"
                     "x,XA02BCO001A001010100010,P1,3,1980-05-10,E1,H1,2,11,2026-03-02 09:00:00,2026-03-02 09:00:00,J06.900,DR1,2,2,10.00,20.00,2026-03-02 09:00:00,\n"
                     "x,XA02BCO001A001010100010,P1,1,1980-05-10,E1,H1,2,12,2026-03-02 09:00:00,2026-03-02 09:00:00,J06.900,DR1,3,2,10.00,20.00,2026-03-02 09:00:00,\n"
                     "x,XA02BCO001A001010100010,P1,1,1980-05-10,E1,H1,2,11,2026-03-02 09:00:00,2026-03-02 09:00:00,J06.900,DR1,4,-2,10.00,-20.00,2026-03-02 09:00:00,\n"
                     "x,XA02BCO001A001010100010,P1,1,1980-05-10,E1,H1,2,11,2026-03-02 09:00:00,2026-03-02 09:00:00,J06.900,DR1,5,2,ten,20.00,2026-03-02 09:00:00,\n"
                     "x,XA02BCO001A001010100010,P1,1,1980-13-10,E1,H1,2,11,2026-03-02 09:00:00,2026-03-02 09:00:00,J06.900,DR1,6,2,10.00,20.00,2026-03-02 09:00:00,\n"
                     "\"x\",XA02BCO001A001010100010,P1,1,1980-05-10,E1,H1,2,11,2026-03-02 09:00:00,2026-03-02 09:00:00,\"J06.900\",DR1,7,1,10.00,10.00,2026-03-02 09:00:00,\n"
                     "short,row\n";
  ImportReport report;
  auto lines = parse_fee_csv(text, report);
  ASSERT_TRUE(lines.ok()) << lines.error().detail;
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].cnt_milli, 2000);
  EXPECT_EQ((*lines)[0].amount_fen, 2000);
  EXPECT_EQ((*lines)[0].prd_days, 7);
  EXPECT_EQ((*lines)[1].dise_codg, "J06.900");
  EXPECT_EQ((*lines)[1].prd_days, -1);
  ASSERT_EQ(report.issues.size(), 6u);
  EXPECT_EQ(report.issues[0].line, 3);
  EXPECT_EQ(report.issues[0].field, "gend");
  EXPECT_EQ(report.issues[1].field, "med_type");
  EXPECT_EQ(report.issues[2].field, "cnt");
  EXPECT_EQ(report.issues[2].reason, "数量不能为负");
  EXPECT_EQ(report.issues[3].field, "pric");
  EXPECT_EQ(report.issues[4].field, "brdy");
  EXPECT_EQ(report.issues[5].line, 9);
}

TEST(ClaimsFeeCsv, MissingColumnsNamedAtOnce) {
  ImportReport report;
  auto r = parse_fee_csv("psn_no,gend\n", report);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("mdtrt_id"), std::string::npos);
  EXPECT_NE(r.error().detail.find("fee_ocur_time"), std::string::npos);
}

TEST(ClaimsFeeCsv, RowRoundTrips) {
  ImportReport report;
  std::string text = FeeCsv::header() + "\nP1,2,1990-01-01,E1,H1,3,21,2026-03-01 08:00:00,2026-03-04 10:00:00,I10.x00,DR1,12,"
                                        "110900001000000,1.5,40.00,60.00,2026-03-02 00:00:00,\n";
  auto lines = parse_fee_csv(text, report);
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ(FeeCsv::header() + "\n" + fee_csv_row((*lines)[0].view()) + "\n", text);
}

}  // namespace
}  // namespace weijian::claims
