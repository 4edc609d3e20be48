// File: dpsi/posterior/brute_force_inverter.h
// Inverting f_{n,m} (spec G.1) by exhaustive search, the baseline that every inverter of Appendix B
// is measured against: given a target image b* (in dpsi scaling, b* = f(s*) for a random s*), try
// the seeds in the fixed cyclic order  offset, offset + 1, ..., 2^n - 1, 0, ..., offset - 1  (seed
// indices of OneWayFunction::seed_of_index) and return the first preimage met, with the number of
// f-evaluations that order needs to reach it (its position + 1).
//
// Determinism: the threads split the order into consecutive blocks and scan them in increasing
// order, stopping once a preimage earlier in the order is known; the answer is the earliest
// preimage found, which is the first preimage of the order, and `evaluations` is its position + 1 in
// that order. Both are therefore independent of the thread count (only the wasted work past the
// first preimage, `work`, depends on it). With a uniform offset and k preimages at gaps g_1..g_k
// (sum 2^n), the count has mean sum_j g_j (g_j + 1) / 2^{n+1}, i.e. about 2^n / (k + 1).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace dpsi::posterior {

struct InversionResult {
  bool found = false;             // false only if b* has no preimage (all 2^n seeds tried)
  std::uint64_t preimage = 0;     // seed index of the first preimage in the order
  std::uint64_t evaluations = 0;  // position of the preimage in the order + 1 (2^n if not found)
  std::uint64_t work = 0;         // evaluations actually done by all threads (>= evaluations if found)
};

// n in 1..40 (so 2^n fits and the search is meaningful), m in 1..64, offset < 2^n, target < 2^m,
// threads >= 1; throws std::invalid_argument otherwise.
InversionResult brute_force_invert(int n, int m, std::uint64_t target, std::uint64_t offset, int threads);

// The exact expected evaluation count of brute_force_invert over a uniform offset, given the sorted
// seed indices of all preimages of the target (nonempty): sum_j g_j (g_j + 1) / 2 / 2^n with the
// cyclic gaps g_j; and E[count^2] likewise (sum_j g_j (g_j + 1)(2 g_j + 1) / 6 / 2^n).
struct InversionMoments {
  double mean = 0;
  double second_moment = 0;
};
InversionMoments brute_force_moments(int n, const std::vector<std::uint64_t>& sorted_preimages);

// Raw rate of ImageEvaluator (OpenSSL SHA-256 f-evaluations per second) on one thread, timed over
// `evaluations` consecutive seeds of f_{n,m} (at least 1).
double image_evaluation_rate(int n, int m, std::uint64_t evaluations);

}  // namespace dpsi::posterior
