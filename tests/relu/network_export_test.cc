// Tests of dpsi/relu/network_export.h: write -> read reproduces the structure and FastEvaluator's
// double outputs bit for bit (an interpolant network, the soft circuit of f_{8,8}, a parallel
// composite, a depth-0 network); each malformation of a file is rejected with a one-line message;
// docs/load_network.py (numpy + json + struct) reproduces dpsi's outputs bit for bit (skipped
// without numpy; DPSI_PYTHON names another interpreter).
#include "dpsi/relu/network_export.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/circuit_compiler.h"
#include "dpsi/relu/interpolant.h"
#include "dpsi/relu/parallel.h"
#include "support/cli_runner.h"

namespace dpsi::relu {
namespace {

using nlohmann::json;

Network interpolant_example() {
  std::vector<Knot> knots;
  for (int k = 0; k <= 12; ++k) knots.push_back({Rational(k - 6, 7), Rational(k * k - 3, 11)});
  return score_interpolant_network(knots, Rational(1, 30));
}

Network soft_circuit_example() { return compile_soft_circuit(owf::owf_circuit(8, 8), Rational(1, 10)); }

Network parallel_example() {
  std::vector<Network> parts = {interpolant_example(), interpolant_network(std::vector<Knot>{{Rational(0), Rational(1, 3)}})};
  Network deep(2);  // depth 3 with an empty middle layer and a skip connection
  deep.begin_layer();
  const NodeId first = deep.add_unit({Rational(1, 5), {{0, Rational(2, 3)}, {1, Rational(-1, 9)}}});
  deep.begin_layer();
  deep.begin_layer();
  const NodeId last = deep.add_unit({Rational(-1, 7), {{first, Rational(5, 3)}, {0, Rational(1, 13)}}});
  deep.add_output({Rational(1, 3), {{last, Rational(1, 10)}, {1, Rational(-7, 3)}}});
  parts.push_back(deep);
  return parallel(parts);
}

Network affine_example() {  // depth 0: outputs read the inputs only
  Network network(3);
  network.add_output({Rational(1, 3), {{0, Rational(1, 7)}, {2, Rational(-2, 9)}}});
  network.add_output(AffineForm::constant(Rational(-5, 3)));
  return network;
}

std::vector<std::vector<double>> random_points(std::size_t inputs, int count, double scale) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> uniform(-scale, scale);
  std::vector<std::vector<double>> points;
  for (int p = 0; p < count; ++p) {
    std::vector<double> x(inputs);
    for (double& value : x) value = uniform(rng);
    points.push_back(x);
  }
  return points;
}

bool bit_identical(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
  }
  return true;
}

void expect_round_trip(const Network& network, const std::string& label, int points) {
  const json parameters = {{"label", label}, {"kappa2", "1/30"}, {"n", 8}};
  const std::filesystem::path path = testing::scratch(label) / "network.safetensors";
  write_safetensors(path, network, parameters);
  const LoadedNetwork loaded = read_safetensors(path);
  EXPECT_EQ(loaded.parameters, parameters) << label;
  const Network& copy = loaded.network;
  ASSERT_EQ(copy.num_inputs(), network.num_inputs()) << label;
  ASSERT_EQ(copy.num_units(), network.num_units()) << label;
  ASSERT_EQ(copy.num_outputs(), network.num_outputs()) << label;
  ASSERT_EQ(copy.depth(), network.depth()) << label;
  std::size_t structure_mismatches = 0;
  auto same_form = [&](const AffineForm& original, const AffineForm& read) {
    if (read.bias != Rational(original.bias.convert_to<double>()) || read.terms.size() != original.terms.size()) return false;
    for (std::size_t t = 0; t < read.terms.size(); ++t) {
      if (read.terms[t].first != original.terms[t].first ||
          read.terms[t].second != Rational(original.terms[t].second.convert_to<double>())) {
        return false;
      }
    }
    return true;
  };
  for (std::size_t u = 0; u < network.num_units(); ++u) {
    const auto node = static_cast<NodeId>(network.num_inputs() + u);
    if (copy.layer_of(node) != network.layer_of(node) || !same_form(network.units()[u], copy.units()[u])) ++structure_mismatches;
  }
  for (std::size_t o = 0; o < network.num_outputs(); ++o) {
    if (!same_form(network.outputs()[o], copy.outputs()[o])) ++structure_mismatches;
  }
  EXPECT_EQ(structure_mismatches, 0u) << label;
  const FastEvaluator original(network);
  const FastEvaluator reread(copy);
  int identical = 0;
  for (const auto& x : random_points(network.num_inputs(), points, 4.0)) identical += bit_identical(original.evaluate(x), reread.evaluate(x));
  EXPECT_EQ(identical, points) << label;
  std::filesystem::remove_all(path.parent_path());
}

TEST(NetworkExport, RoundTripReproducesStructureAndOutputsBitForBit) {
  expect_round_trip(interpolant_example(), "interpolant", 500);
  expect_round_trip(parallel_example(), "parallel", 500);
  expect_round_trip(affine_example(), "affine", 50);
  expect_round_trip(soft_circuit_example(), "soft-circuit", 20);
}

TEST(NetworkExport, HeaderIsSafetensorsWithMetadata) {
  const Network network = parallel_example();
  const std::string bytes = safetensors_bytes(network, {{"sigma", "0.1"}});
  std::uint64_t size = 0;
  for (int k = 7; k >= 0; --k) size = (size << 8) | static_cast<unsigned char>(bytes[k]);
  ASSERT_LE(8 + size, bytes.size());
  EXPECT_EQ((8 + size) % 8, 0u);  // tensor data 8-byte aligned
  const json header = json::parse(bytes.substr(8, size));
  EXPECT_EQ(header["__metadata__"]["format"], kNetworkFormatName);
  EXPECT_EQ(header["__metadata__"]["num_units"], std::to_string(network.num_units()));
  EXPECT_EQ(header["__metadata__"]["depth"], "3");
  EXPECT_EQ(json::parse(header["__metadata__"]["parameters"].get<std::string>())["sigma"], "0.1");
  EXPECT_EQ(header["layer_offsets"]["shape"], json::array({4}));
  EXPECT_EQ(header["unit_bias"]["dtype"], "F64");
  EXPECT_EQ(header["unit_sources"]["dtype"], "I64");
}

// Rebuilds a file with its header changed by `edit` (the tensor bytes kept).
std::string with_header(const std::string& bytes, const std::function<void(json&)>& edit) {
  std::uint64_t size = 0;
  for (int k = 7; k >= 0; --k) size = (size << 8) | static_cast<unsigned char>(bytes[k]);
  json header = json::parse(bytes.substr(8, size));
  edit(header);
  const std::string text = header.dump();
  std::string rebuilt;
  for (int k = 0; k < 8; ++k) rebuilt.push_back(static_cast<char>((text.size() >> (8 * k)) & 0xFF));
  return rebuilt + text + bytes.substr(8 + size);
}

// Overwrites entry `index` of tensor `name` with the 8 bytes of `word`.
std::string with_word(const std::string& bytes, const std::string& name, std::size_t index, std::uint64_t word) {
  std::uint64_t size = 0;
  for (int k = 7; k >= 0; --k) size = (size << 8) | static_cast<unsigned char>(bytes[k]);
  const json header = json::parse(bytes.substr(8, size));
  std::string edited = bytes;
  const std::size_t at = 8 + size + header[name]["data_offsets"][0].get<std::size_t>() + 8 * index;
  for (int k = 0; k < 8; ++k) edited[at + k] = static_cast<char>((word >> (8 * k)) & 0xFF);
  return edited;
}

TEST(NetworkExport, RejectsMalformedFiles) {
  // Unit 0 (layer 1) reads input 0 through unit_sources[0].
  const Network network = parallel_example();
  const std::string good = safetensors_bytes(network, {{"sigma", "0.1"}});
  ASSERT_NO_THROW(parse_safetensors(good));
  const std::uint64_t first_unit_node = network.num_inputs();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty file", ""},
      {"truncated length", good.substr(0, 5)},
      {"truncated data", good.substr(0, good.size() - 8)},
      {"header length beyond the file", std::string("\xff\xff\xff\xff\x00\x00\x00\x00", 8) + good.substr(8)},
      {"header not JSON", good.substr(0, 8) + "x" + good.substr(9)},
      {"header not an object", with_header(good, [](json& h) { h = json::array({1, 2}); })},
      {"no metadata", with_header(good, [](json& h) { h.erase("__metadata__"); })},
      {"wrong format", with_header(good, [](json& h) { h["__metadata__"]["format"] = "other"; })},
      {"count not a number", with_header(good, [](json& h) { h["__metadata__"]["num_units"] = "12x"; })},
      {"inconsistent unit count", with_header(good, [](json& h) { h["__metadata__"]["num_units"] = "3"; })},
      {"parameters not JSON", with_header(good, [](json& h) { h["__metadata__"]["parameters"] = "{"; })},
      {"missing tensor", with_header(good, [](json& h) { h.erase("unit_bias"); })},
      {"extra tensor", with_header(good, [](json& h) { h["extra"] = h["unit_bias"]; })},
      {"wrong dtype", with_header(good, [](json& h) { h["unit_sources"]["dtype"] = "F64"; })},
      {"two-dimensional", with_header(good, [](json& h) { h["unit_bias"]["shape"] = json::array({1, h["unit_bias"]["shape"][0]}); })},
      {"shape not matching offsets", with_header(good, [](json& h) { h["unit_bias"]["shape"][0] = h["unit_bias"]["shape"][0].get<int>() + 1; })},
      {"data offsets beyond the buffer",
       with_header(good, [](json& h) {
         h["output_bias"]["data_offsets"][0] = h["output_bias"]["data_offsets"][0].get<std::uint64_t>() + 8;
         h["output_bias"]["data_offsets"][1] = h["output_bias"]["data_offsets"][1].get<std::uint64_t>() + 8;
       })},
      {"overlapping tensors", with_header(good, [](json& h) { h["unit_bias"]["data_offsets"] = h["unit_weights"]["data_offsets"];
                                                             h["unit_bias"]["shape"] = h["unit_weights"]["shape"]; })},
      {"trailing bytes", good + std::string(8, '\0')},
      {"unit reads its own layer", with_word(good, "unit_sources", 0, first_unit_node)},
      {"negative source", with_word(good, "unit_sources", 0, static_cast<std::uint64_t>(-1))},
      {"output reads an unknown node", with_word(good, "output_sources", 0, network.num_inputs() + network.num_units())},
      {"unit offsets beyond the terms", with_word(good, "unit_offsets", 1, 0xFFFF)},
      {"unit offsets decreasing", with_word(good, "unit_offsets", 2, 0)},
      {"unit offsets not from 0", with_word(good, "unit_offsets", 0, 1)},
      {"layer offsets out of order", with_word(good, "layer_offsets", 1, network.num_units() + 1)},
      {"weight not finite", with_word(good, "unit_weights", 0, std::bit_cast<std::uint64_t>(std::nan("")))},
      {"bias infinite", with_word(good, "output_bias", 0, std::bit_cast<std::uint64_t>(HUGE_VAL))},
  };
  for (const auto& [what, bytes] : cases) {
    try {
      parse_safetensors(bytes);
      ADD_FAILURE() << what << ": accepted";
    } catch (const std::invalid_argument& error) {
      const std::string message = error.what();
      std::printf("%s -> %s\n", what.c_str(), message.c_str());
      EXPECT_EQ(message.find('\n'), std::string::npos) << what;
      EXPECT_EQ(message.rfind("malformed network file: ", 0), 0u) << what << ": " << message;
    }
  }
  EXPECT_THROW(read_safetensors("/nonexistent/dir/network.safetensors"), std::invalid_argument);
}

TEST(NetworkExport, ExactWeightsSidecarHoldsTheRationals) {
  const Network network = interpolant_example();
  const std::filesystem::path path = testing::scratch("sidecar") / "weights.json";
  write_exact_weights_json(path, network);
  const json document = json::parse(testing::slurp(path));
  ASSERT_EQ(document["units"].size(), network.num_units());
  for (std::size_t u = 0; u < network.num_units(); ++u) {
    EXPECT_EQ(parse_rational(document["units"][u]["bias"].get<std::string>()), network.units()[u].bias);
    EXPECT_EQ(parse_rational(document["units"][u]["terms"][0][1].get<std::string>()), network.units()[u].terms[0].second);
  }
  EXPECT_EQ(parse_rational(document["outputs"][0]["bias"].get<std::string>()), network.outputs()[0].bias);
  std::filesystem::remove_all(path.parent_path());
}

// docs/networks.md quotes docs/load_network.py's functions verbatim (so the tested file is the quoted one).
TEST(NetworkExport, DocsQuoteTheTestedSnippet) {
  const std::string script = testing::slurp(std::string(DPSI_SOURCE_DIR) + "/docs/load_network.py");
  const std::string docs = testing::slurp(std::string(DPSI_SOURCE_DIR) + "/docs/networks.md");
  const std::size_t begin = script.find("def load_network");
  const std::size_t end = script.find("\n\n\nif __name__");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  EXPECT_NE(docs.find(script.substr(begin, end - begin) + "\n```"), std::string::npos)
      << "docs/networks.md's \"Exporting a score network\" must quote docs/load_network.py from def load_network on";
}

// docs/load_network.py, the snippet docs/networks.md quotes, against FastEvaluator.
TEST(NetworkExport, PythonSnippetReproducesTheOutputsBitForBit) {
  // DPSI_PYTHON if set, else the first of python3 on PATH and Debian's /usr/bin/python3 with numpy.
  const char* configured = std::getenv("DPSI_PYTHON");
  const std::vector<std::string> candidates =
      configured != nullptr ? std::vector<std::string>{configured} : std::vector<std::string>{"python3", "/usr/bin/python3"};
  std::string python;
  for (const std::string& candidate : candidates) {
    if (std::system((testing::shell_quote(candidate) + " -c 'import numpy' >/dev/null 2>&1").c_str()) == 0) {
      python = candidate;
      break;
    }
  }
  if (python.empty()) {
    GTEST_SKIP() << "no Python with numpy (tried python3, /usr/bin/python3; set DPSI_PYTHON): docs/load_network.py not exercised";
  }
  const std::filesystem::path dir = testing::scratch("python");
  const std::string script = std::string(DPSI_SOURCE_DIR) + "/docs/load_network.py";
  const std::vector<std::pair<std::string, Network>> networks = {
      {"interpolant", interpolant_example()}, {"parallel", parallel_example()}, {"soft-circuit", soft_circuit_example()}};
  for (const auto& [label, network] : networks) {
    const std::filesystem::path file = dir / (label + ".safetensors");
    write_safetensors(file, network, {{"label", label}});
    const FastEvaluator evaluator(network);
    for (const auto& x : random_points(network.num_inputs(), 3, 2.0)) {
      std::string command = testing::shell_quote(python) + " " + testing::shell_quote(script) + " " + testing::shell_quote(file.string());
      for (double value : x) {
        char hex[64];
        std::snprintf(hex, sizeof hex, "%a", value);
        command += std::string(" ") + testing::shell_quote(hex);
      }
      command += " 2>/dev/null >" + testing::shell_quote((dir / "out").string());
      ASSERT_EQ(std::system(command.c_str()), 0) << command;
      std::istringstream lines(testing::slurp(dir / "out"));
      std::vector<double> from_python;
      for (std::string line; std::getline(lines, line);) from_python.push_back(std::strtod(line.c_str(), nullptr));
      EXPECT_TRUE(bit_identical(from_python, evaluator.evaluate(x))) << label;
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dpsi::relu
