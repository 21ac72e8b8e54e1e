// The recency bonus of the newest-relevant order, built from Xapian's own classes so that
// xapian-tcpsrv, which knows only those, computes it on remote shards too (docs/CLUSTER.md).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace newsdesk::searcher {

/// Days since 1970-01-01 of a "YYYYMMDD" value; -1 when it is not one.
long day_number(const std::string& yyyymmdd);

/// The distinct values of a date slot ("YYYYMMDD") over a database, read once per view.
struct DistinctDates {
    DistinctDates(const Xapian::Database& db, Xapian::valueno slot);
    std::vector<std::string> values;  ///< ascending
};

/// Weights each dated article max_bonus * 0.5^(age / half_life_days), where age counts days back
/// from `newest` ("YYYYMMDD", the newest article of the whole database: an archive's newest
/// news is "new", and every shard must age an article alike). A ValueMapPostingSource with one
/// weight per date the database holds; other values (undated articles) weigh 0.
Xapian::Query recency_query(Xapian::valueno slot, const DistinctDates& dates,
                            const std::string& newest, double max_bonus, double half_life_days);

}  // namespace newsdesk::searcher
