#include "server/json_views.h"

#include "core/facets.h"
#include "core/kinds.h"
#include "server/json_writer.h"

namespace sasae {

namespace {

// A document's own fields, as every hit and the document view show them.
void write_document_fields(JsonWriter& w, const SearchHit& hit) {
    w.key("id").value(hit.id).key("kind").value(hit.kind).key("title").value(hit.title);
    w.key("url").value(hit.url).key("services").value(hit.services).key("tags").value(hit.tags);
    w.key("date").value(hit.date);
}

void write_hit_fields(JsonWriter& w, const SearchHit& hit) {
    write_document_fields(w, hit);
    w.key("score").value(hit.score).key("snippet").value(hit.snippet);
}

// The document view is built with nlohmann (it is not on the typing path); its fields come
// from the writer the hits use, so that the two cannot drift apart.
nlohmann::json document_fields_json(const SearchHit& hit) {
    JsonWriter w;
    w.begin_object();
    write_document_fields(w, hit);
    w.end_object();
    return nlohmann::json::parse(w.take());
}

}  // namespace

std::string search_response_json(const SearchResponse& r, double took_ms) {
    JsonWriter w;
    w.begin_object();
    w.key("query").value(r.query).key("total").value(std::uint64_t{r.total}).key("took_ms").value(took_ms);
    w.key("hits").begin_array();
    for (const auto& h : r.hits) {
        w.begin_object();
        write_hit_fields(w, h);
        w.end_object();
    }
    w.end_array();
    w.key("facets").begin_object();
    for (const auto& [name, counts] : r.facets) {
        w.key(name).begin_object();
        for (const auto& [value, count] : counts) w.key(value).value(std::uint64_t{count});
        w.end_object();
    }
    w.end_object();
    w.key("partial").value(r.partial);
    w.key("did_you_mean").value_or_null(r.did_you_mean);
    w.key("corrected_query").value_or_null(r.corrected_query);
    if (!r.notes.empty()) {
        w.key("notes").begin_array();
        for (const auto& n : r.notes) w.value(n);
        w.end_array();
    }
    w.end_object();
    return w.take();
}

std::string suggest_response_json(const SuggestResponse& r, double took_ms) {
    JsonWriter w;
    w.begin_object();
    w.key("took_ms").value(took_ms).key("terms").value(r.terms).key("same_problem").value(r.same_problem);
    for (const Kind& kind : kinds()) {
        w.key(kind.group).begin_array();
        for (const auto& s : r.of(kind.name)) {
            w.begin_object();
            write_hit_fields(w, s.hit);
            w.key("why").value(s.why).key("cited_by").value(s.cited_by);
            w.end_object();
        }
        w.end_array();
    }
    w.key("lint").raw(dump(to_json(r.lint)));
    w.end_object();
    return w.take();
}

nlohmann::json to_json(const DocumentView& v) {
    nlohmann::json out = document_fields_json(v.meta);
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
        cited.push_back(document_fields_json(h));
    }
    out["cited_by"] = cited;
    return out;
}

nlohmann::json to_json(const HealthReport& r) {
    nlohmann::json out = {{"status", r.status}, {"reasons", r.reasons}, {"documents", r.documents}, {"revision", r.revision}};
    out["last_run"] = r.last_run ? to_json(*r.last_run) : nlohmann::json();
    out["last_reindex"] = r.last_run ? nlohmann::json(r.last_run->finished_at) : nlohmann::json();
    out["last_reindex_age_seconds"] = r.last_run_age_seconds ? nlohmann::json(*r.last_run_age_seconds) : nlohmann::json();
    out["replica"] = r.replica_copy ? nlohmann::json{{"copy", *r.replica_copy}} : nlohmann::json();
    if (r.master) {
        nlohmann::json& replica = out["replica"];
        if (!replica.is_object()) replica = nlohmann::json::object();  // --replica-of before the first copy
        replica["master"] = r.master->reachable
                                ? nlohmann::json{{"revision", r.master->revision}, {"last_reindex", r.master->last_reindex}}
                                : nlohmann::json{{"error", r.master->error}};
        replica["revisions_behind"] = r.revisions_behind ? nlohmann::json(*r.revisions_behind) : nlohmann::json();
        replica["seconds_behind"] = r.seconds_behind ? nlohmann::json(*r.seconds_behind) : nlohmann::json();
    }
    if (!r.shards.empty()) {
        nlohmann::json shards = nlohmann::json::array();
        for (const auto& s : r.shards)
            shards.push_back({{"source", s.source}, {"documents", s.documents},
                              {"last_reindex", s.last_run ? nlohmann::json(s.last_run->finished_at) : nlohmann::json()}});
        out["shards"] = shards;
        out["notes"] = r.notes;
    }
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

nlohmann::json to_json(const ContentReport& r) {
    nlohmann::json rules = nlohmann::json::array();
    for (const auto& rule : content_rules()) rules.push_back({{"id", rule.id}, {"label", rule.label}});
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : r.findings) findings.push_back({{"rule", f.rule}, {"id", f.id}, {"detail", f.detail}});
    return {{"documents", r.documents}, {"notes", r.notes.size()}, {"rules", rules}, {"findings", findings},
            {"use_checked", r.use_checked}, {"use_not_checked", r.use_not_checked}, {"unopened_days", r.use_days}};
}

nlohmann::json to_json(const std::vector<LintRule>& rules) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : rules)
        out.push_back({{"id", r.id}, {"level", r.level}, {"checklist", r.checklist}, {"message", r.message}});
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

nlohmann::json schema_json(bool inbox) {
    nlohmann::json facet_rows = nlohmann::json::array();
    for (const Facet& f : facets())
        if (f.counted()) facet_rows.push_back({{"name", f.name}, {"label", f.label}, {"shown", f.shown}});
    nlohmann::json kind_rows = nlohmann::json::array();
    for (const Kind& k : kinds())
        kind_rows.push_back({{"name", k.name}, {"label", k.label}, {"group", k.group}, {"group_title", k.group_title},
                             {"group_note", k.group_note}, {"lends_citations", k.lends_citations}});
    return {{"facets", facet_rows}, {"kinds", kind_rows}, {"inbox", inbox}};
}

nlohmann::json error_json(const std::string& code, const std::string& message) {
    return {{"error", {{"code", code}, {"message", message}}}};
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace sasae
