#include "data/csv_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>
#include <unordered_map>

#include "ael/closest_name.hpp"
#include "ael/diagnostic.hpp"
#include "data/csv_tokenizer.hpp"
#include "io/gzip.hpp"

namespace ael::data {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string quote_cell(std::string_view cell) {
  constexpr std::size_t kShown = 40;
  if (cell.size() <= kShown) return "'" + std::string(cell) + "'";
  return "'" + std::string(cell.substr(0, kShown)) + "...'";
}

enum class NumberStatus { Ok, NotANumber, OutOfRange, NotFinite };

// Strict: the whole (trimmed, non-empty) cell must be one decimal number.
NumberStatus read_number(std::string_view cell, double& out) {
  std::string_view digits = cell;
  if (digits.front() == '+') {
    digits.remove_prefix(1);  // from_chars accepts '-' but not '+'
    if (digits.empty() || digits.front() == '+' || digits.front() == '-') {
      return NumberStatus::NotANumber;
    }
  }
  const char* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, out);
  if (ec == std::errc::result_out_of_range) return NumberStatus::OutOfRange;
  if (ec != std::errc() || ptr != end) return NumberStatus::NotANumber;
  if (!std::isfinite(out)) return NumberStatus::NotFinite;
  return NumberStatus::Ok;
}

bool is_missing(std::string_view cell, const CsvOptions& options) {
  if (cell.empty()) return true;
  if (std::find(options.na_values.begin(), options.na_values.end(), cell) !=
      options.na_values.end()) {
    return true;
  }
  double value = 0;
  return !options.na_numbers.empty() && read_number(cell, value) == NumberStatus::Ok &&
         std::find(options.na_numbers.begin(), options.na_numbers.end(), value) !=
             options.na_numbers.end();
}

std::string join(const std::vector<std::string>& names) {
  std::string all;
  for (const auto& h : names) all += (all.empty() ? "" : ", ") + h;
  return all;
}

// The data records of a file, each checked to be as wide as the header. Without a header,
// the first record is data and fixes the width; its columns are named c0, c1, ...
class Records {
 public:
  Records(std::string_view text, const std::string& name, const CsvOptions& options)
      : tok_(text, options.delimiter, name), name_(name) {
    if (options.header) {
      read_header(name);
    } else {
      if (!tok_.next(fields_)) throw Error(name + ": the file is empty");
      for (std::size_t i = 0; i < fields_.size(); ++i) header_.push_back("c" + std::to_string(i));
      pending_ = true;
    }
    tok_.set_column_names(header_);
  }

  const std::vector<std::string>& header() const { return header_; }
  const std::vector<std::string_view>& fields() const { return fields_; }
  const CsvTokenizer& tokenizer() const { return tok_; }

  bool next() {
    if (pending_) {
      pending_ = false;
    } else if (!tok_.next(fields_)) {
      return false;
    }
    if (fields_.size() != header_.size()) {
      throw Error(name_ + ": row " + std::to_string(tok_.row()) + ": expected " +
                  std::to_string(header_.size()) + " fields (as in the " +
                  (pending_header_ ? "header" : "first row") + "), found " +
                  std::to_string(fields_.size()));
    }
    return true;
  }

 private:
  void read_header(const std::string& name) {
    if (!tok_.next(fields_)) throw Error(name + ": the file is empty (expected a header row)");
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      std::string column(trim(fields_[i]));
      const auto [it, fresh] = seen.emplace(column, i);
      if (!fresh && !column.empty()) {
        throw Error(name + ": row " + std::to_string(tok_.row()) + ": duplicate column name '" +
                    column + "' (columns " + std::to_string(it->second + 1) + " and " +
                    std::to_string(i + 1) + ")");
      }
      header_.push_back(std::move(column));
    }
    pending_header_ = true;
  }

  CsvTokenizer tok_;
  std::string name_;
  std::vector<std::string> header_;
  std::vector<std::string_view> fields_;
  bool pending_ = false;         // the first data record is already in fields_
  bool pending_header_ = false;  // the width comes from a header (for the message)
};

std::size_t find_column(const std::vector<std::string>& header, const std::string& wanted,
                        const std::string& name, const char* what) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == wanted) return i;
  }
  throw Error(name + ": no column '" + wanted + "'" + what + " (columns: " + join(header) + ")" +
              did_you_mean(wanted, header));
}

// What a first pass over the file learns: which columns hold only numbers, and the
// categories of the encoded ones.
struct ColumnScan {
  bool numeric = true;  // every present cell parses as a number
  bool present = false;
  std::set<std::string> categories;  // encoded columns only
};

std::vector<ColumnScan> scan_columns(std::string_view text, const std::string& name,
                                     const CsvOptions& options, const std::vector<bool>& encoded) {
  Records records(text, name, options);
  std::vector<ColumnScan> scans(records.header().size());
  double ignored = 0;
  while (records.next()) {
    const auto& fields = records.fields();
    for (std::size_t c = 0; c < fields.size(); ++c) {
      const std::string_view cell = trim(fields[c]);
      if (is_missing(cell, options)) continue;
      ColumnScan& s = scans[c];
      s.present = true;
      if (s.numeric && read_number(cell, ignored) == NumberStatus::NotANumber) s.numeric = false;
      if (encoded[c]) {
        s.categories.emplace(cell);
        if (s.categories.size() > kMaxOneHotCategories &&
            std::any_of(options.encode.begin(), options.encode.end(), [&](const auto& e) {
              return e.encoding == CsvEncoding::OneHot && e.column == records.header()[c];
            })) {
          throw Error(name + ": column '" + records.header()[c] + "' has more than " +
                      std::to_string(kMaxOneHotCategories) +
                      " distinct values, too many for one_hot (use \"label\")");
        }
      }
    }
  }
  return scans;
}

std::vector<std::size_t> select_columns(const std::vector<std::string>& header,
                                        const CsvOptions& options,
                                        const std::vector<ColumnScan>& scans,
                                        const std::vector<bool>& encoded, const std::string& name) {
  std::vector<std::size_t> selected;
  if (!options.columns.empty()) {
    for (const auto& wanted : options.columns) {
      const std::size_t found = find_column(header, wanted, name, "");
      if (std::find(selected.begin(), selected.end(), found) != selected.end()) {
        throw Error(name + ": column '" + wanted + "' is selected twice");
      }
      selected.push_back(found);
    }
  } else {
    for (std::size_t i = 0; i < header.size(); ++i) {
      const bool wanted =
          !options.numeric_columns || encoded[i] || (scans[i].numeric && scans[i].present);
      if (wanted) selected.push_back(i);
    }
  }
  for (const auto& dropped : options.exclude) {
    const std::size_t found = find_column(header, dropped, name, " to exclude");
    selected.erase(std::remove(selected.begin(), selected.end(), found), selected.end());
  }
  if (selected.empty()) {
    throw Error(name + ": no columns are selected" +
                (options.numeric_columns ? " (no column holds only numbers)" : ""));
  }
  return selected;
}

struct ColumnPlan {
  std::size_t column = 0;
  std::optional<CsvEncoding> encoding;
  std::vector<std::string> categories;  // sorted, for encoded columns

  std::size_t width() const {
    return encoding == CsvEncoding::OneHot ? categories.size() : std::size_t{1};
  }
};

std::vector<ColumnPlan> plan_columns(const std::vector<std::string>& header,
                                     const std::vector<std::size_t>& selected,
                                     const CsvOptions& options, std::vector<ColumnScan>& scans,
                                     const std::string& name) {
  std::vector<ColumnPlan> plans;
  for (std::size_t c : selected) plans.push_back({c, std::nullopt, {}});
  for (const auto& [column, encoding] : options.encode) {
    const std::size_t c = find_column(header, column, name, " to encode");
    auto plan = std::find_if(plans.begin(), plans.end(),
                             [&](const ColumnPlan& p) { return p.column == c; });
    if (plan == plans.end()) {
      throw Error(name + ": column '" + column + "' is encoded but not selected");
    }
    if (plan->encoding) throw Error(name + ": column '" + column + "' is encoded twice");
    if (scans[c].categories.empty()) {
      throw Error(name + ": column '" + column + "' has no values to encode");
    }
    plan->encoding = encoding;
    plan->categories.assign(scans[c].categories.begin(), scans[c].categories.end());
  }
  return plans;
}

std::vector<std::string> feature_names(const std::vector<std::string>& header,
                                       const std::vector<ColumnPlan>& plans) {
  std::vector<std::string> names;
  for (const ColumnPlan& p : plans) {
    if (p.encoding == CsvEncoding::OneHot) {
      for (const auto& category : p.categories) names.push_back(header[p.column] + "=" + category);
    } else {
      names.push_back(header[p.column]);
    }
  }
  return names;
}

// A text cell where a number belongs, in a file read whole that has other columns: say how
// to handle it (in a one-column file the cell is more likely a typo).
std::string text_column_hint(const std::vector<std::string>& header, std::size_t column,
                             const CsvOptions& options) {
  if (!options.columns.empty() || options.numeric_columns || header.size() < 2) return "";
  return "; to leave text columns out, read with columns: \"numeric\"; to turn this one into "
         "numbers, encode: {" +
         header[column] + ": \"one_hot\"} (or \"label\")";
}

double number_cell(std::string_view cell, const CsvTokenizer& tok, std::size_t column,
                   const std::vector<std::string>& header, const CsvOptions& options) {
  double value = 0;
  switch (read_number(cell, value)) {
    case NumberStatus::Ok:
      return value;
    case NumberStatus::OutOfRange:
      throw Error(tok.where(column) + ": number out of range: " + quote_cell(cell));
    case NumberStatus::NotFinite:
      throw Error(tok.where(column) + ": not a finite number: " + quote_cell(cell));
    case NumberStatus::NotANumber:
      break;
  }
  throw Error(tok.where(column) + ": not a number: " + quote_cell(cell) +
              text_column_hint(header, column, options));
}

// Writes one row's features; false when a selected cell is missing.
bool read_row(const Records& records, const std::vector<ColumnPlan>& plans,
              const CsvOptions& options, std::vector<double>& row) {
  const auto& fields = records.fields();
  const CsvTokenizer& tok = records.tokenizer();
  double* out = row.data();
  for (const ColumnPlan& plan : plans) {
    const std::string_view cell = trim(fields[plan.column]);
    if (is_missing(cell, options)) {
      if (options.skip_missing) return false;
      throw Error(tok.where(plan.column) +
                  (cell.empty() ? std::string(": empty cell (expected a number)")
                                : ": missing value " + quote_cell(cell) + " (one of na_values)") +
                  "; skip_missing: true drops such rows");
    }
    if (!plan.encoding) {
      *out++ = number_cell(cell, tok, plan.column, records.header(), options);
      continue;
    }
    const auto it = std::lower_bound(plan.categories.begin(), plan.categories.end(), cell);
    const auto code = static_cast<std::size_t>(it - plan.categories.begin());
    if (plan.encoding == CsvEncoding::Label) {
      *out++ = static_cast<double>(code);
    } else {
      std::fill(out, out + plan.width(), 0.0);
      out[code] = 1.0;
      out += plan.width();
    }
  }
  return true;
}

}  // namespace

CsvResult parse_csv(std::string_view text, const std::string& name, const CsvOptions& options) {
  if (options.numeric_columns && !options.columns.empty()) {
    throw Error(name + ": give columns as a list of names or as \"numeric\", not both");
  }
  Records records(text, name, options);
  const std::vector<std::string>& header = records.header();
  std::vector<bool> encoded(header.size(), false);
  for (const auto& e : options.encode) {
    encoded[find_column(header, e.column, name, " to encode")] = true;
  }
  // The first pass runs only when the selection or the encoding depends on the contents.
  std::vector<ColumnScan> scans(header.size());
  if (options.numeric_columns || !options.encode.empty()) {
    scans = scan_columns(text, name, options, encoded);
  }
  const std::vector<std::size_t> selected = select_columns(header, options, scans, encoded, name);
  const std::vector<ColumnPlan> plans = plan_columns(header, selected, options, scans, name);
  std::size_t width = 0;
  for (const ColumnPlan& p : plans) width += p.width();

  // Samples are columns of a column-major matrix: one contiguous run of values per row.
  std::vector<double> values;
  values.reserve(width * (text.size() / (8 * std::max<std::size_t>(1, header.size())) + 1));
  std::vector<double> row(width);
  CsvResult result;
  while (records.next()) {
    if (!read_row(records, plans, options, row)) {
      ++result.skipped;
      result.skipped_rows.push_back(records.tokenizer().row());
      continue;
    }
    values.insert(values.end(), row.begin(), row.end());
  }
  const auto features = static_cast<Index>(width);
  const Index samples = features == 0 ? 0 : static_cast<Index>(values.size()) / features;
  result.data = Dataset(Eigen::Map<const Eigen::MatrixXd>(values.data(), features, samples),
                        feature_names(header, plans));
  for (const ColumnPlan& p : plans) {
    if (p.encoding) result.categories.emplace_back(header[p.column], p.categories);
  }
  return result;
}

CsvResult read_csv(const std::string& path, const CsvOptions& options) {
  return parse_csv(io::read_file_maybe_gzip(path), path, options);
}

}  // namespace ael::data
