#include "server/request_json.h"

#include <nlohmann/json.hpp>

#include "core/usage_history.h"

namespace sasae {
namespace {

nlohmann::json parse_object(const std::string& text) {
    auto body = nlohmann::json::parse(text, nullptr, false);
    if (body.is_discarded()) throw InvalidRequest("invalid_json", "the request body is not valid JSON");
    if (!body.is_object()) throw InvalidRequest("invalid_json", "the request body must be a JSON object");
    return body;
}

// A string member (absent or null: empty).
std::string text_field(const nlohmann::json& body, const char* key) {
    if (!body.contains(key) || body[key].is_null()) return {};
    if (!body[key].is_string()) throw InvalidRequest("invalid_field", std::string(key) + " must be a string");
    return body[key].get<std::string>();
}

std::vector<std::string> text_list(const nlohmann::json& body, const char* key) {
    std::vector<std::string> out;
    if (!body.contains(key) || body[key].is_null()) return out;
    if (!body[key].is_array()) throw InvalidRequest("invalid_field", std::string(key) + " must be a list of strings");
    for (const auto& v : body[key]) {
        if (!v.is_string()) throw InvalidRequest("invalid_field", std::string(key) + " must be a list of strings");
        out.push_back(v.get<std::string>());
    }
    return out;
}

}  // namespace

SuggestRequest suggest_request_from_json(const std::string& text) {
    nlohmann::json body = parse_object(text);
    SuggestRequest r;
    r.title = text_field(body, "title");
    r.body = text_field(body, "body");
    if (body.contains("limit")) {
        if (!body["limit"].is_number_integer()) throw InvalidRequest("invalid_limit", "limit must be a whole number");
        auto limit = body["limit"].get<long long>();
        if (limit < 1 || limit > SuggestRequest::kMaxLimit)
            throw InvalidRequest("invalid_limit", "limit must be between 1 and " + std::to_string(SuggestRequest::kMaxLimit));
        r.limit = static_cast<int>(limit);
    }
    return r;
}

CaseExportRequest case_export_request_from_json(const std::string& text) {
    nlohmann::json body = parse_object(text);
    CaseExportRequest r;
    r.subject = text_field(body, "title");
    r.body = text_field(body, "body");
    r.service_code = text_field(body, "service_code");
    r.category_code = text_field(body, "category_code");
    if (body.contains("severity")) r.severity = text_field(body, "severity");
    if (body.contains("language")) r.language = text_field(body, "language");
    if (body.contains("cc")) {
        if (!body["cc"].is_array()) throw InvalidRequest("invalid_field", "cc must be a list of email addresses");
        for (const auto& e : body["cc"]) {
            if (!e.is_string()) throw InvalidRequest("invalid_field", "cc must be a list of email addresses");
            r.cc_emails.push_back(e.get<std::string>());
        }
    }
    return r;
}

NoteRequest note_request_from_json(const std::string& text) {
    nlohmann::json body = parse_object(text);
    NoteRequest r;
    r.title = text_field(body, "title");
    r.body = text_field(body, "body");
    r.date = text_field(body, "date");
    r.region = text_field(body, "region");
    r.services = text_list(body, "services");
    r.tags = text_list(body, "tags");
    if (body.contains("references") && !body["references"].is_null()) {
        if (!body["references"].is_array()) throw InvalidRequest("invalid_field", "references must be a list of {url, title}");
        for (const auto& ref : body["references"]) {
            if (!ref.is_object()) throw InvalidRequest("invalid_field", "references must be a list of {url, title}");
            r.references.push_back({text_field(ref, "url"), text_field(ref, "title")});
        }
    }
    return r;
}

UsageRecord usage_record_from_json(const std::string& text) {
    nlohmann::json body = parse_object(text);
    UsageRecord r;
    r.type = text_field(body, "type");
    if (!usage_event::valid(r.type))
        throw InvalidRequest("invalid_event", "type must be open, cite, helpful or unhelpful");
    r.doc_id = text_field(body, "doc");
    r.query = text_field(body, "query");
    r.reason = text_field(body, "reason");
    if (r.doc_id.empty() || r.doc_id.size() > 1000 || r.query.size() > 1000 || r.reason.size() > 500)
        throw InvalidRequest("invalid_event", "an event names its document (doc); query and reason are short");
    if (body.contains("position")) {
        if (!body["position"].is_number_integer() || body["position"].get<long long>() < 0 ||
            body["position"].get<long long>() > 10000)
            throw InvalidRequest("invalid_event", "position is a whole number from 1");
        r.position = static_cast<int>(body["position"].get<long long>());
    }
    return r;
}

std::string note_markdown_from_json(const std::string& text) { return text_field(parse_object(text), "markdown"); }

ResponseTargetRequest response_target_request_from_json(const std::string& text) {
    nlohmann::json body = parse_object(text);
    return {text_field(body, "plan"), text_field(body, "severity"), text_field(body, "opened_at")};
}

}  // namespace sasae
