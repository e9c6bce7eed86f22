// Attribute lists of graph nodes.
#include <cmath>
#include <sstream>

#include "ael/op.hpp"

namespace ael {
namespace {

[[noreturn]] void missing(std::string_view name) {
  throw Error("attribute '" + std::string(name) + "' is missing");
}

[[noreturn]] void wrong_type(std::string_view name, const char* expected, const AttrValue& v) {
  throw Error("attribute '" + std::string(name) + "' must be " + expected + ", got " +
              attr_type_name(v) + " " + attr_repr(v));
}

}  // namespace

Attrs::Attrs(std::initializer_list<std::pair<std::string, AttrValue>> items) {
  for (const auto& item : items) set(item.first, item.second);
}

Attrs& Attrs::set(const std::string& name, AttrValue value) {
  for (auto& item : items_) {
    if (item.first == name) {
      item.second = std::move(value);
      return *this;
    }
  }
  items_.emplace_back(name, std::move(value));
  return *this;
}

const AttrValue* Attrs::find(std::string_view name) const {
  for (const auto& item : items_) {
    if (item.first == name) return &item.second;
  }
  return nullptr;
}

double Attrs::number(std::string_view name) const {
  const AttrValue* v = find(name);
  if (!v) missing(name);
  if (const auto* d = std::get_if<double>(v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(v)) return static_cast<double>(*i);
  wrong_type(name, "a number", *v);
}

std::int64_t Attrs::integer(std::string_view name) const {
  const AttrValue* v = find(name);
  if (!v) missing(name);
  if (const auto* i = std::get_if<std::int64_t>(v)) return *i;
  // A real with an integral value (e.g. read back from a hand-written JSON file) is fine.
  if (const auto* d = std::get_if<double>(v); d && std::floor(*d) == *d && std::abs(*d) < 9e15)
    return static_cast<std::int64_t>(*d);
  wrong_type(name, "an integer", *v);
}

const std::string& Attrs::string(std::string_view name) const {
  const AttrValue* v = find(name);
  if (!v) missing(name);
  if (const auto* s = std::get_if<std::string>(v)) return *s;
  wrong_type(name, "a string", *v);
}

const std::vector<double>& Attrs::numbers(std::string_view name) const {
  const AttrValue* v = find(name);
  if (!v) missing(name);
  if (const auto* l = std::get_if<std::vector<double>>(v)) return *l;
  wrong_type(name, "a list of numbers", *v);
}

bool operator==(const Attrs& a, const Attrs& b) {
  if (a.items_.size() != b.items_.size()) return false;
  for (const auto& [name, value] : a.items_) {
    const AttrValue* other = b.find(name);
    if (!other || !(*other == value)) return false;
  }
  return true;
}

const char* attr_type_name(const AttrValue& value) {
  switch (value.index()) {
    case 0:
      return "int";
    case 1:
      return "real";
    case 2:
      return "string";
    default:
      return "list";
  }
}

std::string attr_repr(const AttrValue& value) {
  std::ostringstream out;
  out.precision(17);
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    out << *i;
  } else if (const auto* d = std::get_if<double>(&value)) {
    out << *d;
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    out << '"' << *s << '"';
  } else {
    const auto& list = std::get<std::vector<double>>(value);
    out << '[';
    const std::size_t shown = list.size() > 8 ? 8 : list.size();
    for (std::size_t k = 0; k < shown; ++k) out << (k ? ", " : "") << list[k];
    if (shown < list.size()) out << ", ... (" << list.size() << " values)";
    out << ']';
  }
  return out.str();
}

const AttrSpec* OpDef::find_attr(std::string_view attr) const {
  for (const auto& spec : attrs) {
    if (spec.name == attr) return &spec;
  }
  return nullptr;
}

}  // namespace ael
