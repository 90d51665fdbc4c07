#pragma once
// AWS region codes in text (ap-northeast-1, us-east-1, eu-central-2, us-gov-west-1,
// cn-north-1): the drafting checks look for one, the region facet collects them.
#include <string>
#include <string_view>
#include <vector>

namespace sasae {

// `word` is a region code, exactly (lower case, as AWS writes them).
bool is_region_code(std::string_view word);

// The distinct region codes in `text`, in order of first appearance. A code inside a longer
// identifier counts when it stands between separators other than '-' (the region of an ARN
// "arn:aws:ec2:ap-northeast-1:…", of "s3.ap-northeast-1.amazonaws.com").
std::vector<std::string> region_codes_in(std::string_view text);

}  // namespace sasae
