// Script functions that make schedules: anneal, cosine, cyclical, decay, piecewise.
#include "eval/builtins/builtins.hpp"
#include "train/schedule.hpp"

namespace ael::eval {
namespace {

using train::Schedule;

// Every schedule is measured in either `epochs:` or `steps:` (exactly one of them).
void set_length(const Args& a, std::size_t epochs_slot, std::size_t steps_slot,
                Schedule::Config& c) {
  const bool epochs = !a.is_none(epochs_slot), steps = !a.is_none(steps_slot);
  if (epochs == steps) a.fail(epochs ? steps_slot : epochs_slot, "give either epochs: or steps:");
  const std::size_t slot = epochs ? epochs_slot : steps_slot;
  c.unit = epochs ? Schedule::Unit::Epoch : Schedule::Unit::Step;
  c.length = a.number(slot);
  if (c.length <= 0) a.fail(slot, "the length of a schedule must be positive");
}

Value make(Schedule::Config c) { return Value(std::make_shared<Schedule>(std::move(c))); }

}  // namespace

void register_schedule_builtins(BuiltinTable& t) {
  t.add(
      "anneal",
      sig({{"from", 0.0}, {"to", 1.0}, {"epochs", Value()}, {"steps", Value()}, {"delay", 0.0}}),
      [](Args& a) {
        Schedule::Config c;
        c.kind = Schedule::Kind::Linear;
        c.from = a.number(0);
        c.to = a.number(1);
        set_length(a, 2, 3, c);
        c.delay = a.number(4);
        return make(c);
      },
      "Linear ramp from `from` to `to` over the given epochs or steps, then constant: "
      "beta_t = from + (to - from) * min(1, t / T).");
  t.add(
      "cosine", sig({"from", {"to", 0.0}, {"epochs", Value()}, {"steps", Value()}, {"delay", 0.0}}),
      [](Args& a) {
        Schedule::Config c;
        c.kind = Schedule::Kind::Cosine;
        c.from = a.number(0);
        c.to = a.number(1);
        set_length(a, 2, 3, c);
        c.delay = a.number(4);
        return make(c);
      },
      "Half-cosine decay from `from` to `to` (learning rates, annealed weights).");
  t.add(
      "cyclical",
      sig({{"from", 0.0}, {"to", 1.0}, {"epochs", Value()}, {"steps", Value()}, {"ramp", 0.5}}),
      [](Args& a) {
        Schedule::Config c;
        c.kind = Schedule::Kind::Cyclical;
        c.from = a.number(0);
        c.to = a.number(1);
        set_length(a, 2, 3, c);
        c.ramp = a.number(4);
        if (c.ramp <= 0 || c.ramp > 1) a.fail(4, "ramp must be in (0, 1]");
        return make(c);
      },
      "Repeating cycles: rise from `from` to `to` over the first `ramp` of each cycle of the "
      "given length, then hold (cyclical KL annealing).");
  t.add(
      "decay", sig({"from", "factor", {"epochs", Value()}, {"steps", Value()}}),
      [](Args& a) {
        Schedule::Config c;
        c.kind = Schedule::Kind::Exponential;
        c.from = a.number(0);
        c.factor = a.number(1);
        set_length(a, 2, 3, c);
        return make(c);
      },
      "Step decay: from * factor ^ floor(t / length).");
  t.add(
      "piecewise", sig({"values", "boundaries", {"unit", "epochs"}}),
      [](Args& a) {
        Schedule::Config c;
        c.kind = Schedule::Kind::Piecewise;
        for (const Value& v : a.list(0)) c.values.push_back(v.as_number());
        for (const Value& v : a.list(1)) c.boundaries.push_back(v.as_number());
        if (c.values.size() != c.boundaries.size() + 1) {
          a.fail(0, "piecewise() needs one more value than boundaries");
        }
        if (!std::is_sorted(c.boundaries.begin(), c.boundaries.end())) {
          a.fail(1, "boundaries must be increasing");
        }
        const std::string& unit = a.string(2);
        if (unit != "epochs" && unit != "steps") a.fail(2, "unit must be \"epochs\" or \"steps\"");
        c.unit = unit == "steps" ? Schedule::Unit::Step : Schedule::Unit::Epoch;
        c.from = c.values.front();
        return make(c);
      },
      "values[i] while t < boundaries[i], then the last value.");
  t.add(
      "schedule_value", sig({"schedule", {"step", 0}, {"epoch", 0}}),
      [](Args& a) { return Value(train::value_at(a[0], a.integer(1), a.integer(2))); },
      "The value of a schedule (or number) at a step and epoch.");
}

}  // namespace ael::eval
