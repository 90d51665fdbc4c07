#include "server/json_views.h"

namespace sasae {

nlohmann::json to_json(const SearchHit& hit) {
    return {{"id", hit.id},       {"kind", hit.kind}, {"title", hit.title}, {"url", hit.url},
            {"services", hit.services}, {"tags", hit.tags}, {"date", hit.date}, {"score", hit.score},
            {"snippet", hit.snippet}};
}

nlohmann::json to_json(const SearchResponse& r, double took_ms) {
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& h : r.hits) hits.push_back(to_json(h));
    nlohmann::json facets = nlohmann::json::object();
    for (const auto& [name, counts] : r.facets) {
        nlohmann::json values = nlohmann::json::object();
        for (const auto& [value, count] : counts) values[value] = count;
        facets[name] = values;
    }
    nlohmann::json out = {{"query", r.query}, {"total", r.total}, {"took_ms", took_ms}, {"hits", hits},
                          {"facets", facets}, {"partial", r.partial}};
    out["did_you_mean"] = r.did_you_mean.empty() ? nlohmann::json() : nlohmann::json(r.did_you_mean);
    out["corrected_query"] = r.corrected_query.empty() ? nlohmann::json() : nlohmann::json(r.corrected_query);
    return out;
}

nlohmann::json to_json(const SuggestResponse& r, double took_ms) {
    auto list = [](const std::vector<Suggestion>& items) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& s : items) {
            nlohmann::json j = to_json(s.hit);
            j["why"] = s.why;
            j["cited_by"] = s.cited_by;
            arr.push_back(std::move(j));
        }
        return arr;
    };
    return {{"took_ms", took_ms}, {"terms", r.terms}, {"cases", list(r.cases)}, {"docs", list(r.docs)},
            {"blogs", list(r.blogs)}};
}

nlohmann::json to_json(const DocumentView& v) {
    nlohmann::json out = to_json(v.meta);
    out.erase("score");
    out.erase("snippet");
    out["front_matter"] = v.front_matter;
    out["html"] = v.html;
    nlohmann::json links = nlohmann::json::array();
    for (const auto& l : v.links) {
        nlohmann::json j = {{"url", l.url}, {"text", l.text}};
        j["id"] = l.id.empty() ? nlohmann::json() : nlohmann::json(l.id);
        links.push_back(std::move(j));
    }
    out["links"] = links;
    nlohmann::json cited = nlohmann::json::array();
    for (const auto& h : v.cited_by) {
        nlohmann::json j = to_json(h);
        j.erase("score");
        j.erase("snippet");
        cited.push_back(std::move(j));
    }
    out["cited_by"] = cited;
    return out;
}

nlohmann::json to_json(const HealthReport& r) {
    nlohmann::json out = {{"status", r.status}, {"reasons", r.reasons}, {"documents", r.documents},
                          {"revision", r.revision}, {"last_run", r.last_run}};
    out["last_reindex"] = r.last_run.is_object() ? r.last_run.value("finished_at", nlohmann::json()) : nlohmann::json();
    return out;
}

nlohmann::json to_json(const std::vector<LintFinding>& findings) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : findings) {
        nlohmann::json j = {{"rule", f.rule}, {"level", f.level}, {"message", f.message}};
        j["field"] = f.field.empty() ? nlohmann::json() : nlohmann::json(f.field);
        j["span"] = f.start < 0 ? nlohmann::json() : nlohmann::json{{"start", f.start}, {"end", f.end}};
        out.push_back(std::move(j));
    }
    return out;
}

nlohmann::json to_json(const ResponseTarget& t) {
    return {{"plan", t.plan},           {"severity", t.severity},     {"severity_name", t.severity_name},
            {"target_minutes", t.target_minutes}, {"business_hours", t.business_hours},
            {"opened_at", t.opened_at}, {"due_at", t.due_at},         {"due_at_utc", t.due_at_utc}};
}

nlohmann::json to_json(const std::vector<PlanSeverityTarget>& table) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : table)
        out.push_back({{"plan", r.plan}, {"severity", r.severity}, {"target_minutes", r.minutes},
                       {"business_hours", r.business_hours}});
    return out;
}

nlohmann::json error_json(const std::string& code, const std::string& message) {
    return {{"error", {{"code", code}, {"message", message}}}};
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace sasae
