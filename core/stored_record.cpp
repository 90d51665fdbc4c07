#include "core/stored_record.h"

namespace sasae {
namespace {

constexpr auto kReplaceInvalid = nlohmann::json::error_handler_t::replace;

std::string string_field(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> string_array(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it != j.end() && it->is_array())
        for (const auto& v : *it)
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

nlohmann::json parse_object(std::string_view json, bool* ok) {
    auto j = nlohmann::json::parse(json, nullptr, false);
    if (ok) *ok = j.is_object();
    return j.is_object() ? j : nlohmann::json::object();
}

}  // namespace

std::string encode_record(const StoredRecord& r) {
    const nlohmann::json j = {{"id", r.id},     {"source", r.source}, {"kind", r.kind},         {"title", r.title},
                              {"url", r.url},   {"date", r.date},     {"lang", r.lang},         {"services", r.services},
                              {"tags", r.tags}};
    return j.dump(-1, ' ', false, kReplaceInvalid);
}

StoredRecord decode_record(std::string_view json, bool* ok) {
    const auto j = parse_object(json, ok);
    StoredRecord r;
    r.id = string_field(j, "id");
    r.source = string_field(j, "source");
    r.kind = string_field(j, "kind");
    r.title = string_field(j, "title");
    r.url = string_field(j, "url");
    r.date = string_field(j, "date");
    r.lang = string_field(j, "lang");
    r.services = string_array(j, "services");
    r.tags = string_array(j, "tags");
    return r;
}

std::string encode_details(const StoredDetails& d) {
    nlohmann::json links = nlohmann::json::array();
    for (const auto& l : d.links) links.push_back({{"url", l.url}, {"text", l.text}});
    const nlohmann::json j = {{"links", links}, {"meta", d.front_matter}};
    return j.dump(-1, ' ', false, kReplaceInvalid);
}

StoredDetails decode_details(std::string_view json, bool* ok) {
    const auto j = parse_object(json, ok);
    StoredDetails d;
    auto links = j.find("links");
    if (links != j.end() && links->is_array())
        for (const auto& l : *links)
            if (l.is_object()) d.links.push_back({string_field(l, "url"), string_field(l, "text")});
    auto meta = j.find("meta");
    if (meta != j.end() && meta->is_object()) d.front_matter = *meta;
    return d;
}

}  // namespace sasae
