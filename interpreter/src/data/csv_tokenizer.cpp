#include "data/csv_tokenizer.hpp"

#include "ael/diagnostic.hpp"

namespace ael::data {

CsvTokenizer::CsvTokenizer(std::string_view text, char delimiter, std::string name)
    : text_(text), delimiter_(delimiter), name_(std::move(name)) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
    throw Error(name_ + ": the delimiter cannot be a quote or a line break");
  }
}

std::string CsvTokenizer::where(std::size_t column) const {
  std::string s = name_ + ": row " + std::to_string(row_) + ", column ";
  if (column < columns_.size()) return s + "'" + columns_[column] + "'";
  return s + std::to_string(column + 1);
}

void CsvTokenizer::fail(std::size_t column, const std::string& message) const {
  throw Error(where(column) + ": " + message);
}

std::string_view CsvTokenizer::read_quoted(std::size_t column) {
  ++pos_;  // opening quote
  const std::size_t start = pos_;
  std::string* copy = nullptr;  // only fields with an escaped quote need a copy
  while (true) {
    const std::size_t quote = text_.find('"', pos_);
    if (quote == std::string_view::npos) {
      fail(column, "quoted field is never closed (the file ends inside quotes)");
    }
    for (std::size_t i = pos_; i < quote; ++i) {
      if (text_[i] == '\n') ++line_;
    }
    if (copy) copy->append(text_.substr(pos_, quote - pos_));
    if (quote + 1 < text_.size() && text_[quote + 1] == '"') {
      if (!copy) {
        copy = &unescaped_.emplace_back(text_.substr(start, quote - start));
      }
      copy->push_back('"');
      pos_ = quote + 2;
      continue;
    }
    pos_ = quote + 1;
    const std::string_view field =
        copy ? std::string_view(*copy) : text_.substr(start, quote - start);
    const bool at_end = pos_ == text_.size() || text_[pos_] == delimiter_ || text_[pos_] == '\n' ||
                        (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n');
    if (!at_end) fail(column, "unexpected text after a closing quote");
    return field;
  }
}

bool CsvTokenizer::next(std::vector<std::string_view>& fields) {
  fields.clear();
  unescaped_.clear();
  // Skip empty lines (LF or CRLF alone).
  while (pos_ < text_.size()) {
    if (text_[pos_] == '\n') {
      ++pos_;
      ++line_;
    } else if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      pos_ += 2;
      ++line_;
    } else {
      break;
    }
  }
  if (pos_ >= text_.size()) return false;
  row_ = line_;
  while (true) {
    const std::size_t column = fields.size();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      fields.push_back(read_quoted(column));
    } else {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] != delimiter_ && text_[pos_] != '\n') {
        if (text_[pos_] == '"') fail(column, "quote inside an unquoted field");
        ++pos_;
      }
      std::size_t end = pos_;
      if (end > start && text_[end - 1] == '\r' && (pos_ == text_.size() || text_[pos_] == '\n')) {
        --end;  // CRLF line ending
      }
      fields.push_back(text_.substr(start, end - start));
    }
    if (pos_ >= text_.size()) return true;
    if (text_[pos_] == delimiter_) {
      ++pos_;
      continue;
    }
    if (text_[pos_] == '\r') ++pos_;  // CRLF after a quoted field
    ++pos_;                           // '\n'
    ++line_;
    return true;
  }
}

}  // namespace ael::data
