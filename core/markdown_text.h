#pragma once
// Reads Markdown with cmark into the parts sasae indexes differently: headings, prose,
// code, links, and the items of link lists.
#include <string>
#include <string_view>
#include <vector>

namespace sasae {

struct MarkdownLink {
    std::string url;
    std::string text;
};

// One item of a top-level list whose item starts with a link ("- [title](url) — description").
struct LinkListItem {
    MarkdownLink link;
    std::string description;  // the item's text after the link, without leading dashes/colons
    std::string markdown;     // the item as plain Markdown, for display
};

struct MarkdownText {
    std::string first_heading;          // text of the first heading (any level)
    std::vector<std::string> headings;  // every heading's text
    std::string prose;                  // paragraphs, list items, quotes, inline code
    std::string code;                   // fenced and indented code blocks
    std::vector<MarkdownLink> links;    // every link, in order
    std::vector<LinkListItem> link_items;
};

MarkdownText extract_markdown_text(std::string_view markdown);

// Markdown to HTML; raw HTML in the source is replaced, never passed through.
std::string render_markdown_html(std::string_view markdown);

}  // namespace sasae
