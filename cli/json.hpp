#pragma once
// A small streaming JSON writer: objects, arrays, escaped strings, exact numbers.

#include <string>
#include <string_view>
#include <vector>

namespace allot::cli {

class JsonWriter {
 public:
  explicit JsonWriter(int indent = 2) : indent_(indent) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// The key of the next value inside an object.
  JsonWriter& key(std::string_view k);
  JsonWriter& string(std::string_view s);
  /// A number already formatted exactly (integers, or decimals like `0.5`).
  JsonWriter& number(std::string_view digits);
  JsonWriter& number(long long n);
  JsonWriter& boolean(bool b);
  JsonWriter& null();

  [[nodiscard]] const std::string& str() const { return out_; }
  /// The document with a final newline.
  [[nodiscard]] std::string finish() const { return out_ + "\n"; }

  static std::string escape(std::string_view s);

 private:
  void before_value();
  void newline();
  int indent_;
  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace allot::cli
