// The experiment commands' output directory (see output_files.h).
#include "cli/output_files.h"

#include <unistd.h>

#include <fmt/format.h>

#include <iostream>
#include <system_error>

#include "cli/instance_options.h"
#include "dpsi/audit/atomic_file.h"
#include "dpsi/audit/report.h"

namespace dpsi::cli {

namespace {

std::filesystem::path pending_path(const std::filesystem::path& path) {
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  return directory / fmt::format(".{}.pending-{}", path.filename().string(), ::getpid());
}

void remove_quietly(const std::filesystem::path& path) {
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
}

}  // namespace

void write_all_or_nothing(const std::vector<PendingFile>& files) {
  std::vector<std::filesystem::path> temporaries;
  auto abandon = [&](std::size_t renamed, const std::filesystem::path& failed, const std::string& reason) {
    for (std::size_t k = 0; k < temporaries.size(); ++k) remove_quietly(k < renamed ? files[k].path : temporaries[k]);
    throw UsageError(fmt::format("cannot write {}: {} (no output file written)", failed.string(), reason));
  };
  for (const PendingFile& file : files) {
    const std::filesystem::path temporary = pending_path(file.path);
    try {
      file.write(temporary);
    } catch (const std::system_error& error) {
      remove_quietly(temporary);
      abandon(0, file.path, error.code().message());
    }
    temporaries.push_back(temporary);
  }
  for (std::size_t k = 0; k < files.size(); ++k) {
    std::error_code error;
    std::filesystem::rename(temporaries[k], files[k].path, error);
    if (error) abandon(k, files[k].path, error.message());
  }
}

void write_all_or_nothing(const std::vector<std::pair<std::filesystem::path, std::string>>& files) {
  std::vector<PendingFile> pending;
  for (const auto& file : files) {
    const std::string& content = file.second;  // a named reference: clang 14 cannot capture a structured binding
    pending.push_back({file.first, [&content](const std::filesystem::path& to) { audit::write_file_atomically(to, content); }});
  }
  write_all_or_nothing(pending);
}

void write_output_files(const std::filesystem::path& directory, const std::vector<NamedContent>& files,
                        const std::vector<NamedContent>& plot_files) {
  std::vector<std::pair<std::filesystem::path, std::string>> all;
  for (const auto& [name, content] : plot_files) all.emplace_back(directory / name, content);
  for (const auto& [name, content] : files) all.emplace_back(directory / name, content);
  write_all_or_nothing(all);
  if (plot_files.empty()) return;
  audit::AuditReport plots;
  audit::AuditEntry entry;
  entry.files = plot_files;
  plots.entries.push_back(std::move(entry));
  for (const std::string& note : audit::render_plots(plots, directory)) std::cerr << note << "\n";
}

}  // namespace dpsi::cli
