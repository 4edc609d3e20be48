#include "dpsi/crypto/cavp.h"

#include <cstdlib>

#include <fmt/format.h>

namespace dpsi::crypto {
namespace {

std::string_view trim(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  return line;
}

// "Key = value" -> (Key, value); nullopt for blank, comment and [section] lines.
std::optional<std::pair<std::string, std::string>> key_value(std::string_view line, std::size_t number) {
  line = trim(line);
  if (line.empty() || line.front() == '#' || line.front() == '[') return std::nullopt;
  const auto equals = line.find('=');
  if (equals == std::string_view::npos) throw CavpError(fmt::format("line {}: expected 'Key = value'", number));
  return std::make_pair(std::string(trim(line.substr(0, equals))), std::string(trim(line.substr(equals + 1))));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::size_t parse_size(const std::string& text, std::size_t number) {
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') throw CavpError(fmt::format("line {}: '{}' is not a length", number, text));
  return static_cast<std::size_t>(value);
}

}  // namespace

std::vector<std::uint8_t> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) throw CavpError(fmt::format("odd-length hex string '{}'", hex.substr(0, 16)));
  std::vector<std::uint8_t> bytes(hex.size() / 2);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const int high = hex_digit(hex[2 * i]);
    const int low = hex_digit(hex[2 * i + 1]);
    if (high < 0 || low < 0) throw CavpError(fmt::format("bad hex digit in '{}'", hex.substr(0, 16)));
    bytes[i] = static_cast<std::uint8_t>(high * 16 + low);
  }
  return bytes;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(bytes.size() * 2);
  for (std::uint8_t byte : bytes) {
    text.push_back(kDigits[byte >> 4]);
    text.push_back(kDigits[byte & 15]);
  }
  return text;
}

std::vector<MessageVector> parse_message_vectors(std::istream& in) {
  // Plain flags rather than std::optional: GCC 12 reports a false -Wmaybe-uninitialized on the latter.
  std::vector<MessageVector> vectors;
  bool have_length = false;
  bool have_message = false;
  std::size_t length = 0;
  std::vector<std::uint8_t> message;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto entry = key_value(line, number);
    if (!entry) continue;
    const auto& [key, value] = *entry;
    if (key == "Len") {
      if (have_length) throw CavpError(fmt::format("line {}: Len without MD", number));
      length = parse_size(value, number);
      have_length = true;
      if (length % 8 != 0) throw CavpError(fmt::format("line {}: Len = {} is not a whole number of bytes", number, length));
    } else if (key == "Msg") {
      if (!have_length) throw CavpError(fmt::format("line {}: Msg before Len", number));
      message = from_hex(value);
      if (message.size() < length / 8) throw CavpError(fmt::format("line {}: Msg shorter than Len", number));
      message.resize(length / 8);  // "Len = 0" comes with "Msg = 00": the empty message
      have_message = true;
    } else if (key == "MD") {
      if (!have_length || !have_message) throw CavpError(fmt::format("line {}: MD without Len and Msg", number));
      vectors.push_back({length, std::move(message), from_hex(value)});
      have_length = false;
      have_message = false;
      message.clear();
    } else {
      throw CavpError(fmt::format("line {}: unexpected key '{}'", number, key));
    }
  }
  if (have_length) throw CavpError("file ends inside a vector (Len without MD)");
  return vectors;
}

MonteCarloVectors parse_monte_carlo_vectors(std::istream& in) {
  MonteCarloVectors vectors;
  std::string line;
  std::size_t number = 0;
  std::optional<std::size_t> count;
  while (std::getline(in, line)) {
    ++number;
    const auto entry = key_value(line, number);
    if (!entry) continue;
    const auto& [key, value] = *entry;
    if (key == "Seed") {
      vectors.seed = from_hex(value);
    } else if (key == "COUNT") {
      count = parse_size(value, number);
      if (*count != vectors.checkpoints.size()) throw CavpError(fmt::format("line {}: COUNT out of order", number));
    } else if (key == "MD") {
      if (!count) throw CavpError(fmt::format("line {}: MD without COUNT", number));
      vectors.checkpoints.push_back(from_hex(value));
      count.reset();
    } else {
      throw CavpError(fmt::format("line {}: unexpected key '{}'", number, key));
    }
  }
  if (vectors.seed.empty()) throw CavpError("no Seed in Monte Carlo file");
  return vectors;
}

std::optional<std::filesystem::path> find_sha256_vector_directory() {
  std::filesystem::path directory = "/usr/lib/python3/dist-packages/cryptography_vectors/hashes/SHA2";
  if (const char* override_dir = std::getenv("DPSI_CAVP_DIR"); override_dir != nullptr && *override_dir != '\0') {
    directory = override_dir;
  }
  for (const char* file : {"SHA256ShortMsg.rsp", "SHA256LongMsg.rsp", "SHA256Monte.rsp"}) {
    if (!std::filesystem::is_regular_file(directory / file)) return std::nullopt;
  }
  return directory;
}

}  // namespace dpsi::crypto
