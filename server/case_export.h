#pragma once
// A draft as the JSON `aws support create-case --cli-input-json` accepts, validated the way
// the CreateCase API documents its fields.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sasae {

struct CaseExportRequest {
    std::string subject, body, service_code, category_code, severity = "low", language = "ja";
    std::vector<std::string> cc_emails;
};

// Throws InvalidRequest naming the field.
nlohmann::json export_create_case(const CaseExportRequest& request);

}  // namespace sasae
