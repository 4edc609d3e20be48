// Fuzz target: dpsi::owf::read_bristol, the Bristol Fashion circuit reader.
// Input: the bytes as a Bristol Fashion file.
// Properties: no crash, leak or UB, and no allocation out of proportion to the input (libFuzzer's
// -rss_limit_mb); a rejection is a BristolFormatError with a one-line bounded message; an accepted
// circuit survives write_bristol -> read_bristol with the same input and output counts, and both
// compute the same function on 64 fixed input patterns (bitsliced evaluation).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "dpsi/owf/circuit.h"
#include "fuzz_check.h"

namespace {

// 64 evaluations at once: lane k of input i is bit k of a fixed pseudo-random word (splitmix64).
std::vector<std::uint64_t> input_lanes(std::size_t inputs) {
  std::vector<std::uint64_t> lanes(inputs);
  std::uint64_t state = 1;
  for (auto& lane : lanes) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    lane = z ^ (z >> 31);
  }
  return lanes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  dpsi::owf::Circuit circuit;
  try {
    circuit = dpsi::owf::read_bristol(in);
  } catch (const dpsi::owf::BristolFormatError& error) {
    FUZZ_CHECK(dpsi::fuzz::one_line_error(error.what()));
    return 0;
  }
  std::ostringstream written;
  dpsi::owf::write_bristol(circuit, written);
  std::istringstream reread_in(written.str());
  const dpsi::owf::Circuit reread = dpsi::owf::read_bristol(reread_in);  // a throw here is a crash: a bug
  FUZZ_CHECK(reread.num_inputs() == circuit.num_inputs() && reread.num_outputs() == circuit.num_outputs());
  const std::vector<std::uint64_t> lanes = input_lanes(circuit.num_inputs());
  FUZZ_CHECK(dpsi::owf::BitslicedEvaluator(circuit)(lanes) == dpsi::owf::BitslicedEvaluator(reread)(lanes));
  return 0;
}
