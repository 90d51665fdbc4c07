#pragma once
// GET /api/content-report: the findings of `sasae-index --report` on the index this server
// serves, plus notes nobody opened or cited for a while when the server keeps usage analytics.
// The findings from the index are made once per revision (the near-duplicate check compares
// every pair of notes); the use check reads the analytics on each call.
#include <string>

#include "core/content_report.h"
#include "server/index_reader.h"

namespace sasae {

class ContentHealthService {
public:
    // `analytics_path` empty: the server keeps no usage analytics.
    ContentHealthService(const IndexReader& reader, std::string analytics_path)
        : reader_(reader), analytics_path_(std::move(analytics_path)) {}

    ContentReport report(int unopened_days) const;

private:
    const IndexReader& reader_;
    std::string analytics_path_;
};

}  // namespace sasae
