// A bound on the longest piece of a document Xerces holds whole: a tag with
// all its attributes (or a comment, processing instruction, CDATA section)
// and a run of text between two tags. Xerces keeps each as objects and
// UTF-16 buffers of many times its bytes: a 2.3 MB root tag of 200 000
// attributes took 216 MB, a 12 MB one 940 MB, on any route that parses XML.
// ISO 20022 messages have short tags (one attribute, Ccy; namespace
// declarations on the root) and texts of at most a few hundred characters.
// The input is read through a filter that ends the document just before the
// first piece past its bound and says where that piece starts; the hardened
// reader reports it as the parse's fatal error. Ending the input (rather than
// throwing out of Xerces' stream) leaves Xerces to unwind as at any early end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <xercesc/sax/InputSource.hpp>

namespace gw::xml {

struct MarkupBounds {
  std::size_t max_markup_bytes = 64 * 1024;  // from '<' to its '>'
  std::size_t max_text_bytes = 1024 * 1024;  // between one markup's '>' and the next '<'
};

// The fatal error's message begins with one of these, then the bound: "... 65536 bytes".
inline constexpr std::string_view kMarkupTooLong = "markup (a tag with its attributes) longer than";
inline constexpr std::string_view kTextTooLong = "text between two tags longer than";

// Where the first piece past its bound starts (line and column from 1, the
// column in bytes) and which bound it passed.
struct MarkupTooLong {
  bool text = false;  // a run of text; else markup
  std::size_t bound = 0;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
};

// The fatal error's message for `passed`: kMarkupTooLong or kTextTooLong, then the bound.
std::string describe(const MarkupTooLong& passed);

// `inner`'s bytes, up to just before the first piece past `bounds`, which
// `passed` is then set to. Both must outlive this source and its stream.
class BoundedMarkupSource : public xercesc::InputSource {
 public:
  BoundedMarkupSource(const xercesc::InputSource& inner, MarkupBounds bounds,
                      std::optional<MarkupTooLong>& passed);
  xercesc::BinInputStream* makeStream() const override;

 private:
  const xercesc::InputSource& inner_;
  MarkupBounds bounds_;
  std::optional<MarkupTooLong>& passed_;
};

}  // namespace gw::xml
