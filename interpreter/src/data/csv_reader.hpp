// Reading CSV files into a Dataset.
//
// The first record is the header (column names), unless `header` is false, when columns are
// named c0, c1, ... Selected columns hold numbers, or text that `encode` turns into numbers
// (one-hot features or integer labels). A malformed cell is an error naming the file, the
// row (1-based line number) and the column, e.g.
//   housing.csv: row 292, column 'total_bedrooms': empty cell (expected a number)
// Columns that are not selected are never parsed, so text columns can sit beside them.
// A cell is missing when it is empty or one of `na_values`; with skip_missing, rows with a
// missing selected cell are dropped and counted instead of failing. gzip-compressed files
// are read transparently.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "data/dataset.hpp"

namespace ael::data {

/// How a text column becomes numbers. Categories are the column's distinct values in
/// byte order (so the mapping does not depend on the order of the rows).
enum class CsvEncoding {
  OneHot,  ///< one feature per category, named "column=value", 1 where the row has it
  Label,   ///< one feature holding the category's index 0..k-1
};

/// One text column to encode. A struct rather than a std::pair: a pair of a string and an
/// enum would be a default-visibility std template and leak from libael.
struct CsvColumnEncoding {
  std::string column;
  CsvEncoding encoding;
};

struct CsvOptions {
  char delimiter = ',';
  /// Columns to read, in the order wanted (empty: every column, in file order).
  std::vector<std::string> columns;
  /// Instead of `columns`: every column whose present cells are all numbers (text columns
  /// are left out, unless they are encoded).
  bool numeric_columns = false;
  /// Columns to leave out of the selection.
  std::vector<std::string> exclude;
  /// Skip rows with a missing cell in a selected column instead of failing.
  bool skip_missing = false;
  /// Cells (after trimming spaces) that count as missing, besides the empty cell.
  std::vector<std::string> na_values;
  /// Numbers that count as missing (sentinels like -999): a cell whose value equals one.
  std::vector<double> na_numbers;
  /// False: the first record is data, and the columns are named c0, c1, ...
  bool header = true;
  /// Text columns to encode, in any order.
  std::vector<CsvColumnEncoding> encode;
};

/// At most this many categories in a one-hot column: more is an identifier, not a category
/// (label encoding has no limit).
inline constexpr std::size_t kMaxOneHotCategories = 1024;

struct CsvResult {
  Dataset data;                           ///< one feature per selected column (or category)
  std::size_t skipped = 0;                ///< rows dropped by skip_missing
  std::vector<std::size_t> skipped_rows;  ///< their line numbers
  /// Every encoded column with its categories, in the order of their codes.
  std::vector<std::pair<std::string, std::vector<std::string>>> categories;
};

CsvResult read_csv(const std::string& path, const CsvOptions& options = {});
/// Parses CSV text; `name` stands for the file in error messages.
CsvResult parse_csv(std::string_view text, const std::string& name, const CsvOptions& options = {});

}  // namespace ael::data
