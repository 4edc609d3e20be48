// `dpsi mutants` in an ordinary build: it lists the catalogue but refuses to run it (fault points
// exist only in the mutation build), and an ordinary dpsi ignores DPSI_FAULT entirely.
#include <gtest/gtest.h>

#include <cstdlib>

#include "support/cli_runner.h"

namespace dpsi::testing {
namespace {

const std::string kCatalogue = std::string(DPSI_SOURCE_DIR) + "/mutants";

TEST(MutantsCommand, ListsTheCatalogue) {
  const CliRun run = dpsi({"mutants", "--list", "--catalogue", kCatalogue});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("posterior.rejection-sigma-y-1pct"), std::string::npos);
  EXPECT_NE(run.out.find("killed by E.1:accepted-law"), std::string::npos);
  const CliRun group = dpsi({"mutants", "--list", "--catalogue", kCatalogue, "--only", "B-inversion"});
  ASSERT_EQ(group.exit_code, 0) << group.err;
  EXPECT_NE(group.out.find("posterior.exact-last-seed-bit-3pct"), std::string::npos);
  EXPECT_EQ(group.out.find("posterior.rejection-sigma-y-1pct"), std::string::npos);
}

TEST(MutantsCommand, RefusesToRunWithoutFaultPoints) {
  expect_usage_error(dpsi({"mutants", "--catalogue", kCatalogue}), "built without fault points");
}

TEST(MutantsCommand, RejectsUnknownSelectionsAndCatalogues) {
  expect_usage_error(dpsi({"mutants", "--list", "--catalogue", kCatalogue, "--only", "no-such-mutant"}), "no-such-mutant");
  expect_usage_error(dpsi({"mutants", "--list", "--catalogue", "/nonexistent/dir"}), "not a directory");
}

TEST(MutantsCommand, OrdinaryBuildIgnoresDpsiFault) {
  ::setenv("DPSI_FAULT", "posterior.rejection-sigma-y-1pct", 1);
  const CliRun run = dpsi({"check", "K.2", "--quick"});
  ::unsetenv("DPSI_FAULT");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err.find("MUTATION BUILD"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace dpsi::testing
