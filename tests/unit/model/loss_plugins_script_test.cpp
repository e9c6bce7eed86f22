// Loss plugins and execute() used from scripts: the functions resolve, trace into the
// model's graph, train, and report bad options at their span.
#include <gtest/gtest.h>

#include "../eval/eval_helpers.hpp"

namespace ael::test {
namespace {

const char* kVae = R"(
model VAE(x: 3, latent = 2) {
  h = x |> dense(16) |> sigmoid
  mu = dense(h, latent)
  logvar = dense(h, latent)
  z = mu + exp(0.5 * logvar) * noise_like(mu)
  out = z |> dense(16) |> relu |> dense(3)
}
let cube = cube_surface(n: 1000, seed: 1)
)";

TEST(LossPluginsInScripts, KlMmdPushAndContractiveTrain) {
  Session s;
  s.run(std::string(kVae) + R"(
let v = train VAE on cube {
  loss = mse(out, x) + 0.1 * kl_normal(mu, logvar) + mmd(z, normal(2), bandwidth: "median") +
         push(h, alpha: 0.01) + 0.01 * contractive(h, h.W)
  optimizer = adam(lr: 1e-3); epochs = 3; batch = 100; seed = 1
}
)");
  EXPECT_EQ(
      s.eval("v.history.names").repr(),
      R"(["step", "epoch", "seconds", "loss", "loss_mse", "loss_kl_normal", "loss_mmd", "loss_push", "loss_contractive"])");
  EXPECT_LT(s.eval("v.history[2].loss").as_number(), s.eval("v.history[0].loss").as_number());
}

TEST(LossPluginsInScripts, MmdBetweenTwoEndpointsAndAUniformPrior) {
  Session s;
  s.run(std::string(kVae) + R"(
let v = train VAE on cube {
  loss = mse(out, x) + mmd(z, mu) + mmd(mu, uniform(2, lo: -2, hi: 2))
  epochs = 1; seed = 1
}
)");
  EXPECT_GT(s.eval("v.loss").as_number(), 0);
}

TEST(LossPluginsInScripts, BadOptionsAndPriorsAreLocated) {
  Session s;
  Diagnostic d = s.error(
      std::string(kVae) +
      "let v = train VAE on cube { loss = mmd(z, normal(2), kernal: \"imq\"); epochs = 1 }\n");
  EXPECT_NE(d.message.find("kernal"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("kernel"), std::string::npos) << d.message;
  EXPECT_EQ(d.location.line, 10u);
  d = s.error(std::string(kVae) +
              "let v = train VAE on cube { loss = mmd(z, normal(5)); epochs = 1 }\n");
  EXPECT_NE(d.message.find("5"), std::string::npos) << d.message;
}

TEST(JacobianPenaltyInScripts, EqualsTheSigmoidClosedFormOfTheContractivePlugin) {
  Session s;
  s.run(std::string(kVae) + R"(
let v = train VAE on cube {
  loss = mse(out, x)
  metrics = {general: jacobian_penalty(h, x), plugin: contractive(h, h.W)}
  epochs = 2; batch = 100; seed = 1
}
)");
  const double general = s.eval("v.history[1].general").as_number();
  EXPECT_GT(general, 0);
  EXPECT_NEAR(general, s.eval("v.history[1].plugin").as_number(), 1e-5 * general);  // f32
}

TEST(JacobianPenaltyInScripts, ContractsADeepEncoder) {
  Session s;
  s.run(R"(
model Deep(x: 3) {
  code = x |> dense(16) |> tanh |> dense(16) |> softplus |> dense(2) |> tanh
  out = code |> dense(16) |> tanh |> dense(3)
}
let cube = cube_surface(n: 600, seed: 2)
fn fit(weight) = train Deep on cube {
  loss = mse(out, x) + weight * jacobian_penalty(code, x)
  metrics = {jac: jacobian_penalty(code, x)}
  optimizer = adam(lr: 3e-3); epochs = 20; batch = 50; seed = 3
}
let free = fit(0)
let contracted = fit(1)
)");
  const double free = s.eval("free.history[19].jac").as_number();
  const double contracted = s.eval("contracted.history[19].jac").as_number();
  EXPECT_LT(contracted, 0.5 * free) << free << " vs " << contracted;
}

TEST(JacobianPenaltyInScripts, ErrorsAreLocatedAtTheCall) {
  Session s;
  Diagnostic d =
      s.error(std::string(kVae) +
              "let v = train VAE on cube { loss = jacobian_penalty(x, out); epochs = 1 }\n");
  EXPECT_NE(d.message.find("must be computed from x"), std::string::npos) << d.message;
  EXPECT_EQ(d.location.line, 10u);
  d = s.error("model K(x: 3) { out = x |> dense(4) |> top_k(5) }\ninit(K)");
  EXPECT_NE(d.message.find("k must be between 1 and"), std::string::npos) << d.message;
  EXPECT_EQ(d.location.line, 1u);
}

TEST(TopKInScripts, KSparseAutoencoderKeepsKActiveCodes) {
  Session s;
  s.run(R"(
model KSparse(x: 3) {
  code = x |> dense(12) |> top_k(3)
  out = dense(code, 3)
}
let cube = cube_surface(n: 400, seed: 4)
let m = train KSparse on cube { loss = mse(out, x); epochs = 5; seed = 1 }
let codes = encode(m, cube, endpoint: "code")
)");
  EXPECT_LT(s.eval("m.history[4].loss").as_number(), s.eval("m.history[0].loss").as_number());
  EXPECT_EQ(s.eval("len([c for c in values(codes[0]) if c != 0])").as_number(), 3);
}

TEST(Execute, SkeletonWithPerSampleParametersMatchesApply) {
  Session s;
  s.run(R"(
model Lin(x: 2) {
  code = dense(x, 1)
  out = dense(code, 2)
}
model Runner(x: 2, p: 7) {
  out = execute(Lin, x, p)
}
let m = init(Lin, seed: 5)
let r = init(Runner, seed: 0)
let pts = points_on_line(slope: 2, n: 6, seed: 1)
let rows = from_rows([params(m) for i in 0..6])
let direct = apply(m, pts)
let executed = apply(r, {x: pts, p: rows})
let err = mse(direct, executed)
)");
  EXPECT_LT(s.eval("err").as_number(), 1e-10);
  Diagnostic d = s.error("model R2(x: 2, p: 5) { out = execute(Lin, x, p) }\ninit(R2)");
  EXPECT_NE(d.message.find("fewer than this model's parameters"), std::string::npos) << d.message;
}

}  // namespace
}  // namespace ael::test
