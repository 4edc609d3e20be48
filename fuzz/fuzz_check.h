// File: fuzz/fuzz_check.h
// What every fuzz target asserts: FUZZ_CHECK(condition) aborts (a libFuzzer crash, with the input
// saved) when an invariant fails; one_line_error(message) checks the house rule on error messages
// (one line of bounded length: an error quotes at most 60 characters of its input; a '\r' inside a
// quoted input is allowed, since main() turns every line break of a message into a space).
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_CHECK(condition)                                                                  \
  do {                                                                                         \
    if (!(condition)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                            \
    }                                                                                          \
  } while (false)

namespace dpsi::fuzz {

// The longest error message a parser may produce for any input (its own words plus quoted inputs).
inline constexpr std::size_t kMaxErrorLength = 1000;

inline bool one_line_error(std::string_view message) {
  return !message.empty() && message.size() <= kMaxErrorLength && message.find('\n') == std::string_view::npos;
}

}  // namespace dpsi::fuzz
