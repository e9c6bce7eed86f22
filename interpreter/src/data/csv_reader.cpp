#include "data/csv_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
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

enum class CellStatus { Ok, Empty, NotANumber };

// Strict: the whole cell (spaces around it aside) must be one finite decimal number.
CellStatus parse_cell(std::string_view raw, double& out, const CsvTokenizer& tok,
                      std::size_t column) {
  const std::string_view cell = trim(raw);
  if (cell.empty()) return CellStatus::Empty;
  std::string_view digits = cell;
  if (digits.front() == '+') {
    digits.remove_prefix(1);  // from_chars accepts '-' but not '+'
    if (digits.empty() || digits.front() == '+' || digits.front() == '-') {
      return CellStatus::NotANumber;
    }
  }
  const char* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, out);
  if (ec == std::errc::result_out_of_range) {
    throw Error(tok.where(column) + ": number out of range: " + quote_cell(cell));
  }
  if (ec != std::errc() || ptr != end) {
    return CellStatus::NotANumber;
  }
  if (!std::isfinite(out)) {
    throw Error(tok.where(column) + ": not a finite number: " + quote_cell(cell));
  }
  return CellStatus::Ok;
}

std::vector<std::string> read_header(CsvTokenizer& tok, const std::string& name) {
  std::vector<std::string_view> fields;
  if (!tok.next(fields)) throw Error(name + ": the file is empty (expected a header row)");
  std::vector<std::string> header;
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string column(trim(fields[i]));
    const auto [it, fresh] = seen.emplace(column, i);
    if (!fresh && !column.empty()) {
      throw Error(name + ": row " + std::to_string(tok.row()) + ": duplicate column name '" +
                  column + "' (columns " + std::to_string(it->second + 1) + " and " +
                  std::to_string(i + 1) + ")");
    }
    header.push_back(std::move(column));
  }
  return header;
}

std::vector<std::size_t> resolve_columns(const std::vector<std::string>& header,
                                         const CsvOptions& options, const std::string& name) {
  std::vector<std::size_t> selected;
  if (options.columns.empty()) {
    for (std::size_t i = 0; i < header.size(); ++i) selected.push_back(i);
    return selected;
  }
  for (const auto& wanted : options.columns) {
    std::size_t found = header.size();
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == wanted) found = i;
    }
    if (found == header.size()) {
      std::string all;
      for (const auto& h : header) all += (all.empty() ? "" : ", ") + h;
      throw Error(name + ": no column '" + wanted + "' (columns: " + all + ")" +
                  did_you_mean(wanted, header));
    }
    for (std::size_t s : selected) {
      if (s == found) throw Error(name + ": column '" + wanted + "' is selected twice");
    }
    selected.push_back(found);
  }
  return selected;
}

// A text column in a file read whole: say how to leave it out.
std::string text_column_hint(const std::vector<std::string>& header, std::size_t text_column) {
  std::string others;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (i != text_column) others += (others.empty() ? "\"" : ", \"") + header[i] + "\"";
  }
  if (others.empty()) return "";
  return "; AEL reads numbers only: to leave the text column out, select the others with "
         "columns: [" +
         others + "]";
}

}  // namespace

CsvResult parse_csv(std::string_view text, const std::string& name, const CsvOptions& options) {
  CsvTokenizer tok(text, options.delimiter, name);
  const std::vector<std::string> header = read_header(tok, name);
  tok.set_column_names(header);
  const std::vector<std::size_t> selected = resolve_columns(header, options, name);

  // Samples are columns of a column-major matrix: one contiguous run of values per row.
  std::vector<double> values;
  values.reserve(selected.size() *
                 (text.size() / (8 * std::max<std::size_t>(1, header.size())) + 1));
  std::vector<double> row_values(selected.size());
  CsvResult result;
  std::vector<std::string_view> fields;
  while (tok.next(fields)) {
    if (fields.size() != header.size()) {
      throw Error(name + ": row " + std::to_string(tok.row()) + ": expected " +
                  std::to_string(header.size()) + " fields (as in the header), found " +
                  std::to_string(fields.size()));
    }
    bool missing = false;
    for (std::size_t k = 0; k < selected.size() && !missing; ++k) {
      const CellStatus status = parse_cell(fields[selected[k]], row_values[k], tok, selected[k]);
      if (status == CellStatus::NotANumber) {
        throw Error(tok.where(selected[k]) +
                    ": not a number: " + quote_cell(trim(fields[selected[k]])) +
                    (options.columns.empty() ? text_column_hint(header, selected[k]) : ""));
      }
      if (status == CellStatus::Empty) {
        if (!options.skip_missing) {
          throw Error(tok.where(selected[k]) + ": empty cell (expected a number)");
        }
        missing = true;
      }
    }
    if (missing) {
      ++result.skipped;
      result.skipped_rows.push_back(tok.row());
      continue;
    }
    values.insert(values.end(), row_values.begin(), row_values.end());
  }
  const auto features = static_cast<Index>(selected.size());
  const Index samples = features == 0 ? 0 : static_cast<Index>(values.size()) / features;
  std::vector<std::string> names;
  for (std::size_t s : selected) names.push_back(header[s]);
  result.data = Dataset(Eigen::Map<const Eigen::MatrixXd>(values.data(), features, samples),
                        std::move(names));
  return result;
}

CsvResult read_csv(const std::string& path, const CsvOptions& options) {
  return parse_csv(io::read_file_maybe_gzip(path), path, options);
}

}  // namespace ael::data
