#include "server/response_target.h"

#include <cctype>
#include <cstdio>
#include <ctime>

#include "server/invalid_request.h"

namespace sasae {
namespace {

constexpr long kHour = 60;
constexpr int kBusinessStartHour = 8, kBusinessEndHour = 18;

const char* severity_name(const std::string& code) {
    if (code == "low") return "General guidance";
    if (code == "normal") return "System impaired";
    if (code == "high") return "Production system impaired";
    if (code == "urgent") return "Production system down";
    if (code == "critical") return "Business-critical system down";
    return "";
}

struct ParsedTime {
    std::time_t utc;
    long offset_minutes;
};

ParsedTime parse_iso(const std::string& s) {
    int y, mo, d, h, mi, sec = 0;
    char rest[16] = {0};
    // Fractional seconds are accepted and dropped: targets are whole minutes.
    std::string text = s;
    if (auto dot = text.find('.', 16); dot != std::string::npos && dot == 19) {
        std::size_t end = dot + 1;
        while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
        text.erase(dot, end - dot);
    }
    int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15s", &y, &mo, &d, &h, &mi, &sec, rest);
    if (n < 7) {
        sec = 0;
        n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d%15s", &y, &mo, &d, &h, &mi, rest);
        if (n < 6) throw InvalidRequest("invalid_time", "opened_at must look like 2026-11-27T17:30:00+09:00");
    }
    std::string zone = rest;
    long offset = 0;
    if (zone == "Z") {
        offset = 0;
    } else {
        int oh = 0, om = 0;
        char sign = zone.empty() ? 0 : zone[0];
        if ((sign != '+' && sign != '-') || (std::sscanf(zone.c_str() + 1, "%2d:%2d", &oh, &om) != 2 &&
                                              std::sscanf(zone.c_str() + 1, "%2d%2d", &oh, &om) != 2))
            throw InvalidRequest("missing_time_zone",
                                 "opened_at needs an explicit time zone offset (e.g. +09:00 or Z): business hours depend on it");
        offset = (oh * 60 + om) * (sign == '-' ? -1 : 1);
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        throw InvalidRequest("invalid_time", "opened_at is not a valid date and time");
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    return {timegm(&tm) - offset * 60, offset};
}

std::string format_time(std::time_t utc, long offset_minutes) {
    std::time_t local = utc + offset_minutes * 60;
    std::tm tm{};
    gmtime_r(&local, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string out = buf;
    if (offset_minutes == 0) return out + "Z";
    char zone[8];
    long a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    std::snprintf(zone, sizeof zone, "%c%02ld:%02ld", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
    return out + zone;
}

// Adds `minutes` of business time (weekdays 08:00-18:00 local) to `utc`.
std::time_t add_business_minutes(std::time_t utc, long offset_minutes, long minutes) {
    std::time_t local = utc + offset_minutes * 60;
    while (minutes > 0) {
        std::tm tm{};
        gmtime_r(&local, &tm);
        bool weekend = tm.tm_wday == 0 || tm.tm_wday == 6;
        long minute_of_day = tm.tm_hour * 60 + tm.tm_min;
        if (weekend || minute_of_day >= kBusinessEndHour * 60) {
            // Next day, 08:00.
            local += (24 * 60 - minute_of_day) * 60 - tm.tm_sec + kBusinessStartHour * 3600;
            continue;
        }
        if (minute_of_day < kBusinessStartHour * 60) {
            local += (kBusinessStartHour * 60 - minute_of_day) * 60 - tm.tm_sec;
            continue;
        }
        long left_today = kBusinessEndHour * 60 - minute_of_day;
        long used = std::min(left_today, minutes);
        local += used * 60;
        minutes -= used;
    }
    return local - offset_minutes * 60;
}

}  // namespace

const std::vector<PlanSeverityTarget>& response_target_table() {
    static const std::vector<PlanSeverityTarget> table = {
        {"developer", "low", 24 * kHour, true},
        {"developer", "normal", 12 * kHour, true},
        {"business", "low", 24 * kHour, false},
        {"business", "normal", 12 * kHour, false},
        {"business", "high", 4 * kHour, false},
        {"business", "urgent", 1 * kHour, false},
        {"enterprise-on-ramp", "low", 24 * kHour, false},
        {"enterprise-on-ramp", "normal", 12 * kHour, false},
        {"enterprise-on-ramp", "high", 4 * kHour, false},
        {"enterprise-on-ramp", "urgent", 1 * kHour, false},
        {"enterprise-on-ramp", "critical", 30, false},
        {"enterprise", "low", 24 * kHour, false},
        {"enterprise", "normal", 12 * kHour, false},
        {"enterprise", "high", 4 * kHour, false},
        {"enterprise", "urgent", 1 * kHour, false},
        {"enterprise", "critical", 15, false},
    };
    return table;
}

ResponseTarget compute_response_target(const ResponseTargetRequest& request) {
    bool plan_known = false;
    const PlanSeverityTarget* row = nullptr;
    for (const auto& r : response_target_table()) {
        if (r.plan != request.plan) continue;
        plan_known = true;
        if (r.severity == request.severity) row = &r;
    }
    if (!plan_known)
        throw InvalidRequest("unknown_plan", "plan must be developer, business, enterprise-on-ramp or enterprise");
    if (!*severity_name(request.severity))
        throw InvalidRequest("unknown_severity", "severity must be low, normal, high, urgent or critical");
    if (!row)
        throw InvalidRequest("severity_not_offered",
                             "the " + request.plan + " plan does not offer severity '" + request.severity + "'");
    ParsedTime opened = parse_iso(request.opened_at);
    std::time_t due = row->business_hours ? add_business_minutes(opened.utc, opened.offset_minutes, row->minutes)
                                          : opened.utc + row->minutes * 60;
    ResponseTarget t;
    t.plan = row->plan;
    t.severity = row->severity;
    t.severity_name = severity_name(row->severity);
    t.target_minutes = row->minutes;
    t.business_hours = row->business_hours;
    t.opened_at = format_time(opened.utc, opened.offset_minutes);
    t.due_at = format_time(due, opened.offset_minutes);
    t.due_at_utc = format_time(due, 0);
    return t;
}

}  // namespace sasae
