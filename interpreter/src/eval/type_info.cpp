#include "eval/type_info.hpp"

#include <set>

namespace ael::eval {

namespace {

std::string describe_signature(const Callable& fn) {
  std::string out = "fn " + fn.name() + "(";
  bool first = true;
  for (const Param& p : fn.signature().params) {
    if (!first) out += ", ";
    first = false;
    out += p.name;
    if (p.default_value)
      out += " = " + (p.default_value->is_none() ? "..." : p.default_value->repr());
  }
  if (fn.signature().variadic) out += std::string(first ? "" : ", ") + "...";
  return out + ")";
}

}  // namespace

namespace {

// Host objects know their own summary (repr); their fields say what a script can read.
std::string describe_object(const Object& o) {
  std::string out = o.repr();
  if (out.empty() || out[0] != '<') out = o.type_name() + " " + out;
  const std::vector<std::string> fields = o.field_names();
  if (!fields.empty()) {
    out += " (fields:";
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? ", " : " ") + fields[i];
    out += ")";
  }
  return out;
}

}  // namespace

std::string describe_type(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::List: {
      const List& items = v.as_list();
      std::set<std::string> kinds;
      for (const Value& item : items) kinds.insert(item.type_name());
      std::string out = "list[" + std::to_string(items.size()) + "]";
      if (kinds.size() == 1)
        out += " of " + *kinds.begin();
      else if (kinds.size() > 1)
        out += " (mixed)";
      return out;
    }
    case Value::Kind::Record: {
      std::string out = "{";
      bool first = true;
      for (const auto& [name, value] : v.as_record().fields()) {
        if (!first) out += ", ";
        first = false;
        out += name + ": " + describe_type(value);
      }
      return out + "}";
    }
    case Value::Kind::Object:
      if (auto fn = v.object_as<Callable>()) return describe_signature(*fn);
      return describe_object(*v.as_object());
    default:
      return v.type_name();
  }
}

}  // namespace ael::eval
