#include "dpsi/relu/network_export.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "dpsi/audit/atomic_file.h"

namespace dpsi::relu {
namespace {

using nlohmann::json;

// The tensors in file order, with their dtypes.
struct TensorName {
  const char* name;
  bool is_float;
};
constexpr TensorName kTensors[] = {
    {"unit_offsets", false},   {"unit_sources", false},   {"unit_weights", true},   {"unit_bias", true},
    {"layer_offsets", false},  {"output_offsets", false}, {"output_sources", false}, {"output_weights", true},
    {"output_bias", true}};

void append_le64(std::string& out, std::uint64_t value) {
  for (int byte = 0; byte < 8; ++byte) out.push_back(static_cast<char>((value >> (8 * byte)) & 0xFFU));
}

std::uint64_t read_le64(std::string_view bytes, std::size_t at) {
  std::uint64_t value = 0;
  for (int byte = 0; byte < 8; ++byte) {
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + byte])) << (8 * byte);
  }
  return value;
}

// One flattened tensor: I64 values or F64 values (stored as their bit patterns).
struct Tensor {
  bool is_float = false;
  std::vector<std::uint64_t> words;
};

void push_int(Tensor& tensor, std::uint64_t value) { tensor.words.push_back(value); }
void push_double(Tensor& tensor, double value) { tensor.words.push_back(std::bit_cast<std::uint64_t>(value)); }

// Forms (units or outputs) as offsets, sources, weights, bias.
void flatten(const std::vector<AffineForm>& forms, Tensor& offsets, Tensor& sources, Tensor& weights, Tensor& bias) {
  push_int(offsets, 0);
  std::uint64_t terms = 0;
  for (const AffineForm& form : forms) {
    for (const auto& [node, weight] : form.terms) {
      push_int(sources, node);
      push_double(weights, weight.convert_to<double>());
    }
    terms += form.terms.size();
    push_int(offsets, terms);
    push_double(bias, form.bias.convert_to<double>());
  }
}

[[noreturn]] void malformed(const std::string& why) { throw std::invalid_argument("malformed network file: " + why); }

std::uint64_t metadata_count(const json& metadata, const char* key) {
  const auto it = metadata.find(key);
  if (it == metadata.end() || !it->is_string()) malformed(fmt::format("metadata \"{}\" missing or not a string", key));
  const std::string& text = it->get_ref<const std::string&>();
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    malformed(fmt::format("metadata \"{}\" = \"{}\" is not a count", key, text));
  }
  return value;
}

// The validated view of one tensor's bytes.
struct TensorView {
  std::size_t begin = 0;
  std::size_t count = 0;
  bool is_float = false;
};

}  // namespace

std::string safetensors_bytes(const Network& network, const nlohmann::json& parameters) {
  Tensor tensors[std::size(kTensors)];
  for (std::size_t k = 0; k < std::size(kTensors); ++k) tensors[k].is_float = kTensors[k].is_float;
  flatten(network.units(), tensors[0], tensors[1], tensors[2], tensors[3]);
  for (std::size_t u = 0; u < network.num_units(); ++u) {
    const std::size_t layer = network.layer_of(static_cast<NodeId>(network.num_inputs() + u));
    // layer_offsets[L-1] = first unit of layer L: record it on reaching the layer (empty layers too).
    while (tensors[4].words.size() < layer) push_int(tensors[4], u);
  }
  while (tensors[4].words.size() <= network.depth()) push_int(tensors[4], network.num_units());
  flatten(network.outputs(), tensors[5], tensors[6], tensors[7], tensors[8]);

  json header = json::object();
  std::uint64_t offset = 0;
  for (std::size_t k = 0; k < std::size(kTensors); ++k) {
    const std::uint64_t size = 8 * tensors[k].words.size();
    header[kTensors[k].name] = {{"dtype", kTensors[k].is_float ? "F64" : "I64"},
                                {"shape", {tensors[k].words.size()}},
                                {"data_offsets", {offset, offset + size}}};
    offset += size;
  }
  header["__metadata__"] = {{"format", kNetworkFormatName},
                            {"format_version", kNetworkFormatVersion},
                            {"num_inputs", std::to_string(network.num_inputs())},
                            {"num_outputs", std::to_string(network.num_outputs())},
                            {"num_units", std::to_string(network.num_units())},
                            {"depth", std::to_string(network.depth())},
                            {"parameters", parameters.dump()}};
  std::string header_text = header.dump();
  header_text.append((8 - header_text.size() % 8) % 8, ' ');  // keeps the tensor data 8-byte aligned
  std::string bytes;
  bytes.reserve(8 + header_text.size() + offset);
  append_le64(bytes, header_text.size());
  bytes += header_text;
  for (const Tensor& tensor : tensors) {
    for (std::uint64_t word : tensor.words) append_le64(bytes, word);
  }
  return bytes;
}

void write_safetensors(const std::filesystem::path& path, const Network& network, const nlohmann::json& parameters) {
  audit::write_file_atomically(path, safetensors_bytes(network, parameters));
}

LoadedNetwork parse_safetensors(std::string_view bytes) {
  if (bytes.size() < 8) malformed("truncated before the header length");
  const std::uint64_t header_size = read_le64(bytes, 0);
  if (header_size > bytes.size() - 8) malformed(fmt::format("header length {} exceeds the file", header_size));
  const std::string_view buffer = bytes.substr(8 + header_size);
  json header;
  try {
    header = json::parse(std::string(bytes.substr(8, header_size)));
  } catch (const json::exception&) {
    malformed("header is not JSON");
  }
  if (!header.is_object()) malformed("header is not a JSON object");
  const auto metadata_it = header.find("__metadata__");
  if (metadata_it == header.end() || !metadata_it->is_object()) malformed("no __metadata__ object");
  const json& metadata = *metadata_it;
  if (metadata.value("format", "") != kNetworkFormatName || metadata.value("format_version", "") != kNetworkFormatVersion) {
    malformed(fmt::format("format is not {} version {}", kNetworkFormatName, kNetworkFormatVersion));
  }
  const std::uint64_t num_inputs = metadata_count(metadata, "num_inputs");
  const std::uint64_t num_outputs = metadata_count(metadata, "num_outputs");
  const std::uint64_t num_units = metadata_count(metadata, "num_units");
  const std::uint64_t depth = metadata_count(metadata, "depth");
  if (num_inputs + num_units > std::numeric_limits<NodeId>::max() || num_outputs > buffer.size() || depth > buffer.size()) {
    malformed("sizes in the metadata exceed the file or the node-id range");
  }
  LoadedNetwork loaded{Network(num_inputs), json()};
  const auto parameters_it = metadata.find("parameters");
  if (parameters_it == metadata.end() || !parameters_it->is_string()) malformed("metadata \"parameters\" missing");
  try {
    loaded.parameters = json::parse(parameters_it->get_ref<const std::string&>());
  } catch (const json::exception&) {
    malformed("metadata \"parameters\" is not JSON");
  }
  if (header.size() != std::size(kTensors) + 1) malformed(fmt::format("expected {} tensors", std::size(kTensors)));

  // Each tensor: declared dtype and 1-D shape, data offsets inside the buffer, size = 8 * count.
  TensorView views[std::size(kTensors)];
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  for (std::size_t k = 0; k < std::size(kTensors); ++k) {
    const char* name = kTensors[k].name;
    const auto it = header.find(name);
    if (it == header.end() || !it->is_object()) malformed(fmt::format("tensor {} missing", name));
    const json& entry = *it;
    const char* dtype = kTensors[k].is_float ? "F64" : "I64";
    if (!entry.contains("dtype") || entry["dtype"] != dtype) malformed(fmt::format("tensor {} is not {}", name, dtype));
    const json shape = entry.value("shape", json());
    if (!shape.is_array() || shape.size() != 1 || !shape[0].is_number_unsigned()) {
      malformed(fmt::format("tensor {} is not one-dimensional", name));
    }
    const json data_offsets = entry.value("data_offsets", json());
    if (!data_offsets.is_array() || data_offsets.size() != 2 || !data_offsets[0].is_number_unsigned() ||
        !data_offsets[1].is_number_unsigned()) {
      malformed(fmt::format("tensor {} has no data_offsets pair", name));
    }
    const std::uint64_t count = shape[0].get<std::uint64_t>();
    const std::uint64_t begin = data_offsets[0].get<std::uint64_t>();
    const std::uint64_t end = data_offsets[1].get<std::uint64_t>();
    if (begin > end || end > buffer.size() || count > buffer.size() / 8 || end - begin != 8 * count) {
      malformed(fmt::format("tensor {} data_offsets [{}, {}] do not fit its shape in a {}-byte buffer", name, begin, end,
                            buffer.size()));
    }
    views[k] = {static_cast<std::size_t>(begin), static_cast<std::size_t>(count), kTensors[k].is_float};
    ranges.emplace_back(begin, end);
  }
  std::sort(ranges.begin(), ranges.end());
  std::size_t covered = 0;
  for (const auto& [begin, end] : ranges) {
    if (begin != covered) malformed("tensor data overlap or leave a gap");
    covered = end;
  }
  if (covered != buffer.size()) malformed("trailing bytes after the tensor data");

  auto integer_at = [&](const TensorView& view, std::size_t i) {
    return static_cast<std::int64_t>(read_le64(buffer, view.begin + 8 * i));
  };
  auto double_at = [&](const TensorView& view, std::size_t i, const char* name) {
    const double value = std::bit_cast<double>(read_le64(buffer, view.begin + 8 * i));
    if (!std::isfinite(value)) malformed(fmt::format("{}[{}] is not finite", name, i));
    return Rational(value);
  };
  auto require_count = [&](std::size_t k, std::uint64_t expected) {
    if (views[k].count != expected) {
      malformed(fmt::format("tensor {} has {} entries, expected {}", kTensors[k].name, views[k].count, expected));
    }
  };
  // offsets: count + 1 entries from 0, non-decreasing, ending at the number of terms.
  auto check_offsets = [&](std::size_t k, std::uint64_t forms, std::uint64_t terms) {
    require_count(k, forms + 1);
    std::int64_t previous = 0;
    for (std::size_t i = 0; i <= forms; ++i) {
      const std::int64_t value = integer_at(views[k], i);
      if ((i == 0 && value != 0) || value < previous || static_cast<std::uint64_t>(value) > terms) {
        malformed(fmt::format("{}[{}] = {} out of order or range", kTensors[k].name, i, value));
      }
      previous = value;
    }
    if (static_cast<std::uint64_t>(previous) != terms) malformed(fmt::format("{} does not end at {}", kTensors[k].name, terms));
  };
  check_offsets(0, num_units, views[1].count);
  require_count(2, views[1].count);
  require_count(3, num_units);
  check_offsets(4, depth, num_units);
  check_offsets(5, num_outputs, views[6].count);
  require_count(7, views[6].count);
  require_count(8, num_outputs);

  // A form whose terms may read nodes below `limit`.
  auto read_form = [&](std::size_t offsets, std::size_t sources, std::size_t weights, std::size_t bias, std::size_t f,
                       std::uint64_t limit) {
    AffineForm form{double_at(views[bias], f, kTensors[bias].name), {}};
    for (auto t = integer_at(views[offsets], f); t < integer_at(views[offsets], f + 1); ++t) {
      const std::int64_t node = integer_at(views[sources], static_cast<std::size_t>(t));
      if (node < 0 || static_cast<std::uint64_t>(node) >= limit) {
        malformed(fmt::format("{}[{}] = {} is not a node of an earlier layer", kTensors[sources].name, t, node));
      }
      form.terms.emplace_back(static_cast<NodeId>(node), double_at(views[weights], static_cast<std::size_t>(t), kTensors[weights].name));
    }
    return form;
  };
  for (std::size_t layer = 0; layer < depth; ++layer) {
    loaded.network.begin_layer();
    const auto first = static_cast<std::uint64_t>(integer_at(views[4], layer));
    const auto end = static_cast<std::uint64_t>(integer_at(views[4], layer + 1));
    for (std::uint64_t u = first; u < end; ++u) loaded.network.add_unit(read_form(0, 1, 2, 3, u, num_inputs + first));
  }
  for (std::size_t o = 0; o < num_outputs; ++o) loaded.network.add_output(read_form(5, 6, 7, 8, o, num_inputs + num_units));
  return loaded;
}

LoadedNetwork read_safetensors(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(fmt::format("cannot read network file {}", path.string()));
  std::ostringstream content;
  content << in.rdbuf();
  return parse_safetensors(content.str());
}

void write_exact_weights_json(const std::filesystem::path& path, const Network& network) {
  auto forms_json = [](const std::vector<AffineForm>& forms) {
    json list = json::array();
    for (const AffineForm& form : forms) {
      json terms = json::array();
      for (const auto& [node, weight] : form.terms) terms.push_back({node, to_fraction(weight)});
      list.push_back({{"bias", to_fraction(form.bias)}, {"terms", std::move(terms)}});
    }
    return list;
  };
  const json document = {{"format", std::string(kNetworkFormatName) + "-exact-weights"},
                         {"format_version", kNetworkFormatVersion},
                         {"num_inputs", network.num_inputs()},
                         {"units", forms_json(network.units())},
                         {"outputs", forms_json(network.outputs())}};
  audit::write_file_atomically(path, document.dump() + "\n");
}

}  // namespace dpsi::relu
