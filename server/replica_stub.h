#pragma once
// A read replica written by xapian-replicate is a directory holding two copies (replica_0,
// replica_1) and a stub file, XAPIANDB, whose "auto replica_N" line names the live one. The
// stub is replaced (renamed into place) only once a full copy is complete, so following it
// never opens a half-copied database; changesets are applied to the live copy in place, as
// commits. Database::reopen() does not follow a switch: the reader opens the new copy itself.
#include <optional>
#include <string>

namespace sasae {

inline constexpr const char* kStubFileName = "XAPIANDB";

// The live copy's directory name ("replica_1") when `db_dir` is a replica, else nothing.
std::optional<std::string> replica_copy(const std::string& db_dir);

}  // namespace sasae
