// Rules every check must keep, verified on the report of the quick audit that CTest runs first
// (test audit.quick, fixture audit_quick_report): every statistical check states its power against
// at least one named alternative (spec/README.md, "Power"); every check's verdict is pass; the
// report of an ordinary build carries no injected fault.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace {

nlohmann::json quick_report() {
  const std::filesystem::path path = std::filesystem::path(DPSI_QUICK_REPORT_DIR) / "report.json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("no quick-audit report at " + path.string() + " (run ctest, which runs audit.quick first)");
  return nlohmann::json::parse(in);
}

TEST(QuickReportRules, EveryStatisticalCheckStatesItsPower) {
  const nlohmann::json report = quick_report();
  int statistical = 0;
  for (const auto& check : report.at("checks")) {
    if (check.at("kind") != "statistical") continue;
    ++statistical;
    const auto& power = check.at("power");
    EXPECT_FALSE(power.empty()) << check.at("id").get<std::string>() << " states no power against any alternative";
    for (const auto& row : power) {
      EXPECT_FALSE(row.at("alternative").get<std::string>().empty()) << check.at("id");
      EXPECT_FALSE(row.at("method").get<std::string>().empty()) << check.at("id");
      EXPECT_GE(row.at("power").get<double>(), 0.0) << check.at("id");
      EXPECT_LE(row.at("power").get<double>(), 1.0) << check.at("id");
    }
  }
  EXPECT_GT(statistical, 20);
}

TEST(QuickReportRules, OrdinaryBuildReportsHaveNoInjectedFault) {
  const nlohmann::json report = quick_report();
  EXPECT_TRUE(report.at("fault_injected").is_null());
}

}  // namespace
