// Seeded random orders for datasets.
//
// Every random draw in the data layer comes from ael::Rng::stream(seed, {stream_key(what),
// ...}), so the same seed gives the same numbers on every platform and thread count, and
// different operations with the same seed use unrelated streams.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ael/random.hpp"

namespace ael::data {

/// A stable 64-bit key for a stream name (FNV-1a of the text).
constexpr std::uint64_t stream_key(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// A uniformly random permutation of 0..n-1 (Fisher-Yates with Rng::below; std::shuffle is
/// not used because its algorithm differs between standard libraries).
std::vector<Eigen::Index> random_permutation(Eigen::Index n, Rng& rng);

}  // namespace ael::data
