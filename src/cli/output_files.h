// File: cli/output_files.h
// The --out DIR of the experiment commands (scaling, peers): report files written atomically, and
// gnuplot scripts drawn into SVG beside them.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace dpsi::cli {

using NamedContent = std::pair<std::string, std::string>;  // file name (no directories), content

// Writes `files` and `plot_files` into `directory`, each atomically (UsageError naming the file on
// failure), then draws every gnuplot script among `plot_files` (NAME.gp writing NAME.svg.tmp) with
// gnuplot when it is installed, renaming the result to NAME.svg; notes about the plots go to stderr.
void write_output_files(const std::filesystem::path& directory, const std::vector<NamedContent>& files,
                        const std::vector<NamedContent>& plot_files);

}  // namespace dpsi::cli
