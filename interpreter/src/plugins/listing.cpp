#include "plugins/listing.hpp"

#include <algorithm>
#include <vector>

namespace ael::plugins {
namespace {

using Row = std::vector<std::string>;

// Left-aligned columns separated by two spaces; the last column is not padded.
std::string table(const std::vector<Row>& rows, const std::string& indent) {
  std::vector<std::size_t> widths;
  for (const Row& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const Row& row : rows) {
    std::string line = indent;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - row[c].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string version_of(const PluginHandle& handle) {
  if (handle.is_builtin()) return "built-in";
  return handle.manifest().version.empty() ? "?" : handle.manifest().version;
}

std::string constraint_of(const OptionSpec& spec) {
  if (spec.type == OptionType::Choice) {
    std::string out = "one of ";
    for (std::size_t i = 0; i < spec.choices.size(); ++i) out += (i ? ", " : "") + spec.choices[i];
    return out;
  }
  const std::string range = spec.range_text();
  if (range.empty()) return "";
  return spec.type == OptionType::NumberList ? "each " + range : range;
}

std::string doc_of(const OptionSpec& spec) {
  std::string doc = spec.doc;
  if (spec.schedulable) doc += doc.empty() ? "(schedulable)" : " (schedulable)";
  return doc;
}

}  // namespace

std::string plugin_listing(PluginRegistry& registry) {
  const Discovery found = registry.discover();
  std::string out;
  if (found.plugins.empty()) {
    out += "no plugins found\n";
  } else {
    std::vector<Row> rows{{"NAME", "FAMILY", "VERSION", "DESCRIPTION"}};
    for (const auto& handle : found.plugins) {
      const PluginManifest& m = handle->manifest();
      rows.push_back({m.name, family_name(m.family), version_of(*handle), m.description});
    }
    out += table(rows, "");
  }
  if (!found.problems.empty()) {
    out += "\ncould not load:\n";
    for (const auto& problem : found.problems)
      out += "  " + problem.path + ": " + problem.message + "\n";
  }
  out += "\nsearched:\n";
  for (const SearchFolder& folder : registry.search_path()) {
    out += "  " + folder.path + " (" + folder.origin + ")\n";
  }
  return out;
}

std::string plugin_details(PluginRegistry& registry, std::string_view name) {
  const std::shared_ptr<const PluginHandle> handle = registry.load(name);
  const PluginManifest& m = handle->manifest();
  std::string out = m.name + " " + version_of(*handle) + " (" + family_name(m.family) + ")\n";
  if (!m.description.empty()) out += "  " + m.description + "\n";
  out +=
      "  file: " + (handle->is_builtin() ? std::string("built into AEL") : handle->path()) + "\n";
  if (m.options.empty()) return out + "\nno options\n";
  std::vector<Row> rows{{"OPTION", "TYPE", "DEFAULT", "ALLOWED", "DESCRIPTION"}};
  for (const OptionSpec& spec : m.options.specs()) {
    rows.push_back({spec.name, option_type_name(spec.type),
                    spec.default_value ? option_value_repr(*spec.default_value) : "(required)",
                    constraint_of(spec), doc_of(spec)});
  }
  return out + "\n" + table(rows, "  ");
}

}  // namespace ael::plugins
