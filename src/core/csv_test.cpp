#include "core/csv.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>

namespace weijian {
namespace {

using Fields = std::vector<std::string_view>;
using Strings = std::vector<std::string>;

// Every record of `text`, copied out so the test can compare whole files.
std::vector<Strings> read_all(std::string_view text, std::vector<std::int64_t>* lines = nullptr) {
  CsvReader reader(text);
  Fields f;
  std::vector<Strings> out;
  while (true) {
    auto r = reader.next(f);
    EXPECT_TRUE(r.ok()) << r.error().detail;
    if (!r.ok() || !*r) break;
    out.emplace_back(f.begin(), f.end());
    if (lines) lines->push_back(reader.line());
  }
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// ---- to_utf8 ----

const std::string kHospitalGb = "\xD2\xBD\xD4\xBA";  // 医院 in GB18030 (and GBK)
const std::string kNameGb = "\xC3\xFB\xB3\xC6";      // 名称

TEST(CsvEncoding, Utf8WithAndWithoutBom) {
  auto plain = to_utf8("名称,代码\r\n医院,1\r\n");
  ASSERT_TRUE(plain.ok()) << plain.error().detail;
  EXPECT_EQ(*plain, "名称,代码\r\n医院,1\r\n");
  auto bom = to_utf8("\xEF\xBB\xBF名称,代码\r\n");
  ASSERT_TRUE(bom.ok()) << bom.error().detail;
  EXPECT_EQ(*bom, "名称,代码\r\n");
  auto declared = to_utf8("\xEF\xBB\xBF" "a", "UTF-8");
  ASSERT_TRUE(declared.ok());
  EXPECT_EQ(*declared, "a");
  auto empty = to_utf8("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

TEST(CsvEncoding, Gb18030IsDetectedAndDecoded) {
  auto r = to_utf8("name\r\n" + kHospitalGb + "\r\n");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(*r, "name\r\n医院\r\n");
  for (std::string_view name : {"gb18030", "GBK", "gb2312", " cp936 "}) {
    auto d = to_utf8(kHospitalGb, name);
    ASSERT_TRUE(d.ok()) << name << ": " << d.error().detail;
    EXPECT_EQ(*d, "医院");
  }
  // A four-byte GB18030 sequence (U+20000, outside GBK) and GB18030's own BOM (84 31 95 33).
  auto four = to_utf8("\x84\x31\x95\x33" "\x95\x32\x82\x36" + kHospitalGb, "gb18030");
  ASSERT_TRUE(four.ok()) << four.error().detail;
  EXPECT_EQ(*four, "\U00020000医院");
}

TEST(CsvEncoding, AsciiIsUtf8AndDeclaredGb18030StillDecodes) {
  auto r = to_utf8("a,b\n1,2\n", "gb18030");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(*r, "a,b\n1,2\n");
}

TEST(CsvEncoding, Gb18030ThatHappensToBeValidUtf8IsStillGb18030) {
  // D2 BD D4 BA is also valid UTF-8 (U+04BD U+053A, Cyrillic and Armenian). Text with non-ASCII
  // characters and not one CJK character in it is not what a Chinese user's UTF-8 file holds.
  auto r = to_utf8("a," + kHospitalGb + "\n");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(*r, "a,医院\n");
  // Declared UTF-8, or with any CJK character in it, it is UTF-8.
  EXPECT_EQ(to_utf8(kHospitalGb, "utf-8").value(), "\u04BD\u053A");
  EXPECT_EQ(to_utf8("\u00E9t\u00E9,\u4E00").value(), "\u00E9t\u00E9,\u4E00");
}

TEST(CsvEncoding, DeclaredUtf8RefusesGbBytesNamingTheLine) {
  auto r = to_utf8("name\r\n" + kNameGb + "\r\n", "utf-8");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::bad_request);
  EXPECT_TRUE(contains(r.error().detail, "不是有效的 UTF-8：第2行（文件第7个字节）")) << r.error().detail;
  EXPECT_TRUE(contains(r.error().detail, "GB18030")) << r.error().detail;
}

TEST(CsvEncoding, Utf8IsCheckedStrictly) {
  // Overlong NUL, a UTF-16 surrogate, above U+10FFFF, a truncated sequence, a stray continuation.
  for (std::string bad : {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE5\x8C", "\x80"}) {
    auto r = to_utf8("ok\n" + bad, "utf-8");
    EXPECT_FALSE(r.ok()) << bad.size();
  }
  // The largest code point and one just below the surrogates are fine.
  EXPECT_TRUE(to_utf8("\xF4\x8F\xBF\xBF\xED\x9F\xBF", "utf-8").ok());
}

TEST(CsvEncoding, BomMeansUtf8EvenWhenTheRestIsBroken) {
  auto r = to_utf8("\xEF\xBB\xBF" "名称\n" + kNameGb);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().detail, "第2行（文件第11个字节）")) << r.error().detail;
}

TEST(CsvEncoding, UndecodableBytesAreRefusedWithLineAndByte) {
  auto r = to_utf8("a,b\n1,2\n\xFF\xFF\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::bad_request);
  EXPECT_EQ(r.error().type, "bad-request");
  EXPECT_TRUE(contains(r.error().detail, "文件编码无法识别：第3行（文件第9个字节）")) << r.error().detail;
  EXPECT_TRUE(contains(r.error().detail, "请另存为 UTF-8 或 GB18030（Excel“CSV UTF-8”或“CSV（逗号分隔）”）"))
      << r.error().detail;
  // Declared GB18030 and cut off in the middle of a character.
  auto cut = to_utf8("x\n\xD2", "gb18030");
  ASSERT_FALSE(cut.ok());
  EXPECT_TRUE(contains(cut.error().detail, "不是有效的 GB18030：第2行（文件第3个字节）")) << cut.error().detail;
}

TEST(CsvEncoding, Utf16AndWorkbooksAreRefused) {
  for (std::string bom : {std::string("\xFF\xFE"), std::string("\xFE\xFF")}) {
    auto r = to_utf8(bom + std::string("a\0,\0b\0", 6));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.error().detail, "UTF-16")) << r.error().detail;
    EXPECT_TRUE(contains(r.error().detail, "CSV UTF-8")) << r.error().detail;
  }
  auto nul = to_utf8(std::string("a\0,\0b\0", 6), "utf-8");  // UTF-16 without a BOM
  ASSERT_FALSE(nul.ok());
  EXPECT_TRUE(contains(nul.error().detail, "空字节")) << nul.error().detail;
  auto xlsx = to_utf8(std::string("PK\x03\x04\x14\x00", 6));
  ASSERT_FALSE(xlsx.ok());
  EXPECT_TRUE(contains(xlsx.error().detail, ".xlsx")) << xlsx.error().detail;
  auto xls = to_utf8("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
  ASSERT_FALSE(xls.ok());
  EXPECT_TRUE(contains(xls.error().detail, ".xls")) << xls.error().detail;
  auto unknown = to_utf8("a", "latin1");
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(contains(unknown.error().detail, "不支持的文件编码“latin1”")) << unknown.error().detail;
}

// ---- CsvReader ----

TEST(CsvReader, SimpleRecordsWithAnyLineEnding) {
  const std::vector<Strings> want = {{"a", "b", "c"}, {"1", "2", "3"}};
  EXPECT_EQ(read_all("a,b,c\n1,2,3\n"), want);
  EXPECT_EQ(read_all("a,b,c\r\n1,2,3\r\n"), want);
  EXPECT_EQ(read_all("a,b,c\r1,2,3\r"), want);  // old Mac Excel
  EXPECT_EQ(read_all("a,b,c\n1,2,3"), want);    // no final line break
  EXPECT_TRUE(read_all("").empty());
}

TEST(CsvReader, EmptyFieldsAndBlankLines) {
  EXPECT_EQ(read_all(",a,,\n"), (std::vector<Strings>{{"", "a", "", ""}}));
  EXPECT_EQ(read_all("a\n\nb\n"), (std::vector<Strings>{{"a"}, {""}, {"b"}}));
  EXPECT_EQ(read_all("\"\",\"\"\n"), (std::vector<Strings>{{"", ""}}));
}

TEST(CsvReader, QuotedFieldsWithEscapesCommasAndLineBreaks) {
  const auto rows = read_all("名称,备注\r\n\"医院,\"\"一院\"\"\",\"第一行\r\n第二行\"\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], (Strings{"医院,\"一院\"", "第一行\r\n第二行"}));
}

TEST(CsvReader, LineNumbersCountPhysicalLines) {
  std::vector<std::int64_t> lines;
  const auto rows = read_all("h1,h2\n\"a\nb\nc\",x\nnext,1\r\n\"p\rq\",2\nlast,3", &lines);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(lines, (std::vector<std::int64_t>{1, 2, 5, 6, 8}));
  EXPECT_EQ(rows[2], (Strings{"next", "1"}));
  EXPECT_EQ(rows[3], (Strings{"p\rq", "2"}));
  EXPECT_EQ(rows[4], (Strings{"last", "3"}));
}

TEST(CsvReader, UnterminatedQuoteNamesTheLineItStartedOn) {
  CsvReader reader("a,b\n1,2\n3,\"oops\n4,5\n6,7\n");
  Fields f;
  ASSERT_TRUE(reader.next(f).value());
  ASSERT_TRUE(reader.next(f).value());
  auto r = reader.next(f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::bad_request);
  EXPECT_TRUE(contains(r.error().detail, "第3行：引号没有闭合")) << r.error().detail;
  auto after = reader.next(f);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(*after);
}

TEST(CsvReader, ToleratesStrayQuotesLikeExcel) {
  EXPECT_EQ(read_all("a\"b,c\n"), (std::vector<Strings>{{"a\"b", "c"}}));
  EXPECT_EQ(read_all("\"ab\"c,d\n"), (std::vector<Strings>{{"abc", "d"}}));
  EXPECT_EQ(read_all("\"a\"\"b\" x,d\n"), (std::vector<Strings>{{"a\"b x", "d"}}));
}

TEST(CsvReader, ManyEscapedFieldsInOneRecordStayValid) {
  // Unescaped fields live in one buffer that grows while the record is read; every view must
  // still be right at the end.
  std::string line, expect_tail(200, 'x');
  for (int i = 0; i < 50; ++i) line += (i ? "," : "") + std::string("\"\"\"") + expect_tail + "\"";
  const auto rows = read_all(line + "\n");
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0].size(), 50u);
  for (const auto& f : rows[0]) EXPECT_EQ(f, "\"" + expect_tail);
}

TEST(CsvReader, SkipsAUtf8BomLeftInTheText) {
  EXPECT_EQ(read_all("\xEF\xBB\xBF" "a,b\n"), (std::vector<Strings>{{"a", "b"}}));
}

// ---- CsvTable ----

enum Col { kName, kCode, kBeds, kNote };
std::vector<CsvColumn> institution_columns() {
  return {{"name", {"名称", "机构名称"}},
          {"code", {"统一社会信用代码"}},
          {"beds", {"床位数"}, false},
          {"note", {"备注"}, false}};
}

TEST(CsvTable, MapsColumnsInAnyOrderByNameOrAlias) {
  auto t = CsvTable::open(
      " 统一社会信用代码 ,Extra,机构名称,BEDS\r\n"
      "91350100M000100Y43,ignored,\u3000市第一医院 ,500\r\n"
      ",,,\r\n"
      "\r\n"
      "12440100000000007Y,,卫生院\r\n",
      institution_columns());
  ASSERT_TRUE(t.ok()) << t.error().detail;
  EXPECT_TRUE(t->has(kName));
  EXPECT_TRUE(t->has(kBeds));
  EXPECT_FALSE(t->has(kNote));
  EXPECT_EQ(t->header_size(), 4u);

  ASSERT_TRUE(t->next().value());
  EXPECT_EQ(t->line(), 2);
  EXPECT_EQ(t->get(kName), "市第一医院");
  EXPECT_EQ(t->raw(kName), "\u3000市第一医院 ");
  EXPECT_EQ(t->get(kCode), "91350100M000100Y43");
  EXPECT_EQ(t->get(kBeds), "500");
  EXPECT_EQ(t->get(kNote), "");

  ASSERT_TRUE(t->next().value());  // ",,," and the empty line are skipped
  EXPECT_EQ(t->line(), 5);
  EXPECT_EQ(t->get(kName), "卫生院");
  EXPECT_EQ(t->get(kBeds), "");  // short row
  EXPECT_EQ(t->field_count(), 3u);
  EXPECT_FALSE(t->next().value());
}

TEST(CsvTable, NamesEveryMissingRequiredColumnAtOnce) {
  auto t = CsvTable::open("床位数,备注\n1,2\n", institution_columns());
  ASSERT_FALSE(t.ok());
  const Error& e = t.error();
  EXPECT_EQ(e.code, ErrorCode::bad_request);
  EXPECT_TRUE(contains(e.detail, "第1行表头缺少必需的列：“name”（表头也可写作“名称”、“机构名称”）；“code”（表头也可写作“统一社会信用代码”）"))
      << e.detail;
  ASSERT_EQ(e.errors.size(), 2u);
  EXPECT_EQ(e.errors[0].field, "name");
  EXPECT_EQ(e.errors[1].field, "code");
}

TEST(CsvTable, RefusesAColumnGivenTwice) {
  auto t = CsvTable::open("名称,code,机构名称\n", institution_columns());
  ASSERT_FALSE(t.ok());
  EXPECT_TRUE(contains(t.error().detail, "第1列“名称”和第3列“机构名称”都是“name”")) << t.error().detail;
}

TEST(CsvTable, EmptyFileAndBrokenQuotes) {
  for (std::string_view empty : {"", "\r\n", ",,\n\n"}) {
    auto t = CsvTable::open(empty, institution_columns());
    ASSERT_FALSE(t.ok());
    EXPECT_TRUE(contains(t.error().detail, "文件是空的")) << t.error().detail;
  }
  auto header = CsvTable::open("\"name,code\n", institution_columns());
  ASSERT_FALSE(header.ok());
  EXPECT_TRUE(contains(header.error().detail, "第1行：引号没有闭合")) << header.error().detail;
  auto body = CsvTable::open("name,code\na,b\n\"c,d\n", institution_columns());
  ASSERT_TRUE(body.ok());
  ASSERT_TRUE(body->next().value());
  auto r = body->next();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().detail, "第3行")) << r.error().detail;
}

TEST(CsvTable, ReadsGb18030ExcelOutputEndToEnd) {
  // 名称,代码 / 医院,1 as Excel "CSV (逗号分隔)" writes it on a Chinese Windows.
  const std::string gb = kNameGb + ",code\r\n" + kHospitalGb + ",1\r\n";
  auto text = to_utf8(gb);
  ASSERT_TRUE(text.ok()) << text.error().detail;
  auto t = CsvTable::open(*text, institution_columns());
  ASSERT_TRUE(t.ok()) << t.error().detail;
  ASSERT_TRUE(t->next().value());
  EXPECT_EQ(t->get(kName), "医院");
}

// ---- ImportReport ----

TEST(ImportReport, CollectsIssuesAndRendersThem) {
  ImportReport rep;
  rep.rows = 3;
  EXPECT_TRUE(rep.ok());
  rep.add(2, "code", "91350100M000100Y44", "统一社会信用代码校验位不正确，请核对后重新填写");
  rep.add(3, errors::validation("x", {{"beds", "床位数应为整数"}, {"name", "请填写名称"}}), "abc");
  rep.add(0, errors::bad_request("整个文件的问题"));
  EXPECT_FALSE(rep.ok());
  ASSERT_EQ(rep.issues.size(), 4u);
  EXPECT_EQ(rep.issues[1].field, "beds");
  EXPECT_EQ(rep.issues[2].reason, "请填写名称");
  EXPECT_EQ(rep.issues[3].reason, "整个文件的问题");

  const Json j = rep.to_json(2);
  EXPECT_EQ(j["rows"], 3);
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["issue_count"], 4);
  EXPECT_EQ(j["issues"].size(), 2u);
  EXPECT_EQ(j["truncated"], true);
  EXPECT_EQ(j["issues"][0]["line"], 2);
  EXPECT_EQ(j["issues"][0]["value"], "91350100M000100Y44");
  EXPECT_EQ(rep.to_json()["truncated"], false);

  const std::string csv = rep.to_csv();
  EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF行号,字段,内容,原因\r\n2,code,91350100M000100Y44,")) << csv;
  EXPECT_TRUE(contains(csv, "\r\n,,,整个文件的问题\r\n")) << csv;
  // The report is itself a CSV the reader reads back.
  const auto rows = read_all(csv);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[2], (Strings{"3", "beds", "abc", "床位数应为整数"}));
}

TEST(ImportReport, ValuesAreCutTo100CharactersAndMadeValidUtf8) {
  ImportReport rep;
  const std::string hundred = [] {
    std::string s;
    for (int i = 0; i < 100; ++i) s += "医";
    return s;
  }();
  rep.add(1, "name", hundred, "r");
  rep.add(2, "name", hundred + "院", "r");
  rep.add(3, "name", "ok\xFF" "ok", "bad\xC3");
  EXPECT_EQ(rep.issues[0].value, hundred);
  EXPECT_EQ(rep.issues[1].value, hundred.substr(0, 99 * 3) + "…");
  EXPECT_EQ(rep.issues[2].value, "ok\uFFFDok");
  EXPECT_EQ(rep.issues[2].reason, "bad\uFFFD");
  EXPECT_NO_THROW((void)rep.to_json().dump());
}

TEST(ImportReport, KeepsABoundedNumberOfIssues) {
  ImportReport rep;
  for (std::size_t i = 0; i < ImportReport::kMaxKeptIssues + 5; ++i) rep.add(2, "f", "v", "r");
  EXPECT_EQ(rep.issues.size(), ImportReport::kMaxKeptIssues);
  EXPECT_EQ(rep.issues_not_kept, 5);
  EXPECT_EQ(rep.issue_count(), static_cast<std::int64_t>(ImportReport::kMaxKeptIssues) + 5);
  EXPECT_FALSE(rep.ok());
  EXPECT_TRUE(contains(rep.to_csv(), "另有 5 个问题未列出"));
}

// ---- writing ----

TEST(CsvWrite, EscapesOnlyWhenNeeded) {
  EXPECT_EQ(csv_escape("医院"), "医院");
  EXPECT_EQ(csv_escape(""), "");
  EXPECT_EQ(csv_escape("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_escape("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_row({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

TEST(CsvWrite, NeutralisesFormulasButNotNumbers) {
  EXPECT_EQ(csv_escape("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_escape("+1+1"), "'+1+1");
  EXPECT_EQ(csv_escape("-2+3"), "'-2+3");
  EXPECT_EQ(csv_escape("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_escape("\tx"), "'\tx");
  EXPECT_EQ(csv_escape("-"), "'-");
  EXPECT_EQ(csv_escape("-12.50"), "-12.50");
  EXPECT_EQ(csv_escape("+7"), "+7");
  EXPECT_EQ(csv_escape("-1."), "'-1.");
  EXPECT_EQ(csv_escape("a=b"), "a=b");
}

TEST(CsvWrite, RoundTripsThroughTheReader) {
  std::mt19937 rng(20260101);
  const std::vector<std::string> pieces = {"a", "医院", ",", "\"", "\r\n", "\n", " ", "1", "x\"y"};
  for (int round = 0; round < 500; ++round) {
    std::vector<Strings> rows(1 + rng() % 4);
    std::string text;
    for (auto& row : rows) {
      row.resize(1 + rng() % 5);
      for (auto& field : row) {
        for (unsigned k = rng() % 4; k > 0; --k) field += pieces[rng() % pieces.size()];
      }
      if (row.size() == 1 && row[0].empty()) row[0] = "z";  // a lone empty field is a blank line
      text += csv_row(row);
      for (auto& field : row) {
        if (field.starts_with('\r')) field.insert(0, "'");  // formula neutralising, see above
      }
    }
    EXPECT_EQ(read_all(text), rows) << text;
  }
}

// ---- throughput (a sanity print, not a timed assertion) ----

TEST(CsvThroughput, TwoHundredThousandRows) {
  constexpr int kRows = 200000;
  std::string text = "id,code,name,opened,grade,amount\r\n";
  text.reserve(kRows * 80);
  for (int i = 0; i < kRows; ++i) {
    text += std::to_string(i) + ",91350100M000100Y43,某某市第" + std::to_string(i % 97) +
            "人民医院,2026-01-01,3A," + std::to_string(i % 1000) + ".50\r\n";
  }
  text += "999999,\"91350100M000100Y43\",\"带\"\"引号\"\"的名称\",2026-01-01,3A,1\r\n";

  const auto t0 = std::chrono::steady_clock::now();
  auto utf8 = to_utf8(text);
  ASSERT_TRUE(utf8.ok());
  const auto t1 = std::chrono::steady_clock::now();
  auto table = CsvTable::open(*utf8, {{"id"}, {"code"}, {"name"}, {"opened"}, {"grade"}, {"amount"}});
  ASSERT_TRUE(table.ok()) << table.error().detail;
  std::int64_t rows = 0;
  std::size_t bytes = 0;
  while (table->next().value()) {
    ++rows;
    bytes += table->get(2).size();
  }
  const auto t2 = std::chrono::steady_clock::now();
  EXPECT_EQ(rows, kRows + 1);
  EXPECT_GT(bytes, 0u);

  const double decode_s = std::chrono::duration<double>(t1 - t0).count();
  const double parse_s = std::chrono::duration<double>(t2 - t1).count();
  std::printf("[ csv      ] %lld rows, %.1f MB: to_utf8 %.1f ms, parse %.1f ms (%.0f rows/s, %.0f MB/s)\n",
              static_cast<long long>(rows), static_cast<double>(text.size()) / 1e6, decode_s * 1e3, parse_s * 1e3,
              static_cast<double>(rows) / parse_s, static_cast<double>(text.size()) / 1e6 / parse_s);
}

}  // namespace
}  // namespace weijian
