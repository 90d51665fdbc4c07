#pragma once
// The record of the last indexer run, kept in the index's metadata (schema::kMetaLastRun):
// written by sasae-index, read by the server for /healthz. Its keys are written down here only.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sasae {

struct RunRecord {
    std::string started_at, finished_at;  // ISO 8601, UTC
    std::size_t added = 0, updated = 0, deleted = 0, unchanged = 0, failed = 0;
    std::vector<std::string> failures;  // "path:line: reason", one per failed file
    double seconds = 0;
    std::size_t documents = 0;  // in the index after the run
};

nlohmann::json to_json(const RunRecord& record);
std::string encode_run_record(const RunRecord& record);
// Nothing when `json` is not a JSON object (no run recorded yet, or damaged); missing or
// mistyped keys read as empty.
std::optional<RunRecord> decode_run_record(std::string_view json);

}  // namespace sasae
