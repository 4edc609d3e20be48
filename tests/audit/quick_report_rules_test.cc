// Rules every check must keep, verified on the report of the quick audit that CTest runs first
// (test audit.quick, fixture audit_quick_report): every statistical check states its power against
// at least one named alternative (spec/README.md, "Power"; a reported-only row names the checks
// that cover it); every check's verdict is pass; the
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
    int named = 0;
    for (const auto& row : power) {
      named += row.at("named").get<bool>() ? 1 : 0;
      EXPECT_EQ(row.at("named").get<bool>(), row.at("covered_by").empty()) << check.at("id");
      EXPECT_FALSE(row.at("alternative").get<std::string>().empty()) << check.at("id");
      EXPECT_FALSE(row.at("method").get<std::string>().empty()) << check.at("id");
      EXPECT_GE(row.at("power").get<double>(), 0.0) << check.at("id");
      EXPECT_LE(row.at("power").get<double>(), 1.0) << check.at("id");
    }
    EXPECT_GE(named, 1) << check.at("id").get<std::string>() << " names no alternative it is designed to detect";
  }
  EXPECT_FALSE(report.at("power").at("applies").get<bool>());  // quick sizes: the 0.99 target is the full audit's
  EXPECT_GT(statistical, 20);
}

TEST(QuickReportRules, OrdinaryBuildReportsHaveNoInjectedFault) {
  const nlohmann::json report = quick_report();
  EXPECT_TRUE(report.at("fault_injected").is_null());
}

}  // namespace
