#include "data/npy_header.hpp"

#include <cctype>
#include <cstring>

#include "ael/diagnostic.hpp"

namespace ael::data {
namespace {

constexpr const char* kSupported =
    "supported: '<f4' float32, '<f8' float64, '<i4' int32, '<i8' int64, '|u1' uint8, "
    "either byte order";

bool host_is_big_endian() {
  const std::uint16_t probe = 1;
  unsigned char first;
  std::memcpy(&first, &probe, 1);
  return first == 0;
}

// A tiny reader for the subset of Python literals numpy writes in NPY headers.
class LiteralReader {
 public:
  LiteralReader(std::string_view text, const std::string& name) : text_(text), name_(name) {}

  [[noreturn]] void fail(const std::string& message) const {
    throw Error(name_ + ": malformed NPY header: " + message +
                " (header: " + std::string(text_.substr(0, 120)) + ")");
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool peek(char c) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  void expect(char c) {
    if (!peek(c)) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  bool accept(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }

  std::string string_literal() {
    skip_space();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) {
      fail("expected a quoted string");
    }
    const char quote = text_[pos_++];
    const std::size_t end = text_.find(quote, pos_);
    if (end == std::string_view::npos) fail("unterminated string");
    std::string s(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return s;
  }

  std::string word() {
    skip_space();
    const std::size_t start = pos_;
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  std::int64_t integer() {
    skip_space();
    const std::size_t start = pos_;
    std::int64_t v = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      if (v > (INT64_MAX - 9) / 10) fail("dimension too large");
      v = v * 10 + (text_[pos_++] - '0');
    }
    if (pos_ == start) fail("expected a non-negative integer in 'shape'");
    if (pos_ < text_.size() && text_[pos_] == 'L') ++pos_;  // Python 2 long suffix
    return v;
  }

  std::vector<std::int64_t> tuple() {
    expect('(');
    std::vector<std::int64_t> values;
    if (accept(')')) return values;
    while (true) {
      values.push_back(integer());
      if (accept(')')) break;
      expect(',');
      if (accept(')')) break;
    }
    return values;
  }

  bool at_end() {
    skip_space();
    return pos_ == text_.size();
  }
  bool next_is_list() { return peek('['); }

 private:
  std::string_view text_;
  const std::string& name_;
  std::size_t pos_ = 0;
};

void parse_descr(const std::string& descr, NpyHeader& h, const std::string& name) {
  std::string code = descr;
  char order = '|';
  if (!code.empty() && std::strchr("<>|=", code[0])) {
    order = code[0];
    code = code.substr(1);
  }
  if (code == "f4")
    h.dtype = io::DType::F32;
  else if (code == "f8")
    h.dtype = io::DType::F64;
  else if (code == "i4")
    h.dtype = io::DType::I32;
  else if (code == "i8")
    h.dtype = io::DType::I64;
  else if (code == "u1")
    h.dtype = io::DType::U8;
  else
    throw Error(name + ": unsupported dtype '" + descr + "' (" + kSupported + ")");
  h.big_endian = order == '>' || (order == '=' && host_is_big_endian());
}

}  // namespace

NpyHeader parse_npy_header(std::string_view text, const std::string& name) {
  LiteralReader r(text, name);
  NpyHeader h;
  bool has_descr = false, has_order = false, has_shape = false;
  r.expect('{');
  while (!r.accept('}')) {
    const std::string key = r.string_literal();
    r.expect(':');
    if (key == "descr") {
      if (r.next_is_list()) {
        throw Error(name +
                    ": unsupported dtype: structured arrays (a list of fields) are not "
                    "supported (" +
                    kSupported + ")");
      }
      parse_descr(r.string_literal(), h, name);
      has_descr = true;
    } else if (key == "fortran_order") {
      const std::string w = r.word();
      if (w != "True" && w != "False") r.fail("'fortran_order' must be True or False");
      h.fortran_order = w == "True";
      has_order = true;
    } else if (key == "shape") {
      h.shape = r.tuple();
      has_shape = true;
    } else {
      r.fail("unexpected key '" + key + "'");
    }
    if (!r.accept(',')) {
      r.expect('}');
      break;
    }
  }
  if (!r.at_end()) r.fail("text after the closing '}'");
  if (!has_descr) r.fail("no 'descr'");
  if (!has_order) r.fail("no 'fortran_order'");
  if (!has_shape) r.fail("no 'shape'");
  return h;
}

std::string format_npy_header(io::DType dtype, bool fortran_order,
                              const std::vector<std::int64_t>& shape) {
  const char* descr = "<f8";
  switch (dtype) {
    case io::DType::F32:
      descr = "<f4";
      break;
    case io::DType::F64:
      descr = "<f8";
      break;
    case io::DType::I32:
      descr = "<i4";
      break;
    case io::DType::I64:
      descr = "<i8";
      break;
    case io::DType::U8:
      descr = "|u1";
      break;
  }
  std::string s = std::string("{'descr': '") + descr +
                  "', 'fortran_order': " + (fortran_order ? "True" : "False") + ", 'shape': (";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    s += (i ? ", " : "") + std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + "), }";
}

}  // namespace ael::data
