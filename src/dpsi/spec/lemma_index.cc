#include "dpsi/spec/lemma_index.h"

#include <algorithm>
#include <functional>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace dpsi::spec {
namespace {

const std::regex& lemma_id_pattern() {
  static const std::regex pattern("^[A-Z](\\.[A-Za-z0-9]+)?$");
  return pattern;
}
const std::regex& check_suffix_pattern() {
  static const std::regex pattern("^[a-z0-9]+(-[a-z0-9]+)*$");
  return pattern;
}

std::string required_string(const nlohmann::json& object, const char* key, const std::string& where) {
  if (!object.contains(key) || !object.at(key).is_string()) {
    throw IndexError(fmt::format("lemma index: {} lacks string field '{}'", where, key));
  }
  return object.at(key).get<std::string>();
}

CheckKind parse_kind(const std::string& text, const std::string& where) {
  if (text == "exact") return CheckKind::kExact;
  if (text == "certified") return CheckKind::kCertified;
  if (text == "certified-at-points") return CheckKind::kCertifiedAtPoints;
  if (text == "statistical") return CheckKind::kStatistical;
  throw IndexError(fmt::format("lemma index: {} has unknown kind '{}'", where, text));
}

CheckStatus parse_status(const std::string& text, const std::string& where) {
  if (text == "implemented") return CheckStatus::kImplemented;
  if (text == "pending") return CheckStatus::kPending;
  throw IndexError(fmt::format("lemma index: {} has unknown status '{}'", where, text));
}

std::vector<std::string> parse_uses(const nlohmann::json& entry, const std::string& where) {
  std::vector<std::string> uses;
  if (!entry.contains("uses")) return uses;
  if (!entry.at("uses").is_array()) throw IndexError(fmt::format("lemma index: {} has 'uses' that is not an array", where));
  for (const nlohmann::json& id : entry.at("uses")) {
    if (!id.is_string()) throw IndexError(fmt::format("lemma index: {} has a non-string entry in 'uses'", where));
    const std::string text = id.get<std::string>();
    if (std::find(uses.begin(), uses.end(), text) != uses.end()) {
      throw IndexError(fmt::format("lemma index: {} lists '{}' twice in 'uses'", where, text));
    }
    uses.push_back(text);
  }
  return uses;
}

// Every used ID is a lemma of the index other than the user, and the relation has no cycle
// (depth-first search; the first cycle found is named in index order).
void validate_uses(const std::vector<Lemma>& lemmas) {
  std::map<std::string, const Lemma*> by_id;
  for (const Lemma& lemma : lemmas) by_id[lemma.id] = &lemma;
  for (const Lemma& lemma : lemmas) {
    for (const std::string& used : lemma.uses) {
      if (used == lemma.id) throw IndexError(fmt::format("lemma index: lemma {} uses itself", lemma.id));
      if (by_id.count(used) == 0) {
        throw IndexError(fmt::format("lemma index: lemma {} uses '{}', which is not a lemma of the index", lemma.id, used));
      }
    }
  }
  enum class Mark { kNew, kOnPath, kDone };
  std::map<std::string, Mark> marks;
  std::vector<std::string> path;
  std::function<void(const Lemma&)> visit = [&](const Lemma& lemma) {
    marks[lemma.id] = Mark::kOnPath;
    path.push_back(lemma.id);
    for (const std::string& used : lemma.uses) {
      const Mark mark = marks.count(used) ? marks[used] : Mark::kNew;
      if (mark == Mark::kOnPath) {
        std::string cycle;
        for (auto it = std::find(path.begin(), path.end(), used); it != path.end(); ++it) cycle += *it + " -> ";
        throw IndexError(fmt::format("lemma index: 'uses' has a cycle: {}{}", cycle, used));
      }
      if (mark == Mark::kNew) visit(*by_id.at(used));
    }
    path.pop_back();
    marks[lemma.id] = Mark::kDone;
  };
  for (const Lemma& lemma : lemmas) {
    if (!marks.count(lemma.id)) visit(lemma);
  }
}

}  // namespace

std::string_view to_string(CheckKind kind) {
  switch (kind) {
    case CheckKind::kExact:
      return "exact";
    case CheckKind::kCertified:
      return "certified";
    case CheckKind::kCertifiedAtPoints:
      return "certified-at-points";
    case CheckKind::kStatistical:
      return "statistical";
  }
  return "?";
}

std::string_view to_string(CheckStatus status) {
  return status == CheckStatus::kImplemented ? "implemented" : "pending";
}

std::string_view lemma_id_of(std::string_view check_name) {
  const auto colon = check_name.find(':');
  return colon == std::string_view::npos ? check_name : check_name.substr(0, colon);
}

LemmaIndex LemmaIndex::parse(std::string_view json_text) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& error) {
    throw IndexError(fmt::format("lemma index: not valid JSON: {}", error.what()));
  }
  if (!document.is_object() || document.value("schema", "") != "dpsi-lemma-index/1") {
    throw IndexError("lemma index: schema must be \"dpsi-lemma-index/1\"");
  }
  if (!document.contains("lemmas") || !document.at("lemmas").is_array()) {
    throw IndexError("lemma index: 'lemmas' must be an array");
  }
  LemmaIndex index;
  std::set<std::string> lemma_ids;
  std::set<std::string> check_names;
  for (const nlohmann::json& entry : document.at("lemmas")) {
    if (!entry.is_object()) throw IndexError("lemma index: every lemma must be an object");
    Lemma lemma;
    lemma.id = required_string(entry, "id", "a lemma");
    const std::string where = "lemma " + lemma.id;
    if (!std::regex_match(lemma.id, lemma_id_pattern())) {
      throw IndexError(fmt::format("lemma index: malformed lemma id '{}'", lemma.id));
    }
    if (!lemma_ids.insert(lemma.id).second) {
      throw IndexError(fmt::format("lemma index: duplicate lemma id '{}'", lemma.id));
    }
    lemma.title = required_string(entry, "title", where);
    lemma.paper_section = required_string(entry, "paper_section", where);
    lemma.spec_file = required_string(entry, "spec", where);
    if (!entry.contains("checks") || !entry.at("checks").is_array() || entry.at("checks").empty()) {
      throw IndexError(fmt::format("lemma index: {} has no check", where));
    }
    for (const nlohmann::json& check_entry : entry.at("checks")) {
      if (!check_entry.is_object()) throw IndexError(fmt::format("lemma index: {} has a non-object check", where));
      IndexedCheck check;
      check.name = required_string(check_entry, "name", where + " check");
      const std::string check_where = "check " + check.name;
      const std::string prefix = lemma.id + ":";
      if (check.name.rfind(prefix, 0) != 0 ||
          !std::regex_match(check.name.substr(prefix.size()), check_suffix_pattern())) {
        throw IndexError(fmt::format("lemma index: check '{}' of {} must be named '{}<kebab-case>'",
                                     check.name, where, prefix));
      }
      if (!check_names.insert(check.name).second) {
        throw IndexError(fmt::format("lemma index: duplicate check name '{}'", check.name));
      }
      check.kind = parse_kind(required_string(check_entry, "kind", check_where), check_where);
      check.status = parse_status(required_string(check_entry, "status", check_where), check_where);
      check.statement = required_string(check_entry, "statement", check_where);
      // The statement is one table cell: one line, at most 100 plain-ASCII characters (spec/README.md).
      if (check.statement.size() > 100 ||
          std::any_of(check.statement.begin(), check.statement.end(), [](char c) { return static_cast<unsigned char>(c) > 126 || c < 32; })) {
        throw IndexError(fmt::format("lemma index: {} has a statement of {} characters; it must be one line of at most 100 plain "
                                     "ASCII characters",
                                     check_where, check.statement.size()));
      }
      if (check_entry.contains("issue")) {
        if (!check_entry.at("issue").is_number_integer()) {
          throw IndexError(fmt::format("lemma index: {} has a non-integer issue", check_where));
        }
        check.issue = check_entry.at("issue").get<int>();
      }
      if (check_entry.contains("source")) check.source = required_string(check_entry, "source", check_where);
      if (check.status == CheckStatus::kPending && !check.issue) {
        throw IndexError(fmt::format("lemma index: pending {} must name the issue that implements it",
                                     check_where));
      }
      lemma.checks.push_back(std::move(check));
    }
    lemma.uses = parse_uses(entry, where);
    index.lemmas_.push_back(std::move(lemma));
  }
  validate_uses(index.lemmas_);
  return index;
}

const Lemma* LemmaIndex::find_lemma(std::string_view id) const {
  for (const Lemma& lemma : lemmas_) {
    if (lemma.id == id) return &lemma;
  }
  return nullptr;
}

const IndexedCheck* LemmaIndex::find_check(std::string_view name) const {
  const Lemma* lemma = find_lemma(lemma_id_of(name));
  if (lemma == nullptr) return nullptr;
  for (const IndexedCheck& check : lemma->checks) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

const LemmaIndex& builtin_lemma_index() {
  static const LemmaIndex index = LemmaIndex::parse(detail::builtin_lemma_index_json());
  return index;
}

}  // namespace dpsi::spec
