// Any query string through the query language, the query builder and the snippet maker.
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/query_builder.h"
#include "server/snippet.h"
#include "server/synonyms.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const sasae::Analyzer analyzer;
    static const sasae::Synonyms synonyms({{"DX", "Direct Connect"}, {"EC2", "Amazon EC2"}}, analyzer);
    std::string query(reinterpret_cast<const char*>(data), size);
    sasae::QueryBuilder builder(analyzer, synonyms);
    sasae::BuiltQuery built = builder.build(sasae::parse_query_syntax(query));
    (void)built.strict.get_description();
    sasae::make_snippet(query, built.highlight_terms, analyzer);
    return 0;
}
