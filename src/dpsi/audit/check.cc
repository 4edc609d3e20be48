#include "dpsi/audit/check.h"

#include <string>

#include "dpsi/crypto/sha256.h"

namespace dpsi::audit {

std::uint64_t derive_seed(std::string_view lemma_id, std::optional<std::uint64_t> user_seed) {
  std::string message(lemma_id);
  if (user_seed) message += "/" + std::to_string(*user_seed);
  return crypto::first_8_bytes_big_endian(crypto::sha256(message));
}

}  // namespace dpsi::audit
