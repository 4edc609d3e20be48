#include "dpsi/relu/network.h"

#include "dpsi/fault/fault_point.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace dpsi::relu {
namespace {

// True iff the integer path can hold `value`: an integer of magnitude at most INT64_MAX/4.
bool fits_integer_path(const Rational& value) {
  return is_integer(value) && abs(value) <= Rational(std::numeric_limits<std::int64_t>::max() / 4);
}

std::int64_t checked_integer(const Rational& value, const char* what) {
  if (!fits_integer_path(value)) {
    throw NetworkError(fmt::format("integer evaluation needs integer {} (found {})", what, to_fraction(value)));
  }
  return numerator(value).convert_to<std::int64_t>();
}

// Integer fast path of the flattening: true, with value in `out`, iff value is an integer with
// |value| <= 2^53. For those the generic conversions give exactly out (double exact, fraction out/1,
// checked_integer out, since 2^53 < INT64_MAX/4), so the flattened network is identical.
bool small_integer(const Rational& value, std::int64_t& out) {
  const mpq_srcptr q = value.backend().data();
  if (mpz_cmp_ui(mpq_denref(q), 1) != 0 || !mpz_fits_slong_p(mpq_numref(q))) return false;
  const long n = mpz_get_si(mpq_numref(q));
  constexpr long kLimit = 1L << 53;
  if (n > kLimit || n < -kLimit) return false;
  out = n;
  return true;
}

std::int64_t checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) throw NetworkError("integer evaluation overflowed");
  return sum;
}

// GCC/Clang's 128-bit integer; __extension__ keeps -Wpedantic quiet about it.
__extension__ typedef __int128 Int128;

// p/q with 64-bit parts, q > 0, reduced; arithmetic through Int128 with overflow checks.
struct SmallFraction {
  std::int64_t num = 0;
  std::int64_t den = 1;
};

SmallFraction reduce(Int128 num, Int128 den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  Int128 a = num < 0 ? -num : num;
  Int128 b = den;
  while (b != 0) {
    const Int128 r = a % b;
    a = b;
    b = r;
  }
  if (a > 1) {
    num /= a;
    den /= a;
  }
  constexpr Int128 kLimit = std::numeric_limits<std::int64_t>::max();
  if (num > kLimit || num < -kLimit || den > kLimit) throw NetworkError("exact evaluation: a value exceeds 64-bit fractions");
  return {static_cast<std::int64_t>(num), static_cast<std::int64_t>(den)};
}

SmallFraction add(const SmallFraction& x, const SmallFraction& y) {
  if (x.den == y.den) return reduce(static_cast<Int128>(x.num) + y.num, x.den);
  return reduce(static_cast<Int128>(x.num) * y.den + static_cast<Int128>(y.num) * x.den,
                static_cast<Int128>(x.den) * y.den);
}

SmallFraction multiply(const SmallFraction& x, const SmallFraction& y) {
  if (x.num == 0 || y.num == 0) return {0, 1};
  return reduce(static_cast<Int128>(x.num) * y.num, static_cast<Int128>(x.den) * y.den);
}

// (num, den) of a Rational, or den = 0 when a part does not fit 64 bits.
std::pair<std::int64_t, std::int64_t> small_parts(const Rational& value) {
  const Integer limit(std::numeric_limits<std::int64_t>::max());
  if (abs(numerator(value)) > limit || denominator(value) > limit) return {0, 0};
  return {numerator(value).convert_to<std::int64_t>(), denominator(value).convert_to<std::int64_t>()};
}

std::int64_t checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) throw NetworkError("integer evaluation overflowed");
  return product;
}

// Evaluates every node in order with arithmetic type T; `weight` converts a Rational weight to T.
template <typename T, typename Convert, typename Add, typename Mul>
std::vector<T> evaluate_nodes(const Network& network, std::span<const T> inputs, Convert weight, Add add, Mul mul) {
  if (inputs.size() != network.num_inputs()) {
    throw NetworkError(fmt::format("network takes {} inputs, got {}", network.num_inputs(), inputs.size()));
  }
  std::vector<T> values(inputs.begin(), inputs.end());
  values.reserve(network.num_inputs() + network.num_units());
  auto apply = [&](const AffineForm& form) {
    T sum = weight(form.bias);
    for (const auto& [node, w] : form.terms) sum = add(sum, mul(weight(w), values[node]));
    return sum;
  };
  for (const AffineForm& unit : network.units()) {
    T pre = apply(unit);
    values.push_back(pre > T(0) ? pre : T(0));
  }
  std::vector<T> outputs;
  outputs.reserve(network.num_outputs());
  for (const AffineForm& output : network.outputs()) outputs.push_back(apply(output));
  return outputs;
}

// The smallest double >= value (value >= 0 exact rational); +infinity beyond the double range.
double round_up_to_double(const Rational& value) {
  if (value == 0) return 0;
  double rounded = value.convert_to<double>();
  if (!std::isfinite(rounded)) return std::numeric_limits<double>::infinity();
  while (Rational(rounded) < value) rounded = std::nextafter(rounded, std::numeric_limits<double>::infinity());
  return rounded;
}

// >= |value - fl(value)| where fl(value) = value.convert_to<double>() (the evaluator's double),
// rounded up; 0 when value is a double.
double conversion_error(const Rational& value, double converted) {
  if (!std::isfinite(converted)) return std::numeric_limits<double>::infinity();
  return round_up_to_double(abs(value - Rational(converted)));
}

// ---- Upward-rounded arithmetic on nonnegative doubles (the running error bound) ----
// The next double above x >= 0 (x finite; +infinity stays).
inline double next_up(double x) {
  if (!(x < std::numeric_limits<double>::infinity())) return x;
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) + 1);  // x >= +0: the bit pattern increases with x
}

// Below this magnitude a product's fma residual may underflow (exponent sum < emin + 52).
constexpr double kResidualUnderflow = 0x1p-969;

// a + b and a * b rounded upward, for a, b >= 0. With a zero operand the operation is exact and
// so is the result; otherwise the round-to-nearest result is moved to the next double above it,
// which is >= the exact value (round-to-nearest errs by at most half the spacing above the result,
// subnormals included). The bound thus stays exactly 0 while every summand is 0, and each
// operation on nonzero operands costs at most 1.5 ulp of overestimate.
inline double add_up(double a, double b) {
  if (b == 0) return a;
  if (a == 0) return b;
  return next_up(a + b);
}

inline double mul_up(double a, double b) {
  if (a == 0 || b == 0) return 0;
  return next_up(a * b);
}

// True iff multiplying by `weight` is exact (0 or +-2^k) barring underflow and overflow.
bool is_power_of_two_or_zero(double weight) {
  if (weight == 0) return true;
  int exponent = 0;
  return std::fabs(std::frexp(weight, &exponent)) == 0.5;
}

}  // namespace

void AffineForm::add(const AffineForm& other, const Rational& scale) {
  // Fast path for scale = +-1, the gadgets' common case (the circuit compiler's forms all have
  // integer weights): the same sums without a product temporary per weight.
  const int unit_scale = scale == 1 ? 1 : (scale == -1 ? -1 : 0);
  auto scaled = [&](const Rational& value) -> Rational {
    if (unit_scale == 1) return value;
    if (unit_scale == -1) return -value;
    return scale * value;
  };
  if (unit_scale == 1) {
    bias += other.bias;
  } else if (unit_scale == -1) {
    bias -= other.bias;
  } else {
    bias += scale * other.bias;
  }
  for (const auto& [node, weight] : other.terms) {
    auto it = std::find_if(terms.begin(), terms.end(), [node = node](const auto& term) { return term.first == node; });
    if (it == terms.end()) {
      terms.emplace_back(node, scaled(weight));
    } else {
      if (unit_scale == 1) {
        it->second += weight;
      } else if (unit_scale == -1) {
        it->second -= weight;
      } else {
        it->second += scale * weight;
      }
      if (it->second == 0) terms.erase(it);
    }
  }
}

AffineForm AffineForm::constant(const Rational& value) { return AffineForm{value, {}}; }
AffineForm AffineForm::node(NodeId id, const Rational& weight) { return AffineForm{Rational(0), {{id, weight}}}; }

Network::Network(std::size_t num_inputs) : num_inputs_(num_inputs) {}

void Network::begin_layer() { layer_start_.push_back(units_.size()); }

NodeId Network::add_unit(const AffineForm& form) {
  if (layer_start_.empty()) throw NetworkError("add_unit before begin_layer");
  const std::size_t first_of_layer = num_inputs_ + layer_start_.back();
  for (const auto& [node, weight] : form.terms) {
    if (node >= first_of_layer) throw NetworkError(fmt::format("unit reads node {} of its own or a later layer", node));
  }
  units_.push_back(form);
  return static_cast<NodeId>(num_inputs_ + units_.size() - 1);
}

void Network::add_output(const AffineForm& form) {
  for (const auto& [node, weight] : form.terms) {
    if (node >= num_inputs_ + units_.size()) throw NetworkError(fmt::format("output reads unknown node {}", node));
  }
  outputs_.push_back(form);
}

std::size_t Network::num_weights() const {
  std::size_t count = 0;
  for (const AffineForm& unit : units_) count += unit.terms.size();
  for (const AffineForm& output : outputs_) count += output.terms.size();
  return count;
}

Rational Network::max_abs_weight() const {
  Rational largest = 0;
  auto visit = [&](const AffineForm& form) {
    if (!DPSI_FAULT("relu.max-abs-weight-ignores-biases")) largest = std::max(largest, Rational(abs(form.bias)));
    for (const auto& [node, weight] : form.terms) largest = std::max(largest, Rational(abs(weight)));
  };
  for (const AffineForm& unit : units_) visit(unit);
  for (const AffineForm& output : outputs_) visit(output);
  return largest;
}

std::size_t Network::layer_of(NodeId node) const {
  if (node < num_inputs_) return 0;
  const std::size_t unit = node - num_inputs_;
  const auto it = std::upper_bound(layer_start_.begin(), layer_start_.end(), unit);
  return static_cast<std::size_t>(it - layer_start_.begin());
}

std::size_t Network::strictly_layered_units() const {
  // A node made at layer p and last read at layer q needs a copy at each of layers p+1 .. q-1.
  std::vector<std::size_t> last_read(num_inputs_ + units_.size(), 0);
  for (std::size_t u = 0; u < units_.size(); ++u) {
    const std::size_t layer = layer_of(static_cast<NodeId>(num_inputs_ + u));
    for (const auto& [node, weight] : units_[u].terms) last_read[node] = std::max(last_read[node], layer);
  }
  const std::size_t output_layer = depth() + 1;
  for (const AffineForm& output : outputs_) {
    for (const auto& [node, weight] : output.terms) last_read[node] = output_layer;
  }
  std::size_t copies = 0;
  for (NodeId node = 0; node < last_read.size(); ++node) {
    const std::size_t made = layer_of(node);
    if (last_read[node] > made + 1) copies += last_read[node] - made - 1;
  }
  return units_.size() + copies;
}

std::vector<Rational> Network::evaluate(std::span<const Rational> inputs) const {
  return evaluate_nodes<Rational>(
      *this, inputs, [](const Rational& w) { return w; }, [](const Rational& a, const Rational& b) { return Rational(a + b); },
      [](const Rational& a, const Rational& b) { return Rational(a * b); });
}

std::vector<std::int64_t> Network::evaluate_integer(std::span<const std::int64_t> inputs) const {
  return evaluate_nodes<std::int64_t>(
      *this, inputs, [](const Rational& w) { return checked_integer(w, "weights"); }, checked_add, checked_mul);
}

std::vector<double> Network::evaluate_double(std::span<const double> inputs) const {
  return evaluate_nodes<double>(
      *this, inputs, [](const Rational& w) { return w.convert_to<double>(); }, [](double a, double b) { return a + b; },
      [](double a, double b) { return a * b; });
}

std::string Network::stats() const {
  return fmt::format("{} units, depth {}, {} weights (max |w| = {}), {} units when strictly layered", num_units(),
                     depth(), num_weights(), to_fraction(max_abs_weight()), strictly_layered_units());
}

}  // namespace dpsi::relu

namespace dpsi::relu {

FastEvaluator::FastEvaluator(const Network& network)
    : num_inputs_(network.num_inputs()), num_units_(network.num_units()) {
  auto flatten = [&](const AffineForm& form) {
    Form flat{static_cast<std::uint32_t>(term_nodes_.size()), static_cast<std::uint32_t>(form.terms.size()), 0, 0};
    std::int64_t small = 0;
    if (small_integer(form.bias, small)) {
      flat.bias = static_cast<double>(small);
      if (integer_capable_) flat.bias_integer = small;
      bias_fraction_.emplace_back(small, 1);
    } else {
      flat.bias = form.bias.convert_to<double>();
      flat.bias_error = conversion_error(form.bias, flat.bias);
      // A huge integer bias (2^70) makes the network not integer-capable; it used to throw here, so a
      // valid network could not be evaluated at all (found by fuzz/network_export_fuzz.cc).
      integer_capable_ = integer_capable_ && fits_integer_path(form.bias);
      if (integer_capable_) flat.bias_integer = checked_integer(form.bias, "biases");
      bias_fraction_.push_back(small_parts(form.bias));
    }
    for (const auto& [node, weight] : form.terms) {
      term_nodes_.push_back(node);
      if (small_integer(weight, small)) {
        term_weights_fraction_.emplace_back(small, 1);
        term_weights_.push_back(static_cast<double>(small));
        term_weight_errors_.push_back(0);
        term_weight_exact_scale_.push_back(is_power_of_two_or_zero(term_weights_.back()) ? 1 : 0);
        term_weights_integer_.push_back(integer_capable_ ? small : 0);
        continue;
      }
      term_weights_fraction_.push_back(small_parts(weight));
      term_weights_.push_back(weight.convert_to<double>());
      term_weight_errors_.push_back(conversion_error(weight, term_weights_.back()));
      term_weight_exact_scale_.push_back(is_power_of_two_or_zero(term_weights_.back()) ? 1 : 0);
      integer_capable_ = integer_capable_ && fits_integer_path(weight);
      term_weights_integer_.push_back(integer_capable_ ? checked_integer(weight, "weights") : 0);
    }
    forms_.push_back(flat);
  };
  for (const AffineForm& unit : network.units()) flatten(unit);
  for (const AffineForm& output : network.outputs()) flatten(output);
}

std::vector<double> FastEvaluator::evaluate(std::span<const double> inputs) const {
  if (inputs.size() != num_inputs_) throw NetworkError("wrong number of inputs");
  std::vector<double> values(num_inputs_ + num_units_);
  std::copy(inputs.begin(), inputs.end(), values.begin());
  std::vector<double> outputs;
  outputs.reserve(forms_.size() - num_units_);
  for (std::size_t f = 0; f < forms_.size(); ++f) {
    const Form& form = forms_[f];
    double sum = form.bias;
    for (std::uint32_t t = form.first_term; t < form.first_term + form.term_count; ++t) {
      sum += term_weights_[t] * values[term_nodes_[t]];
    }
    if (f < num_units_) {
      values[num_inputs_ + f] = sum > 0 ? sum : 0;
    } else {
      outputs.push_back(sum);
    }
  }
  return outputs;
}

std::vector<std::int64_t> FastEvaluator::evaluate_integer(std::span<const std::int64_t> inputs) const {
  if (!integer_capable_) throw NetworkError("integer evaluation needs integer weights and biases");
  if (inputs.size() != num_inputs_) throw NetworkError("wrong number of inputs");
  std::vector<std::int64_t> values(num_inputs_ + num_units_);
  std::copy(inputs.begin(), inputs.end(), values.begin());
  std::vector<std::int64_t> outputs;
  outputs.reserve(forms_.size() - num_units_);
  for (std::size_t f = 0; f < forms_.size(); ++f) {
    const Form& form = forms_[f];
    std::int64_t sum = form.bias_integer;
    for (std::uint32_t t = form.first_term; t < form.first_term + form.term_count; ++t) {
      sum += term_weights_integer_[t] * values[term_nodes_[t]];
    }
    if (f < num_units_) {
      values[num_inputs_ + f] = sum > 0 ? sum : 0;
    } else {
      outputs.push_back(sum);
    }
  }
  return outputs;
}

std::vector<Rational> FastEvaluator::evaluate_exact(std::span<const Rational> inputs) const {
  if (inputs.size() != num_inputs_) throw NetworkError("wrong number of inputs");
  std::vector<SmallFraction> values(num_inputs_ + num_units_);
  for (std::size_t i = 0; i < num_inputs_; ++i) {
    const auto [num, den] = small_parts(inputs[i]);
    if (den == 0) throw NetworkError("exact evaluation: an input exceeds 64-bit fractions");
    values[i] = {num, den};
  }
  std::vector<Rational> outputs;
  outputs.reserve(forms_.size() - num_units_);
  for (std::size_t f = 0; f < forms_.size(); ++f) {
    const Form& form = forms_[f];
    if (bias_fraction_[f].second == 0) throw NetworkError("exact evaluation: a bias exceeds 64-bit fractions");
    SmallFraction sum{bias_fraction_[f].first, bias_fraction_[f].second};
    for (std::uint32_t t = form.first_term; t < form.first_term + form.term_count; ++t) {
      const SmallFraction& value = values[term_nodes_[t]];
      if (value.num == 0) continue;
      const auto [num, den] = term_weights_fraction_[t];
      if (den == 0) throw NetworkError("exact evaluation: a weight exceeds 64-bit fractions");
      sum = add(sum, multiply({num, den}, value));
    }
    if (f < num_units_) {
      values[num_inputs_ + f] = sum.num > 0 ? sum : SmallFraction{0, 1};
    } else {
      outputs.emplace_back(Integer(sum.num), Integer(sum.den));
    }
  }
  return outputs;
}

std::vector<std::vector<std::int64_t>> FastEvaluator::evaluate_integer_batch(
    std::span<const std::vector<std::int64_t>> inputs) const {
  if (!integer_capable_) throw NetworkError("integer evaluation needs integer weights and biases");
  constexpr std::size_t kLanes = 16;
  const std::size_t nodes = num_inputs_ + num_units_;
  std::vector<std::vector<std::int64_t>> results;
  results.reserve(inputs.size());
  std::vector<std::int64_t> values(nodes * kLanes);  // node-major: values[node * kLanes + lane]
  for (std::size_t start = 0; start < inputs.size(); start += kLanes) {
    const std::size_t lanes = std::min(kLanes, inputs.size() - start);
    std::fill(values.begin(), values.end(), 0);
    for (std::size_t lane = 0; lane < lanes; ++lane) {
      const std::vector<std::int64_t>& x = inputs[start + lane];
      if (x.size() != num_inputs_) throw NetworkError("wrong number of inputs");
      for (std::size_t i = 0; i < num_inputs_; ++i) values[i * kLanes + lane] = x[i];
    }
    std::vector<std::array<std::int64_t, kLanes>> outputs;
    outputs.reserve(forms_.size() - num_units_);
    for (std::size_t f = 0; f < forms_.size(); ++f) {
      const Form& form = forms_[f];
      std::array<std::int64_t, kLanes> sum;
      sum.fill(form.bias_integer);
      for (std::uint32_t t = form.first_term; t < form.first_term + form.term_count; ++t) {
        const std::int64_t w = term_weights_integer_[t];
        const std::int64_t* source = &values[static_cast<std::size_t>(term_nodes_[t]) * kLanes];
        for (std::size_t lane = 0; lane < kLanes; ++lane) sum[lane] += w * source[lane];
      }
      if (f < num_units_) {
        std::int64_t* target = &values[(num_inputs_ + f) * kLanes];
        for (std::size_t lane = 0; lane < kLanes; ++lane) target[lane] = sum[lane] > 0 ? sum[lane] : 0;
      } else {
        outputs.push_back(sum);
      }
    }
    for (std::size_t lane = 0; lane < lanes; ++lane) {
      std::vector<std::int64_t> out(outputs.size());
      for (std::size_t o = 0; o < outputs.size(); ++o) out[o] = outputs[o][lane];
      results.push_back(std::move(out));
    }
  }
  return results;
}

std::vector<double> FastEvaluator::evaluate_with_error_bound(std::span<const double> inputs,
                                                             std::vector<double>& output_error_bounds) const {
  if (inputs.size() != num_inputs_) throw NetworkError("wrong number of inputs");
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  std::vector<double> values(num_inputs_ + num_units_);
  std::vector<double> errors(num_inputs_ + num_units_, 0.0);  // inputs are exact
  std::copy(inputs.begin(), inputs.end(), values.begin());
  std::vector<double> outputs;
  outputs.reserve(forms_.size() - num_units_);
  output_error_bounds.clear();
  output_error_bounds.reserve(forms_.size() - num_units_);
  for (std::size_t f = 0; f < forms_.size(); ++f) {
    const Form& form = forms_[f];
    double sum = form.bias;
    double bound = form.bias_error;
    for (std::uint32_t t = form.first_term; t < form.first_term + form.term_count; ++t) {
      const double w = term_weights_[t];
      const double x = values[term_nodes_[t]];
      const double e = errors[term_nodes_[t]];
      const double product = w * x;  // the same operations, in the same order, as evaluate()
      const double next = sum + product;
      if (x == 0 && e == 0) {  // exact zero term (an inactive unit): product and sum are exact
        sum = next;
        continue;
      }
      if (e != 0) bound = add_up(bound, mul_up(std::fabs(w), e));
      if (term_weight_errors_[t] != 0) bound = add_up(bound, mul_up(term_weight_errors_[t], add_up(std::fabs(x), e)));
      // Exact residuals of the product (TwoProduct) and of the sum (TwoSum).
      if (std::fabs(product) < kResidualUnderflow) {
        if (w != 0 && x != 0) bound = add_up(bound, add_up(std::fabs(std::fma(w, x, -product)), 0x1p-1074));
      } else if (!term_weight_exact_scale_[t]) {  // a power-of-two weight scales exactly
        bound = add_up(bound, std::fabs(std::fma(w, x, -product)));
      }
      const double sum_virtual = next - sum;
      const double sum_residual = (sum - (next - sum_virtual)) + (product - sum_virtual);
      if (sum_residual != 0) bound = add_up(bound, std::fabs(sum_residual));
      sum = next;
    }
    if (!std::isfinite(sum) || !(bound < kInfinity)) bound = kInfinity;  // overflow or NaN: no finite claim
    if (f < num_units_) {
      const std::size_t node = num_inputs_ + f;
      values[node] = sum > 0 ? sum : 0;
      errors[node] = sum <= -bound ? 0.0 : bound;  // certainly inactive: both values are 0
      if (std::isnan(sum)) errors[node] = kInfinity;
    } else {
      outputs.push_back(sum);
      output_error_bounds.push_back(bound);
    }
  }
  return outputs;
}

void FastEvaluator::evaluate_batch(std::span<const double> inputs, std::size_t count, std::span<double> outputs) const {
  const std::size_t num_outputs = forms_.size() - num_units_;
  if (inputs.size() != count * num_inputs_) throw NetworkError("evaluate_batch: inputs must hold count x num_inputs values");
  if (outputs.size() != count * num_outputs) throw NetworkError("evaluate_batch: outputs must hold count x num_outputs values");
  constexpr std::size_t kLanes = 32;
  const std::size_t nodes = num_inputs_ + num_units_;
  std::vector<double> values(nodes * kLanes);  // node-major: values[node * kLanes + lane]
  std::array<double, kLanes> sum;
  for (std::size_t start = 0; start < count; start += kLanes) {
    const std::size_t lanes = std::min(kLanes, count - start);
    std::fill(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(num_inputs_ * kLanes), 0.0);
    for (std::size_t lane = 0; lane < lanes; ++lane) {
      for (std::size_t i = 0; i < num_inputs_; ++i) values[i * kLanes + lane] = inputs[(start + lane) * num_inputs_ + i];
    }
    for (std::size_t f = 0; f < forms_.size(); ++f) {
      const Form& form = forms_[f];
      sum.fill(form.bias);
      for (std::uint32_t t = form.first_term; t < form.first_term + form.term_count; ++t) {
        const double w = term_weights_[t];
        const double* source = &values[static_cast<std::size_t>(term_nodes_[t]) * kLanes];
        for (std::size_t lane = 0; lane < kLanes; ++lane) sum[lane] += w * source[lane];
      }
      if (f < num_units_) {
        double* target = &values[(num_inputs_ + f) * kLanes];
        for (std::size_t lane = 0; lane < kLanes; ++lane) target[lane] = sum[lane] > 0 ? sum[lane] : 0;
      } else {
        const std::size_t output = f - num_units_;
        for (std::size_t lane = 0; lane < lanes; ++lane) outputs[(start + lane) * num_outputs + output] = sum[lane];
      }
    }
  }
}

}  // namespace dpsi::relu
