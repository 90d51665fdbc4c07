#include "server/search_hit.h"

#include <nlohmann/json.hpp>

namespace sasae {
namespace {

std::vector<std::string> string_array(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    if (j.contains(key) && j[key].is_array())
        for (const auto& v : j[key])
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

std::string string_field(const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

}  // namespace

SearchHit hit_from_document(const Xapian::Document& doc) {
    SearchHit hit;
    const auto data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (!data.is_object()) return hit;
    hit.id = string_field(data, "id");
    hit.kind = string_field(data, "kind");
    hit.title = string_field(data, "title");
    hit.url = string_field(data, "url");
    hit.date = string_field(data, "date");
    hit.services = string_array(data, "services");
    hit.tags = string_array(data, "tags");
    return hit;
}

}  // namespace sasae
