// File: tests/support/check_runner.h
// Runs registered audit checks from a test, in quick mode on the default instance, asserting each
// passes and printing its margin (so the test log shows what the audit would).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <initializer_list>

#include "dpsi/audit/registry.h"

namespace dpsi::testing {

inline void expect_checks_pass_quick(void (*register_checks)(audit::Registry&), spec::CheckKind kind,
                                     std::initializer_list<const char*> names) {
  audit::Registry registry;
  register_checks(registry);
  const Instance defaults = Instance::defaults();
  for (const char* name : names) {
    const audit::CheckDefinition* check = registry.find(name);
    ASSERT_NE(check, nullptr) << name;
    EXPECT_EQ(check->kind, kind) << name;
    const auto start = std::chrono::steady_clock::now();
    const audit::CheckResult result = check->run({defaults, true, 0, {}});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(result.passed) << name << ": " << result.margin;
    std::printf("%s (%.2f s): %s\n", name, seconds, result.margin.c_str());
  }
}

}  // namespace dpsi::testing
