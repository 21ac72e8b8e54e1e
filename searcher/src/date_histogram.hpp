// The date histogram of a result list: matching articles counted by day, read from a table of
// every document's day (built once per database view, like the facet table), then gathered into
// days, weeks, months or years as the span calls for.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

#include "newsdesk/searcher.hpp"
#include "shard_docids.hpp"

namespace newsdesk::searcher {

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
long days_from_civil(int year, unsigned month, unsigned day);
/// "YYYY-MM-DD" of a day number.
std::string civil_from_days(long days);

/// Every document's date as a day number, and whether it is only its file's time.
class DateTable {
  public:
    /// Reads the date slots of `db` (value streams, in docid order).
    explicit DateTable(const Xapian::Database& db);

    /// 0: undated; else the day number + kBias (so that every stored day is positive).
    std::uint32_t day(Xapian::docid id) const { return id < days_.size() ? days_[id] : 0; }
    bool file_date(Xapian::docid id) const { return id < file_.size() && file_[id]; }
    /// The smallest and largest stored day values (first > second when there are none).
    std::uint32_t first() const { return first_; }
    std::uint32_t last() const { return last_; }

    static constexpr long kBias = 1L << 20;  ///< about 2870 years before 1970

  private:
    std::vector<std::uint32_t> days_;  ///< by docid
    std::vector<bool> file_;           ///< by docid
    std::uint32_t first_ = UINT32_MAX, last_ = 0;
};

/// Counts matching documents by day; DateCountSpy::histogram() gathers them into buckets.
class DateCounter {
  public:
    explicit DateCounter(const DateTable& table);
    void add(Xapian::docid id) {
        const std::uint32_t d = table_.day(id);
        if (d == 0) {
            ++undated_;
            return;
        }
        const std::size_t i = d - table_.first();
        ++counts_[i];
        if (table_.file_date(id)) ++file_[i];
    }
    /// Buckets spanning [since, until] ("YYYY-MM-DD"; empty: from the first or to the last
    /// matching day), by day up to 62 days, by week up to two years, by month up to 25 years,
    /// by year beyond.
    DateHistogram histogram(const std::string& since, const std::string& until) const;

  private:
    const DateTable& table_;
    std::vector<std::uint32_t> counts_;  ///< by day - table_.first()
    std::vector<std::uint32_t> file_;    ///< of those, file-dated
    std::size_t undated_ = 0;
};

/// A MatchSpy feeding a DateCounter (for queries counted by the matcher).
class DateCountSpy : public Xapian::MatchSpy {
  public:
    explicit DateCountSpy(DateCounter& counter) : counter_(counter) {}
    void operator()(const Xapian::Document& doc, double) override {
        counter_.add(shard_.whole(doc.get_docid()));
    }
    /// The matcher that calls it runs on shard `k` of `n` (see ShardDocids).
    void on_shard(unsigned k, unsigned n) { shard_ = {k, n}; }

  private:
    DateCounter& counter_;
    ShardDocids shard_;
};

}  // namespace newsdesk::searcher
