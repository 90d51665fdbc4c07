#include "core/run_record.h"

namespace sasae {
namespace {

template <typename T>
T field(const nlohmann::json& j, const char* key, T fallback) {
    auto it = j.find(key);
    if (it == j.end()) return fallback;
    if constexpr (std::is_same_v<T, std::string>) {
        return it->is_string() ? it->get<std::string>() : fallback;
    } else {
        return it->is_number() ? it->get<T>() : fallback;
    }
}

}  // namespace

nlohmann::json to_json(const RunRecord& r) {
    return {
        {"started_at", r.started_at}, {"finished_at", r.finished_at},
        {"added", r.added},           {"updated", r.updated},
        {"deleted", r.deleted},       {"unchanged", r.unchanged},
        {"failed", r.failed},         {"failures", r.failures},
        {"seconds", r.seconds},       {"documents", r.documents},
    };
}

std::string encode_run_record(const RunRecord& r) {
    return to_json(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<RunRecord> decode_run_record(std::string_view json) {
    const auto j = nlohmann::json::parse(json, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    RunRecord r;
    r.started_at = field<std::string>(j, "started_at", "");
    r.finished_at = field<std::string>(j, "finished_at", "");
    r.added = field<std::size_t>(j, "added", 0);
    r.updated = field<std::size_t>(j, "updated", 0);
    r.deleted = field<std::size_t>(j, "deleted", 0);
    r.unchanged = field<std::size_t>(j, "unchanged", 0);
    r.failed = field<std::size_t>(j, "failed", 0);
    r.seconds = field<double>(j, "seconds", 0.0);
    r.documents = field<std::size_t>(j, "documents", 0);
    if (auto it = j.find("failures"); it != j.end() && it->is_array())
        for (const auto& f : *it)
            if (f.is_string()) r.failures.push_back(f.get<std::string>());
    return r;
}

}  // namespace sasae
