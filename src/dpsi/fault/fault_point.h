// File: dpsi/fault/fault_point.h
// Fault points: the mechanism of dpsi's mutation testing (mutants/README.md, spec/README.md
// "Mutation testing"). A fault point is a named, deliberately wrong variant of one line of the
// implementation, written next to the line it corrupts:
//
//     double sigma_y = instance.sigma_y().convert_to<double>();
//     if (DPSI_FAULT("rejection.likelihood-sigma-y-1pct")) sigma_y *= 1.01;
//
// In every ordinary build (release, debug, sanitizers, tests) DPSI_FAULT(...) is the constant
// `false`: the branch is removed by the compiler, costs nothing, and no flag, file or environment
// variable can reach it. Only the mutation build (CMake option DPSI_FAULT_POINTS, preset
// "mutants", `./run mutants`) compiles the points in; there, the single fault named by the
// environment variable DPSI_FAULT is active for the whole process and every other point is off.
// The catalogue (mutants/*.json) declares each point with the checks that must kill it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dpsi::fault {

#if defined(DPSI_FAULT_POINTS)
inline constexpr bool kCompiledIn = true;
// True iff DPSI_FAULT names `id`; counts the hit (see hit_count).
bool is_active(std::string_view id) noexcept;
// True iff DPSI_FAULT names `id` and a deterministic pseudo-random draw keyed by the hit number
// falls below `probability` (for faults that corrupt a fraction of the outputs). The sequence of
// answers is fixed for a single-threaded caller; with threads, which calls see it may vary.
bool is_active_sometimes(std::string_view id, double probability) noexcept;
#else
inline constexpr bool kCompiledIn = false;
constexpr bool is_active(std::string_view /*id*/) noexcept { return false; }
constexpr bool is_active_sometimes(std::string_view /*id*/, double /*probability*/) noexcept { return false; }
#endif

// The fault named by DPSI_FAULT in a mutation build ("" when none, and always "" otherwise).
std::string active_fault();
// How many times the active fault's point was reached (0 when none is active).
std::uint64_t hit_count() noexcept;

// Called once by main(): in a mutation build with DPSI_FAULT set, prints a banner on stderr and
// arranges that, at exit, the hit count is written to the file named by DPSI_FAULT_HITS (if set).
// Returns false (with a one-line message on stderr) if DPSI_FAULT is not a well-formed fault name.
bool announce();

}  // namespace dpsi::fault

#define DPSI_FAULT(id) (::dpsi::fault::is_active(id))
#define DPSI_FAULT_SOMETIMES(id, probability) (::dpsi::fault::is_active_sometimes(id, probability))
