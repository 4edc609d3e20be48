#include "dpsi/fault/fault_point.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>

namespace dpsi::fault {
#if defined(DPSI_FAULT_POINTS)
namespace {

// The name rule of mutants/README.md: lower-case words joined by '.' and '-'.
bool well_formed(const std::string& name) {
  static const std::regex pattern("^[a-z0-9]+([.-][a-z0-9]+)*$");
  return std::regex_match(name, pattern);
}

struct State {
  std::string active;
  std::atomic<std::uint64_t> hits{0};
  std::atomic<std::uint64_t> draws{0};
};

State& state() {
  static State* const instance = [] {
    auto* created = new State;  // never destroyed: fault points may be reached during exit
    if (const char* name = std::getenv("DPSI_FAULT"); name != nullptr) created->active = name;
    return created;
  }();
  return *instance;
}

void write_hits_at_exit() {
  const char* path = std::getenv("DPSI_FAULT_HITS");
  if (path == nullptr) return;
  std::ofstream out(path, std::ios::trunc);
  out << state().active << " " << state().hits.load() << "\n";
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

bool is_active(std::string_view id) noexcept {
  State& current = state();
  if (current.active.empty() || current.active != id) return false;
  current.hits.fetch_add(1, std::memory_order_relaxed);
  return true;
}

bool is_active_sometimes(std::string_view id, double probability) noexcept {
  State& current = state();
  if (current.active.empty() || current.active != id) return false;
  const std::uint64_t draw = current.draws.fetch_add(1, std::memory_order_relaxed);
  const double uniform = static_cast<double>(splitmix64(draw) >> 11) * 0x1p-53;
  if (uniform >= probability) return false;
  current.hits.fetch_add(1, std::memory_order_relaxed);
  return true;
}

std::string active_fault() { return state().active; }
std::uint64_t hit_count() noexcept { return state().hits.load(); }

bool announce() {
  const std::string name = active_fault();
  if (name.empty()) return true;
  if (!well_formed(name)) {
    std::cerr << "dpsi: error: DPSI_FAULT is not a fault name (lower-case words joined by '.' or '-')\n";
    return false;
  }
  std::cerr << "dpsi: MUTATION BUILD, fault '" << name << "' injected: no verdict of this run is a verdict of record\n";
  std::atexit(write_hits_at_exit);
  return true;
}
#else
std::string active_fault() { return {}; }
std::uint64_t hit_count() noexcept { return 0; }
bool announce() { return true; }
#endif

}  // namespace dpsi::fault
