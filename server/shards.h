#pragma once
// The shards one server searches as one: each --db that is an index (or replica) directory, and
// each line of a Xapian stub file given as --db: `auto PATH` (or `glass PATH`, relative to the
// stub) and `remote HOST:PORT` (a xapian-tcpsrv). They are opened one by one, so that each
// shard's own state (documents, last run) can be read: Xapian reads metadata from the first
// shard of a combined database only.
#include <string>
#include <vector>

#include <xapian.h>

namespace sasae {

struct ShardSpec {
    std::string name;  // as shown in /healthz: the path, or "remote HOST:PORT"
    std::string path;  // a local shard's directory; empty for a remote one
    std::string host;
    unsigned port = 0;
};

// Expands stub files; throws std::invalid_argument naming the file and line of a line it cannot
// use (an unknown backend, a remote program, a port that is not a number).
std::vector<ShardSpec> shard_specs(const std::vector<std::string>& sources);

Xapian::Database open_shard(const ShardSpec& spec);

// What a search over shards cannot do as one index does, said in its answer and in /healthz.
inline constexpr const char* kShardedSpellingNote =
    "did_you_mean comes from local shards only: Xapian keeps no spelling data over the remote protocol";

// How many matches a top-k over shards checks: all of them. Xapian 1.4.22 can leave a hit out
// of a top-k merged from local and remote shards when it stops checking early (a 5th blog of
// weight 2.56 replaced by one of 2.14; right with check_at_least; see docs/architecture.md);
// a local index needs no such care (0).
inline Xapian::doccount shard_safe_check(const Xapian::Database& db, bool sharded) { return sharded ? db.get_doccount() : 0; }

}  // namespace sasae
