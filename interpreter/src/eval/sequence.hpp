// Internal protocols that host objects may implement besides ael::Object:
// iteration (`for`, comprehensions, len) and indexing (`x[i]`, `x[a:b, j]`).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "ael/value.hpp"
#include "eval/context.hpp"

namespace ael::eval {

class Sequence {
 public:
  virtual ~Sequence();
  virtual std::size_t length() const = 0;
  virtual Value at(std::size_t i) const = 0;
};

/// One item between the brackets of an index expression: a value or a slice a:b.
struct IndexArg {
  bool is_slice = false;
  Value value;                        ///< the index (when not a slice)
  std::optional<std::int64_t> begin;  ///< slice bounds (absent: open)
  std::optional<std::int64_t> end;
  Span span;
};

class Indexable {
 public:
  virtual ~Indexable();
  virtual Value index(ExecContext& ctx, const std::vector<IndexArg>& args,
                      const Span& span) const = 0;
};

/// Resolves a possibly negative index against a length; errors when out of range.
std::size_t resolve_index(ExecContext& ctx, std::int64_t index, std::size_t length,
                          const Span& span);
/// Resolves slice bounds (negative from the end, clamped like Python).
std::pair<std::size_t, std::size_t> resolve_slice(const IndexArg& arg, std::size_t length);

/// `a..b step s` as a lazy sequence of ints or floats.
class RangeValue : public Object, public Sequence {
 public:
  RangeValue(double start, double step, std::size_t count, bool integral)
      : start_(start), step_(step), count_(count), integral_(integral) {}

  std::string type_name() const override { return "range"; }
  std::string repr() const override;
  std::optional<Value> field(std::string_view name) const override;
  std::vector<std::string> field_names() const override;
  bool equals(const Object& other) const override;
  std::size_t length() const override { return count_; }
  Value at(std::size_t i) const override;

 private:
  double start_, step_;
  std::size_t count_;
  bool integral_;
};

}  // namespace ael::eval
