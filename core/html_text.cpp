#include "core/html_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <cstring>
#include <mutex>

namespace sasae {
namespace {

bool ignored_element(const xmlChar* name) {
    return xmlStrcasecmp(name, BAD_CAST "script") == 0 || xmlStrcasecmp(name, BAD_CAST "style") == 0 ||
           xmlStrcasecmp(name, BAD_CAST "template") == 0;
}

bool is_block(const xmlChar* name) {
    const htmlElemDesc* desc = htmlTagLookup(name);
    // Unknown tags (custom elements) are treated as inline, as browsers do.
    return desc && !desc->isinline;
}

void separate(std::string& out) {
    if (!out.empty() && out.back() != '\n') out += '\n';
}

void collect(xmlNode* node, std::string& out) {
    for (xmlNode* n = node; n; n = n->next) {
        switch (n->type) {
            case XML_TEXT_NODE:
            case XML_CDATA_SECTION_NODE:
                if (n->content) out += reinterpret_cast<const char*>(n->content);
                break;
            case XML_ELEMENT_NODE: {
                if (ignored_element(n->name)) break;
                const bool block = is_block(n->name);
                if (block) separate(out);
                collect(n->children, out);
                if (block) separate(out);
                break;
            }
            default:  // comments, processing instructions
                break;
        }
    }
}

}  // namespace

std::string html_text(std::string_view html) {
    if (html.empty()) return {};
    // libxml2 must be initialised once before threads parse concurrently.
    static std::once_flag init;
    std::call_once(init, [] { xmlInitParser(); });
    if (html.size() > static_cast<std::size_t>(INT32_MAX)) html = html.substr(0, INT32_MAX);
    htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT);
    if (!doc) return {};
    std::string out;
    collect(doc->children, out);
    xmlFreeDoc(doc);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    std::size_t lead = 0;
    while (lead < out.size() && (out[lead] == '\n' || out[lead] == ' ')) ++lead;
    return out.substr(lead);
}

}  // namespace sasae
