// File: dpsi/numeric/quoted_input.h
// How an error message quotes the input it rejects: in full when short, else shortened, so that a
// 100 kB argument gives a one-line error of bounded length.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dpsi {

inline constexpr std::size_t kMaxQuotedInput = 80;  // longer inputs are shortened
inline constexpr std::size_t kQuotedPrefix = 60;    // characters kept of a shortened input

// "'text'" if text has at most kMaxQuotedInput characters, else "'<first 60 characters>...' (N
// characters)".
inline std::string quoted_input(std::string_view text) {
  if (text.size() <= kMaxQuotedInput) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, kQuotedPrefix)) + "...' (" + std::to_string(text.size()) + " characters)";
}

}  // namespace dpsi
