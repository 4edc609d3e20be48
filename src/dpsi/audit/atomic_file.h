// File: dpsi/audit/atomic_file.h
// Writing a file so that readers see either the old file, or the complete new one, never a part.
#pragma once

#include <filesystem>
#include <string_view>

namespace dpsi::audit {

// Writes `content` to a temporary file in the same directory (mkstemp), fsyncs it, then renames it
// over `path` (atomic on POSIX file systems). On any failure the temporary file is removed and
// std::system_error is thrown with a one-line message naming `path`.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Creates `directory` (and parents) if needed and proves it writable by creating and removing a
// probe file. Throws std::system_error with a one-line message otherwise.
void ensure_writable_directory(const std::filesystem::path& directory);

}  // namespace dpsi::audit
