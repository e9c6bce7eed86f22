// Splitting CSV text into records and fields (RFC 4180).
//
// Fields are separated by the delimiter, records by LF or CRLF. A field may be quoted with
// '"'; inside quotes the delimiter and line breaks are data and '""' is one quote. A quote
// inside an unquoted field, text after a closing quote, and a quote left open at the end of
// the file are errors naming the row and column. Completely empty lines are skipped. A UTF-8
// byte-order mark at the start is ignored.
//
// Rows are the 1-based line numbers of the file where a record starts.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace ael::data {

class CsvTokenizer {
 public:
  /// `text` must outlive the tokenizer and the fields it returns. `name` names the file in
  /// error messages.
  CsvTokenizer(std::string_view text, char delimiter, std::string name);

  /// Column names used in error messages once the header is known.
  void set_column_names(std::vector<std::string> names) { columns_ = std::move(names); }

  /// Reads the next record into `fields` (views valid until the next call). Returns false at
  /// the end of the text.
  bool next(std::vector<std::string_view>& fields);

  /// The line on which the last record returned by next() started.
  std::size_t row() const { return row_; }

  /// "file: row 5, column 'x'" (or "column 3" when the column has no name yet).
  std::string where(std::size_t column) const;

 private:
  std::string_view read_quoted(std::size_t column);
  [[noreturn]] void fail(std::size_t column, const std::string& message) const;

  std::string_view text_;
  char delimiter_;
  std::string name_;
  std::vector<std::string> columns_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;  // line of text_[pos_]
  std::size_t row_ = 0;
  std::deque<std::string> unescaped_;  // storage for quoted fields holding '""'
};

}  // namespace ael::data
