#include "core/markdown_text.h"

#include <cmark.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include "core/html_text.h"

namespace sasae {
namespace {

using NodePtr = std::unique_ptr<cmark_node, decltype(&cmark_node_free)>;

NodePtr parse(std::string_view markdown) {
    return NodePtr(cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT), &cmark_node_free);
}

// Plain text of a subtree (text, inline code, soft breaks as spaces).
void collect_text(cmark_node* node, std::string& out) {
    cmark_iter* iter = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* cur = cmark_iter_get_node(iter);
        switch (cmark_node_get_type(cur)) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
            case CMARK_NODE_CODE_BLOCK:
                if (const char* lit = cmark_node_get_literal(cur)) out += lit;
                break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK:
                out += ' ';
                break;
            default:
                break;
        }
    }
    cmark_iter_free(iter);
}

std::string text_of(cmark_node* node) {
    std::string out;
    collect_text(node, out);
    return out;
}

std::string trim_description(std::string s) {
    auto is_lead = [](const std::string& str, std::size_t i) -> std::size_t {
        if (str.compare(i, 3, "\xE2\x80\x94") == 0 || str.compare(i, 3, "\xE2\x80\x93") == 0 ||
            str.compare(i, 3, "\xEF\xBC\x9A") == 0)  // — – ：
            return 3;
        char c = str[i];
        return (c == ' ' || c == '-' || c == ':' || c == '\t') ? 1 : 0;
    };
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t n = is_lead(s, i);
        if (!n) break;
        i += n;
    }
    s.erase(0, i);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
    return s;
}

void read_link_list(cmark_node* list, MarkdownText& out) {
    for (cmark_node* item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
        cmark_node* para = cmark_node_first_child(item);
        if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) continue;
        cmark_node* first = cmark_node_first_child(para);
        if (!first || cmark_node_get_type(first) != CMARK_NODE_LINK) continue;
        LinkListItem entry;
        const char* url = cmark_node_get_url(first);
        entry.link.url = url ? url : "";
        entry.link.text = text_of(first);
        std::string rest;
        for (cmark_node* n = cmark_node_next(first); n; n = cmark_node_next(n)) collect_text(n, rest);
        for (cmark_node* block = cmark_node_next(para); block; block = cmark_node_next(block)) {
            rest += ' ';
            collect_text(block, rest);
        }
        entry.description = trim_description(rest);
        entry.markdown = "[" + entry.link.text + "](" + entry.link.url + ")";
        if (!entry.description.empty()) entry.markdown += " — " + entry.description;
        if (!entry.link.url.empty()) out.link_items.push_back(std::move(entry));
    }
}

}  // namespace

MarkdownText extract_markdown_text(std::string_view markdown) {
    MarkdownText out;
    NodePtr doc = parse(markdown);
    for (cmark_node* list = cmark_node_first_child(doc.get()); list; list = cmark_node_next(list)) {
        if (cmark_node_get_type(list) == CMARK_NODE_LIST) read_link_list(list, out);
    }
    cmark_iter* iter = cmark_iter_new(doc.get());
    cmark_event_type ev;
    while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        cmark_node* node = cmark_iter_get_node(iter);
        cmark_node_type type = cmark_node_get_type(node);
        if (ev == CMARK_EVENT_EXIT) {
            if (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_ITEM || type == CMARK_NODE_BLOCK_QUOTE)
                out.prose += '\n';
            continue;
        }
        switch (type) {
            case CMARK_NODE_HEADING: {
                std::string heading = text_of(node);
                if (out.first_heading.empty()) out.first_heading = heading;
                out.headings.push_back(std::move(heading));
                // The heading's own children are already taken: skip to its exit.
                while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE &&
                       !(ev == CMARK_EVENT_EXIT && cmark_iter_get_node(iter) == node)) {
                }
                break;
            }
            case CMARK_NODE_CODE_BLOCK:
                if (const char* lit = cmark_node_get_literal(node)) {
                    out.code += lit;
                    out.code += '\n';
                }
                break;
            case CMARK_NODE_HTML_BLOCK:
                // <details>, <div>, HTML tables: a reader sees their text, so it is prose.
                if (const char* lit = cmark_node_get_literal(node)) {
                    std::string text = html_text(lit);
                    if (!text.empty()) out.prose += text + '\n';
                }
                break;
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
                if (const char* lit = cmark_node_get_literal(node)) out.prose += lit;
                break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK:
                out.prose += ' ';
                break;
            case CMARK_NODE_LINK: {
                const char* url = cmark_node_get_url(node);
                if (url && *url) out.links.push_back({url, text_of(node)});
                break;
            }
            default:
                break;
        }
    }
    cmark_iter_free(iter);
    return out;
}

std::string render_markdown_html(std::string_view markdown) {
    NodePtr doc = parse(markdown);
    // A raw HTML block is shown as a paragraph of its text: the markup never reaches the page,
    // the words do (they are what the note was found by).
    std::vector<cmark_node*> html_blocks;
    cmark_iter* iter = cmark_iter_new(doc.get());
    for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;)
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(cmark_iter_get_node(iter)) == CMARK_NODE_HTML_BLOCK)
            html_blocks.push_back(cmark_iter_get_node(iter));
    cmark_iter_free(iter);
    for (cmark_node* block : html_blocks) {
        const char* lit = cmark_node_get_literal(block);
        std::string text = lit ? html_text(lit) : std::string();
        if (!text.empty()) {
            cmark_node* para = cmark_node_new(CMARK_NODE_PARAGRAPH);
            std::size_t start = 0;
            for (std::size_t nl; start <= text.size(); start = nl + 1) {
                nl = text.find('\n', start);
                if (nl == std::string::npos) nl = text.size();
                if (start > 0) cmark_node_append_child(para, cmark_node_new(CMARK_NODE_LINEBREAK));
                cmark_node* t = cmark_node_new(CMARK_NODE_TEXT);
                cmark_node_set_literal(t, text.substr(start, nl - start).c_str());
                cmark_node_append_child(para, t);
            }
            cmark_node_insert_before(block, para);
        }
        cmark_node_free(block);  // unlinks it
    }
    // Without CMARK_OPT_UNSAFE, cmark replaces raw HTML and javascript: links.
    char* html = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT);
    std::string out(html ? html : "");
    std::free(html);
    return out;
}

}  // namespace sasae
