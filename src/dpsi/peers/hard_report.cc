// Renderings of the hard-instance table (see hard_experiment.h): markdown, gnuplot data and script, JSON.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <algorithm>

#include "dpsi/peers/hard_experiment.h"

namespace dpsi::peers {

namespace {
std::string work_text(const HardRow& row) {
  if (row.prediction == Prediction::kExact && row.method == "exact") return "2^n table";
  if (row.work_per_output == 0) return "-";
  const char* unit = (row.prediction == Prediction::kExact || row.prediction == Prediction::kCapped) ? "proposals" : "score calls";
  return fmt::format("{:.3g} {}", row.work_per_output, unit);
}

std::string note_text(const HardRow& row) {
  if (row.prediction == Prediction::kParticles) return fmt::format("median min ESS/K {:.2f}", row.min_relative_ess);
  if (row.prediction == Prediction::kCapped)
    return fmt::format("gave up {}/{}; median 1/a(y) = 1e{:.1f}", row.gave_up, row.trials, row.median_log10_inverse_acceptance);
  return "";
}

std::string verdict_text(const HardRow& row) {
  if (!row.tested) return "reported";
  return fmt::format("{} (p = {:.2g})", row.passed ? "pass" : "FAIL", row.tail_probability);
}
}  // namespace

std::string prediction_text(const HardRow& row) {
  switch (row.prediction) {
    case Prediction::kChance:
      return fmt::format("= chance {:.3g}", row.predicted);
    case Prediction::kParticles:
      return fmt::format("<= K chance {:.3g}", row.predicted);
    case Prediction::kExact:
      return row.tested ? fmt::format(">= B.2 bound {:.6f}", row.predicted) : "~ 1 (B.2)";
    case Prediction::kCapped:
      return fmt::format("<= T_max E a(y) = {:.2g}", row.predicted);
  }
  return "";
}

std::string hard_markdown(const HardReport& report, const std::string& plot_stem) {
  const HardOptions& o = report.options;
  std::string text = fmt::format(
      "### Practical posterior samplers on the hard instance (E.P:hard-instance)\n\n"
      "n = m, defaults otherwise (delta = 1/20, tau = 1/1000, sigma_y = 1/400); {} trials per cell, the same measurements y "
      "for every method; scores: {}; inverted = f(sbar(x-hat)) = dec(y). chance = mean of #f^-1(dec(y))/2^n. Fit = "
      "median |y - A x-hat|/(sigma_y sqrt(m)) (about 1 when x-hat explains y). Tests at level {:.2g} each "
      "(exact binomial tails, Hoeffding 1956 for unequal chances).\n\n"
      "| n | method | inverted | rate [95% CI] | prediction | verdict | s/output | work/output | fit | note |\n"
      "|---|---|---|---|---|---|---|---|---|---|\n",
      o.trials, o.scores, report.gamma_per_test);
  for (const HardRow& row : report.rows) {
    text += fmt::format("| {} | {} | {}/{} | {:.3g} [{:.3g}, {:.3g}] | {} | {} | {:.3g} | {} | {} | {} |\n", row.n, row.method,
                        row.successes, row.trials, row.rate, row.rate_low, row.rate_high, prediction_text(row), verdict_text(row),
                        row.seconds_per_output, work_text(row),
                        row.gave_up == row.trials ? std::string("-") : fmt::format("{:.3g}", row.median_residual), note_text(row));
  }
  text += fmt::format("\n![Inversion rate against n]({}.svg)\n", plot_stem);
  return text;
}

std::string hard_data(const HardReport& report) {
  // One block per method (gnuplot `index`), then one block with the chance level.
  std::map<std::string, std::vector<const HardRow*>> by_method;
  std::vector<std::string> order;
  for (const HardRow& row : report.rows) {
    if (!by_method.count(row.method)) order.push_back(row.method);
    by_method[row.method].push_back(&row);
  }
  std::string text;
  for (const std::string& method : order) {
    text += fmt::format("# {}: n rate low high zero_upper\n", method);
    for (const HardRow* row : by_method[method]) {
      const bool zero = row->successes == 0;
      text += fmt::format("{} {} {} {} {}\n", row->n, zero ? std::string("nan") : fmt::format("{:.6g}", row->rate),
                          zero ? std::string("nan") : fmt::format("{:.6g}", row->rate_low), fmt::format("{:.6g}", row->rate_high),
                          zero ? fmt::format("{:.6g}", row->rate_high) : std::string("nan"));
    }
    text += "\n\n";
  }
  text += "# chance: n mean #f^-1(dec(y))/2^n\n";
  std::map<int, double> chance;
  for (const HardRow& row : report.rows) chance[row.n] = row.chance;
  for (const auto& [n, value] : chance) text += fmt::format("{} {:.6g}\n", n, value);
  return text;
}

std::string hard_gnuplot(const HardReport& report, const std::string& stem) {
  std::vector<std::string> order;
  for (const HardRow& row : report.rows)
    if (std::find(order.begin(), order.end(), row.method) == order.end()) order.push_back(row.method);
  std::string text = fmt::format(
      "set terminal svg size 960,600 dynamic\nset termoption noenhanced\nset output '{}.svg.tmp'\n"
      "set xlabel 'n = m'\nset ylabel 'inversion rate (log scale)'\nset logscale y\nset yrange [1e-6:3]\nset format y '%.0e'\n"
      "set xrange [{}:{}]\nset key outside right top\nset grid\nset datafile missing 'nan'\n"
      "set title 'Inversion rate vs n (filled: rate, 95% CI; open: 95% bound, none inverted)'\n"
      "plot ",
      stem, report.options.sizes.empty() ? 0 : *std::min_element(report.options.sizes.begin(), report.options.sizes.end()) - 1,
      report.options.sizes.empty() ? 1 : *std::max_element(report.options.sizes.begin(), report.options.sizes.end()) + 1);
  // Methods are spread horizontally so that equal values (several zero rows) stay visible.
  const double spread = 0.12;
  int index = 0;
  for (const std::string& method : order) {
    const int colour = index + 1;
    const double offset = (index - (static_cast<double>(order.size()) - 1) / 2) * spread;
    text += fmt::format(
        "'{0}.dat' index {1} using ($1+{4:.3f}):2:3:4 with yerrorbars lc {2} pt 7 title '{3}', \\\n"
        "     '{0}.dat' index {1} using ($1+{4:.3f}):5 with points lc {2} pt 10 ps 1.3 title '{3}: none inverted', \\\n     ",
        stem, index, colour, method, offset);
    ++index;
  }
  text += fmt::format("'{}.dat' index {} using 1:2 with lines dt 2 lw 2 lc rgb 'black' title 'chance #f^-1(dec y)/2^n'\n", stem, index);
  return text;
}

std::string hard_json(const HardReport& report) {
  nlohmann::json rows = nlohmann::json::array();
  for (const HardRow& row : report.rows) {
    rows.push_back({{"n", row.n},
                    {"method", row.method},
                    {"trials", row.trials},
                    {"inverted", row.successes},
                    {"gave_up", row.gave_up},
                    {"rate", row.rate},
                    {"rate_ci95", {row.rate_low, row.rate_high}},
                    {"chance", row.chance},
                    {"prediction", prediction_text(row)},
                    {"predicted", row.predicted},
                    {"tested", row.tested},
                    {"p_value", row.tail_probability},
                    {"passed", row.passed},
                    {"seconds_per_output", row.seconds_per_output},
                    {"work_per_output", row.work_per_output},
                    {"median_fit", row.median_residual},
                    {"median_min_relative_ess", row.min_relative_ess},
                    {"median_log10_inverse_acceptance", row.median_log10_inverse_acceptance}});
  }
  const HardOptions& o = report.options;
  const nlohmann::json json = {{"experiment", "E.P:hard-instance"},
                               {"sizes", o.sizes},
                               {"trials", o.trials},
                               {"scores", o.scores},
                               {"seed", o.seed},
                               {"gamma", o.gamma},
                               {"gamma_per_test", report.gamma_per_test},
                               {"passed", report.passed()},
                               {"seconds", report.seconds},
                               {"rows", rows}};
  return json.dump(2) + "\n";
}

}  // namespace dpsi::peers
