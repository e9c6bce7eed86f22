#include "data/csv_reader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "error_text.hpp"
#include "io/gzip.hpp"
#include "test_support.hpp"

namespace ael::data {
namespace {

CsvResult parse(const std::string& text, CsvOptions options = {}) {
  return parse_csv(text, "t.csv", options);
}

std::string parse_error(const std::string& text, CsvOptions options = {}) {
  return test::error_text([&] { parse(text, options); });
}

TEST(Csv, ReadsNumbersIntoColumnsOfSamples) {
  const CsvResult r = parse("a,b,c\n1,2,3\n4.5,-5,6e2\n");
  EXPECT_EQ(r.data.names(), (std::vector<std::string>{"a", "b", "c"}));
  Eigen::MatrixXd expected(3, 2);
  expected << 1, 4.5, 2, -5, 3, 600;
  EXPECT_EQ(r.data.matrix(), expected);
  EXPECT_EQ(r.skipped, 0u);
}

TEST(Csv, SelectsColumnsInTheOrderAsked) {
  CsvOptions o;
  o.columns = {"c", "a"};
  const CsvResult r = parse("a,b,c\n1,x,3\n4,y,6\n", o);
  EXPECT_EQ(r.data.names(), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(r.data.matrix(), (Eigen::MatrixXd(2, 2) << 3, 6, 1, 4).finished());
}

TEST(Csv, HandlesRfc4180Quoting) {
  CsvOptions o;
  o.columns = {"v"};
  const std::string text =
      "name,v\n"
      "\"plain\",1\n"
      "\"with, comma\",2\n"
      "\"say \"\"hi\"\"\",3\n"
      "\"two\nlines\",4\n"
      "x,\"5\"\n";
  const CsvResult r = parse(text, o);
  EXPECT_EQ(r.data.matrix(), (Eigen::MatrixXd(1, 5) << 1, 2, 3, 4, 5).finished());
  // The multi-line record shifts the line numbers of the rows after it.
  EXPECT_EQ(parse_error(text + "y,oops\n", o), "t.csv: row 8, column 'v': not a number: 'oops'");
}

TEST(Csv, AcceptsOtherDelimitersCrlfBomAndBlankLines) {
  CsvOptions o;
  o.delimiter = ';';
  const CsvResult r = parse(
      "\xEF\xBB\xBF"
      "x;y\r\n1,5;2\r\n\r\n3;\"4\"\r\n",
      [&] {
        o.columns = {"y"};
        return o;
      }());
  EXPECT_EQ(r.data.names(), std::vector<std::string>{"y"});
  EXPECT_EQ(r.data.matrix(), (Eigen::MatrixXd(1, 2) << 2, 4).finished());
  CsvOptions tabs;
  tabs.delimiter = '\t';
  EXPECT_EQ(parse("p\tq\n1\t2", tabs).data.matrix(), (Eigen::MatrixXd(2, 1) << 1, 2).finished());
}

TEST(Csv, NumbersAreParsedStrictly) {
  const CsvResult ok = parse("v\n+5\n 7 \n1e3\n-0.5\n.25\n");
  EXPECT_EQ(ok.data.matrix(), (Eigen::MatrixXd(1, 5) << 5, 7, 1000, -0.5, 0.25).finished());
  EXPECT_EQ(parse_error("v\n1.2.3\n"), "t.csv: row 2, column 'v': not a number: '1.2.3'");
  EXPECT_EQ(parse_error("v\n0x10\n"), "t.csv: row 2, column 'v': not a number: '0x10'");
  EXPECT_EQ(parse_error("v\n++1\n"), "t.csv: row 2, column 'v': not a number: '++1'");
  EXPECT_EQ(parse_error("v\n+-1\n"), "t.csv: row 2, column 'v': not a number: '+-1'");
  EXPECT_EQ(parse_error("v\n12abc\n"), "t.csv: row 2, column 'v': not a number: '12abc'");
  EXPECT_EQ(parse_error("v\nnan\n"), "t.csv: row 2, column 'v': not a finite number: 'nan'");
  EXPECT_EQ(parse_error("v\n-inf\n"), "t.csv: row 2, column 'v': not a finite number: '-inf'");
  EXPECT_EQ(parse_error("v\n1e999\n"), "t.csv: row 2, column 'v': number out of range: '1e999'");
  EXPECT_EQ(parse_error("v\n" + std::string(60, '9') + "x\n"),
            "t.csv: row 2, column 'v': not a number: '" + std::string(40, '9') + "...'");
  // With other columns, the message says how to select them; with columns: given, not.
  EXPECT_EQ(parse_error("a,name\n1,foo\n"),
            "t.csv: row 2, column 'name': not a number: 'foo'; to leave text columns out, read "
            "with columns: \"numeric\"; to turn this one into numbers, encode: {name: "
            "\"one_hot\"} (or \"label\")");
  CsvOptions both;
  both.columns = {"a", "name"};
  EXPECT_EQ(parse_error("a,name\n1,foo\n", both),
            "t.csv: row 2, column 'name': not a number: 'foo'");
}

TEST(Csv, MalformedFilesNameTheRowAndColumn) {
  EXPECT_EQ(parse_error("a,b\n1,2\n3,\n"),
            "t.csv: row 3, column 'b': empty cell (expected a number); skip_missing: true drops "
            "such rows");
  EXPECT_EQ(parse_error("a,b\n1,2\n3\n"),
            "t.csv: row 3: expected 2 fields (as in the header), found 1");
  EXPECT_EQ(parse_error("a,b\n1,2,\n"),
            "t.csv: row 2: expected 2 fields (as in the header), found 3");
  EXPECT_EQ(parse_error("a,b\n1,\"2\n"),
            "t.csv: row 2, column 'b': quoted field is never closed (the file ends inside quotes)");
  EXPECT_EQ(parse_error("a,b\n1,2\"\n"),
            "t.csv: row 2, column 'b': quote inside an unquoted field");
  EXPECT_EQ(parse_error("a,b\n\"1\"x,2\n"),
            "t.csv: row 2, column 'a': unexpected text after a closing quote");
  EXPECT_EQ(parse_error("a,\"b\n"),
            "t.csv: row 1, column 2: quoted field is never closed (the file ends inside quotes)");
  EXPECT_EQ(parse_error(""), "t.csv: the file is empty (expected a header row)");
  EXPECT_EQ(parse_error("\n\n"), "t.csv: the file is empty (expected a header row)");
  EXPECT_EQ(parse_error("a,b,a\n1,2,3\n"),
            "t.csv: row 1: duplicate column name 'a' (columns 1 and 3)");
  CsvOptions o;
  o.columns = {"totl"};
  EXPECT_EQ(parse_error("a,b,total\n1,2,3\n", o),
            "t.csv: no column 'totl' (columns: a, b, total); did you mean 'total'?");
  o.columns = {"a", "a"};
  EXPECT_EQ(parse_error("a,b\n1,2\n", o), "t.csv: column 'a' is selected twice");
}

TEST(Csv, SkipsRowsWithMissingSelectedCellsWhenAsked) {
  CsvOptions o;
  o.columns = {"a", "b"};
  o.skip_missing = true;
  const CsvResult r = parse("a,b,note\n1,2,\n,3,x\n4,,y\n5,6,z\n", o);
  EXPECT_EQ(r.data.matrix(), (Eigen::MatrixXd(2, 2) << 1, 5, 2, 6).finished());
  EXPECT_EQ(r.skipped, 2u);
  EXPECT_EQ(r.skipped_rows, (std::vector<std::size_t>{3, 4}));
  // Malformed (not empty) cells are still errors.
  EXPECT_EQ(parse_error("a,b\nq,1\n", o), "t.csv: row 2, column 'a': not a number: 'q'");
}

TEST(Csv, HeaderOnlyGivesNoSamples) {
  const CsvResult r = parse("a,b\n");
  EXPECT_EQ(r.data.features(), 2);
  EXPECT_EQ(r.data.samples(), 0);
}

TEST(Csv, ReadsFilesPlainOrGzipped) {
  const std::string dir = test::temp_dir("csv-files");
  test::write_text(dir + "/d.csv", "x,y\n1,2\n");
  test::write_text(dir + "/d.csv.gz", io::gzip_compress("x,y\n3,4\n"));
  EXPECT_EQ(read_csv(dir + "/d.csv").data.matrix(), (Eigen::MatrixXd(2, 1) << 1, 2).finished());
  EXPECT_EQ(read_csv(dir + "/d.csv.gz").data.matrix(), (Eigen::MatrixXd(2, 1) << 3, 4).finished());
  EXPECT_EQ(test::error_text([&] { read_csv(dir + "/missing.csv"); }),
            dir + "/missing.csv: cannot open: No such file or directory");
  // A relative path names the folder it was looked up in.
  {
    test::CurrentDir cwd{dir};
    EXPECT_EQ(test::error_text([&] { read_csv("missing.csv"); }),
              "missing.csv: cannot open: No such file or directory (relative to the current "
              "directory " +
                  std::filesystem::current_path().string() + ")");
  }
  test::write_text(dir + "/bad.csv", "x,y\n1,\n");
  EXPECT_EQ(test::error_text([&] { read_csv(dir + "/bad.csv"); }),
            dir +
                "/bad.csv: row 2, column 'y': empty cell (expected a number); skip_missing: true "
                "drops such rows");
}

// The shared data folder sits beside the project (CI) or beside the worktrees.
std::string housing_csv() {
  namespace fs = std::filesystem;
  for (const char* up : {"../shared", "../../shared"}) {
    const fs::path path = fs::path(test::source_path(up)) / "data" / "california_housing.csv";
    if (fs::exists(path)) return fs::weakly_canonical(path).string();
  }
  return {};
}

TEST(CsvCaliforniaHousing, EmptyBedroomCellsAreReportedOrSkipped) {
  const std::string path = housing_csv();
  if (path.empty()) GTEST_SKIP() << "shared/data/california_housing.csv not found";
  CsvOptions o;
  o.columns = {"longitude",   "latitude",       "housing_median_age",
               "total_rooms", "total_bedrooms", "population",
               "households",  "median_income",  "median_house_value"};
  EXPECT_EQ(test::error_text([&] { read_csv(path, o); }),
            path +
                ": row 292, column 'total_bedrooms': empty cell (expected a number); skip_missing: "
                "true drops such rows");
  o.skip_missing = true;
  const CsvResult r = read_csv(path, o);
  EXPECT_EQ(r.skipped, 207u);
  EXPECT_EQ(r.skipped_rows.front(), 292u);
  EXPECT_EQ(r.data.samples(), 20640 - 207);
  EXPECT_EQ(r.data.features(), 9);
  // Reading every column trips over the text column, naming it and how to leave it out.
  EXPECT_EQ(test::error_text([&] { read_csv(path); }),
            path +
                ": row 2, column 'ocean_proximity': not a number: 'NEAR BAY'; to leave text "
                "columns out, read with columns: \"numeric\"; to turn this one into numbers, "
                "encode: {ocean_proximity: \"one_hot\"} (or \"label\")");
}

TEST(CsvCaliforniaHousing, NumericColumnsWithTheTextColumnOneHot) {
  const std::string path = housing_csv();
  if (path.empty()) GTEST_SKIP() << "shared/data/california_housing.csv not found";
  CsvOptions o;
  o.numeric_columns = true;
  o.skip_missing = true;
  EXPECT_EQ(read_csv(path, o).data.features(), 9);  // the text column is left out
  o.encode = {{"ocean_proximity", CsvEncoding::OneHot}};
  const CsvResult r = read_csv(path, o);
  EXPECT_EQ(r.skipped, 207u);
  ASSERT_EQ(r.data.features(), 9 + 5);
  EXPECT_EQ(r.data.names().back(), "ocean_proximity=NEAR OCEAN");
  ASSERT_EQ(r.categories.size(), 1u);
  EXPECT_EQ(r.categories[0].second,
            (std::vector<std::string>{"<1H OCEAN", "INLAND", "ISLAND", "NEAR BAY", "NEAR OCEAN"}));
  // Every sample has exactly one category; the first row is NEAR BAY.
  const Eigen::MatrixXd one_hot = r.data.matrix().bottomRows(5);
  EXPECT_EQ(one_hot.colwise().sum(), Eigen::RowVectorXd::Ones(r.data.samples()));
  EXPECT_EQ(one_hot(3, 0), 1.0);
}

TEST(CsvCaliforniaHousing, ThePapersFeatures) {
  const std::string path = housing_csv();
  if (path.empty()) GTEST_SKIP() << "shared/data/california_housing.csv not found";
  CsvOptions o;
  o.columns = {"housing_median_age", "total_rooms", "households"};
  const Dataset d = read_csv(path, o).data;
  ASSERT_EQ(d.samples(), 20640);
  const Eigen::RowVectorXd ave_rooms = d.matrix().row(1).array() / d.matrix().row(2).array();
  const Dataset paper =
      d.select(std::vector<std::string>{"housing_median_age"}).with_feature("AveRooms", ave_rooms);
  EXPECT_EQ(paper.matrix()(0, 0), 41.0);
  EXPECT_NEAR(paper.matrix()(1, 0), 6.984127, 1e-6);
  const auto stats = paper.describe();
  EXPECT_EQ(stats[0].min, 1.0);
  EXPECT_EQ(stats[0].max, 52.0);
  EXPECT_NEAR(stats[1].min, 0.846, 1e-3);
  EXPECT_NEAR(stats[1].max, 141.909, 1e-3);
}

TEST(Csv, NaValuesCountAsMissing) {
  CsvOptions o;
  o.na_values = {"NA", "n/a"};
  EXPECT_EQ(parse_error("a,b\n1,NA\n", o),
            "t.csv: row 2, column 'b': missing value 'NA' (one of na_values); skip_missing: true "
            "drops such rows");
  o.skip_missing = true;
  const CsvResult r = parse("a,b\n1,NA\n n/a ,2\n3,4\n", o);
  EXPECT_EQ(r.data.matrix(), (Eigen::MatrixXd(2, 1) << 3, 4).finished());
  EXPECT_EQ(r.skipped_rows, (std::vector<std::size_t>{2, 3}));
  // Numeric sentinels match by value.
  CsvOptions sentinel;
  sentinel.na_numbers = {-999};
  sentinel.skip_missing = true;
  EXPECT_EQ(parse("a\n-999.0\n-999.5\n -999 \n", sentinel).data.matrix(),
            (Eigen::MatrixXd(1, 1) << -999.5).finished());
  // Without na_values, NA is text.
  EXPECT_EQ(parse_error("a\nNA\n", CsvOptions{}).substr(0, 42),
            "t.csv: row 2, column 'a': not a number: 'N");
}

TEST(Csv, NumericColumnsLeaveTextOutAndExcludeDrops) {
  CsvOptions o;
  o.numeric_columns = true;
  o.na_values = {"NA"};
  const CsvResult r = parse("id,name,x,empty\n1,ann,0.5,\n2,bob,3,NA\n3,cy,2,\n", o);
  // 'empty' holds no number at all, so it is not a numeric column either.
  EXPECT_EQ(r.data.names(), (std::vector<std::string>{"id", "x"}));
  EXPECT_EQ(parse_error("id,name,x\n1,ann,NA\n2,bo,1\n", o),
            "t.csv: row 2, column 'x': missing value 'NA' (one of na_values); skip_missing: true "
            "drops such rows");
  o.exclude = {"id"};
  o.skip_missing = true;
  EXPECT_EQ(parse("id,name,x\n1,ann,0.5\n2,bob,NA\n", o).data.names(),
            (std::vector<std::string>{"x"}));
  o.exclude = {"x", "id"};
  EXPECT_EQ(parse_error("id,name,x\n1,ann,0.5\n", o),
            "t.csv: no columns are selected (no column holds only numbers)");
  o.exclude = {"nme"};
  EXPECT_EQ(parse_error("id,name,x\n1,ann,0.5\n", o),
            "t.csv: no column 'nme' to exclude (columns: id, name, x); did you mean 'name'?");
  CsvOptions all;
  all.exclude = {"name"};
  EXPECT_EQ(parse("id,name,x\n1,ann,0.5\n", all).data.names(),
            (std::vector<std::string>{"id", "x"}));
  CsvOptions both;
  both.numeric_columns = true;
  both.columns = {"x"};
  EXPECT_EQ(parse_error("x\n1\n", both),
            "t.csv: give columns as a list of names or as \"numeric\", not both");
}

TEST(Csv, EncodesTextColumnsOneHotOrAsLabels) {
  const std::string text = "color,size,w\nred,S,1\nblue,M,2\nred,L,3\n";
  CsvOptions o;
  o.encode = {{"color", CsvEncoding::OneHot}, {"size", CsvEncoding::Label}};
  const CsvResult r = parse(text, o);
  EXPECT_EQ(r.data.names(), (std::vector<std::string>{"color=blue", "color=red", "size", "w"}));
  Eigen::MatrixXd expected(4, 3);
  expected << 0, 1, 0,  // color=blue
      1, 0, 1,          // color=red
      2, 1, 0,          // size: L=0, M=1, S=2 (byte order)
      1, 2, 3;
  EXPECT_EQ(r.data.matrix(), expected);
  ASSERT_EQ(r.categories.size(), 2u);
  EXPECT_EQ(r.categories[0].first, "color");
  EXPECT_EQ(r.categories[1].second, (std::vector<std::string>{"L", "M", "S"}));
  // The codes do not depend on the order of the rows.
  const CsvResult reordered = parse("color,size,w\nred,L,3\nblue,M,2\nred,S,1\n", o);
  EXPECT_EQ(reordered.data.matrix().col(0), expected.col(2));
  CsvOptions bad;
  bad.encode = {{"colour", CsvEncoding::OneHot}};
  EXPECT_EQ(parse_error(text, bad),
            "t.csv: no column 'colour' to encode (columns: color, size, w); did you mean "
            "'color'?");
  bad.encode = {{"color", CsvEncoding::OneHot}};
  bad.columns = {"w"};
  EXPECT_EQ(parse_error(text, bad), "t.csv: column 'color' is encoded but not selected");
  bad.columns = {};
  bad.encode = {{"color", CsvEncoding::OneHot}, {"color", CsvEncoding::Label}};
  EXPECT_EQ(parse_error(text, bad), "t.csv: column 'color' is encoded twice");
}

TEST(Csv, OneHotRefusesIdentifierColumns) {
  std::string text = "id\n";
  for (std::size_t i = 0; i <= kMaxOneHotCategories; ++i) text += "u" + std::to_string(i) + "\n";
  CsvOptions o;
  o.encode = {{"id", CsvEncoding::OneHot}};
  EXPECT_EQ(parse_error(text, o),
            "t.csv: column 'id' has more than 1024 distinct values, too many for one_hot (use "
            "\"label\")");
  o.encode = {{"id", CsvEncoding::Label}};
  EXPECT_EQ(parse(text, o).data.samples(), static_cast<Eigen::Index>(kMaxOneHotCategories + 1));
}

TEST(Csv, HeaderlessFilesNameColumnsByPosition) {
  CsvOptions o;
  o.header = false;
  const CsvResult r = parse("1,2\n3,4\n", o);
  EXPECT_EQ(r.data.names(), (std::vector<std::string>{"c0", "c1"}));
  EXPECT_EQ(r.data.matrix(), (Eigen::MatrixXd(2, 2) << 1, 3, 2, 4).finished());
  EXPECT_EQ(parse_error("1,2\n3\n", o),
            "t.csv: row 2: expected 2 fields (as in the first row), found 1");
  EXPECT_EQ(parse_error("", o), "t.csv: the file is empty");
  o.columns = {"c1"};
  EXPECT_EQ(parse("1,2\n3,4\n", o).data.matrix(), (Eigen::MatrixXd(1, 2) << 2, 4).finished());
}

}  // namespace
}  // namespace ael::data
