// One content file (front matter + Markdown) through ingestion, document building and the
// document view's rendering (raw HTML blocks included).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/analyzer.h"
#include "core/markdown_text.h"
#include "indexer/document_builder.h"
#include "indexer/ingest_error.h"
#include "indexer/source_document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const sasae::Analyzer analyzer;
    sasae::SourceFile file{"", "content", "docs/fuzz.md", "content/docs/fuzz.md",
                           "kind: doc\nurl: https://example.com/{stem}.html\n"};
    sasae::render_markdown_html(std::string(reinterpret_cast<const char*>(data), size));
    try {
        auto ingested = sasae::ingest_text(file, std::string(reinterpret_cast<const char*>(data), size));
        for (const auto& doc : ingested.documents) sasae::build_document(doc, analyzer, "0");
    } catch (const sasae::IngestError&) {
        // Refusing a file with a reason is the expected outcome for bad input.
    }
    return 0;
}
