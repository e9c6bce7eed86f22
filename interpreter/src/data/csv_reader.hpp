// Reading numeric CSV files into a Dataset.
//
// The first record is the header (column names). Selected columns (all when none are
// named) must hold numbers in every row: a malformed cell is an error naming the file, the
// row (1-based line number) and the column, e.g.
//   housing.csv: row 292, column 'total_bedrooms': empty cell (expected a number)
// Columns that are not selected are never parsed, so text columns can sit beside them.
// With skip_missing, rows with an empty selected cell are dropped and counted instead.
// gzip-compressed files are read transparently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.hpp"

namespace ael::data {

struct CsvOptions {
  char delimiter = ',';
  /// Columns to read, in the order wanted (empty: every column, in file order).
  std::vector<std::string> columns;
  /// Skip rows with an empty cell in a selected column instead of failing.
  bool skip_missing = false;
};

struct CsvResult {
  Dataset data;                           ///< one feature per selected column
  std::size_t skipped = 0;                ///< rows dropped by skip_missing
  std::vector<std::size_t> skipped_rows;  ///< their line numbers
};

CsvResult read_csv(const std::string& path, const CsvOptions& options = {});
/// Parses CSV text; `name` stands for the file in error messages.
CsvResult parse_csv(std::string_view text, const std::string& name, const CsvOptions& options = {});

}  // namespace ael::data
