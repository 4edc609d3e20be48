// The experiment commands' output directory (see output_files.h).
#include "cli/output_files.h"

#include <iostream>
#include <system_error>

#include "cli/instance_options.h"
#include "dpsi/audit/atomic_file.h"
#include "dpsi/audit/report.h"

namespace dpsi::cli {

void write_output_files(const std::filesystem::path& directory, const std::vector<NamedContent>& files,
                        const std::vector<NamedContent>& plot_files) {
  try {
    for (const auto& [name, content] : plot_files) audit::write_file_atomically(directory / name, content);
    for (const auto& [name, content] : files) audit::write_file_atomically(directory / name, content);
  } catch (const std::system_error& error) {
    throw UsageError(error.what());
  }
  if (plot_files.empty()) return;
  audit::AuditReport plots;
  audit::AuditEntry entry;
  entry.files = plot_files;
  plots.entries.push_back(std::move(entry));
  for (const std::string& note : audit::render_plots(plots, directory)) std::cerr << note << "\n";
}

}  // namespace dpsi::cli
