// Fuzz target: dpsi::relu::parse_safetensors, the reader of an exported score network (safetensors:
// 8-byte header length, JSON header with __metadata__, little-endian tensors).
// Input: the bytes as a safetensors file.
// Properties: no crash, leak or UB; a rejection is std::invalid_argument with a one-line bounded
// message; an accepted network re-exports to bytes that parse again and re-export to the very same
// bytes (export o parse is idempotent), and when it is small both evaluate bitwise equally (double
// FastEvaluator) at a fixed point.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "dpsi/relu/network.h"
#include "dpsi/relu/network_export.h"
#include "fuzz_check.h"

namespace {

bool bitwise_equal(const std::vector<double>& x, const std::vector<double>& y) {
  return x.size() == y.size() && (x.empty() || std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  dpsi::relu::LoadedNetwork loaded{dpsi::relu::Network(0), {}};
  try {
    loaded = dpsi::relu::parse_safetensors(bytes);
  } catch (const std::invalid_argument& error) {
    FUZZ_CHECK(dpsi::fuzz::one_line_error(error.what()));
    return 0;
  }
  const std::string exported = dpsi::relu::safetensors_bytes(loaded.network, loaded.parameters);
  const dpsi::relu::LoadedNetwork again = dpsi::relu::parse_safetensors(exported);  // a throw here is a bug
  FUZZ_CHECK(dpsi::relu::safetensors_bytes(again.network, again.parameters) == exported);
  FUZZ_CHECK(again.network.num_inputs() == loaded.network.num_inputs() &&
             again.network.num_outputs() == loaded.network.num_outputs() &&
             again.network.num_units() == loaded.network.num_units());
  if (loaded.network.num_inputs() <= 4096) {
    const std::vector<double> point(loaded.network.num_inputs(), 0.5);
    FUZZ_CHECK(bitwise_equal(dpsi::relu::FastEvaluator(loaded.network).evaluate(point),
                             dpsi::relu::FastEvaluator(again.network).evaluate(point)));
  }
  return 0;
}
