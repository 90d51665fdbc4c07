#pragma once
// First-response targets of AWS Support plans (support plan x severity), and the deadline for
// a case opened at a given time. Developer targets count business hours: weekdays 08:00-18:00
// in the customer's time zone, which is taken from the UTC offset of the opening time.
#include <string>
#include <vector>

namespace sasae {

struct ResponseTargetRequest {
    std::string plan;       // developer, business, enterprise-on-ramp, enterprise
    std::string severity;   // low, normal, high, urgent, critical (the API's severity codes)
    std::string opened_at;  // ISO 8601 with an explicit offset: 2026-11-27T17:30:00+09:00 (or Z)
};

struct ResponseTarget {
    std::string plan, severity, severity_name;
    long target_minutes = 0;
    bool business_hours = false;
    std::string opened_at;  // normalised, in the request's offset
    std::string due_at;     // in the request's offset
    std::string due_at_utc;
};

struct PlanSeverityTarget {
    std::string plan, severity;
    long minutes;
    bool business_hours;
};

const std::vector<PlanSeverityTarget>& response_target_table();

// Throws InvalidRequest (unknown plan, a severity the plan does not offer, a time without offset).
ResponseTarget compute_response_target(const ResponseTargetRequest& request);

}  // namespace sasae
