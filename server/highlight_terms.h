#pragma once
// What the query builder hands the snippet maker: the terms to mark, each with how much it
// counts when choosing the passage (the words a person typed count fully, the parts of an
// identifier they typed count less). Its own header, so that building a query does not pull in
// the snippet machinery.
#include <map>
#include <string>

namespace sasae {

using HighlightTerms = std::map<std::string, double>;

}  // namespace sasae
