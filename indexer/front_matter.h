#pragma once
// Splits optional YAML front matter from a Markdown file and parses it with yaml-cpp.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace sasae {

struct FrontMatter {
    YAML::Node fields;                  // a map (empty map when the file has no front matter)
    std::string_view body;              // the Markdown after the front matter
    std::size_t body_first_line = 1;    // line number of the body's first line in the file
    std::vector<std::string> warnings;  // problems that did not stop ingestion
};

// `text` must be valid UTF-8 with LF line endings and no BOM (see clean_source_text).
// Throws IngestError (with the file line) when the YAML block is broken or not a mapping.
FrontMatter parse_front_matter(std::string_view text, const std::string& path);

// Strips a UTF-8 BOM and turns CRLF / CR line endings into LF; throws IngestError for
// invalid UTF-8, naming the line.
std::string clean_source_text(std::string raw, const std::string& path);

}  // namespace sasae
