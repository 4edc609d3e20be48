// File: cli/output_files.h
// The --out DIR of the experiment commands (scaling, peers): report files written atomically, and
// gnuplot scripts drawn into SVG beside them.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace dpsi::cli {

using NamedContent = std::pair<std::string, std::string>;  // file name (no directories), content

// One output file: where it goes, and how to write it to a given path.
struct PendingFile {
  std::filesystem::path path;
  std::function<void(const std::filesystem::path&)> write;  // throws std::system_error on failure
};

// All-or-nothing output of several files: writes each to a temporary beside its destination (each
// with audit::write_file_atomically or the like), and only when every one is written renames them
// into place. On any failure every temporary (and any file already renamed) is removed and a
// UsageError names the file that failed ("cannot write FILE: reason").
void write_all_or_nothing(const std::vector<PendingFile>& files);

// write_all_or_nothing of contents.
void write_all_or_nothing(const std::vector<std::pair<std::filesystem::path, std::string>>& files);

// Writes `files` and `plot_files` into `directory`, all or nothing (UsageError naming the file on
// failure), then draws every gnuplot script among `plot_files` (NAME.gp writing NAME.svg.tmp) with
// gnuplot when it is installed, renaming the result to NAME.svg; notes about the plots go to stderr.
void write_output_files(const std::filesystem::path& directory, const std::vector<NamedContent>& files,
                        const std::vector<NamedContent>& plot_files);

}  // namespace dpsi::cli
