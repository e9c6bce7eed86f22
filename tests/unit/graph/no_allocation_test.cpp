// After planning, training steps must not touch the heap. Every allocation function of
// this process is replaced by a counting version (operator new/delete, and malloc & co.,
// which Eigen calls directly), and whole training steps are run inside a counting window.
//
// Skipped under AddressSanitizer, which owns the allocator.
#include <gtest/gtest.h>

#include "util/sanitizer.hpp"

#ifndef AEL_ADDRESS_SANITIZER

#include <atomic>
#include <cstdlib>
#include <new>

#include "graph/jacobian_penalty.hpp"
#include "graph/layers.hpp"
#include "graph_test_util.hpp"
#include "train/sgd.hpp"
#include "train/trainer.hpp"

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};

void note() {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

// glibc's own entry points, so the replacements can forward to them.
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);

void* malloc(std::size_t n) {
  note();
  return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t size) {
  note();
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t n) {
  note();
  return __libc_realloc(p, n);
}
void* memalign(std::size_t align, std::size_t n) {
  note();
  return __libc_memalign(align, n);
}
void* aligned_alloc(std::size_t align, std::size_t n) {
  note();
  return __libc_memalign(align, n);
}
int posix_memalign(void** out, std::size_t align, std::size_t n) {
  note();
  *out = __libc_memalign(align, n);
  return *out ? 0 : ENOMEM;
}
void free(void* p) { __libc_free(p); }
}

void* operator new(std::size_t n) {
  note();
  if (void* p = __libc_malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, std::align_val_t a) {
  note();
  if (void* p = __libc_memalign(static_cast<std::size_t>(a), n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p) noexcept { __libc_free(p); }
void operator delete[](void* p) noexcept { __libc_free(p); }
void operator delete(void* p, std::size_t) noexcept { __libc_free(p); }
void operator delete[](void* p, std::size_t) noexcept { __libc_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { __libc_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { __libc_free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { __libc_free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { __libc_free(p); }

namespace ael::graph::testing {
namespace {

// Counts the heap allocations made by fn.
template <class F>
long allocations_in(F&& fn) {
  allocations = 0;
  counting = true;
  fn();
  counting = false;
  return allocations.load();
}

TEST(NoAllocation, TheCounterSeesAllocations) {
  EXPECT_GE(allocations_in([] { std::vector<int> v(100); }), 1);
  EXPECT_GE(allocations_in([] {
              Eigen::MatrixXf m(40, 40);
              m.setZero();
            }),
            1);
}

// Runs `steps` SGD steps over batches of `data` (bound in place, no copy) and returns the
// allocations made after a first warm-up step.
template <class S>
long steps_allocate(const GraphSpec& spec, NodeId loss, const Matrix<S>& data, Index batch,
                    int steps, RunContext run = {}) {
  Graph<S> g(spec, 1);
  g.set_batch(batch);
  const NodeId x = g.input_id("x");
  const Index n_batches = data.cols() / batch;
  auto step = [&](int k) {
    g.bind_input(x, data.data() + (k % n_batches) * batch * data.rows());
    run.step = static_cast<std::uint64_t>(k);
    g.forward(loss, run);
    g.backward(loss);
    g.params() -= S(0.01) * g.grads();
  };
  step(0);
  return allocations_in([&] {
    for (int k = 1; k <= steps; ++k) step(k);
  });
}

TEST(NoAllocation, TinyLinearAutoencoderSteps) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(2));
  const NodeId out = dense_layer(b, dense_layer(b, x, 1, "enc"), 2, "dec");
  const NodeId loss = b.add("mse", {out, x});
  const Eigen::MatrixXf data = Eigen::MatrixXf::Random(2, 1000);
  EXPECT_EQ(steps_allocate<float>(b.finish(), loss, data, 100, 2000), 0);
}

TEST(NoAllocation, ReluAutoencoderOnTheGemmPath) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(3));
  NodeId h = x;
  for (Index width : {64, 64, 6, 64, 64})
    h = b.add("relu", {dense_layer(b, h, width,
                                   "l" + std::to_string(width) + "_" + std::to_string(b.size()))});
  const NodeId loss = b.add("mse", {dense_layer(b, h, 3, "out"), x});
  const Eigen::MatrixXf data = Eigen::MatrixXf::Random(3, 256);
  EXPECT_EQ(steps_allocate<float>(b.finish(), loss, data, 64, 50), 0);
}

TEST(NoAllocation, LstmAndNoisyModels) {
  {
    GraphBuilder b;
    const Index L = 3, H = 3, C = 2;
    const NodeId x = b.input("x", Shape::batch(L * C));
    const LstmNodes enc = lstm_layer(b, x, C, H, "enc");
    const LstmNodes dec = lstm_layer(b, b.constant(Eigen::MatrixXd::Ones(L, 1)), 1, H, "dec",
                                     std::make_pair(enc.h, enc.c));
    const NodeId logits = time_distributed_dense(b, dec.all_h, L, C, "fc");
    const NodeId loss = b.add("cross_entropy", {logits, x}, {{"groups", std::int64_t{L}}});
    const Eigen::MatrixXd data = Eigen::MatrixXd::Random(L * C, 400);
    EXPECT_EQ(steps_allocate<double>(b.finish(), loss, data, 40, 100), 0);
  }
  {
    GraphBuilder b;
    const NodeId x = b.input("x", Shape::batch(3));
    const NodeId mu = dense_layer(b, x, 2, "mu");
    const NodeId z = b.add("add", {mu, b.add("noise_like", {mu})});
    const NodeId out = b.add("softmax", {dense_layer(b, z, 3, "dec")});
    const NodeId loss = b.add("add", {b.add("bce", {out, b.add("sigmoid", {x})}),
                                      b.add("l2", {b.add("mean", {z}, {{"axis", "batch"}})})});
    const Eigen::MatrixXf data = Eigen::MatrixXf::Random(3, 300);
    EXPECT_EQ(steps_allocate<float>(b.finish(), loss, data, 30, 100, {true, 5, 0}), 0);
  }
}

TEST(NoAllocation, TopKAndTheForwardModeJacobianPenalty) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(3));
  const NodeId h = b.add("tanh", {dense_layer(b, x, 8, "l1")});
  const NodeId code = b.add("top_k", {dense_layer(b, h, 6, "l2")}, {{"k", std::int64_t{2}}});
  const NodeId out = dense_layer(b, code, 3, "dec");
  const NodeId loss = b.add("add", {b.add("mse", {out, x}), add_jacobian_penalty(b, code, x)});
  const Eigen::MatrixXf data = Eigen::MatrixXf::Random(3, 400);
  EXPECT_EQ(steps_allocate<float>(b.finish(), loss, data, 40, 100), 0);
}

// The trainer's own loop (batch feeding, shuffled order, optimizer step, loss-term
// bookkeeping): more steps within one epoch must not mean more allocations.
long training_allocates(std::int64_t steps) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(3));
  const NodeId mse =
      b.add("mse", {dense_layer(b, b.add("tanh", {dense_layer(b, x, 8, "e")}), 3, "d"), x});
  const NodeId loss = b.add("add", {mse, b.add("l2", {x})});
  b.endpoint("recon", mse);
  b.endpoint("loss", loss);
  train::TrainSetup setup;
  setup.model_name = "M";
  setup.spec = b.finish();
  setup.terms = {"recon"};
  setup.inputs = {Eigen::MatrixXd::Random(3, 64 * 100)};
  setup.budget.epochs = 1;
  setup.budget.steps = steps;
  setup.batch = 64;
  setup.seed = 1;
  setup.progress = false;
  setup.gradient = train::make_sgd(train::sgd_manifest().options.defaults("sgd"));
  const long count = allocations_in([&] { train::run_training(setup); });
  EXPECT_EQ(setup.gradient->steps(), steps);  // the budget really changed the work done
  return count;
}

TEST(NoAllocation, TrainerStepsWithinAnEpoch) {
  const long ten = training_allocates(10), sixty = training_allocates(60);
  EXPECT_GT(ten, 0);  // compiling the graph allocates: the window sees the whole run
  EXPECT_EQ(sixty, ten) << "the trainer allocates per step";
}

TEST(NoAllocation, SmallerBatchesAndCopiedInputsReuseTheArena) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(4));
  const NodeId loss = b.add("mse", {b.add("tanh", {dense_layer(b, x, 4, "l")}), x});
  Graph<float> g(b.finish());
  g.set_batch(64);
  const Eigen::MatrixXf big = Eigen::MatrixXf::Random(4, 64),
                        small = Eigen::MatrixXf::Random(4, 10);
  g.set_input(x, big);
  g.forward(loss);
  g.backward(loss);
  EXPECT_EQ(allocations_in([&] {
              g.set_batch(10);
              g.set_input(x, small);
              g.forward(loss);
              g.backward(loss);
              g.set_batch(64);
              g.set_input(x, big);
              g.forward(loss);
              g.backward(loss);
            }),
            0);
}

}  // namespace
}  // namespace ael::graph::testing

#endif  // AEL_ADDRESS_SANITIZER
