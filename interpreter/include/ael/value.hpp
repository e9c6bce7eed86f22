// ael/value.hpp — the values AEL scripts compute with.
//
// A Value is none, a bool, an integer, a float, a string, a list, a record, a function,
// or an Object (host-defined: tensors, datasets, models, graph nodes, expressions...).
// Values are cheap to copy: strings, lists and records are shared and immutable, so a
// value can be handed to another thread (parallel comprehensions) without copying.
#pragma once

#include "ael/export.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ael {

class Value;
class Object;
class Args;

using List = std::vector<Value>;

/// Named fields in insertion order (records are small; lookup is a linear scan).
class AEL_API Record {
 public:
  Record() = default;
  Record(std::initializer_list<std::pair<std::string, Value>> fields);

  const Value* find(std::string_view name) const;
  /// Adds or replaces a field.
  void set(std::string name, Value value);
  bool empty() const { return fields_.empty(); }
  std::size_t size() const { return fields_.size(); }
  const std::vector<std::pair<std::string, Value>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, Value>> fields_;
};

/// Binary operators as objects see them (see Object::binary).
enum class BinaryOp { Add, Sub, Mul, Div, Mod, Pow, MatMul, Eq, Ne, Lt, Le, Gt, Ge };
AEL_API const char* binary_op_symbol(BinaryOp op);

class AEL_API Value {
 public:
  enum class Kind { None, Bool, Int, Float, String, List, Record, Object };

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : data_(b) {}
  Value(int i) : data_(static_cast<std::int64_t>(i)) {}
  Value(std::int64_t i) : data_(i) {}
  Value(std::size_t i) : data_(static_cast<std::int64_t>(i)) {}
  Value(double d) : data_(d) {}
  Value(const char* s) : data_(std::make_shared<const std::string>(s)) {}
  Value(std::string s) : data_(std::make_shared<const std::string>(std::move(s))) {}
  Value(List items) : data_(std::make_shared<const List>(std::move(items))) {}
  Value(Record record) : data_(std::make_shared<const Record>(std::move(record))) {}
  Value(std::shared_ptr<Object> object);
  template <class T, class = std::enable_if_t<std::is_base_of_v<Object, T>>>
  Value(std::shared_ptr<T> object) : Value(std::shared_ptr<Object>(std::move(object))) {}

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_none() const { return kind() == Kind::None; }
  bool is_bool() const { return kind() == Kind::Bool; }
  bool is_int() const { return kind() == Kind::Int; }
  bool is_float() const { return kind() == Kind::Float; }
  bool is_number() const { return is_int() || is_float(); }
  bool is_string() const { return kind() == Kind::String; }
  bool is_list() const { return kind() == Kind::List; }
  bool is_record() const { return kind() == Kind::Record; }
  bool is_object() const { return kind() == Kind::Object; }
  bool is_callable() const;

  // Accessors. They throw ael::Error("expected <type>, got <type>") on a kind mismatch.
  bool as_bool() const;
  std::int64_t as_int() const;
  double as_number() const;  ///< int or float, as double
  const std::string& as_string() const;
  const List& as_list() const;
  const Record& as_record() const;
  const std::shared_ptr<Object>& as_object() const;

  /// The object as T, or nullptr when this is not an object of (a subclass of) T.
  template <class T>
  std::shared_ptr<T> object_as() const {
    if (!is_object()) return nullptr;
    return std::dynamic_pointer_cast<T>(std::get<std::shared_ptr<Object>>(data_));
  }

  /// "int", "float", "list", "Dataset", ...
  std::string type_name() const;
  /// How the REPL prints it: strings quoted, floats with full precision.
  std::string repr() const;
  /// How print() shows it: strings unquoted.
  std::string str() const;
  /// Truth for if/while/and/or: only bools are allowed (no implicit truthiness).
  bool truthy() const;

  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::shared_ptr<const std::string>,
               std::shared_ptr<const List>, std::shared_ptr<const Record>, std::shared_ptr<Object>>
      data_;
};

/// Base of every host-defined value. Override what makes sense for the type; the
/// defaults report "not supported" errors through the interpreter.
class AEL_API Object {
 public:
  virtual ~Object();

  virtual std::string type_name() const = 0;
  virtual std::string repr() const;

  /// `value.name`; std::nullopt when there is no such field.
  virtual std::optional<Value> field(std::string_view name) const;
  /// Field names, for "did you mean" suggestions and the REPL's :type.
  virtual std::vector<std::string> field_names() const;

  /// `self op other` (self_on_left) or `other op self`; std::nullopt when unsupported.
  virtual std::optional<Value> binary(BinaryOp op, const Value& other, bool self_on_left) const;
  /// Unary minus; std::nullopt when unsupported.
  virtual std::optional<Value> negate() const;
  /// A named one-argument math function applied to self: elementwise ones ("sin", "exp",
  /// "relu", ...) and reductions ("sum", "mean"); std::nullopt when unsupported. Lets
  /// sin(x) work on numbers, datasets, graph nodes and symbolic expressions alike.
  virtual std::optional<Value> math(std::string_view function) const;
  /// Structural equality for ==; identity by default.
  virtual bool equals(const Object& other) const;
};

/// One parameter of a native function's signature.
struct AEL_API Param {
  std::string name;
  std::optional<Value> default_value;  ///< absent: the argument is required
  std::string doc;
};

/// How a call's arguments bind: positional first, then by name, then defaults. An
/// unknown name is an error that suggests the closest parameter name.
struct AEL_API Signature {
  std::vector<Param> params;
  bool variadic = false;  ///< extra positional arguments allowed (Args::rest())
};

/// Objects that can be called from scripts: closures, native functions, plugin
/// factories, model definitions (binding hyperparameters).
class AEL_API Callable : public Object {
 public:
  virtual const std::string& name() const = 0;
  virtual const Signature& signature() const = 0;
  std::string type_name() const override { return "function"; }
  std::string repr() const override;
};

/// A host function callable from AEL.
using NativeFn = std::function<Value(Args&)>;

}  // namespace ael
