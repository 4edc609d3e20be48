#include "dpsi/posterior/brute_force_inverter.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "dpsi/posterior/image_evaluator.h"

namespace dpsi::posterior {
namespace {

// Block length: large enough that the shared-state traffic is negligible, small enough that the
// work wasted past the first preimage is a few blocks per thread.
constexpr std::uint64_t kBlock = 1U << 14;

}  // namespace

InversionResult brute_force_invert(int n, int m, std::uint64_t target, std::uint64_t offset, int threads) {
  if (n < 1 || n > 40 || m < 1 || m > 64)
    throw std::invalid_argument("brute_force_invert: needs 1 <= n <= 40 and 1 <= m <= 64");
  const std::uint64_t size = std::uint64_t{1} << n;
  if (offset >= size) throw std::invalid_argument("brute_force_invert: offset must be below 2^n");
  if (m < 64 && target >> m != 0) throw std::invalid_argument("brute_force_invert: target must have m bits");
  if (threads < 1) throw std::invalid_argument("brute_force_invert: threads must be >= 1");

  const std::uint64_t blocks = (size + kBlock - 1) / kBlock;
  std::atomic<std::uint64_t> next_block{0};
  std::atomic<std::uint64_t> best{size};  // earliest position of a preimage found so far
  std::atomic<std::uint64_t> work{0};
  auto scan = [&] {
    ImageEvaluator f(n, m);
    std::uint64_t done = 0;
    for (;;) {
      const std::uint64_t block = next_block.fetch_add(1);
      const std::uint64_t begin = block * kBlock;
      // Blocks are handed out in increasing order, so once one starts past the best preimage all later ones do.
      if (block >= blocks || begin >= best.load()) break;
      const std::uint64_t end = std::min(size, begin + kBlock);
      for (std::uint64_t position = begin; position < end; ++position) {
        ++done;
        if (f((offset + position) & (size - 1)) == target) {
          std::uint64_t current = best.load();
          while (position < current && !best.compare_exchange_weak(current, position)) {
          }
          break;
        }
      }
    }
    work += done;
  };
  const int count = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(threads), blocks));
  std::vector<std::thread> pool;
  for (int t = 1; t < count; ++t) pool.emplace_back(scan);
  scan();
  for (std::thread& thread : pool) thread.join();

  InversionResult result;
  result.work = work.load();
  if (best.load() < size) {
    result.found = true;
    result.evaluations = best.load() + 1;
    result.preimage = (offset + best.load()) & (size - 1);
  } else {
    result.evaluations = size;
  }
  return result;
}

InversionMoments brute_force_moments(int n, const std::vector<std::uint64_t>& sorted_preimages) {
  if (n < 1 || n > 62) throw std::invalid_argument("brute_force_moments: needs 1 <= n <= 62");
  if (sorted_preimages.empty()) throw std::invalid_argument("brute_force_moments: no preimages");
  const std::uint64_t size = std::uint64_t{1} << n;
  InversionMoments moments;
  for (std::size_t j = 0; j < sorted_preimages.size(); ++j) {
    if (sorted_preimages[j] >= size || (j > 0 && sorted_preimages[j] <= sorted_preimages[j - 1]))
      throw std::invalid_argument("brute_force_moments: preimages must be sorted, distinct and below 2^n");
    // Offsets in (previous preimage, this one] reach this one first; the gap wraps around for j = 0.
    const std::uint64_t previous = j == 0 ? sorted_preimages.back() : sorted_preimages[j - 1];
    const std::uint64_t gap = j == 0 ? (sorted_preimages[0] + size - previous - 1) % size + 1 : sorted_preimages[j] - previous;
    const double g = static_cast<double>(gap);
    moments.mean += g * (g + 1) / 2;
    moments.second_moment += g * (g + 1) * (2 * g + 1) / 6;
  }
  moments.mean /= static_cast<double>(size);
  moments.second_moment /= static_cast<double>(size);
  return moments;
}

double image_evaluation_rate(int n, int m, std::uint64_t evaluations) {
  if (evaluations == 0) throw std::invalid_argument("image_evaluation_rate: needs at least one evaluation");
  ImageEvaluator f(n, m);
  const std::uint64_t mask = n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
  std::uint64_t sink = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < evaluations; ++i) sink ^= f(i & mask);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  volatile std::uint64_t keep = sink;
  (void)keep;
  return static_cast<double>(evaluations) / std::max(seconds, 1e-9);
}

}  // namespace dpsi::posterior
