#include "server/case_export.h"

#include <algorithm>
#include <array>

#include "core/utf8.h"
#include "server/invalid_request.h"

namespace sasae {
namespace {

constexpr std::size_t kMaxBodyChars = 8000;  // CreateCase communicationBody: 1-8000
constexpr std::size_t kMaxCc = 10;           // CreateCase ccEmailAddresses: at most 10

// Blank also when only ideographic spaces (U+3000), as Japanese input methods type them.
bool blank(const std::string& s) {
    std::string rest;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.compare(i, 3, "\xE3\x80\x80") == 0) { i += 2; continue; }
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return false;
    }
    return true;
}

bool plausible_email(const std::string& e) {
    auto at = e.find('@');
    return at != std::string::npos && at > 0 && e.find('.', at) != std::string::npos && e.find(' ') == std::string::npos &&
           e.size() <= 254;
}

bool code_like(const std::string& s) {
    return !s.empty() && s.size() <= 100 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

}  // namespace

nlohmann::json export_create_case(const CaseExportRequest& r) {
    if (blank(r.subject)) throw InvalidRequest("missing_subject", "subject (the case title) is required");
    if (blank(r.body)) throw InvalidRequest("missing_body", "communicationBody (the case body) is required");
    if (utf8::length(r.body) > kMaxBodyChars)
        throw InvalidRequest("body_too_long", "communicationBody is over 8,000 characters (" +
                                                  std::to_string(utf8::length(r.body)) + "); shorten it or attach details");
    static constexpr std::array<const char*, 5> kSeverities = {"low", "normal", "high", "urgent", "critical"};
    if (std::find(kSeverities.begin(), kSeverities.end(), r.severity) == kSeverities.end())
        throw InvalidRequest("unknown_severity", "severityCode must be low, normal, high, urgent or critical");
    static constexpr std::array<const char*, 4> kLanguages = {"en", "ja", "zh", "ko"};
    if (std::find(kLanguages.begin(), kLanguages.end(), r.language) == kLanguages.end())
        throw InvalidRequest("unknown_language", "language must be en, ja, zh or ko");
    if (!r.service_code.empty() && !code_like(r.service_code))
        throw InvalidRequest("invalid_service_code", "serviceCode looks like amazon-elastic-compute-cloud-linux");
    if (!r.category_code.empty() && !code_like(r.category_code))
        throw InvalidRequest("invalid_category_code", "categoryCode looks like instance-issue");
    if (r.cc_emails.size() > kMaxCc) throw InvalidRequest("too_many_cc", "at most 10 ccEmailAddresses");
    for (const auto& e : r.cc_emails)
        if (!plausible_email(e)) throw InvalidRequest("invalid_cc", "'" + e + "' is not an email address");

    nlohmann::json out = {{"subject", r.subject},     {"communicationBody", r.body},
                          {"severityCode", r.severity}, {"issueType", "technical"},
                          {"language", r.language}};
    if (!r.service_code.empty()) out["serviceCode"] = r.service_code;
    if (!r.category_code.empty()) out["categoryCode"] = r.category_code;
    if (!r.cc_emails.empty()) out["ccEmailAddresses"] = r.cc_emails;
    return out;
}

}  // namespace sasae
