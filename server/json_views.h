#pragma once
// The JSON shapes of the HTTP contract (../shared/PRODUCT.md, docs/api.md).
#include <nlohmann/json.hpp>

#include "core/content_report.h"
#include "server/document_service.h"
#include "server/draft_lint.h"
#include "server/health.h"
#include "server/response_target.h"
#include "server/search_service.h"
#include "server/suggest_service.h"

namespace sasae {

// The two responses sent on every keystroke, written directly (server/json_writer.h).
std::string search_response_json(const SearchResponse& response, double took_ms);
std::string suggest_response_json(const SuggestResponse& response, double took_ms);
nlohmann::json to_json(const DocumentView& view);
nlohmann::json to_json(const HealthReport& report);
nlohmann::json to_json(const ContentReport& report);
nlohmann::json to_json(const std::vector<LintFinding>& findings);
nlohmann::json to_json(const std::vector<LintRule>& rules);
nlohmann::json to_json(const ResponseTarget& target);
nlohmann::json to_json(const std::vector<PlanSeverityTarget>& table);
// GET /api/schema: the facets and kinds (core/facets.h, core/kinds.h), so that the page lists
// what the server has instead of a copy of its own, and whether it keeps notes (--inbox).
nlohmann::json schema_json(bool inbox);
nlohmann::json error_json(const std::string& code, const std::string& message);

// Serialises without ever throwing on bad bytes (they become U+FFFD).
std::string dump(const nlohmann::json& j);

}  // namespace sasae
