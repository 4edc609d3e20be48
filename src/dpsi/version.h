// File: dpsi/version.h
// The dpsi version and the source revision it was built from.
#pragma once

#include <string_view>

namespace dpsi {

// Semantic version of the project, e.g. "0.1.0".
std::string_view version();
// `git describe --always --dirty` at configure time, or "unknown" outside a git checkout.
std::string_view git_revision();

}  // namespace dpsi
