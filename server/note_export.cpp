#include "server/note_export.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "core/region_codes.h"
#include "core/utf8.h"
#include "server/invalid_request.h"

namespace sasae {
namespace {

constexpr const char* kToFill = "（記入してください）";

// A YAML scalar: JSON's double-quoted strings are YAML's too.
std::string yaml_string(const std::string& s) { return nlohmann::json(s).dump(); }

std::string yaml_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + yaml_string(items[i]);
    return out + "]";
}

// Link text with the brackets that would end it escaped; a URL with the characters that
// would end it percent-encoded.
std::string link_text(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '[' || c == ']' || c == '\\') out += '\\';
        out += c == '\n' || c == '\r' ? ' ' : c;
    }
    return out;
}

std::string link_url(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == ' ') out += "%20";
        else if (c == '(') out += "%28";
        else if (c == ')') out += "%29";
        else out += c;
    }
    return out;
}

bool is_date(const std::string& d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (d[i] < '0' || d[i] > '9') return false;
    return true;
}

void check_text(const std::string& s, const std::string& field) {
    if (utf8::find_invalid(s)) throw InvalidRequest("invalid_utf8", field + " is not valid UTF-8");
}

void check_item(const std::string& s, const std::string& field) {
    check_text(s, field);
    if (s.size() > 200 || s.find_first_of("\r\n") != std::string::npos)
        throw InvalidRequest("invalid_field", field + " items must be one line of at most 200 bytes");
}

void validate(const NoteRequest& r) {
    check_text(r.title, "title");
    check_text(r.body, "body");
    if (r.title.find_first_not_of(" \t\r\n") == std::string::npos)
        throw InvalidRequest("missing_title", "a note needs a title");
    if (r.title.size() > NoteRequest::kMaxTitleBytes)
        throw InvalidRequest("title_too_long", "title is longer than " + std::to_string(NoteRequest::kMaxTitleBytes) + " bytes");
    if (r.body.size() > NoteRequest::kMaxBodyBytes) throw InvalidRequest("draft_too_large", "body is over 64 KiB");
    if (!r.date.empty() && !is_date(r.date)) throw InvalidRequest("invalid_date", "date must be YYYY-MM-DD");
    if (r.services.size() > NoteRequest::kMaxListItems || r.tags.size() > NoteRequest::kMaxListItems ||
        r.references.size() > NoteRequest::kMaxListItems)
        throw InvalidRequest("invalid_field", "at most " + std::to_string(NoteRequest::kMaxListItems) + " services, tags or references");
    for (const auto& s : r.services) check_item(s, "services");
    for (const auto& t : r.tags) check_item(t, "tags");
    check_item(r.region, "region");
    for (const auto& ref : r.references) {
        check_item(ref.url, "references");
        check_text(ref.title, "references");
        if (ref.url.rfind("https://", 0) != 0 && ref.url.rfind("http://", 0) != 0)
            throw InvalidRequest("invalid_field", "a reference must be an http(s) URL");
    }
}

}  // namespace

NoteFile render_note(const NoteRequest& r) {
    validate(r);
    std::string region = r.region;
    if (region.empty()) {
        const auto codes = region_codes_in(r.title + "\n" + r.body);
        if (!codes.empty()) region = codes.front();
    }
    std::string md = "---\n";
    md += "title: " + yaml_string(r.title) + "\n";
    md += "kind: case\n";
    md += "services: " + yaml_list(r.services) + "\n";
    md += "tags: " + yaml_list(r.tags) + "\n";
    if (!region.empty()) md += "region: " + yaml_string(region) + "\n";
    if (!r.date.empty()) md += "date: " + r.date + "\n";
    md += "---\n\n## 事象\n\n";
    const bool has_body = r.body.find_first_not_of(" \t\r\n") != std::string::npos;
    md += (has_body ? r.body : std::string(kToFill)) + "\n";
    if (!md.empty() && md.substr(md.size() - 2) != "\n\n") md += "\n";
    md += "## 環境\n\n";
    if (!region.empty()) md += "- リージョン: " + region + "\n";
    if (!r.services.empty()) {
        md += "- サービス: ";
        for (std::size_t i = 0; i < r.services.size(); ++i) md += (i ? ", " : "") + r.services[i];
        md += "\n";
    }
    if (region.empty() && r.services.empty()) md += std::string(kToFill) + "\n";
    md += "\n## 原因\n\n" + std::string(kToFill) + "\n\n## 対応\n\n" + std::string(kToFill) + "\n\n## 参考\n\n";
    for (const auto& ref : r.references)
        md += "- [" + link_text(ref.title.empty() ? ref.url : ref.title) + "](" + link_url(ref.url) + ")\n";
    if (r.references.empty()) md += std::string(kToFill) + "\n";

    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(r.title + "\n" + r.body)));
    std::string day = r.date;
    day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
    return {md, "note-" + (day.empty() ? std::string("undated") : day) + "-" + std::string(hash, 8) + ".md"};
}

}  // namespace sasae
