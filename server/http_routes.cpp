#include "server/http_routes.h"

#include <httplib.h>
#include <xapian.h>

#include <strings.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/facets.h"
#include "server/analytics_store.h"
#include "server/case_export.h"
#include "server/content_health.h"
#include "server/document_service.h"
#include "server/draft_lint.h"
#include "server/health.h"
#include "server/response_target.h"
#include "server/json_views.h"
#include "server/note_export.h"
#include "server/note_inbox.h"
#include "server/request_json.h"
#include "server/search_service.h"
#include "server/static_files.h"
#include "server/suggest_service.h"

namespace sasae {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A body serialised already (the search and suggest responses are written, not dumped).
void send_json_text(httplib::Response& res, int status, std::string body) {
    res.status = status;
    res.set_content(std::move(body), "application/json; charset=utf-8");
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) { send_json_text(res, status, dump(body)); }

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
    send_json(res, status, error_json(code, message));
}

// Strict positive integer parameter: digits only, no sign, no overflow.
int int_param(const httplib::Request& req, const char* name, int fallback, const char* code) {
    if (!req.has_param(name)) return fallback;
    std::string v = req.get_param_value(name);
    if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos)
        throw InvalidRequest(code, std::string(name) + " must be a positive whole number");
    return std::stoi(v);
}

std::vector<std::string> list_param(const httplib::Request& req, const char* name) {
    std::vector<std::string> out;
    for (std::size_t i = 0, n = req.get_param_value_count(name); i < n; ++i) {
        std::string v = req.get_param_value(name, i);
        if (!v.empty()) out.push_back(v);
    }
    return out;
}

// The page's name for its search box while someone types (X-Sasae-Typing): letters, digits
// and '-', at most 64; anything else is not one, and the search is recorded on its own.
std::string typing_key(const httplib::Request& req) {
    std::string v = req.get_header_value("X-Sasae-Typing");
    if (v.size() > 64) return {};
    for (char c : v)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return {};
    return v;
}

SearchRequest parse_search(const httplib::Request& req) {
    SearchRequest r;
    r.query = req.get_param_value("q");
    for (const Facet& facet : facets())
        if (auto values = list_param(req, facet.name.c_str()); !values.empty()) r.filters[facet.name] = std::move(values);
    r.page = int_param(req, "page", 1, "invalid_page");
    r.per_page = int_param(req, "per_page", 10, "invalid_per_page");
    std::string sort = req.has_param("sort") ? req.get_param_value("sort") : "relevance";
    if (sort != "relevance" && sort != "date") throw InvalidRequest("invalid_sort", "sort must be relevance or date");
    r.sort_by_date = sort == "date";
    bool blank = r.query.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank && r.filters.empty())
        throw InvalidRequest("missing_query", "q is empty: type something to search, or choose a filter");
    return r;
}

int status_for(const InvalidRequest& e) {
    return e.code() == "draft_too_large" || e.code() == "note_too_large" ? 413 : 400;
}

// Runs a handler body and turns every failure into the contract's error shape.
template <typename Fn>
void guarded(httplib::Response& res, Fn&& fn) {
    try {
        fn();
    } catch (const InvalidRequest& e) {
        send_error(res, status_for(e), e.code(), e.what());
    } catch (const IndexUnavailable& e) {
        send_error(res, 503, "index_unavailable", e.what());
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "index error: %s\n", e.get_description().c_str());
        send_error(res, 500, "index_error", "the index could not be read; try again");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "internal error: %s\n", e.what());
        send_error(res, 500, "internal", "internal error");
    }
}

thread_local Clock::time_point request_start;

bool authorized(const httplib::Request& req, const std::string& token) {
    // The scheme name is case-insensitive (RFC 9110), the token is not.
    const std::string& header = req.get_header_value("Authorization");
    if (header.size() <= 7 || strncasecmp(header.c_str(), "Bearer ", 7) != 0) return false;
    return constant_time_equals(header.substr(7), token);
}

const char* reason_code(int status) {
    switch (status) {
        case 400: return "bad_request";
        case 404: return "not_found";
        case 405: return "method_not_allowed";
        case 413: return "payload_too_large";
        case 414: return "uri_too_long";
        case 431: return "headers_too_large";
        case 503: return "unavailable";
        default: return status >= 500 ? "internal" : "error";
    }
}

}  // namespace

bool constant_time_equals(const std::string& a, const std::string& b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const std::string& longer = a.size() >= b.size() ? a : b;
    for (std::size_t i = 0; i < longer.size(); ++i) {
        unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

std::string read_token_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read the token file " + path);
    std::string token;
    std::getline(in, token);
    auto first = token.find_first_not_of(" \t\r");
    auto last = token.find_last_not_of(" \t\r");
    token = first == std::string::npos ? "" : token.substr(first, last - first + 1);
    if (token.size() < 16) throw std::runtime_error("the token in " + path + " is shorter than 16 characters");
    return token;
}

void install_routes(httplib::Server& server, const IndexReader& reader, const HttpConfig& config) {
    auto search = std::make_shared<SearchService>(reader);
    auto suggest = std::make_shared<SuggestService>(reader);
    auto documents = std::make_shared<DocumentService>(reader);

    const std::string token = config.api_token;
    server.set_pre_routing_handler([token](const httplib::Request& req, httplib::Response& res) {
        request_start = Clock::now();
        // The page and /healthz stay open (monitoring, and the page asks for the token), and so
        // does /api/schema (the page starts from it; it names fields, not content); the API
        // needs it.
        if (!token.empty() && req.path.rfind("/api/", 0) == 0 && req.path != "/api/schema" && !authorized(req, token)) {
            res.set_header("WWW-Authenticate", "Bearer realm=\"sasae\"");
            send_error(res, 401, "unauthorized", "this server needs an API token: send Authorization: Bearer <token>");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    AnalyticsStore* analytics = config.analytics;
    server.Get("/api/search", [search, analytics](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
            auto start = Clock::now();
            SearchRequest request = parse_search(req);
            SearchResponse response = search->search(request);
            send_json_text(res, 200, search_response_json(response, ms_since(start)));
            // A search is counted once, on its first page (and once while it is being typed); the
            // writer thread does the rest.
            if (analytics && request.page == 1) analytics->record(search_record_of(request, response.total, typing_key(req)));
        });
    });

    server.Post("/api/events", [analytics](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
            UsageRecord event = usage_record_from_json(req.body);
            if (analytics) analytics->record(std::move(event));
            res.status = 204;
        });
    });

    server.Get("/api/analytics", [analytics](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
            if (!analytics) return send_error(res, 404, "analytics_off", "this server keeps no usage analytics (--no-analytics)");
            const AnalyticsRange range = analytics_range(req.get_param_value("from"), req.get_param_value("to"));
            nlohmann::json report = analytics->report(range.from, range.to);
            report["from"] = range.from_day;
            report["to"] = range.to_day;
            send_json(res, 200, report);
        });
    });

    auto content = std::make_shared<ContentHealthService>(reader, analytics ? analytics->path() : std::string());
    server.Get("/api/content-report", [content](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
            const int days = int_param(req, "unopened_days", 90, "invalid_unopened_days");
            if (days < 1 || days > 3650) throw InvalidRequest("invalid_unopened_days", "unopened_days is from 1 to 3650");
            send_json(res, 200, to_json(content->report(days)));
        });
    });

    server.Post("/api/suggest", [suggest, analytics](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
            auto start = Clock::now();
            SuggestRequest request = suggest_request_from_json(req.body);
            SuggestResponse response = suggest->suggest(request);
            const double took_ms = ms_since(start);
            send_json_text(res, 200, suggest_response_json(response, took_ms));
            if (analytics) analytics->record_shown(shown_records_of(request, response), typing_key(req));
        });
    });

    std::shared_ptr<NoteInbox> inbox;
    if (!config.inbox_dir.empty()) inbox = std::make_shared<NoteInbox>(config.inbox_dir);
    server.Get("/api/schema", [inbox](const httplib::Request&, httplib::Response& res) {
        guarded(res, [&] { send_json(res, 200, schema_json(inbox != nullptr)); });
    });

    server.Post("/api/note-draft", [](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
            const NoteFile note = render_note(note_request_from_json(req.body));
            send_json(res, 200, {{"markdown", note.markdown}, {"file_name", note.file_name}});
        });
    });

    server.Post("/api/notes", [inbox](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
            if (!inbox) return send_error(res, 404, "no_inbox", "this server keeps no notes: start it with --inbox DIR");
            send_json(res, 201, {{"file", inbox->save(note_markdown_from_json(req.body))}});
        });
    });

    server.Get("/api/lint", [](const httplib::Request&, httplib::Response& res) {
        guarded(res, [&] { send_json(res, 200, {{"rules", to_json(lint_rules())}}); });
    });

    server.Post("/api/lint", [](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
            SuggestRequest draft = suggest_request_from_json(req.body);
            draft.validate();
            send_json(res, 200, {{"lint", to_json(lint_draft(draft.title, draft.body))}});
        });
    });

    server.Post("/api/response-target", [](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
            send_json(res, 200, to_json(compute_response_target(response_target_request_from_json(req.body))));
        });
    });

    server.Get("/api/response-targets", [](const httplib::Request&, httplib::Response& res) {
        guarded(res, [&] { send_json(res, 200, {{"targets", to_json(response_target_table())}}); });
    });

    server.Post("/api/case-json", [](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] { send_json(res, 200, export_create_case(case_export_request_from_json(req.body))); });
    });

    server.Get(R"(/api/documents/(.+))", [documents](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
            std::string id = req.matches[1];
            auto view = documents->get(id);
            if (!view) return send_error(res, 404, "not_found", "no document with id '" + id + "'");
            send_json(res, 200, to_json(*view));
        });
    });

    const long stale_after = config.stale_after_seconds;
    const MasterProbe* master = config.master;
    server.Get("/healthz", [&reader, stale_after, master](const httplib::Request&, httplib::Response& res) {
        guarded(res, [&] {
            const std::optional<MasterState> upstream = master ? std::optional<MasterState>(master->state()) : std::nullopt;
            send_json(res, 200, to_json(health_of(reader, stale_after, upstream ? &*upstream : nullptr)));
        });
    });

    server.Get(R"(/api/.*)", [](const httplib::Request& req, httplib::Response& res) {
        send_error(res, 404, "not_found", "no API endpoint at " + req.path);
    });

    const std::string web_root = config.web_root;
    server.Get(R"(/.*)", [web_root](const httplib::Request& req, httplib::Response& res) {
        auto file = resolve_static_file(web_root, req.path);
        if (!file) return send_error(res, 404, "not_found", "no page at " + req.path);
        std::ifstream in(*file, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        res.set_content(ss.str(), content_type_for(*file).c_str());
        res.set_header("Cache-Control", "no-cache");
    });

    // Statuses httplib produces itself (unknown method, oversize payload, bad request line)
    // get the same JSON error shape as ours.
    server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) send_error(res, res.status, reason_code(res.status), "the request was refused (HTTP " + std::to_string(res.status) + ")");
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send_error(res, 500, "internal", "internal error");
    });

    server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        res.set_header("Content-Security-Policy",
                       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("X-Frame-Options", "DENY");
    });

    if (config.access_log) {
        server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            std::printf("%s %s %s %d %.2fms\n", req.remote_addr.c_str(), req.method.c_str(), req.path.c_str(),
                        res.status, ms_since(request_start));
            std::fflush(stdout);
        });
    }
}

}  // namespace sasae
