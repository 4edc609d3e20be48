#include "dpsi/relu/parallel.h"

#include "dpsi/fault/fault_point.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace dpsi::relu {
namespace {

void require_parts(std::span<const Network> parts) {
  if (parts.empty()) throw std::invalid_argument("parallel composition needs at least one network");
}

std::size_t common_depth(std::span<const Network> parts) {
  std::size_t depth = 0;
  for (const Network& part : parts) depth = std::max(depth, part.depth());
  return depth;
}

// The part's unit indices grouped by hidden layer (index 0 = layer 1); empty layers kept.
std::vector<std::vector<std::size_t>> units_by_layer(const Network& part) {
  std::vector<std::vector<std::size_t>> layers(part.depth());
  for (std::size_t u = 0; u < part.num_units(); ++u) {
    layers[part.layer_of(static_cast<NodeId>(part.num_inputs() + u)) - 1].push_back(u);
  }
  return layers;
}

AffineForm remapped(const AffineForm& form, const std::vector<NodeId>& node_map) {
  AffineForm result{form.bias, {}};
  result.terms.reserve(form.terms.size());
  for (const auto& [node, weight] : form.terms) result.terms.emplace_back(node_map[node], weight);
  return result;
}

// Where each part's nodes land in the composite; inputs are placed here, units by the caller.
struct Placement {
  std::vector<std::vector<NodeId>> node_maps;
  std::vector<std::vector<std::vector<std::size_t>>> layers;
  std::size_t total_inputs = 0;
};

Placement place_inputs(std::span<const Network> parts) {
  Placement placement;
  for (const Network& part : parts) {
    std::vector<NodeId> map(part.num_inputs() + part.num_units(), 0);
    for (std::size_t i = 0; i < part.num_inputs(); ++i) map[i] = static_cast<NodeId>(placement.total_inputs + i);
    placement.total_inputs += part.num_inputs();
    placement.node_maps.push_back(std::move(map));
    placement.layers.push_back(units_by_layer(part));
  }
  return placement;
}

// Adds, to the composite's current layer, hidden layer `layer` (1-based) of every part that has one.
void add_part_layers(Network& composite, std::span<const Network> parts, Placement& placement, std::size_t layer) {
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (layer > parts[k].depth()) continue;
    for (std::size_t u : placement.layers[k][layer - 1]) {
      placement.node_maps[k][parts[k].num_inputs() + u] =
          composite.add_unit(remapped(parts[k].units()[u], placement.node_maps[k]));
    }
  }
}

}  // namespace

Network parallel(std::span<const Network> parts) {
  require_parts(parts);
  Placement placement = place_inputs(parts);
  Network composite(placement.total_inputs);
  const std::size_t depth = common_depth(parts);
  for (std::size_t layer = 1; layer <= depth; ++layer) {
    composite.begin_layer();
    add_part_layers(composite, parts, placement, layer);
  }
  for (std::size_t k = 0; k < parts.size(); ++k) {
    for (const AffineForm& output : parts[k].outputs()) composite.add_output(remapped(output, placement.node_maps[k]));
  }
  return composite;
}

std::size_t parallel_padding_units(std::span<const Network> parts) {
  require_parts(parts);
  const std::size_t depth = common_depth(parts);
  std::size_t padding = 0;
  for (const Network& part : parts) padding += 2 * (depth - part.depth()) * part.num_outputs();
  return padding;
}

bool is_strictly_layered(const Network& network) {
  for (std::size_t u = 0; u < network.num_units(); ++u) {
    const std::size_t layer = network.layer_of(static_cast<NodeId>(network.num_inputs() + u));
    for (const auto& [node, weight] : network.units()[u].terms) {
      if (network.layer_of(node) + 1 != layer) return false;
    }
  }
  for (const AffineForm& output : network.outputs()) {
    for (const auto& [node, weight] : output.terms) {
      if (network.layer_of(node) != network.depth()) return false;
    }
  }
  return true;
}

Network parallel_strictly_layered(std::span<const Network> parts) {
  require_parts(parts);
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (!is_strictly_layered(parts[k])) {
      throw std::invalid_argument(fmt::format("parallel_strictly_layered: part {} is not strictly layered", k));
    }
  }
  Placement placement = place_inputs(parts);
  Network composite(placement.total_inputs);
  const std::size_t depth = common_depth(parts);
  // carried[k][o] = the (positive, negative) pair carrying output o of part k, once padded.
  std::vector<std::vector<std::pair<NodeId, NodeId>>> carried(parts.size());
  for (std::size_t layer = 1; layer <= depth; ++layer) {
    composite.begin_layer();
    add_part_layers(composite, parts, placement, layer);
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const Network& part = parts[k];
      if (part.depth() >= layer) continue;
      if (part.depth() + 1 == layer) {
        for (const AffineForm& output : part.outputs()) {
          const AffineForm t = remapped(output, placement.node_maps[k]);
          AffineForm minus_t;
          minus_t.add(t, Rational(-1));
          carried[k].emplace_back(composite.add_unit(t), composite.add_unit(minus_t));
        }
      } else {
        for (auto& [positive, negative] : carried[k]) {
          positive = composite.add_unit(AffineForm::node(positive));
          if (DPSI_FAULT("relu.parallel-padding-drops-negative-copy") && &negative == &carried[k].back().second) continue;
          negative = composite.add_unit(AffineForm::node(negative));
        }
      }
    }
  }
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (parts[k].depth() == depth) {
      for (const AffineForm& output : parts[k].outputs()) composite.add_output(remapped(output, placement.node_maps[k]));
      continue;
    }
    for (const auto& [positive, negative] : carried[k]) {
      AffineForm difference = AffineForm::node(positive);
      difference.terms.emplace_back(negative, Rational(-1));
      composite.add_output(difference);
    }
  }
  return composite;
}

}  // namespace dpsi::relu
