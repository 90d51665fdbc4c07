#pragma once
// JSON written straight into a string, for the responses served on every keystroke (search,
// suggest): building an nlohmann::json tree first (a std::map per object, a node per facet
// value) and then dumping it was a large share of a search's CPU. Same output as nlohmann's dump:
// compact, UTF-8 as is, invalid bytes as U+FFFD, non-finite numbers as null.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sasae {

class JsonWriter {
public:
    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(double d);
    JsonWriter& value(std::uint64_t n);
    JsonWriter& value(bool b);
    JsonWriter& null();
    // A string, or null when it is empty.
    JsonWriter& value_or_null(std::string_view s) { return s.empty() ? null() : value(s); }
    JsonWriter& value(const std::vector<std::string>& list);
    // A value serialised already (valid JSON).
    JsonWriter& raw(std::string_view json);

    const std::string& str() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    void separate();  // the comma before a value or key, when one is due
    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);

    std::string out_;
    std::vector<bool> has_items_;  // per open object or array
    bool after_key_ = false;
};

// `s` as a JSON string literal, quotes included, appended to `out`.
void append_json_string(std::string& out, std::string_view s);

}  // namespace sasae
