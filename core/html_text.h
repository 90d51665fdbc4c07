#pragma once
// The readable text of an HTML fragment, for the raw HTML blocks that Markdown notes carry
// (<details>, <div>, tables written in HTML): what a reader sees is indexed, never the markup.
#include <string>
#include <string_view>

namespace sasae {

// Text nodes in document order, entities decoded; block elements (div, p, td, li, br, ...)
// separate their text with a newline so that cells and paragraphs do not run together.
// Comments, <script> and <style> give nothing. Never throws; broken HTML gives what the
// lenient parser recovers, invalid UTF-8 bytes are dropped.
std::string html_text(std::string_view html);

}  // namespace sasae
