// Value, Record and Object basics: accessors, printing, equality.
#include <fmt/format.h>

#include <cmath>

#include "ael/ael.hpp"
#include "ael/value.hpp"

namespace ael {

// ------------------------------------------------------------------ Record

Record::Record(std::initializer_list<std::pair<std::string, Value>> fields) {
  for (const auto& [name, value] : fields) set(name, value);
}

const Value* Record::find(std::string_view name) const {
  for (const auto& [n, v] : fields_) {
    if (n == name) return &v;
  }
  return nullptr;
}

void Record::set(std::string name, Value value) {
  for (auto& [n, v] : fields_) {
    if (n == name) {
      v = std::move(value);
      return;
    }
  }
  fields_.emplace_back(std::move(name), std::move(value));
}

const char* binary_op_symbol(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add:
      return "+";
    case BinaryOp::Sub:
      return "-";
    case BinaryOp::Mul:
      return "*";
    case BinaryOp::Div:
      return "/";
    case BinaryOp::Mod:
      return "%";
    case BinaryOp::Pow:
      return "^";
    case BinaryOp::MatMul:
      return "@";
    case BinaryOp::Eq:
      return "==";
    case BinaryOp::Ne:
      return "!=";
    case BinaryOp::Lt:
      return "<";
    case BinaryOp::Le:
      return "<=";
    case BinaryOp::Gt:
      return ">";
    case BinaryOp::Ge:
      return ">=";
  }
  return "?";
}

// ------------------------------------------------------------------ Value

Value::Value(std::shared_ptr<Object> object) {
  if (object) data_ = std::move(object);
}

bool Value::is_callable() const {
  return is_object() && dynamic_cast<const Callable*>(as_object().get()) != nullptr;
}

namespace {
[[noreturn]] void kind_error(const char* expected, const Value& got) {
  throw Error(std::string("expected ") + expected + ", got " + got.type_name());
}
}  // namespace

bool Value::as_bool() const {
  if (!is_bool()) kind_error("a bool", *this);
  return std::get<bool>(data_);
}

std::int64_t Value::as_int() const {
  if (is_int()) return std::get<std::int64_t>(data_);
  if (is_float()) {
    const double d = std::get<double>(data_);
    if (std::floor(d) == d && std::abs(d) < 9.2e18) return static_cast<std::int64_t>(d);
  }
  kind_error("an integer", *this);
}

double Value::as_number() const {
  if (is_float()) return std::get<double>(data_);
  if (is_int()) return static_cast<double>(std::get<std::int64_t>(data_));
  kind_error("a number", *this);
}

const std::string& Value::as_string() const {
  if (!is_string()) kind_error("a string", *this);
  return *std::get<std::shared_ptr<const std::string>>(data_);
}

const List& Value::as_list() const {
  if (!is_list()) kind_error("a list", *this);
  return *std::get<std::shared_ptr<const List>>(data_);
}

const Record& Value::as_record() const {
  if (!is_record()) kind_error("a record", *this);
  return *std::get<std::shared_ptr<const Record>>(data_);
}

const std::shared_ptr<Object>& Value::as_object() const {
  if (!is_object()) kind_error("an object", *this);
  return std::get<std::shared_ptr<Object>>(data_);
}

std::string Value::type_name() const {
  switch (kind()) {
    case Kind::None:
      return "none";
    case Kind::Bool:
      return "bool";
    case Kind::Int:
      return "int";
    case Kind::Float:
      return "float";
    case Kind::String:
      return "string";
    case Kind::List:
      return "list";
    case Kind::Record:
      return "record";
    case Kind::Object:
      return as_object()->type_name();
  }
  return "?";
}

namespace {

std::string float_repr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '$':
        out += "\\$";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

bool is_plain_name(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

constexpr std::size_t kMaxPrintedItems = 100;

}  // namespace

std::string Value::repr() const {
  switch (kind()) {
    case Kind::None:
      return "none";
    case Kind::Bool:
      return std::get<bool>(data_) ? "true" : "false";
    case Kind::Int:
      return std::to_string(std::get<std::int64_t>(data_));
    case Kind::Float:
      return float_repr(std::get<double>(data_));
    case Kind::String:
      return quote(as_string());
    case Kind::List: {
      const List& items = as_list();
      std::string out = "[";
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        if (i == kMaxPrintedItems) {
          out += "... (" + std::to_string(items.size() - i) + " more)";
          break;
        }
        out += items[i].repr();
      }
      return out + "]";
    }
    case Kind::Record: {
      std::string out = "{";
      bool first = true;
      for (const auto& [name, value] : as_record().fields()) {
        if (!first) out += ", ";
        first = false;
        out += (is_plain_name(name) ? name : quote(name)) + ": " + value.repr();
      }
      return out + "}";
    }
    case Kind::Object:
      return as_object()->repr();
  }
  return "?";
}

std::string Value::str() const { return is_string() ? as_string() : repr(); }

bool Value::truthy() const {
  if (!is_bool()) throw Error("a condition must be a bool, got " + type_name());
  return std::get<bool>(data_);
}

bool operator==(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
    return a.as_number() == b.as_number();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::None:
      return true;
    case Value::Kind::Bool:
      return a.as_bool() == b.as_bool();
    case Value::Kind::String:
      return a.as_string() == b.as_string();
    case Value::Kind::List:
      return a.as_list() == b.as_list();
    case Value::Kind::Record: {
      const Record& ra = a.as_record();
      const Record& rb = b.as_record();
      if (ra.size() != rb.size()) return false;
      for (const auto& [name, value] : ra.fields()) {
        const Value* other = rb.find(name);
        if (!other || *other != value) return false;
      }
      return true;
    }
    case Value::Kind::Object: {
      const auto& oa = a.as_object();
      const auto& ob = b.as_object();
      return oa == ob || oa->equals(*ob);
    }
    default:
      return false;
  }
}

// ------------------------------------------------------------------ Object defaults

Object::~Object() = default;
std::string Object::repr() const { return "<" + type_name() + ">"; }
std::optional<Value> Object::field(std::string_view) const { return std::nullopt; }
std::vector<std::string> Object::field_names() const { return {}; }
std::optional<Value> Object::binary(BinaryOp, const Value&, bool) const { return std::nullopt; }
std::optional<Value> Object::negate() const { return std::nullopt; }
std::optional<Value> Object::math(std::string_view) const { return std::nullopt; }
bool Object::equals(const Object& other) const { return this == &other; }

std::string Callable::repr() const { return "<fn " + name() + ">"; }

// ------------------------------------------------------------------ Args helpers

Args::~Args() = default;

void Args::fail(std::size_t slot, const std::string& message) const {
  raise_error(slot, message);
  throw Error(message);  // only reached if an implementation forgot to throw
}

double Args::number(std::size_t slot) const {
  const Value& v = (*this)[slot];
  if (!v.is_number()) fail(slot, "expected a number, got " + v.type_name());
  return v.as_number();
}

std::int64_t Args::integer(std::size_t slot) const {
  const Value& v = (*this)[slot];
  if (v.is_int()) return v.as_int();
  if (v.is_float() && std::floor(v.as_number()) == v.as_number()) return v.as_int();
  fail(slot, "expected an integer, got " + (v.is_float() ? v.repr() : v.type_name()));
}

bool Args::boolean(std::size_t slot) const {
  const Value& v = (*this)[slot];
  if (!v.is_bool()) fail(slot, "expected a bool, got " + v.type_name());
  return v.as_bool();
}

const std::string& Args::string(std::size_t slot) const {
  const Value& v = (*this)[slot];
  if (!v.is_string()) fail(slot, "expected a string, got " + v.type_name());
  return v.as_string();
}

const List& Args::list(std::size_t slot) const {
  const Value& v = (*this)[slot];
  if (!v.is_list()) fail(slot, "expected a list, got " + v.type_name());
  return v.as_list();
}

const Record& Args::record(std::size_t slot) const {
  const Value& v = (*this)[slot];
  if (!v.is_record()) fail(slot, "expected a record, got " + v.type_name());
  return v.as_record();
}

}  // namespace ael
