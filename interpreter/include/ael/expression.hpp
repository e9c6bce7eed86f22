// ael/expression.hpp — symbolic expressions as first-class values (part of the SDK).
//
// An Expression is a compact postfix program (Operon-style): a flat array of small plain
// nodes, each an opcode, its arity, and a constant value or a variable index. A subtree is
// an index range: the subtree rooted at postfix position i is [i + 1 - nodes[i].size, i].
// Expressions are immutable values with named input variables; they evaluate vectorised
// over whole data sets, print as AEL infix (with minimal parentheses), LaTeX, C and Lua,
// simplify, and give constant-parameter Jacobians for local optimisation.
//
// The protected primitives (div, exp, log, sqrt, pow) never produce inf or NaN, whatever
// their inputs (NaN and inf included). The others follow IEEE arithmetic, so an overflow
// in add/mul/square/cube can give inf; fitness functions treat that as the worst error.
// The rules are in docs/expressions.md and `ExprOpInfo::rule`; the exported C and Lua
// code reproduces them exactly.
//
//   ael::ExpressionBuilder b({"x0", "x1"});
//   b.variable(0).variable(1).op(ael::ExprOp::Mul).variable(0).op(ael::ExprOp::Sin)
//    .op(ael::ExprOp::Add);
//   ael::Expression e = b.build();          // x0 * x1 + sin(x0)
//   Eigen::VectorXd y = e.evaluate(X);      // X: features x rows
//   std::string c = ael::to_c_function(e, "f");
#pragma once

#include "ael/export.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "ael/eigen.hpp"

namespace ael {

// ------------------------------------------------------------------------- primitives

/// The fixed primitive set. Constant and Variable are the terminals.
enum class ExprOp : std::uint8_t {
  Constant,
  Variable,
  Add,
  Sub,
  Mul,
  Div,  ///< protected
  Neg,
  Sin,
  Cos,
  Tan,
  Exp,   ///< protected (clamped)
  Log,   ///< protected
  Sqrt,  ///< protected
  Square,
  Cube,
  Tanh,
  Abs,
  Pow,  ///< protected
  Max,
  Min,
  Sigmoid,
};
inline constexpr int kExprOpCount = 21;

struct AEL_API ExprOpInfo {
  ExprOp op;
  const char* name;  ///< AEL name: "add", "sin", ... (the function-call spelling)
  int arity;         ///< 0 for terminals
  bool commutative;
  const char* rule;  ///< one line: what the primitive computes, protection included
};

/// Facts about an opcode.
AEL_API const ExprOpInfo& expr_op_info(ExprOp op);
/// The opcode named `name` ("add", "sin", "pow", ...); std::nullopt when unknown.
/// Terminals ("constant", "variable") are not names of primitives.
AEL_API std::optional<ExprOp> expr_op_from_name(std::string_view name);
/// Every non-terminal opcode, in enum order.
AEL_API const std::vector<ExprOp>& expr_primitives();

// ------------------------------------------------------------------------------ nodes

/// One postfix node (16 bytes). `size` is maintained by Expression and expr_update_sizes.
struct AEL_API ExprNode {
  ExprOp op = ExprOp::Constant;
  std::uint8_t arity = 0;
  std::uint16_t variable = 0;  ///< Variable: input index
  std::uint32_t size = 1;      ///< nodes in the subtree rooted here, itself included
  double value = 0.0;          ///< Constant: its value

  static ExprNode constant(double value);
  static ExprNode var(int index);
  static ExprNode primitive(ExprOp op);  ///< arity from the op table

  bool is_terminal() const { return arity == 0; }
  bool operator==(const ExprNode& other) const;
  bool operator!=(const ExprNode& other) const { return !(*this == other); }
};

/// Recomputes every node's `size` of a postfix program and checks it is well formed
/// (arities match the op table, exactly one root). Throws ael::Error when it is not.
AEL_API void expr_update_sizes(std::vector<ExprNode>& nodes);
/// Height of a postfix program: a lone terminal has depth 0 (DEAP's convention).
AEL_API int expr_depth(const ExprNode* nodes, std::size_t count);
/// Depth of each node below the root (root 0), in postfix order.
AEL_API std::vector<int> expr_node_depths(const ExprNode* nodes, std::size_t count);
/// Hash of a postfix program (structure and constants).
AEL_API std::size_t expr_hash(const ExprNode* nodes, std::size_t count);

/// A non-owning view of a postfix program, for batch APIs (no copies of GP individuals).
struct AEL_API ExprProgram {
  const ExprNode* nodes = nullptr;
  std::size_t size = 0;
};

// ------------------------------------------------------------------------- Expression

class AEL_API Expression {
 public:
  /// The constant 0 over no variables.
  Expression();
  /// A postfix program over `variables`. Validates it (arities, one root, variable
  /// indices, finite constants) and fills the subtree sizes; throws ael::Error.
  Expression(std::vector<ExprNode> postfix, std::vector<std::string> variables);
  Expression(std::vector<ExprNode> postfix,
             std::shared_ptr<const std::vector<std::string>> variables);

  static Expression constant(double value, std::vector<std::string> variables = {});
  static Expression variable(int index, std::vector<std::string> variables);

  const std::vector<ExprNode>& nodes() const { return nodes_; }
  ExprProgram program() const { return {nodes_.data(), nodes_.size()}; }
  const std::vector<std::string>& variables() const { return *variables_; }
  const std::shared_ptr<const std::vector<std::string>>& shared_variables() const {
    return variables_;
  }

  /// Node count: the complexity measure used for parsimony and Pareto fronts.
  std::size_t size() const { return nodes_.size(); }
  std::size_t complexity() const { return nodes_.size(); }
  /// Height; a lone terminal has depth 0.
  int depth() const;
  /// Postfix index of the root (size() - 1).
  std::size_t root() const { return nodes_.size() - 1; }
  /// First postfix index of the subtree rooted at `index`.
  std::size_t subtree_begin(std::size_t index) const;
  /// Postfix indices of the children of `index`, left to right.
  std::vector<std::size_t> children(std::size_t index) const;
  /// The subtree rooted at `index` as an expression over the same variables.
  Expression subtree(std::size_t index) const;

  /// Constants in postfix order (the parameters of constant optimisation).
  std::vector<double> constants() const;
  std::size_t constant_count() const;
  /// A copy with its constants replaced (in postfix order); throws on a count mismatch
  /// or a non-finite value.
  Expression with_constants(const std::vector<double>& values) const;
  /// A copy over other variable names (same count or more).
  Expression with_variables(std::vector<std::string> variables) const;

  /// Vectorised evaluation; X is features x rows (the runtime's layout), the result has
  /// one value per row. Uses the process-wide thread pool for large X.
  Eigen::VectorXd evaluate(const Eigen::Ref<const Eigen::MatrixXd>& X) const;
  Eigen::VectorXf evaluate(const Eigen::Ref<const Eigen::MatrixXf>& X) const;
  /// One row (x has one value per variable). Same arithmetic as the vectorised path.
  double evaluate_row(const double* x) const;

  /// AEL infix (see to_infix).
  std::string str() const;

  bool operator==(const Expression& other) const;
  bool operator!=(const Expression& other) const { return !(*this == other); }
  std::size_t hash() const;

 private:
  std::vector<ExprNode> nodes_;
  std::shared_ptr<const std::vector<std::string>> variables_;
};

/// Builds an expression in postfix order: push terminals, then apply operators to the
/// top of the stack. This is how a parse tree is turned into an Expression.
class AEL_API ExpressionBuilder {
 public:
  explicit ExpressionBuilder(std::vector<std::string> variables);

  ExpressionBuilder& constant(double value);           ///< throws on a non-finite value
  ExpressionBuilder& variable(int index);              ///< throws on a bad index
  ExpressionBuilder& variable(std::string_view name);  ///< throws on an unknown name
  /// Applies `op` to the top arity(op) entries; throws when there are too few.
  ExpressionBuilder& op(ExprOp op);
  /// `op` by AEL name ("sin", "add"...); throws on an unknown name.
  ExpressionBuilder& op(std::string_view name);
  /// Pushes a whole expression (its variables are matched by name).
  ExpressionBuilder& push(const Expression& expression);

  /// Entries on the stack (1 when the expression is complete).
  std::size_t depth() const { return stack_sizes_.size(); }
  /// The finished expression; throws unless exactly one entry is on the stack.
  Expression build() const;

 private:
  std::vector<std::string> variables_;
  std::vector<ExprNode> nodes_;
  std::vector<std::size_t> stack_sizes_;  // sizes of the subtrees on the stack
};

// ------------------------------------------------------------- printing and export

/// AEL infix with minimal parentheses: `x0 * x1 + sin(x0)`, `x ^ 2`, `-(a + b)`.
/// Precedence (low to high): + -, * /, unary -, ^ (right-associative); functions use
/// their AEL names (div, max, min and pow print as / max() min() ^). Parsing the text
/// back with AEL's parser gives the same tree.
AEL_API std::string to_infix(const Expression& expression);
/// LaTeX math (no surrounding $): \frac, \sqrt, ^{...}, \left| \right|, \sin, ...
AEL_API std::string to_latex(const Expression& expression);
/// A self-contained C function `double name(double v0, double v1, ...)` (parameters
/// named after the variables, made into valid C identifiers) plus the static helper
/// functions that reproduce the protected primitives exactly. Needs <math.h> only.
AEL_API std::string to_c_function(const Expression& expression, const std::string& name);
/// A C file with several functions sharing one copy of the helpers.
AEL_API std::string to_c_file(const std::vector<Expression>& expressions,
                              const std::vector<std::string>& names);
/// A Lua chunk that returns the function (`local f = load(code)()`), with local helpers
/// reproducing the protected primitives.
AEL_API std::string to_lua_function(const Expression& expression);
/// Shortest decimal text that reads back as the same double ("0.1", "2", "-1.5e-10").
AEL_API std::string format_constant(double value);

// ------------------------------------------------------------------ simplification

/// Algebraic simplification to a fixed point: constant folding (with the protected
/// semantics), x+0, x-0, 0-x, x*1, x*0, x/1, x/x, x-x, --x, x*x -> square(x),
/// x+x -> 2*x, constants gathered in + and * chains, abs/square of a negation, pow with
/// exponent 0, 1, 2, 3, ... (see docs/expressions.md). Assumes finite intermediate values
/// (x*0 -> 0 even where x would overflow).
AEL_API Expression simplify(const Expression& expression);

// ----------------------------------------------------------------- vectorised evaluation

/// Inputs prepared for vectorised evaluation: each feature's rows contiguous and padded
/// to whole row batches. Build it once per data set (a transpose of X).
template <class T>
class AEL_API ExprData {
 public:
  using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  /// X: features x rows (column-major, the runtime's layout).
  explicit ExprData(const Eigen::Ref<const Matrix>& X);

  Eigen::Index rows() const { return rows_; }
  Eigen::Index features() const { return storage_.cols(); }
  /// Rows rounded up to a whole number of batches (padding rows hold 0).
  Eigen::Index padded_rows() const { return storage_.rows(); }
  /// The padded_rows() values of feature f.
  const T* feature(Eigen::Index f) const { return storage_.col(f).data(); }

 private:
  Eigen::Index rows_ = 0;
  Matrix storage_;  // padded_rows x features
};

/// Rows per batch: the evaluator walks the whole program over one batch of rows held in
/// a per-thread scratch buffer, then moves to the next batch.
template <class T>
constexpr Eigen::Index expr_batch_rows() {
  return sizeof(T) == 8 ? 128 : 256;
}

/// Runs expression programs over prepared data, in parallel. Owns the per-thread scratch
/// buffers and, when `threads` > 0, a private thread pool of that size (0: the
/// process-wide pool). Results never depend on the thread count: each program (or row
/// batch) is computed by one thread in a fixed order. Not thread-safe itself.
class AEL_API ExprEvaluator {
 public:
  explicit ExprEvaluator(unsigned threads = 0);
  ~ExprEvaluator();
  ExprEvaluator(const ExprEvaluator&) = delete;
  ExprEvaluator& operator=(const ExprEvaluator&) = delete;

  /// Threads that do work (the caller included).
  unsigned threads() const;

  /// Values of one program for every row, parallel over row batches. `out` has rows().
  template <class T>
  void evaluate(ExprProgram program, const ExprData<T>& data, T* out);

  /// Mean squared error against y (rows() values) of every program, parallel over
  /// programs; a non-finite MSE becomes +inf. Returns the node-rows evaluated
  /// (sum of program sizes x rows).
  template <class T>
  std::uint64_t mean_squared_errors(const std::vector<ExprProgram>& programs,
                                    const ExprData<T>& data, const T* y, double* mse_out);

  /// The same with linear scaling (Keijzer 2003): the MSE of intercept + slope * f
  /// with the least-squares intercept and slope of each program f, written to
  /// `intercept_out` and `slope_out` (slope 0 when f is constant). Computed in two
  /// passes over stored predictions (centred sums, no cancellation).
  template <class T>
  std::uint64_t scaled_mean_squared_errors(const std::vector<ExprProgram>& programs,
                                           const ExprData<T>& data, const T* y, double* mse_out,
                                           double* intercept_out, double* slope_out);

  /// Runs fn(index, worker) for index in [0, n) on this evaluator's threads; worker is
  /// in [0, threads()). For engine work that should scale the same way (e.g. constant
  /// optimisation of several individuals).
  void parallel_for(std::size_t n, const std::function<void(std::size_t, unsigned)>& fn);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ------------------------------------------------ constant gradients and optimisation

/// Values and the Jacobian d value / d constant_k for every row (forward mode over the
/// postfix program; protected branches have zero derivative). `jacobian` is resized to
/// rows x constant_count(), constants in postfix order.
AEL_API void evaluate_with_jacobian(const Expression& expression, const ExprData<double>& data,
                                    Eigen::VectorXd& values, Eigen::MatrixXd& jacobian);

struct AEL_API ConstantFitResult {
  Expression expression;  ///< with the fitted constants
  double mse_before = 0;
  double mse_after = 0;
  int iterations = 0;  ///< accepted Levenberg–Marquardt steps
};

/// A few Levenberg–Marquardt steps on the constants of `expression` minimising the MSE
/// against y (rows values). Never returns a worse expression than the input.
AEL_API ConstantFitResult optimize_constants(const Expression& expression,
                                             const ExprData<double>& data, const double* y,
                                             int max_iterations = 5);

}  // namespace ael

namespace std {
template <>
struct hash<ael::Expression> {
  std::size_t operator()(const ael::Expression& e) const { return e.hash(); }
};
}  // namespace std
