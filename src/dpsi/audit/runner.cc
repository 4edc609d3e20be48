#include "dpsi/audit/runner.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dpsi/version.h"

namespace dpsi::audit {
namespace {

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Parses a printed number ("1.236", "-3e-7", "0.005"); false if `text` is not one.
bool parse_number(const std::string& text, double& value) {
  try {
    std::size_t used = 0;
    value = std::stod(text, &used);
    return used == text.size();
  } catch (const std::exception&) {
    return false;
  }
}

std::string lower_case(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lowered;
}

}  // namespace

std::vector<std::string> fail_margin_defects(std::string_view margin) {
  std::vector<std::string> defects;
  // "x <= y", "x < y", "x >= y", "x > y" between two printed numbers, with nothing but spaces between,
  // or one naming word on the right ("tail 2.1e-32 <= bound 1.1e-32", "3 > radius 2").
  static const std::regex relation(
      R"((^|[^0-9A-Za-z_.^/*])(-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?)\s*(<=|>=|<|>)\s*(?:(?:bound|radius|limit|threshold|tolerance|target|cap|critical|deviation|quoted)\s+)?(-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?)(?![0-9A-Za-z_.^/*]))");
  const std::string text(margin);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), relation); it != std::sregex_iterator(); ++it) {
    const std::smatch& match = *it;
    double left = 0;
    double right = 0;
    if (!parse_number(match[2].str(), left) || !parse_number(match[6].str(), right)) continue;
    const std::string op = match[5].str();
    const bool holds = op == "<=" ? left <= right : op == ">=" ? left >= right : op == "<" ? left < right : left > right;
    if (!holds) defects.push_back(fmt::format("'{} {} {}' is false as written", match[2].str(), op, match[6].str()));
  }
  static const char* const markers[] = {"fail", "not ", "no ", "exceed", "refut", "error", "missing", "undecided", "exhaust",
                                        "violat", "wrong", "outside", "above", "below", "beyond", "too ", "differs", "mismatch"};
  const std::string lowered = lower_case(margin);
  bool marked = false;
  for (const char* marker : markers) marked = marked || lowered.find(marker) != std::string::npos;
  if (!marked) defects.push_back("no failure word: the margin reads like a pass");
  return defects;
}

std::string enforce_fail_wording(const std::string& margin) {
  std::string enforced = margin.rfind("FAIL", 0) == 0 ? margin : "FAILED: " + margin;
  for (const std::string& defect : fail_margin_defects(margin)) {
    if (defect.rfind("no failure word", 0) == 0) continue;  // the prefix supplies it
    enforced += " [wording defect: " + defect + "]";
  }
  return enforced;
}

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "FAIL";
    case Verdict::kPending:
      return "pending";
  }
  return "?";
}

std::size_t AuditReport::count(Verdict verdict) const {
  std::size_t n = 0;
  for (const AuditEntry& entry : entries) n += entry.verdict == verdict ? 1 : 0;
  return n;
}

std::size_t AuditReport::named_power_statements() const {
  std::size_t named = 0;
  for (const AuditEntry& entry : entries)
    for (const PowerStatement& power : entry.power) named += power.named() ? 1 : 0;
  return named;
}

std::vector<std::pair<const AuditEntry*, const PowerStatement*>> AuditReport::power_below_target() const {
  std::vector<std::pair<const AuditEntry*, const PowerStatement*>> below;
  for (const AuditEntry& entry : entries)
    for (const PowerStatement& power : entry.power)
      if (power.named() && power.power < kPowerTarget) below.emplace_back(&entry, &power);
  return below;
}

bool AuditReport::passed() const { return count(Verdict::kFail) == 0 && traceability_problems.empty(); }

std::vector<const spec::IndexedCheck*> select_checks(const spec::LemmaIndex& index,
                                                     const std::vector<std::string>& only) {
  std::set<std::string> wanted_lemmas;
  std::set<std::string> wanted_checks;
  for (const std::string& token : only) {
    if (index.find_lemma(token) != nullptr) {
      wanted_lemmas.insert(token);
    } else if (index.find_check(token) != nullptr) {
      wanted_checks.insert(token);
    } else {
      throw SelectionError(fmt::format("unknown lemma or check '{}' (dpsi audit --list shows them)", token));
    }
  }
  std::vector<const spec::IndexedCheck*> selected;
  for (const spec::Lemma& lemma : index.lemmas()) {
    for (const spec::IndexedCheck& check : lemma.checks) {
      if (only.empty() || wanted_lemmas.count(lemma.id) != 0 || wanted_checks.count(check.name) != 0) {
        selected.push_back(&check);
      }
    }
  }
  return selected;
}

AuditReport run_audit(const spec::LemmaIndex& index, const Registry& registry, const Instance& instance,
                      const AuditOptions& options) {
  auto selected = select_checks(index, options.only);
  if (!options.only.empty()) {
    // Add the checks that selected composition checks require (transitively), in index order.
    std::vector<std::string> only = options.only;
    for (bool grew = true; grew;) {
      grew = false;
      for (const spec::IndexedCheck* check : selected) {
        const CheckDefinition* definition = registry.find(check->name);
        if (definition == nullptr) continue;
        for (const std::string& required : definition->requires_checks) {
          if (std::find(only.begin(), only.end(), required) == only.end()) {
            only.push_back(required);
            grew = true;
          }
        }
      }
      if (grew) selected = select_checks(index, only);
    }
  }
  std::map<std::string, bool> verdicts;
  std::set<std::string> pending;
  std::map<std::string, std::map<std::string, Rational>> values;
  const auto audit_start = std::chrono::steady_clock::now();
  AuditReport report;
  report.dpsi_version = std::string(version());
  report.git_revision = std::string(git_revision());
  report.started_at = utc_now_iso8601();
  report.quick = options.quick;
  report.user_seed = options.seed;
  report.parameters = instance.values();
  report.traceability_problems = traceability_problems(index, registry);

  // Run order: index order, a check with requirements deferred until all its selected requirements ran.
  std::vector<std::size_t> order;
  {
    std::set<std::string> placed;
    std::set<std::string> selected_names;
    for (const spec::IndexedCheck* check : selected) selected_names.insert(check->name);
    std::vector<bool> done(selected.size(), false);
    for (bool progressed = true; order.size() < selected.size() && progressed;) {
      progressed = false;
      for (std::size_t i = 0; i < selected.size(); ++i) {
        if (done[i]) continue;
        const CheckDefinition* definition = registry.find(selected[i]->name);
        bool ready = true;
        if (definition != nullptr) {
          for (const std::string& required : definition->requires_checks) {
            ready = ready && (selected_names.count(required) == 0 || placed.count(required) != 0);
          }
        }
        if (!ready) continue;
        done[i] = true;
        placed.insert(selected[i]->name);
        order.push_back(i);
        progressed = true;
      }
    }
    for (std::size_t i = 0; i < selected.size(); ++i) {
      if (!done[i]) order.push_back(i);  // a requirement cycle: run in index order, the composition sees "not run"
    }
  }
  std::vector<AuditEntry> entries(selected.size());
  for (std::size_t position = 0; position < order.size(); ++position) {
    const std::size_t i = order[position];
    const spec::IndexedCheck& indexed = *selected[i];
    AuditEntry& entry = entries[i];
    entry.check_name = indexed.name;
    entry.lemma_id = std::string(spec::lemma_id_of(indexed.name));
    entry.lemma_title = index.find_lemma(entry.lemma_id)->title;
    entry.statement = indexed.statement;
    entry.source = indexed.source;
    entry.kind = indexed.kind;
    entry.issue = indexed.issue;
    const CheckDefinition* definition = registry.find(indexed.name);
    if (indexed.status == spec::CheckStatus::kPending || definition == nullptr) {
      entry.verdict = Verdict::kPending;
      entry.margin = indexed.issue ? fmt::format("not implemented yet (issue {})", *indexed.issue)
                                   : "not implemented yet";
      pending.insert(indexed.name);
      continue;
    }
    entry.seed = derive_seed(entry.lemma_id, options.seed);
    if (options.progress) options.progress({position, selected.size(), indexed.name, 0.0});
    CheckContext context{instance, options.quick, *entry.seed, nullptr, options.epsilon, &verdicts, &pending, &values};
    if (options.progress) {
      context.progress = [&](double fraction) { options.progress({position, selected.size(), indexed.name, fraction}); };
    }
    const auto start = std::chrono::steady_clock::now();
    try {
      CheckResult result = definition->run(context);
      entry.verdict = result.pending ? Verdict::kPending : result.passed ? Verdict::kPass : Verdict::kFail;
      if (!result.statement.empty()) entry.statement = std::move(result.statement);
      entry.margin = std::move(result.margin);
      entry.log = std::move(result.log);
      entry.parameters = std::move(result.parameters);
      entry.markdown = std::move(result.markdown);
      entry.files = std::move(result.files);
      entry.power = std::move(result.power);
      entry.certified_values = std::move(result.certified_values);
      for (const PowerStatement& power : entry.power) {
        if (!(power.power >= 0 && power.power <= 1)) throw std::logic_error("a power statement outside [0, 1]");
        for (const std::string& check : power.covered_by) {
          if (index.find_check(check) == nullptr)
            throw std::logic_error(fmt::format("the power statement against '{}' says it is covered by '{}', which is not a check of the index",
                                               power.alternative, check));
        }
        std::string status;
        if (!power.named()) {
          status = fmt::format(" [reported only: this check is not designed to detect it; covered by {}]", fmt::join(power.covered_by, ", "));
        } else if (power.power < kPowerTarget) {
          status = options.quick ? fmt::format(" [quick sizes; the {} target applies to the full audit]", kPowerTarget)
                                 : fmt::format(" [BELOW THE POWER TARGET {}]", kPowerTarget);
        }
        entry.log.push_back(fmt::format("{}: power {:.4f} against {} ({}){}", entry.lemma_id, power.power, power.alternative, power.method, status));
      }
    } catch (const std::exception& error) {
      entry.verdict = Verdict::kFail;
      entry.margin = fmt::format("error: {}", error.what());
    }
    entry.seconds = seconds_since(start);
    if (entry.verdict == Verdict::kFail) {
      const std::vector<std::string> defects = fail_margin_defects(entry.margin);
      for (const std::string& defect : defects) entry.log.push_back(fmt::format("{}: FAIL margin wording defect: {}", entry.check_name, defect));
      entry.margin = enforce_fail_wording(entry.margin);
    }
    if (entry.verdict == Verdict::kPending) pending.insert(indexed.name);
    else verdicts[indexed.name] = entry.verdict == Verdict::kPass;
    if (entry.verdict == Verdict::kPass && !entry.certified_values.empty()) values[indexed.name] = entry.certified_values;
    if (options.progress) options.progress({position, selected.size(), indexed.name, 1.0});
  }
  report.entries = std::move(entries);
  report.seconds = seconds_since(audit_start);
  return report;
}

}  // namespace dpsi::audit
