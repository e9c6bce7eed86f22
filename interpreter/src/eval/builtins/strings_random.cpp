// String builtins and script-level randomness.
//
// Random functions draw from the calling task's stream (ExecContext::next_rng): derived from
// the run's seed (`ael run --seed N`), so a script gives the same numbers every run, and a
// parallel comprehension gives the same numbers whatever the thread count.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

#include "ael/closest_name.hpp"
#include "eval/builtins/builtins.hpp"
#include "eval/evaluator.hpp"

namespace ael::eval {

void register_string_builtins(BuiltinTable& t) {
  t.add(
      "split", sig({"text", {"separator", Value()}}),
      [](Args& a) {
        const std::string& s = a.string(0);
        List out;
        if (a[1].is_none()) {  // split on runs of whitespace
          std::size_t i = 0;
          while (i < s.size()) {
            while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
            std::size_t j = i;
            while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
            if (j > i) out.push_back(s.substr(i, j - i));
            i = j;
          }
          return Value(std::move(out));
        }
        const std::string& sep = a.string(1);
        if (sep.empty()) a.fail(1, "split() separator cannot be empty");
        std::size_t start = 0;
        for (;;) {
          const std::size_t at = s.find(sep, start);
          out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
          if (at == std::string::npos) break;
          start = at + sep.size();
        }
        return Value(std::move(out));
      },
      "Splits text at a separator (default: runs of whitespace).");

  t.add(
      "join", sig({"items", {"separator", ""}}),
      [](Args& a) {
        std::string out;
        bool first = true;
        for (const Value& v : iterate(context_of(a), a[0], Span{})) {
          if (!first) out += a.string(1);
          first = false;
          out += v.str();
        }
        return Value(out);
      },
      "Joins the items' text with a separator.");

  t.add(
      "upper", sig({"text"}),
      [](Args& a) {
        std::string s = a.string(0);
        for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return Value(s);
      },
      "Upper-case copy.");
  t.add(
      "lower", sig({"text"}),
      [](Args& a) {
        std::string s = a.string(0);
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return Value(s);
      },
      "Lower-case copy.");
  t.add(
      "strip", sig({"text"}),
      [](Args& a) {
        const std::string& s = a.string(0);
        const auto b = s.find_first_not_of(" \t\r\n");
        if (b == std::string::npos) return Value(std::string());
        const auto e = s.find_last_not_of(" \t\r\n");
        return Value(s.substr(b, e - b + 1));
      },
      "Copy without leading and trailing whitespace.");
  t.add(
      "starts_with", sig({"text", "prefix"}),
      [](Args& a) { return Value(a.string(0).rfind(a.string(1), 0) == 0); },
      "True when text starts with prefix.");
  t.add(
      "ends_with", sig({"text", "suffix"}),
      [](Args& a) {
        const std::string& s = a.string(0);
        const std::string& x = a.string(1);
        return Value(s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0);
      },
      "True when text ends with suffix.");
  t.add(
      "replace", sig({"text", "old", "new"}),
      [](Args& a) {
        std::string s = a.string(0);
        const std::string& from = a.string(1);
        const std::string& to = a.string(2);
        if (from.empty()) a.fail(1, "replace() cannot replace an empty string");
        for (std::size_t at = s.find(from); at != std::string::npos;
             at = s.find(from, at + to.size())) {
          s.replace(at, from.size(), to);
        }
        return Value(s);
      },
      "Copy with every occurrence of old replaced by new.");
}

namespace {

// Random search points: the largest list a script may ask for (each point is a record).
constexpr std::int64_t kMaxRandomPoints = 10'000'000;

// [lo, hi] of a distribution record such as {log_uniform: [1e-4, 1e-1]}.
std::pair<double, double> bounds_of(const Args& a, const std::string& setting,
                                    const std::string& kind, const Value& v) {
  const auto fail = [&](const std::string& why) {
    a.fail(0, "random_points(): '" + setting + "': " + kind + " takes [lo, hi], " + why);
  };
  if (!v.is_list() || v.as_list().size() != 2) fail("a list of two numbers");
  const Value &lo = v.as_list()[0], &hi = v.as_list()[1];
  if (!lo.is_number() || !hi.is_number()) fail("a list of two numbers");
  const double l = lo.as_number(), h = hi.as_number();
  if (!std::isfinite(l) || !std::isfinite(h) || l > h) fail("finite with lo <= hi");
  if (kind == "log_uniform" && l <= 0) fail("both above 0");
  if (kind == "int" && (l != std::floor(l) || h != std::floor(h))) fail("both integers");
  return {l, h};
}

// One setting's value for a point, drawn from `rng`.
Value draw_setting(const Args& a, const std::string& setting, const Value& spec, Rng& rng) {
  if (spec.is_list()) {
    const List& items = spec.as_list();
    if (items.empty()) a.fail(0, "random_points(): '" + setting + "' has no values to choose");
    return items[rng.below(items.size())];
  }
  if (!spec.is_record()) return spec;  // a constant
  const Record& r = spec.as_record();
  if (r.fields().size() != 1) {
    a.fail(0, "random_points(): '" + setting +
                  "' is a list of choices, a constant, or one of {uniform: [lo, hi]}, "
                  "{log_uniform: [lo, hi]}, {int: [lo, hi]}");
  }
  const auto& [kind, value] = r.fields()[0];
  if (kind != "uniform" && kind != "log_uniform" && kind != "int") {
    a.fail(0, "random_points(): '" + setting + "': unknown distribution '" + kind +
                  "' (uniform, log_uniform, int)" +
                  did_you_mean(kind, {"uniform", "log_uniform", "int"}));
  }
  const auto [lo, hi] = bounds_of(a, setting, kind, value);
  if (kind == "int") {
    return Value(rng.integer(static_cast<std::int64_t>(lo), static_cast<std::int64_t>(hi)));
  }
  if (kind == "log_uniform") return Value(std::exp(rng.uniform(std::log(lo), std::log(hi))));
  return Value(rng.uniform(lo, hi));
}

}  // namespace

void register_random_builtins(BuiltinTable& t) {
  t.add(
      "random_points", sig({"space", "n", {"seed", Value()}}),
      [](Args& a) {
        const Record& space = a.record(0);
        const std::int64_t n = a.integer(1);
        if (n < 0 || n > kMaxRandomPoints) {
          a.fail(1, "random_points(): n must be in [0, " + std::to_string(kMaxRandomPoints) +
                        "], got " + std::to_string(n));
        }
        const std::uint64_t seed = a.is_none(2) ? context_of(a).next_rng().next_u64()
                                                : static_cast<std::uint64_t>(a.integer(2));
        List points;
        points.reserve(static_cast<std::size_t>(n));
        for (std::int64_t i = 0; i < n; ++i) {
          // Point i has its own stream: asking for more points keeps the first ones.
          Rng rng = Rng::stream(seed, {0x5eed5, static_cast<std::uint64_t>(i)});
          Record point;
          for (const auto& [setting, spec] : space.fields())
            point.set(setting, draw_setting(a, setting, spec, rng));
          points.push_back(Value(std::move(point)));
        }
        return Value(std::move(points));
      },
      "n random settings for a sweep (random search): each setting of `space` is a list "
      "(one item, uniformly), {uniform: [lo, hi]}, {log_uniform: [lo, hi]}, {int: [lo, hi]} "
      "or a constant. Seeded; point i depends only on the seed and i.");
  t.add(
      "random", sig({}), [](Args& a) { return Value(context_of(a).next_rng().uniform()); },
      "Uniform in [0, 1), from the run's seeded stream.");
  t.add(
      "random_int", sig({"lo", "hi"}),
      [](Args& a) {
        const std::int64_t lo = a.integer(0), hi = a.integer(1);
        if (lo > hi) a.fail(0, "random_int(): lo is greater than hi");
        return Value(context_of(a).next_rng().integer(lo, hi));
      },
      "Uniform integer in [lo, hi], both included.");
  t.add(
      "random_normal", sig({{"mean", 0.0}, {"std", 1.0}}),
      [](Args& a) { return Value(context_of(a).next_rng().normal(a.number(0), a.number(1))); },
      "Normally distributed number.");
  // shuffle() (lists and datasets) is in bindings/data_builtins.cpp.
  t.add(
      "choice", sig({"items"}),
      [](Args& a) {
        std::vector<Value> xs = iterate(context_of(a), a[0], Span{});
        if (xs.empty()) a.fail(0, "choice() from an empty list");
        return xs[context_of(a).next_rng().below(xs.size())];
      },
      "One item chosen uniformly.");
}

}  // namespace ael::eval
