#pragma once
// InlineVector<T, N>: a vector of trivially copyable T whose first N elements live inside the
// object. Headers keep their names, values and field records in two of these, so the usual
// request or response (a handful of short fields) needs no heap allocation: malloc and free
// were a sixth of the simulator's per-request cost natively and more under Emscripten.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "sim/copy_bytes.h"

namespace fl::sim {

template <typename T, std::size_t N>
class InlineVector {
  static_assert(std::is_trivially_copyable_v<T>, "elements are moved with memcpy");

 public:
  InlineVector() = default;
  InlineVector(const InlineVector& other) { append(other.data(), other.size()); }
  InlineVector(InlineVector&& other) noexcept { take(other); }
  InlineVector& operator=(const InlineVector& other) {
    if (this != &other) {
      size_ = 0;
      append(other.data(), other.size());
    }
    return *this;
  }
  InlineVector& operator=(InlineVector&& other) noexcept {
    if (this != &other) {
      delete[] heap_;
      heap_ = nullptr;
      capacity_ = N;
      take(other);
    }
    return *this;
  }
  ~InlineVector() { delete[] heap_; }

  T* data() { return heap_ ? heap_ : inline_; }
  const T* data() const { return heap_ ? heap_ : inline_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) { return data()[i]; }
  const T& operator[](std::size_t i) const { return data()[i]; }
  T* begin() { return data(); }
  T* end() { return data() + size_; }

  void reserve(std::size_t n) {
    if (n > capacity_) grow(n, nullptr, 0);
  }
  // `items` may point into this vector: it is read before the old storage is released.
  void append(const T* items, std::size_t n) {
    if (n == 0) return;
    if (size_ + n > capacity_) {
      grow(std::max<std::size_t>(size_ + n, 2 * std::size_t{capacity_}), items, n);
      return;
    }
    copy(data() + size_, items, n);
    size_ += static_cast<std::uint32_t>(n);
  }
  void push_back(const T& item) { append(&item, 1); }
  // Room for `n` more elements without reallocating (so views into the vector stay valid).
  bool fits(std::size_t n) const { return size_ + n <= capacity_; }
  // Appends `n` elements for the caller to write; requires fits(n).
  T* extend(std::size_t n) {
    T* out = data() + size_;
    size_ += static_cast<std::uint32_t>(n);
    return out;
  }
  void erase(std::size_t i) {
    T* d = data();
    std::memmove(d + i, d + i + 1, (size_ - i - 1) * sizeof(T));
    --size_;
  }
  void clear() { size_ = 0; }

 private:
  static void copy(T* dst, const T* src, std::size_t n) {
    if constexpr (sizeof(T) == 1)
      copy_bytes(reinterpret_cast<char*>(dst), reinterpret_cast<const char*>(src), n);
    else
      std::memcpy(dst, src, n * sizeof(T));
  }
  // Moves to a heap block of `capacity` elements, appending `n` items on the way.
  void grow(std::size_t capacity, const T* items, std::size_t n) {
    T* block = new T[capacity];
    std::memcpy(block, data(), size_ * sizeof(T));
    if (n) std::memcpy(block + size_, items, n * sizeof(T));
    delete[] heap_;
    heap_ = block;
    capacity_ = static_cast<std::uint32_t>(capacity);
    size_ += static_cast<std::uint32_t>(n);
  }
  // Takes `other`'s elements (its heap block, or a copy of its inline ones); leaves it empty.
  void take(InlineVector& other) {
    if (other.heap_) {
      heap_ = other.heap_;
      capacity_ = other.capacity_;
      other.heap_ = nullptr;
      other.capacity_ = N;
    } else {
      copy(inline_, other.inline_, other.size_);
    }
    size_ = other.size_;
    other.size_ = 0;
  }

  T* heap_ = nullptr;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = N;
  T inline_[N];
};

}  // namespace fl::sim
