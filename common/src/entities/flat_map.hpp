// A fixed-capacity open-addressing hash map from 64-bit hashes to small values.
//
// Built once (at load time) and then only read, so lookups from many threads are safe. Key 0 is
// reserved as "empty"; keys are hashes, so callers map a 0 hash to any other constant.
#pragma once

#include <cstdint>
#include <vector>

namespace newsdesk::entities {

template <typename Value>
class FlatMap {
  public:
    FlatMap() = default;

    /// Reserves room for `n` keys at a load factor of at most 1/2.
    void reserve(std::size_t n) {
        std::size_t cap = 16;
        while (cap < 2 * n)
            cap <<= 1;
        if (cap <= keys_.size()) return;
        std::vector<std::uint64_t> old_keys = std::move(keys_);
        std::vector<Value> old_values = std::move(values_);
        keys_.assign(cap, 0);
        values_.assign(cap, Value{});
        mask_ = cap - 1;
        size_ = 0;
        for (std::size_t i = 0; i < old_keys.size(); ++i)
            if (old_keys[i] != 0) slot(old_keys[i]) = old_values[i];
    }

    /// The value for `key`, inserted as Value{} when absent. Grows as needed.
    Value& slot(std::uint64_t key) {
        if (key == 0) key = 1;
        if (2 * (size_ + 1) > keys_.size()) reserve(size_ + 1 > 8 ? 2 * (size_ + 1) : 16);
        std::size_t i = key & mask_;
        while (keys_[i] != 0 && keys_[i] != key)
            i = (i + 1) & mask_;
        if (keys_[i] == 0) {
            keys_[i] = key;
            ++size_;
        }
        return values_[i];
    }

    /// The value for `key`, or nullptr.
    const Value* find(std::uint64_t key) const noexcept {
        if (keys_.empty()) return nullptr;
        if (key == 0) key = 1;
        std::size_t i = key & mask_;
        while (true) {
            const std::uint64_t k = keys_[i];
            if (k == key) return &values_[i];
            if (k == 0) return nullptr;
            i = (i + 1) & mask_;
        }
    }

    std::size_t size() const noexcept { return size_; }

  private:
    std::vector<std::uint64_t> keys_;
    std::vector<Value> values_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

}  // namespace newsdesk::entities
