// The recency bonus of the newest-relevant order: a posting source over the date slot.
#pragma once

#include <xapian.h>

#include <string>

namespace newsdesk::searcher {

/// Days since 1970-01-01 of a "YYYYMMDD" value; -1 when it is not one.
long day_number(const std::string& yyyymmdd);

/// Weights each dated article max_bonus * 0.5^(age / half_life_days), where age counts days back
/// from the newest article in the database (not from today: an archive's newest news is "new").
class RecencySource : public Xapian::ValuePostingSource {
  public:
    /// `newest`: the newest date ("YYYYMMDD") of the whole database, that ages count from; ""
    /// takes the newest of the database init() is given (a shard of several would each give
    /// their own, and the same article would score differently with the shards).
    RecencySource(Xapian::valueno slot, double max_bonus, double half_life_days,
                  std::string newest = {});

    void init(const Xapian::Database& db) override;
    double get_weight() const override;
    RecencySource* clone() const override;
    std::string name() const override { return "newsdesk::RecencySource"; }
    std::string serialise() const override;
    RecencySource* unserialise(const std::string& serialised) const override;
    std::string get_description() const override;

  private:
    double max_bonus_;
    double half_life_;
    std::string newest_date_;
    long newest_ = -1;
};

}  // namespace newsdesk::searcher
